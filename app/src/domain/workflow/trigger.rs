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
mod tests {
    use super::*;
    use crate::domain::opportunity::Status;
    use crate::domain::pipeline::StageId;
    use crate::domain::workflow::definition::{Condition, Operator};
    use serde_json::json;

    fn moved(from: i64, to: i64) -> Change {
        let detail = json!({"field": "stage", "before": {"pipeline_id": 1, "stage_id": from}, "after": {"pipeline_id": 1, "stage_id": to}});
        Change {
            subject: Subject::Opportunity,
            kinds: vec!["stage_changed".into()],
            fields: field_changes("stage_changed", &detail),
        }
    }

    #[test]
    fn stage_changed_fires_on_its_pipeline_and_stages() {
        let any = TriggerEvent::PipelineStageChanged {
            pipeline: None,
            from_stage: None,
            to_stage: None,
        };
        let into_14 = TriggerEvent::PipelineStageChanged {
            pipeline: None,
            from_stage: None,
            to_stage: Some(StageId(14)),
        };
        let from_12 = TriggerEvent::PipelineStageChanged {
            pipeline: None,
            from_stage: Some(StageId(12)),
            to_stage: None,
        };
        assert!(event_fires(&any, &moved(12, 14), None));
        assert!(event_fires(&into_14, &moved(12, 14), None));
        assert!(!event_fires(&into_14, &moved(12, 13), None));
        assert!(event_fires(&from_12, &moved(12, 13), None));
        assert!(!event_fires(
            &TriggerEvent::OpportunityCreated,
            &moved(12, 13),
            None
        ));
    }

    #[test]
    fn status_changed_compares_keys_without_regard_to_case() {
        let change = Change {
            subject: Subject::Opportunity,
            kinds: vec!["status_changed".into()],
            fields: field_changes(
                "status_changed",
                &json!({"field": "status", "before": "open", "after": "won"}),
            ),
        };
        let to_won = TriggerEvent::OpportunityStatusChanged {
            from: None,
            to: Some(Status::Won),
        };
        let to_lost = TriggerEvent::OpportunityStatusChanged {
            from: None,
            to: Some(Status::Lost),
        };
        assert!(event_fires(&to_won, &change, None));
        assert!(!event_fires(&to_lost, &change, None));
    }

    #[test]
    fn opportunity_changed_fires_on_any_field_or_the_chosen_ones() {
        let renamed = Change {
            subject: Subject::Opportunity,
            kinds: vec!["field_changed".into()],
            fields: field_changes(
                "field_changed",
                &json!({"field": "name", "before": "A", "after": "B"}),
            ),
        };
        assert!(event_fires(
            &TriggerEvent::OpportunityChanged { fields: vec![] },
            &renamed,
            None
        ));
        assert!(event_fires(
            &TriggerEvent::OpportunityChanged {
                fields: vec!["name".into()]
            },
            &renamed,
            None
        ));
        assert!(!event_fires(
            &TriggerEvent::OpportunityChanged {
                fields: vec!["value".into()]
            },
            &renamed,
            None
        ));
        let custom = Change {
            subject: Subject::Opportunity,
            kinds: vec!["field_changed".into()],
            fields: field_changes(
                "field_changed",
                &json!({"field": "custom:budget", "before": {"value": 1}, "after": {"value": 2}}),
            ),
        };
        assert!(event_fires(
            &TriggerEvent::OpportunityChanged {
                fields: vec!["budget".into()]
            },
            &custom,
            None
        ));
    }

    #[test]
    fn stale_opportunity_fires_for_its_own_number_of_days() {
        let quiet = Change {
            subject: Subject::Opportunity,
            kinds: vec!["stale".into()],
            fields: field_changes(
                "stale",
                &json!({"field": "stale_days", "before": null, "after": 14}),
            ),
        };
        assert!(event_fires(
            &TriggerEvent::StaleOpportunity { days: 14 },
            &quiet,
            None
        ));
        assert!(!event_fires(
            &TriggerEvent::StaleOpportunity { days: 7 },
            &quiet,
            None
        ));
        assert!(
            !event_fires(
                &TriggerEvent::OpportunityChanged { fields: vec![] },
                &quiet,
                None
            ),
            "going quiet is no change"
        );
    }

    #[test]
    fn an_inbound_delivery_fires_only_the_trigger_with_its_token() {
        let delivered = Change {
            subject: Subject::Inbound,
            kinds: vec!["received".into()],
            fields: field_changes(
                "received",
                &json!({"field": "token", "before": null, "after": "abc"}),
            ),
        };
        let hook = |token: &str| TriggerEvent::InboundWebhook {
            token: token.into(),
            email_path: None,
            phone_path: None,
            name_path: None,
        };
        assert!(event_fires(&hook("abc"), &delivered, None));
        assert!(!event_fires(&hook("abd"), &delivered, None));
    }

    #[test]
    fn meetings_fire_on_the_status_asked_for() {
        let meeting = Change {
            subject: Subject::Meeting,
            kinds: vec!["created".into()],
            fields: vec![],
        };
        let scheduled = TriggerEvent::MeetingCreatedOrModified {
            status: Some(crate::domain::activity::MeetingStatus::Scheduled),
        };
        assert!(event_fires(&scheduled, &meeting, Some("scheduled")));
        assert!(!event_fires(&scheduled, &meeting, Some("cancelled")));
        assert!(event_fires(
            &TriggerEvent::MeetingCreatedOrModified { status: None },
            &meeting,
            Some("cancelled")
        ));
    }

    #[test]
    fn tag_triggers_fire_on_their_tag() {
        let added = Change {
            subject: Subject::Contact,
            kinds: vec!["tag_added".into()],
            fields: vec![FieldChange {
                field: "tags".into(),
                before: Value::Null,
                after: json!("VIP"),
            }],
        };
        assert!(event_fires(
            &TriggerEvent::ContactTagAdded {
                tag: Some("vip".into())
            },
            &added,
            None
        ));
        assert!(event_fires(
            &TriggerEvent::ContactTagAdded { tag: None },
            &added,
            None
        ));
        assert!(!event_fires(
            &TriggerEvent::ContactTagAdded {
                tag: Some("cold".into())
            },
            &added,
            None
        ));
        assert!(!event_fires(
            &TriggerEvent::ContactTagRemoved { tag: None },
            &added,
            None
        ));
    }

    #[test]
    fn filters_read_the_record_as_it_is_now() {
        let trigger = Trigger {
            event: TriggerEvent::PipelineStageChanged {
                pipeline: None,
                from_stage: None,
                to_stage: None,
            },
            filters: vec![Condition {
                field: "opportunity.value".into(),
                operator: Operator::Greater,
                value: json!(1000),
            }],
        };
        assert!(fires(
            &trigger,
            &moved(1, 2),
            &json!({"opportunity": {"value": 5000}}),
            None
        ));
        assert!(!fires(
            &trigger,
            &moved(1, 2),
            &json!({"opportunity": {"value": 50}}),
            None
        ));
    }
}
