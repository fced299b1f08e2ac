//! Which committed changes fire which triggers.
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
