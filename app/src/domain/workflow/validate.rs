//! The checks a definition passes before it can be published (spec 003: a trigger and
//! at least one action) and before an imported one is accepted (what it names exists),
//! each problem tied to the step and field to fix.
use super::address::check_address_template;
use super::definition::{
    Action, Condition, Definition, OpportunityFields, Step, TriggerEvent, WaitUntil,
};
use super::merge::{check_definition, CustomFieldKeys};
use super::plan::Workspace;
use super::references::{mentions, Place, Reference};
use super::wait::{check_wait, WaitProblem};
use serde::{Deserialize, Serialize};

/// One thing to fix: in a step (`step`, by key) or the workflow itself, and which field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub step: Option<u32>,
    pub field: String,
    pub message: String,
}

impl Problem {
    /// A problem of `step`'s `field`, said with the step's action and name first.
    pub fn for_step(step: &Step, field: &str, message: impl Into<String>) -> Problem {
        Problem::new(Some(step), field, message)
    }

    fn new(step: Option<&Step>, field: &str, message: impl Into<String>) -> Problem {
        Problem {
            step: step.map(|s| s.key),
            field: field.into(),
            message: match step {
                Some(s) => format!(
                    "{} (step \u{201c}{}\u{201d}): {}",
                    s.action.label(),
                    s.name,
                    message.into()
                ),
                None => message.into(),
            },
        }
    }
}

/// What stops `definition` from being published; empty when it may be.
pub fn publish_problems(definition: &Definition) -> Vec<Problem> {
    let mut problems = Vec::new();
    if definition.name.trim().is_empty() {
        problems.push(Problem::new(None, "name", "Give the workflow a name."));
    }
    if definition.triggers.is_empty() {
        problems.push(Problem::new(
            None,
            "triggers",
            "Add a trigger: a workflow is published only with a trigger and at least one action.",
        ));
    }
    let steps = definition.all_steps();
    if steps.is_empty() {
        problems.push(Problem::new(None, "steps", "Add at least one action: a workflow is published only with a trigger and at least one action."));
    }
    for trigger in &definition.triggers {
        match &trigger.event {
            TriggerEvent::StaleOpportunity { days } if *days == 0 => problems.push(Problem::new(
                None,
                "triggers",
                "Stale Opportunity needs a number of days of at least 1.",
            )),
            TriggerEvent::InboundWebhook { token, .. } if token.trim().len() < 16 => problems.push(
                Problem::new(None, "triggers", "The Inbound Webhook trigger needs its secret token; add the trigger again to get one."),
            ),
            _ => {}
        }
        problems.extend(condition_problems(None, &trigger.filters));
    }
    let mut seen = std::collections::HashSet::new();
    for step in &steps {
        if !seen.insert(step.key) {
            problems.push(Problem::new(
                Some(step),
                "key",
                "two steps share one key; remove one and add it again.",
            ));
        }
        if step.name.trim().is_empty() {
            problems.push(Problem::new(
                Some(step),
                "name",
                "Give the step an Action Name.",
            ));
        }
        problems.extend(step_problems(step));
    }
    problems.extend(super::reach::flow_problems(definition));
    problems
}

fn required(step: &Step, field: &str, value: &str, label: &str) -> Option<Problem> {
    value
        .trim()
        .is_empty()
        .then(|| Problem::new(Some(step), field, format!("{label} is required.")))
}

fn condition_problems(step: Option<&Step>, conditions: &[Condition]) -> Vec<Problem> {
    conditions
        .iter()
        .filter(|c| c.field.split('.').count() < 2)
        .map(|c| {
            Problem::new(
                step,
                "filters",
                format!(
                    "\u{201c}{}\u{201d} is not a field; pick one such as opportunity.status.",
                    c.field
                ),
            )
        })
        .collect()
}

fn step_problems(step: &Step) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    match &step.action {
        Action::CreateUpdateOpportunity { name, source, .. } => {
            problems.extend(required(step, "opportunity_name", name, "Opportunity Name"));
            problems.extend(required(step, "source", source, "Opportunity Source"));
        }
        Action::AddFollowers { users } | Action::RemoveFollowers { users } if users.is_empty() => {
            problems.push(Problem::new(
                Some(step),
                "users",
                "Select at least one user.",
            ));
        }
        Action::FindOpportunity { filters, .. } => {
            if filters.is_empty() {
                problems.push(Problem::new(
                    Some(step),
                    "filters",
                    "Add at least one filter, such as Status is Open.",
                ));
            }
            problems.extend(condition_problems(Some(step), filters));
        }
        Action::IfElse { branches, .. } => {
            if branches.is_empty() {
                problems.push(Problem::new(
                    Some(step),
                    "branches",
                    "Add a branch with its conditions.",
                ));
            }
            for branch in branches {
                if branch.conditions.is_empty() {
                    problems.push(Problem::new(
                        Some(step),
                        "branches",
                        format!(
                            "The branch \u{201c}{}\u{201d} needs at least one condition.",
                            branch.name
                        ),
                    ));
                }
                problems.extend(condition_problems(Some(step), &branch.conditions));
            }
        }
        Action::CreateTask { title, .. } => {
            problems.extend(required(step, "title", title, "The task title"))
        }
        Action::AddNote { body } => problems.extend(required(step, "body", body, "The note")),
        Action::SendWebhook { url, .. } if url.trim().is_empty() => {
            if let Err(message) = check_address_template(url) {
                problems.push(Problem::new(Some(step), "url", message));
            }
        }
        Action::UpdateOpportunity { fields, .. } if *fields == OpportunityFields::default() => {
            problems.push(Problem::new(
                Some(step),
                "stage",
                "Choose what it changes, such as the stage to move the deal to.",
            ))
        }
        Action::AddContactTag { tag } | Action::RemoveContactTag { tag } => {
            problems.extend(required(step, "tag", tag, "The tag"))
        }
        _ => {}
    }
    problems
}

/// What refuses a save (and a publish): templates naming merge fields that do not
/// exist or that their step cannot reach, Wait steps whose durations, dates, times or
/// days cannot be timed, and webhook addresses typed that are not web addresses. A draft
/// missing a trigger or an action still saves; `publish_problems` says why it cannot
/// run yet.
pub fn save_problems(definition: &Definition, keys: &CustomFieldKeys) -> Vec<Problem> {
    // Without a trigger no field is available yet; the missing trigger is what
    // `publish_problems` reports, and the fields are checked once one is added.
    let checked = if definition.triggers.is_empty() {
        Vec::new()
    } else {
        check_definition(definition, keys)
    };
    let mut problems: Vec<Problem> = checked
        .into_iter()
        .map(|p| Problem::new(definition.step(p.step), &p.field, p.problem.to_string()))
        .collect();
    for step in definition.all_steps() {
        match &step.action {
            Action::Wait { until } => {
                if let Err(problem) = check_wait(until) {
                    let field = wait_field(until, &problem);
                    problems.push(Problem::new(Some(step), field, problem.to_string()));
                }
            }
            // An address not typed yet stops publishing, not saving (a new step).
            Action::SendWebhook { url, .. } if !url.trim().is_empty() => {
                if let Err(message) = check_address_template(url) {
                    problems.push(Problem::new(Some(step), "url", message));
                }
            }
            _ => {}
        }
    }
    problems
}

/// The part of a Wait step a problem is about, as the definition's JSON names it.
fn wait_field(until: &WaitUntil, problem: &WaitProblem) -> &'static str {
    match (until, problem) {
        (WaitUntil::TimeOfDay { .. }, WaitProblem::NotATime { .. }) => "until.time",
        (_, WaitProblem::NotATime { .. }) => "until.at_time",
        (_, WaitProblem::NotADateTime { .. }) => "until.at",
        (_, WaitProblem::NoDays | WaitProblem::NotAWeekday { .. }) => "until.days",
        (_, WaitProblem::NoDateField) => "until.field",
        (_, WaitProblem::OffsetTooFar { .. }) => "until.offset_days",
        (_, WaitProblem::NoLength | WaitProblem::TooLong { .. }) => "until.duration",
        _ => "until",
    }
}

/// What a definition names that this workspace does not have (checked on import and
/// before publishing): pipelines, stages, users (and users given work who are
/// deactivated) and custom fields. Templates are left to `merge::check_definition`,
/// which also lists the fields valid at that step.
pub fn reference_problems(
    definition: &Definition,
    workspace: &Workspace,
    custom_keys: &CustomFieldKeys,
) -> Vec<Problem> {
    mentions(definition)
        .into_iter()
        .filter_map(|m| {
            let message = match &m.reference {
                Reference::Pipeline(id) => workspace.pipeline(*id).is_none().then(|| {
                    format!("pipeline {} does not exist in this workspace; pick a pipeline.", id.0)
                }),
                Reference::Stage(id) => workspace.stage(*id).is_none().then(|| {
                    format!("stage {} does not exist in this workspace; pick a stage.", id.0)
                }),
                Reference::User(id) => match workspace.user(*id) {
                    None => Some(format!(
                        "user {} does not exist in this workspace; pick a user.",
                        id.0
                    )),
                    Some(u) if !u.active && m.place == Place::Assignment => {
                        Some(format!("{} is deactivated; pick an active user.", u.name))
                    }
                    Some(_) => None,
                },
                Reference::CustomField { .. } if m.place == Place::MergeField => None,
                Reference::CustomField { entity, key } => {
                    (!custom_keys.contains(*entity, key)).then(|| {
                        format!(
                            "the custom {} field \u{201c}{key}\u{201d} does not exist; remove it from the {} or create it first.",
                            entity.key(),
                            if m.step.is_some() { "step" } else { "trigger" }
                        )
                    })
                }
            };
            message.map(|message| Problem::new(m.step, &m.field, message))
        })
        .collect()
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
