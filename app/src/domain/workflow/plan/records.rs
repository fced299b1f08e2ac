//! Steps that are not about one deal's fields: If/Else, activities (task, note, call),
//! contact tags and Send Webhook.
use super::{Applied, Attach, Effect, Plan, Situation, WebhookRequest, NO_CONTACT};
use crate::domain::activity::{ActivityDetails, CallOutcome};
use crate::domain::date::Date;
use crate::domain::tag::{find_tag, parse_tag, TagProblem};
use crate::domain::workflow::condition::{all_hold, lookup};
use crate::domain::workflow::context::DealSnapshot;
use crate::domain::workflow::definition::{
    Action, Assignee, Branch, Condition, Operator, Template,
};
use serde_json::{json, Value};

/// A deal as conditions see it (see `condition`): ids, keys, and custom fields both
/// under `custom` and by key.
pub fn deal_facts(deal: &DealSnapshot) -> Value {
    let mut facts = json!({
        "id": deal.id.0,
        "name": deal.name,
        "value": deal.value_minor,
        "lead_value": deal.value_minor,
        "pipeline": deal.pipeline.map(|p| p.0),
        "stage": deal.stage.map(|s| s.0),
        "status": deal.status.key(),
        "source": deal.source,
        "owner": deal.owner.map(|u| u.0),
        "followers": deal.followers.iter().map(|u| u.0).collect::<Vec<_>>(),
        "expected_close_date": deal.expected_close_date,
        "external_id": deal.external_id,
        "custom": deal.custom,
    });
    if let Some(map) = facts.as_object_mut() {
        for (key, value) in &deal.custom {
            map.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    facts
}

/// If/Else: the first branch whose conditions all hold, else None (the last path).
pub(super) fn if_else(branches: &[Branch], s: &Situation<'_>) -> Plan {
    let changes = &s.context.changes;
    let taken = branches
        .iter()
        .position(|b| all_hold(&b.conditions, s.facts, changes));
    let (path, summary) = match taken {
        Some(i) => {
            let branch = &branches[i];
            let why: Vec<String> = branch
                .conditions
                .iter()
                .map(|c| condition_words(c, s))
                .collect();
            let why = match why.is_empty() {
                true => "it has no conditions".to_string(),
                false => why.join("; "),
            };
            (
                i,
                format!("Took the branch \u{201c}{}\u{201d}: {why}.", branch.name),
            )
        }
        None => {
            // For each branch, the first of its conditions that did not hold.
            let missed: Vec<String> = branches
                .iter()
                .filter_map(|b| {
                    let failed = b
                        .conditions
                        .iter()
                        .find(|c| !all_hold(std::slice::from_ref(*c), s.facts, changes))?;
                    Some(format!(
                        "\u{201c}{}\u{201d} needs {}",
                        b.name,
                        condition_words(failed, s)
                    ))
                })
                .collect();
            let summary = match missed.is_empty() {
                true => "No branch matched: took None.".to_string(),
                false => format!("No branch matched, so it took None: {}.", missed.join("; ")),
            };
            (branches.len(), summary)
        }
    };
    Plan::Apply(Applied {
        path: Some(path),
        summary,
        ..Applied::default()
    })
}

/// A condition in words with what the record has: "opportunity.value is greater than
/// 10000 (it is 12500)".
fn condition_words(c: &Condition, s: &Situation<'_>) -> String {
    let shown = |v: &Value| match v {
        Value::String(t) => t.clone(),
        Value::Null => "empty".to_string(),
        other => other.to_string(),
    };
    let actual = shown(lookup(s.facts, &c.field));
    match c.operator {
        Operator::IsEmpty => format!("{} is empty (it is {actual})", c.field),
        Operator::ChangedTo | Operator::ChangedFrom => {
            format!("{} {} {}", c.field, c.operator.label(), shown(&c.value))
        }
        _ => format!(
            "{} {} {} (it is {actual})",
            c.field,
            c.operator.label(),
            shown(&c.value)
        ),
    }
}

fn render(s: &Situation<'_>, what: &str, template: &Template) -> Result<String, String> {
    (s.render)(template).map_err(|e| format!("The {what} could not be filled in: {e}"))
}

/// Where an activity goes: the deal merge fields show (the one in context, or one a
/// step just created), else the contact.
fn attach(s: &Situation<'_>) -> Option<Attach> {
    s.context
        .shown_opportunity()
        .map(Attach::Opportunity)
        .or(s.contact.map(|c| Attach::Contact(c.id)))
}

pub(super) fn activity(action: &Action, s: &Situation<'_>) -> Plan {
    let Some(on) = attach(s) else {
        return Plan::Skip(
            "Skipped: there is no opportunity or contact in this workflow to log it on.".into(),
        );
    };
    let outcome = (|| {
        Ok::<_, String>(match action {
            Action::CreateTask {
                title,
                description,
                due_in,
                assignee,
            } => {
                let title = render(s, "task title", title)?;
                if title.trim().is_empty() {
                    return Err("The task title came out empty. Give the step a title, or a default for its merge fields.".into());
                }
                let description = render(s, "task description", description)?;
                let body = match description.trim() {
                    "" => title.clone(),
                    more => format!("{title}\n{more}"),
                };
                let assignee = match assignee {
                    Assignee::User(id) => Some(s.workspace.active_user(*id)?.id),
                    Assignee::DealOwner => s.deal.and_then(|d| d.owner),
                };
                let due = due_in.map(|d| Date::from_unix_ms(s.workspace.now_ms + d.millis()));
                (
                    format!("Created the task \u{201c}{title}\u{201d}."),
                    ActivityDetails::Task {
                        body,
                        due,
                        assignee,
                        done: false,
                    },
                )
            }
            Action::AddNote { body } => {
                let body = render(s, "note", body)?;
                ("Added a note.".to_string(), ActivityDetails::Note { body })
            }
            Action::LogCall { notes, outcome } => {
                let notes = render(s, "call notes", notes)?;
                let outcome = outcome
                    .as_deref()
                    .map_or(Some(CallOutcome::Connected), CallOutcome::from_key)
                    .ok_or("The call outcome this step names is not one Dealflow knows.")?;
                (
                    "Logged a call.".to_string(),
                    ActivityDetails::Call {
                        outcome,
                        minutes: 0,
                        notes: Some(notes).filter(|n| !n.trim().is_empty()),
                    },
                )
            }
            _ => return Err("Not an activity step.".into()),
        })
    })();
    match outcome {
        Ok((summary, details)) => {
            // The text as written, merge fields filled in, for the run log.
            let (key, text) = match &details {
                ActivityDetails::Task { body, .. } => ("task", Some(body.clone())),
                ActivityDetails::Note { body } => ("note", Some(body.clone())),
                ActivityDetails::Call { notes, .. } => ("call_notes", notes.clone()),
                _ => ("text", None),
            };
            let mut resolved = serde_json::Map::new();
            if let Some(text) = text {
                resolved.insert(key.into(), text.into());
            }
            Plan::Apply(Applied {
                effects: vec![Effect::Activity { on, details }],
                summary,
                resolved,
                ..Applied::default()
            })
        }
        Err(reason) => Plan::Fail(reason),
    }
}

pub(super) fn tag(tag: &Template, add: bool, s: &Situation<'_>) -> Plan {
    let Some(contact) = s.contact else {
        return Plan::Skip(NO_CONTACT.into());
    };
    let tag = match render(s, "tag", tag).map(|tag| parse_tag(&tag)) {
        Ok(Ok(tag)) => tag,
        Ok(Err(TagProblem::Empty)) => {
            return Plan::Fail("The tag came out empty. Give the step a tag.".into())
        }
        Ok(Err(problem)) => return Plan::Fail(format!("The tag the step made: {problem}")),
        Err(reason) => return Plan::Fail(reason),
    };
    let has = find_tag(&contact.tags, &tag).is_some();
    let effects = if has != add {
        vec![Effect::Tag {
            contact: contact.id,
            tag: tag.clone(),
            add,
        }]
    } else {
        Vec::new()
    };
    let summary = match add {
        true => format!("Tagged {} \u{201c}{tag}\u{201d}.", contact.name),
        false => format!(
            "Removed the tag \u{201c}{tag}\u{201d} from {}.",
            contact.name
        ),
    };
    Plan::Apply(Applied {
        effects,
        summary,
        ..Applied::default()
    })
}

/// Send Webhook: the URL and body filled in; without a body template, the merge-field
/// values of the records in context as JSON.
pub(super) fn webhook(
    url: &Template,
    secret: &str,
    body: &Option<Template>,
    s: &Situation<'_>,
) -> Plan {
    let outcome = (|| {
        let url = render(s, "webhook URL", url)?;
        let body = match body {
            Some(template) => {
                let text = render(s, "webhook body", template)?;
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            }
            None => s.merge_values.clone(),
        };
        Ok::<_, String>(WebhookRequest {
            url,
            secret: secret.to_string(),
            body,
        })
    })();
    match outcome {
        Ok(request) => Plan::Webhook(request),
        Err(reason) => Plan::Fail(reason),
    }
}
