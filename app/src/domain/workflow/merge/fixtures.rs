//! Small workflow definitions for the merge field tests.
use crate::domain::pipeline::PipelineId;
use crate::domain::workflow::definition::{
    Action, Branch, Definition, Pick, Step, Trigger, TriggerEvent,
};
use std::collections::BTreeMap;

pub fn workflow(events: Vec<TriggerEvent>, steps: Vec<Step>) -> Definition {
    Definition {
        name: "Test".into(),
        triggers: events
            .into_iter()
            .map(|event| Trigger {
                event,
                filters: Vec::new(),
            })
            .collect(),
        steps,
        ..Definition::default()
    }
}

pub fn webhook(email_path: Option<&str>, phone_path: Option<&str>) -> TriggerEvent {
    TriggerEvent::InboundWebhook {
        token: "secret".into(),
        email_path: email_path.map(str::to_string),
        phone_path: phone_path.map(str::to_string),
        name_path: None,
    }
}

pub fn meeting() -> TriggerEvent {
    TriggerEvent::MeetingCreatedOrModified { status: None }
}

fn step(key: u32, name: &str, action: Action) -> Step {
    Step {
        key,
        name: name.into(),
        action,
    }
}

pub fn note(key: u32, body: &str) -> Step {
    step(
        key,
        &format!("Note {key}"),
        Action::AddNote { body: body.into() },
    )
}

pub fn create(key: u32, name: Option<&str>) -> Step {
    step(
        key,
        &format!("Create {key}"),
        Action::CreateOpportunity {
            pipeline: PipelineId(1),
            stage: None,
            name: name.map(str::to_string),
            source: None,
            value: None,
            status: None,
            allow_duplicate: false,
            custom_fields: BTreeMap::new(),
        },
    )
}

pub fn find(key: u32, found: Vec<Step>, not_found: Vec<Step>) -> Step {
    step(
        key,
        &format!("Find {key}"),
        Action::FindOpportunity {
            pick: Pick::Latest,
            filters: Vec::new(),
            found,
            not_found,
        },
    )
}

pub fn if_else(key: u32, branches: Vec<Vec<Step>>, none: Vec<Step>) -> Step {
    step(
        key,
        &format!("Route {key}"),
        Action::IfElse {
            branches: branches
                .into_iter()
                .enumerate()
                .map(|(i, steps)| Branch {
                    name: format!("Branch {i}"),
                    conditions: Vec::new(),
                    steps,
                })
                .collect(),
            none,
        },
    )
}
