//! Tests of the checks before publishing and importing.
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
