//! The checks a definition passes before it can be published (spec 003: a trigger and
//! at least one action) and before an imported one is accepted (what it names exists),
//! each problem tied to the step and field to fix.
use super::definition::{Action, Condition, Definition, Step, TriggerEvent, WaitUntil};
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
        Action::SendWebhook { url, .. } => problems.extend(required(step, "url", url, "The URL")),
        Action::AddContactTag { tag } | Action::RemoveContactTag { tag } => {
            problems.extend(required(step, "tag", tag, "The tag"))
        }
        _ => {}
    }
    problems
}

/// Templates naming merge fields that do not exist or that their step cannot reach,
/// and Wait steps whose durations, dates, times or days cannot be timed.
pub fn template_and_wait_problems(definition: &Definition, keys: &CustomFieldKeys) -> Vec<Problem> {
    let mut problems: Vec<Problem> = check_definition(definition, keys)
        .into_iter()
        .map(|p| Problem::new(definition.step(p.step), &p.field, p.problem.to_string()))
        .collect();
    for step in definition.all_steps() {
        if let Action::Wait { until } = &step.action {
            if let Err(problem) = check_wait(until) {
                let field = wait_field(until, &problem);
                problems.push(Problem::new(Some(step), field, problem.to_string()));
            }
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
mod tests {
    use super::*;
    use crate::domain::workflow::definition::{Trigger, TriggerEvent};

    fn note(key: u32, name: &str) -> Step {
        Step {
            key,
            name: name.into(),
            action: Action::AddNote { body: "Hi".into() },
        }
    }

    #[test]
    fn a_workflow_needs_a_trigger_and_an_action_to_be_published() {
        let mut d = Definition {
            name: "Welcome".into(),
            ..Definition::default()
        };
        let fields: Vec<String> = publish_problems(&d).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["triggers", "steps"]);
        d.triggers.push(Trigger {
            event: TriggerEvent::OpportunityCreated,
            filters: vec![],
        });
        d.steps.push(note(1, "Say hello"));
        assert_eq!(publish_problems(&d), vec![]);
    }

    #[test]
    fn each_step_needs_its_action_name_and_required_fields() {
        let d = Definition {
            name: "W".into(),
            triggers: vec![Trigger {
                event: TriggerEvent::ContactCreated,
                filters: vec![],
            }],
            steps: vec![
                note(1, " "),
                Step {
                    key: 2,
                    name: "Tag".into(),
                    action: Action::AddContactTag { tag: "".into() },
                },
            ],
            ..Definition::default()
        };
        let problems = publish_problems(&d);
        assert_eq!(
            problems
                .iter()
                .map(|p| (p.step, p.field.as_str()))
                .collect::<Vec<_>>(),
            [(Some(1), "name"), (Some(2), "tag")]
        );
        assert!(
            problems[1]
                .message
                .starts_with("Add Contact Tag (step \u{201c}Tag\u{201d}): The tag is required."),
            "{}",
            problems[1].message
        );
    }

    /// Sales (1) with Prospecting (11); Dana (1) active, Walter (2) deactivated; the
    /// custom opportunity field `budget`.
    fn workspace() -> (Workspace, CustomFieldKeys) {
        use crate::domain::board::{Pipeline, Stage};
        use crate::domain::pipeline::{PipelineId, Probability, StageId, StageKind};
        use crate::domain::workflow::plan::UserView;
        let stage = Stage {
            id: StageId(11),
            pipeline_id: PipelineId(1),
            name: "Prospecting".into(),
            kind: StageKind::Open,
            probability: Probability::for_open_stage(10).unwrap(),
            position: 1,
        };
        let user = |id, name: &str, active| UserView {
            id: crate::domain::account::UserId(id),
            name: name.into(),
            active,
        };
        let workspace = Workspace {
            pipelines: vec![Pipeline {
                id: PipelineId(1),
                name: "Sales".into(),
                stages: vec![stage],
            }],
            users: vec![
                user(1, "Dana Scully", true),
                user(2, "Walter Skinner", false),
            ],
            ..Workspace::default()
        };
        let keys = CustomFieldKeys {
            opportunity: vec!["budget".into()],
            contact: Vec::new(),
        };
        (workspace, keys)
    }

    /// Where a problem is: its step (none for a trigger) and field.
    type At = (Option<u32>, &'static str);

    #[test]
    fn references_to_what_is_gone_are_problems_at_their_step_and_field() {
        use crate::domain::account::UserId;
        use crate::domain::workflow::definition::Operator;
        use serde_json::json;
        let filter = |field: &str, value| Condition {
            field: field.into(),
            operator: Operator::Is,
            value,
        };
        let with = |filters: Vec<Condition>, action: Action| Definition {
            name: "W".into(),
            triggers: vec![Trigger {
                event: TriggerEvent::OpportunityCreated,
                filters,
            }],
            steps: vec![Step {
                key: 1,
                name: "Act".into(),
                action,
            }],
            ..Definition::default()
        };
        let owner = |id| Action::AddOwner {
            user: UserId(id),
            only_unassigned: false,
        };
        let remove = |id| Action::RemoveFollowers {
            users: vec![UserId(id)],
        };
        let note = |body: &str| Action::AddNote { body: body.into() };
        let (stage, pipeline) = (
            filter("opportunity.stage", json!(12)),
            filter("opportunity.pipeline", json!(2)),
        );
        #[rustfmt::skip]
        let cases: Vec<(&str, Definition, Vec<At>)> = vec![
            ("all there", with(vec![filter("opportunity.stage", json!(11))], owner(1)), vec![]),
            ("a removed stage in a filter", with(vec![stage], owner(1)), vec![(None, "filters")]),
            ("a deleted pipeline in a filter", with(vec![pipeline], owner(1)), vec![(None, "filters")]),
            ("a deactivated owner", with(vec![], owner(2)), vec![(Some(1), "user")]),
            ("a user who never was", with(vec![], remove(9)), vec![(Some(1), "users")]),
            ("removing a deactivated follower", with(vec![], remove(2)), vec![]),
            ("a filter on a deactivated owner", with(vec![filter("opportunity.owner", json!(2))], owner(1)), vec![]),
            ("a deleted custom field in a filter", with(vec![filter("opportunity.renewal", json!(1))], owner(1)), vec![(None, "filters")]),
            ("a custom field there", with(vec![filter("opportunity.budget", json!(1))], owner(1)), vec![]),
            ("templates are the merge check's", with(vec![], note("{{opportunity.renewal}}")), vec![]),
        ];
        let (workspace, keys) = workspace();
        for (what, definition, expected) in cases {
            let found: Vec<(Option<u32>, String)> =
                reference_problems(&definition, &workspace, &keys)
                    .into_iter()
                    .map(|p| (p.step, p.field))
                    .collect();
            let expected: Vec<(Option<u32>, String)> = expected
                .into_iter()
                .map(|(s, f)| (s, f.to_string()))
                .collect();
            assert_eq!(found, expected, "{what}");
        }
        let message = |d| reference_problems(&d, &workspace, &keys).remove(0).message;
        assert_eq!(
            message(with(vec![], owner(2))),
            "Add Owner to Opportunity (step \u{201c}Act\u{201d}): Walter Skinner is deactivated; pick an active user."
        );
        assert_eq!(
            message(with(vec![filter("opportunity.custom.renewal", json!(1))], owner(1))),
            "the custom opportunity field \u{201c}renewal\u{201d} does not exist; remove it from the trigger or create it first."
        );
    }

    #[test]
    fn templates_name_only_fields_their_step_reaches_and_waits_must_be_timeable() {
        use crate::domain::workflow::definition::{Duration, TimeUnit, WaitUntil};
        let wait = |key: u32, until: WaitUntil| Step {
            key,
            name: format!("Wait {key}"),
            action: Action::Wait { until },
        };
        let d = Definition {
            name: "W".into(),
            triggers: vec![Trigger {
                event: TriggerEvent::ContactCreated,
                filters: vec![],
            }],
            steps: vec![
                Step {
                    key: 1,
                    name: "Say hi".into(),
                    action: Action::AddNote {
                        body: "About {{opportunity.name}}".into(),
                    },
                },
                wait(
                    2,
                    WaitUntil::Duration {
                        duration: Duration {
                            amount: 0,
                            unit: TimeUnit::Days,
                        },
                    },
                ),
                wait(
                    3,
                    WaitUntil::TimeOfDay {
                        time: "25:00".into(),
                        days: vec![1],
                    },
                ),
                wait(
                    4,
                    WaitUntil::TimeOfDay {
                        time: "09:00".into(),
                        days: vec![],
                    },
                ),
                note(5, "Fine"),
            ],
            ..Definition::default()
        };
        let problems = template_and_wait_problems(&d, &CustomFieldKeys::default());
        let at: Vec<(Option<u32>, &str)> = problems
            .iter()
            .map(|p| (p.step, p.field.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (Some(1), "body"),
                (Some(2), "until.duration"),
                (Some(3), "until.time"),
                (Some(4), "until.days")
            ]
        );
        assert!(
            problems[0].message.starts_with(
                "Add Note (step \u{201c}Say hi\u{201d}): `{{opportunity.name}}` is not available here"
            ),
            "{}",
            problems[0].message
        );
        assert!(problems[2].message.contains("'25:00' is not a time of day"));
    }
}
