//! The checks before saving, publishing and importing, table by table.
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
            event: TriggerEvent::OpportunityCreated,
            filters: vec![],
        }],
        steps: vec![
            note(1, " "),
            Step {
                key: 2,
                name: "Tag".into(),
                action: Action::AddContactTag { tag: "".into() },
            },
            Step {
                key: 3,
                name: "Move".into(),
                action: Action::UpdateOpportunity {
                    allow_backward: false,
                    duplicate_toggle: false,
                    fields: Default::default(),
                },
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
        [(Some(1), "name"), (Some(2), "tag"), (Some(3), "stage")]
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
        let found: Vec<(Option<u32>, String)> = reference_problems(&definition, &workspace, &keys)
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
    let problems = save_problems(&d, &CustomFieldKeys::default());
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

#[test]
fn a_webhook_address_must_be_a_web_address_when_its_step_is_saved() {
    let webhook = |key, url: &str| Step {
        key,
        name: format!("Tell the warehouse {key}"),
        action: Action::SendWebhook {
            url: url.into(),
            secret: String::new(),
            body: None,
        },
    };
    let d = Definition {
        name: "Webhooks".into(),
        triggers: vec![Trigger {
            event: TriggerEvent::OpportunityCreated,
            filters: vec![],
        }],
        steps: vec![
            webhook(
                1,
                "https://hooks.example.com/deals?name={{opportunity.name}}",
            ),
            webhook(2, "hooks.example.com/deals"),
            webhook(3, ""),
            webhook(4, "{{opportunity.name}}"),
        ],
        ..Definition::default()
    };
    let problems = save_problems(&d, &CustomFieldKeys::default());
    let at: Vec<(Option<u32>, &str)> = problems
        .iter()
        .map(|p| (p.step, p.field.as_str()))
        .collect();
    assert_eq!(at, [(Some(2), "url")], "{problems:?}");
    assert!(
        problems[0].message.starts_with(
            "Send Webhook (step \u{201c}Tell the warehouse 2\u{201d}): \u{201c}hooks.example.com/deals\u{201d} is not a web address"
        ),
        "{}",
        problems[0].message
    );
    // An address not typed yet saves (a step just added), and stops publishing.
    let empty = publish_problems(&d);
    let at: Vec<(Option<u32>, &str)> = empty.iter().map(|p| (p.step, p.field.as_str())).collect();
    assert_eq!(at, [(Some(3), "url")], "{empty:?}");
    assert!(
        empty[0].message.contains("Enter the address"),
        "{}",
        empty[0].message
    );
}
