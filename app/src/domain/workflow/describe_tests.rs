use super::*;
use crate::domain::activity::MeetingStatus;
use crate::domain::board::Stage;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{Probability, StageKind};
use crate::domain::workflow::definition::{Condition, Operator};

fn sales() -> Vec<Pipeline> {
    let stage = |id: i64, name: &str| Stage {
        id: StageId(id),
        pipeline_id: PipelineId(1),
        name: name.into(),
        kind: StageKind::Open,
        probability: Probability::for_open_stage(50).unwrap(),
        position: id,
    };
    vec![Pipeline {
        id: PipelineId(1),
        name: "Sales".into(),
        stages: vec![stage(10, "Qualified"), stage(11, "Negotiation")],
    }]
}

fn words(event: TriggerEvent) -> String {
    trigger_in_words(
        &Trigger {
            event,
            filters: vec![],
        },
        &sales(),
    )
}

#[test]
fn stage_changes_name_the_pipeline_and_stages() {
    let cases = [
        (None, Some(11), "When a deal enters Negotiation in Sales"),
        (Some(10), None, "When a deal leaves Qualified in Sales"),
        (
            Some(10),
            Some(11),
            "When a deal moves from Qualified to Negotiation in Sales",
        ),
        (None, None, "When a deal changes stage in Sales"),
        (
            None,
            Some(99),
            "When a deal enters a removed stage in Sales",
        ),
    ];
    for (from, to, expected) in cases {
        let event = TriggerEvent::PipelineStageChanged {
            pipeline: Some(PipelineId(1)),
            from_stage: from.map(StageId),
            to_stage: to.map(StageId),
        };
        assert_eq!(words(event), expected);
    }
    let anywhere = TriggerEvent::PipelineStageChanged {
        pipeline: None,
        from_stage: None,
        to_stage: None,
    };
    assert_eq!(words(anywhere), "When a deal changes stage");
}

#[test]
fn other_triggers_read_as_sentences() {
    let cases = [
        (TriggerEvent::OpportunityCreated, "When a deal is created"),
        (
            TriggerEvent::OpportunityChanged {
                fields: vec!["stage".into(), "value".into(), "custom.budget".into()],
            },
            "When a deal's stage, value or budget changes",
        ),
        (
            TriggerEvent::OpportunityStatusChanged {
                from: None,
                to: Some(Status::Won),
            },
            "When a deal is marked Won",
        ),
        (
            TriggerEvent::StaleOpportunity { days: 7 },
            "When a deal has had no stage change or activity for 7 days",
        ),
        (
            TriggerEvent::MeetingCreatedOrModified {
                status: Some(MeetingStatus::Scheduled),
            },
            "When a meeting is booked or changed with status Scheduled",
        ),
        (
            TriggerEvent::ContactTagAdded {
                tag: Some("vip".into()),
            },
            "When the tag \u{201c}vip\u{201d} is added to a contact",
        ),
        (
            TriggerEvent::ContactTagRemoved { tag: None },
            "When a tag is removed from a contact",
        ),
        (
            TriggerEvent::Manual {
                records: ManualRecords::Opportunities,
            },
            "When someone adds deals to it by hand",
        ),
    ];
    for (event, expected) in cases {
        assert_eq!(words(event), expected);
    }
}

#[test]
fn steps_say_what_they_do() {
    use crate::domain::workflow::definition::OpportunityFields;
    let pipelines = sales();
    let users = [(UserId(1), "Dana".to_string())];
    let names = Names {
        pipelines: &pipelines,
        users: &users,
    };
    let update = Action::UpdateOpportunity {
        allow_backward: false,
        duplicate_toggle: false,
        fields: OpportunityFields {
            stage: Some(StageId(11)),
            status: Some(Status::Won),
            ..OpportunityFields::default()
        },
    };
    assert_eq!(
        step_in_words(&update, names),
        "Move to Negotiation, mark Won"
    );
    let owner = Action::AddOwner {
        user: UserId(1),
        only_unassigned: true,
    };
    assert_eq!(
        step_in_words(&owner, names),
        "Assign Dana, only if unassigned"
    );
    let followers = Action::AddFollowers {
        users: vec![UserId(1), UserId(7)],
    };
    assert_eq!(step_in_words(&followers, names), "Dana and a removed user");
}

#[test]
fn filters_are_counted() {
    let filter = Condition {
        field: "opportunity.status".into(),
        operator: Operator::Is,
        value: "open".into(),
    };
    let trigger = Trigger {
        event: TriggerEvent::OpportunityCreated,
        filters: vec![filter.clone(), filter],
    };
    assert_eq!(
        trigger_in_words(&trigger, &sales()),
        "When a deal is created, if 2 filters hold"
    );
}
