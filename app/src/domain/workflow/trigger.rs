//! Whether a committed change fires a trigger: the change as the outbox recorded it
//! (its kind and each field before and after), the trigger's own settings, then its
//! filters over the record as it is now.
use super::condition::all_hold;
use super::context::FieldChange;
use super::definition::{Trigger, TriggerEvent};
use serde_json::Value;

/// What a change was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Opportunity,
    Contact,
    Meeting,
    /// A delivery to an Inbound Webhook URL; its `token` field names the trigger.
    Inbound,
}

/// One committed change of one record: each outbox row's kind, with its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub subject: Subject,
    pub kinds: Vec<String>,
    pub fields: Vec<FieldChange>,
}

/// A change-log entry's field as conditions compare it: ids for stages, pipelines and
/// people, keys for statuses, the stored value for custom fields (by key).
pub fn field_changes(kind: &str, detail: &Value) -> Vec<FieldChange> {
    let before = detail.get("before").cloned().unwrap_or(Value::Null);
    let after = detail.get("after").cloned().unwrap_or(Value::Null);
    let field = detail
        .get("field")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let change = |field: &str, before: Value, after: Value| FieldChange {
        field: field.to_string(),
        before,
        after,
    };
    let part = |v: &Value, key: &str| v.get(key).cloned().unwrap_or(Value::Null);
    match kind {
        "stage_changed" => vec![
            change("stage", part(&before, "stage_id"), part(&after, "stage_id")),
            change(
                "pipeline",
                part(&before, "pipeline_id"),
                part(&after, "pipeline_id"),
            ),
        ],
        "owner_changed" => vec![change("owner", part(&before, "id"), part(&after, "id"))],
        "followers_changed" => vec![change("followers", before, after)],
        _ if field.starts_with("custom:") => {
            let key = &field["custom:".len()..];
            vec![change(key, part(&before, "value"), part(&after, "value"))]
        }
        _ if field.is_empty() => Vec::new(),
        _ => vec![change(field, before, after)],
    }
}

fn has(change: &Change, kind: &str) -> bool {
    change.kinds.iter().any(|k| k == kind)
}

fn field<'a>(change: &'a Change, name: &str) -> Option<&'a FieldChange> {
    change.fields.iter().find(|f| f.field == name)
}

/// Whether ids or keys match, `None` meaning "any".
fn same<T: serde::Serialize>(wanted: &Option<T>, actual: &Value) -> bool {
    match wanted {
        None => true,
        Some(w) => {
            let w = serde_json::to_value(w).unwrap_or(Value::Null);
            match (w.as_str(), actual.as_str()) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => w == *actual,
            }
        }
    }
}

/// Whether the event part of `trigger` fires on `change` (`meeting_status`: the
/// meeting's status now, for Meeting Created or Modified).
pub fn event_fires(event: &TriggerEvent, change: &Change, meeting_status: Option<&str>) -> bool {
    use TriggerEvent as T;
    match (event, change.subject) {
        (T::OpportunityCreated, Subject::Opportunity) => has(change, "created"),
        (T::OpportunityChanged { fields }, Subject::Opportunity) => {
            const EDITS: [&str; 5] = [
                "field_changed",
                "stage_changed",
                "status_changed",
                "owner_changed",
                "followers_changed",
            ];
            !has(change, "created")
                && !has(change, "deleted")
                && EDITS.iter().any(|k| has(change, k))
                && !change.fields.is_empty()
                && (fields.is_empty()
                    || change.fields.iter().any(|f| {
                        fields
                            .iter()
                            .any(|w| w == &f.field || w.strip_prefix("custom:") == Some(&f.field))
                    }))
        }
        (
            T::PipelineStageChanged {
                pipeline,
                from_stage,
                to_stage,
            },
            Subject::Opportunity,
        ) => {
            match (
                has(change, "stage_changed"),
                field(change, "stage"),
                field(change, "pipeline"),
            ) {
                (true, Some(stage), Some(p)) => {
                    same(pipeline, &p.after)
                        && same(from_stage, &stage.before)
                        && same(to_stage, &stage.after)
                }
                _ => false,
            }
        }
        (T::OpportunityStatusChanged { from, to }, Subject::Opportunity) => {
            match field(change, "status") {
                Some(status) if has(change, "status_changed") => {
                    same(from, &status.before) && same(to, &status.after)
                }
                _ => false,
            }
        }
        (T::StaleOpportunity { days }, Subject::Opportunity) => {
            has(change, "stale") && field(change, "stale_days").is_some_and(|f| f.after == *days)
        }
        (T::MeetingCreatedOrModified { status }, Subject::Meeting) => {
            status.is_none() || same(status, &Value::from(meeting_status.unwrap_or_default()))
        }
        (T::InboundWebhook { token, .. }, Subject::Inbound) => {
            field(change, "token").is_some_and(|f| f.after.as_str() == Some(token.as_str()))
        }
        (T::ContactCreated, Subject::Contact) => has(change, "created"),
        (T::ContactChanged { fields }, Subject::Contact) => {
            has(change, "changed")
                && (fields.is_empty() || change.fields.iter().any(|f| fields.contains(&f.field)))
        }
        (T::ContactTagAdded { tag }, Subject::Contact) => tag_fires(change, "tag_added", tag),
        (T::ContactTagRemoved { tag }, Subject::Contact) => tag_fires(change, "tag_removed", tag),
        _ => false,
    }
}

fn tag_fires(change: &Change, kind: &str, tag: &Option<String>) -> bool {
    has(change, kind)
        && change.fields.iter().any(|f| {
            f.field == "tags"
                && tag.as_ref().is_none_or(|t| {
                    f.after
                        .as_str()
                        .is_some_and(|a| a.eq_ignore_ascii_case(t.trim()))
                })
        })
}

/// Whether `trigger` fires on `change` with `facts` the records as they are now.
pub fn fires(
    trigger: &Trigger,
    change: &Change,
    facts: &Value,
    meeting_status: Option<&str>,
) -> bool {
    event_fires(&trigger.event, change, meeting_status)
        && all_hold(&trigger.filters, facts, &change.fields)
}

#[cfg(test)]
#[path = "trigger_tests.rs"]
mod tests;
