//! What can be wrong with a template or a value made from one, each as a sentence that
//! says what to fix, and typed so the API and the run log can carry it.
use super::catalog::Namespace;
use super::scope::Why;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MergeProblem {
    #[error("The text does not read as a template{}: {detail}. Close every {{{{ with }}}}, every {{% with %}}, and every {{% if %}} or {{% for %}} with its {{% endif %}} or {{% endfor %}}.", on_line(*line))]
    Syntax { detail: String, line: Option<usize> },
    #[error(
        "`{{{{{field}}}}}` is not a merge field. Fields you can use here: {}.",
        listed(valid)
    )]
    UnknownField { field: String, valid: Vec<String> },
    #[error("`{{{{{field}}}}}` is not available here: {}. Fields you can use here: {}.", why.sentence(*namespace), listed(valid))]
    Unavailable {
        field: String,
        namespace: Namespace,
        why: Why,
        valid: Vec<String>,
    },
    /// A filter, test or function the template names does not exist (`| uper`).
    #[error("The template uses something merge fields do not have{}: {detail}. Check its spelling and arguments.", on_line(*line))]
    Unknown { detail: String, line: Option<usize> },
    /// The values at run time did not fit what the template does with them.
    #[error("The merge fields could not be filled in{}: {detail}.", on_line(*line))]
    Render { detail: String, line: Option<usize> },
    #[error("'{text}' is not a date. Use Right Now, Today or a date such as 2026-03-31.")]
    NotADate { text: String },
    #[error(
        "'{zone}' is not a time zone. Choose one such as Europe/Paris in the workspace settings."
    )]
    UnknownTimeZone { zone: String },
    /// `reason` is the amount parser's own sentence (`MoneyError`).
    #[error("{reason}")]
    NotAnAmount { text: String, reason: String },
}

/// A problem in one template field of one step, for the builder to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[error("Step '{step_name}', {field}: {problem}")]
pub struct StepProblem {
    pub step: u32,
    pub step_name: String,
    /// The field as the definition's JSON names it (`name`, `fields.source`,
    /// `custom_fields.budget`).
    pub field: String,
    pub problem: MergeProblem,
}

fn on_line(line: Option<usize>) -> String {
    line.map(|l| format!(" on line {l}")).unwrap_or_default()
}

fn listed(fields: &[String]) -> String {
    if fields.is_empty() {
        "none yet".to_string()
    } else {
        fields.join(", ")
    }
}

/// "Contact Created", "Contact Created and Manual", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Why {
    /// Why `namespace` is missing, as the second half of "`{{x}}` is not available here: …".
    pub fn sentence(&self, namespace: Namespace) -> String {
        let triggers = |labels: &[String]| {
            let noun = if labels.len() == 1 {
                "trigger"
            } else {
                "triggers"
            };
            format!("the {} {noun}", and_list(labels))
        };
        match (self, namespace) {
            (Why::NoTrigger, _) => "this workflow has no trigger yet, so no record is in it".into(),
            (Why::NoContactMapping, _) => "the Inbound Webhook trigger maps no email or phone, \
                 so no contact is matched or created"
                .into(),
            (Why::Triggers { triggers: labels }, Namespace::Appointment) => format!(
                "only a Meeting Created or Modified trigger brings an appointment, and {} {} not one",
                triggers(labels),
                if labels.len() == 1 { "is" } else { "are" }
            ),
            (Why::Triggers { triggers: labels }, Namespace::InboundWebhook) => format!(
                "only an Inbound Webhook trigger brings a posted body, and {} {} not one",
                triggers(labels),
                if labels.len() == 1 { "is" } else { "are" }
            ),
            (Why::Triggers { triggers: labels }, _) => format!(
                "{} {} no opportunity, and no Find Opportunity or Create Opportunity step \
                 comes before this one{}",
                triggers(labels),
                if labels.len() == 1 { "brings" } else { "bring" },
                if labels.iter().any(|l| l == "Manual") {
                    " (a Manual trigger started on deals only brings its deal)"
                } else {
                    ""
                }
            ),
            (Why::NotFoundPath { step }, _) => format!(
                "this step is on the Opportunity Not Found path of '{step}', and no Create \
                 Opportunity step comes before it there"
            ),
            (Why::NotOnEveryPath { step }, _) => format!(
                "only some paths through '{step}' find or create an opportunity"
            ),
        }
    }
}
