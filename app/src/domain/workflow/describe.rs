//! A workflow's triggers and steps in words, as the Automation list and the builder
//! show them ("When a deal enters Negotiation in Sales", "Move to Negotiation").
use super::definition::{
    Action, Assignee, ManualRecords, TimeUnit, Trigger, TriggerEvent, WaitUntil,
};
use crate::domain::account::UserId;
use crate::domain::board::Pipeline;
use crate::domain::pipeline::{PipelineId, StageId};

/// The names steps and triggers refer to.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    pub pipelines: &'a [Pipeline],
    pub users: &'a [(UserId, String)],
}

/// What a step does, in a few words under its action's name ("Move to Negotiation",
/// "Assign Dana, only if unassigned"); empty when the name says it all.
pub fn step_in_words(action: &Action, names: Names<'_>) -> String {
    let user = |id: &UserId| {
        names
            .users
            .iter()
            .find(|(u, _)| u == id)
            .map_or_else(|| "a removed user".into(), |(_, n)| n.clone())
    };
    let users = |ids: &[UserId]| match ids.len() {
        0 => "nobody yet".to_string(),
        _ => join_and(&ids.iter().map(user).collect::<Vec<_>>()),
    };
    let stage = |id: &StageId| stage_name(names.pipelines, *id);
    let pipeline = |id: &PipelineId| pipeline_name(names.pipelines, *id);
    match action {
        Action::CreateUpdateOpportunity { stage: s, .. } => format!("In {}", stage(s)),
        Action::CreateOpportunity {
            pipeline: p,
            stage: s,
            ..
        } => match s {
            Some(s) => format!("In {}, {}", pipeline(p), stage(s)),
            None => format!("In {}", pipeline(p)),
        },
        Action::UpdateOpportunity { fields, .. } => {
            let mut parts = Vec::new();
            if let Some(s) = &fields.stage {
                parts.push(format!("Move to {}", stage(s)));
            } else if let Some(p) = &fields.pipeline {
                parts.push(format!("Move to {}", pipeline(p)));
            }
            if let Some(status) = fields.status {
                parts.push(format!("mark {}", status.label()));
            }
            for (set, label) in [
                (fields.name.is_some(), "name"),
                (fields.value.is_some(), "value"),
                (fields.source.is_some(), "source"),
            ] {
                if set {
                    parts.push(format!("set {label}"));
                }
            }
            if parts.is_empty() {
                "No field added yet".into()
            } else {
                capitalise(&parts.join(", "))
            }
        }
        Action::RemoveOpportunity { pipeline: p } => format!("From {}", pipeline(p)),
        Action::AddOwner {
            user: u,
            only_unassigned,
        } => {
            if *only_unassigned {
                format!("Assign {}, only if unassigned", user(u))
            } else {
                format!("Assign {}", user(u))
            }
        }
        Action::AddFollowers { users: u } | Action::RemoveFollowers { users: u } => users(u),
        Action::FindOpportunity { filters, .. } => match filters.len() {
            0 => "The contact's deal".into(),
            1 => "Matching 1 filter".into(),
            n => format!("Matching {n} filters"),
        },
        Action::CreateTask {
            title, assignee, ..
        } => match assignee {
            Assignee::User(u) => format!("{title}, for {}", user(u)),
            Assignee::DealOwner => format!("{title}, for the deal owner"),
        },
        Action::AddNote { body } => body.clone(),
        Action::LogCall { outcome, .. } => outcome.clone().unwrap_or_default(),
        Action::IfElse { branches, .. } => match branches.len() {
            1 => "1 branch and None".into(),
            n => format!("{n} branches and None"),
        },
        Action::Wait { until } => match until {
            WaitUntil::Duration { duration } => {
                let unit = match duration.unit {
                    TimeUnit::Minutes => "minute",
                    TimeUnit::Hours => "hour",
                    TimeUnit::Days => "day",
                };
                let plural = if duration.amount == 1 { "" } else { "s" };
                format!("For {} {unit}{plural}", duration.amount)
            }
            WaitUntil::DateTime { at } => format!("Until {}", at.replace('T', " ")),
            WaitUntil::DateField {
                field, offset_days, ..
            } => match offset_days {
                0 => format!("Until {}", field_words(field)),
                d if *d > 0 => format!("Until {d} days after {}", field_words(field)),
                d => format!("Until {} days before {}", -d, field_words(field)),
            },
            WaitUntil::TimeOfDay { time, .. } => format!("Until {time}"),
        },
        Action::SendWebhook { url, .. } => url.clone(),
        Action::AddContactTag { tag } | Action::RemoveContactTag { tag } => tag.clone(),
        Action::RemoveOwner => String::new(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join_and(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The trigger as a sentence, its pipeline and stages by name; a name that no longer
/// exists reads as "a removed pipeline" / "a removed stage", never an id.
pub fn trigger_in_words(trigger: &Trigger, pipelines: &[Pipeline]) -> String {
    let sentence = event_in_words(&trigger.event, pipelines);
    match trigger.filters.len() {
        0 => sentence,
        1 => format!("{sentence}, if 1 filter holds"),
        n => format!("{sentence}, if {n} filters hold"),
    }
}

fn event_in_words(event: &TriggerEvent, pipelines: &[Pipeline]) -> String {
    match event {
        TriggerEvent::OpportunityCreated => "When a deal is created".into(),
        TriggerEvent::OpportunityChanged { fields } => changed("a deal", fields),
        TriggerEvent::PipelineStageChanged {
            pipeline,
            from_stage,
            to_stage,
        } => {
            let stage = |id: &StageId| stage_name(pipelines, *id);
            let moved = match (from_stage, to_stage) {
                (None, Some(to)) => format!("When a deal enters {}", stage(to)),
                (Some(from), None) => format!("When a deal leaves {}", stage(from)),
                (Some(from), Some(to)) => {
                    format!("When a deal moves from {} to {}", stage(from), stage(to))
                }
                (None, None) => "When a deal changes stage".into(),
            };
            match pipeline {
                Some(id) => format!("{moved} in {}", pipeline_name(pipelines, *id)),
                None => moved,
            }
        }
        TriggerEvent::OpportunityStatusChanged { from, to } => match (from, to) {
            (None, Some(to)) => format!("When a deal is marked {}", to.label()),
            (Some(from), None) => format!("When a deal's status changes from {}", from.label()),
            (Some(from), Some(to)) => format!(
                "When a deal's status changes from {} to {}",
                from.label(),
                to.label()
            ),
            (None, None) => "When a deal's status changes".into(),
        },
        TriggerEvent::StaleOpportunity { days } => format!(
            "When a deal has had no stage change or activity for {days} {}",
            if *days == 1 { "day" } else { "days" }
        ),
        TriggerEvent::MeetingCreatedOrModified { status } => match status {
            Some(status) => format!(
                "When a meeting is booked or changed with status {}",
                status.label()
            ),
            None => "When a meeting is booked or changed".into(),
        },
        TriggerEvent::ContactCreated => "When a contact is created".into(),
        TriggerEvent::ContactChanged { fields } => changed("a contact", fields),
        TriggerEvent::ContactTagAdded { tag } => tagged("added to", tag.as_deref()),
        TriggerEvent::ContactTagRemoved { tag } => tagged("removed from", tag.as_deref()),
        TriggerEvent::InboundWebhook { .. } => "When its webhook URL receives a POST".into(),
        TriggerEvent::Manual { records } => match records {
            ManualRecords::Any => "When someone adds deals or contacts to it by hand".into(),
            other => format!("When someone adds {} to it by hand", other.label()),
        },
    }
}

fn changed(record: &str, fields: &[String]) -> String {
    if fields.is_empty() {
        return format!("When {record} changes");
    }
    let names: Vec<String> = fields.iter().map(|f| field_words(f)).collect();
    format!("When {record}'s {} changes", join_or(&names))
}

/// A field key as a person says it: `expected_close_date` -> "expected close date",
/// `opportunity.custom.renewal` -> "renewal".
fn field_words(key: &str) -> String {
    let key = key
        .strip_prefix("opportunity.")
        .or_else(|| key.strip_prefix("contact."))
        .unwrap_or(key);
    key.strip_prefix("custom.").unwrap_or(key).replace('_', " ")
}

fn join_or(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn tagged(how: &str, tag: Option<&str>) -> String {
    match tag.map(str::trim).filter(|t| !t.is_empty()) {
        Some(tag) => format!("When the tag \u{201c}{tag}\u{201d} is {how} a contact"),
        None => format!("When a tag is {how} a contact"),
    }
}

fn pipeline_name(pipelines: &[Pipeline], id: PipelineId) -> String {
    pipelines
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| "a removed pipeline".into(), |p| p.name.clone())
}

fn stage_name(pipelines: &[Pipeline], id: StageId) -> String {
    pipelines
        .iter()
        .find_map(|p| p.stage(id))
        .map_or_else(|| "a removed stage".into(), |s| s.name.clone())
}

#[cfg(test)]
#[path = "describe_tests.rs"]
mod tests;
