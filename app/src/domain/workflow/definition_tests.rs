//! A definition as saved and read back: every action and trigger through JSON.
use super::*;

/// One step of every action, and one trigger of every event, as saved and read back:
/// the JSON export must never lose or collide a field (a step's `name` is its Action
/// Name; the opportunity's own name is `opportunity_name`).
#[test]
fn every_action_and_trigger_survives_export_and_import() {
    let actions = vec![
        Action::CreateUpdateOpportunity {
            pipeline: PipelineId(1),
            stage: StageId(2),
            name: "{{contact.name}}".into(),
            source: "Form".into(),
            lead_value: Some("500".into()),
            status: Status::Open,
            allow_backward: true,
            allow_duplicate: false,
        },
        Action::CreateOpportunity {
            pipeline: PipelineId(1),
            stage: None,
            name: Some("Deal".into()),
            source: None,
            value: None,
            status: Some(Status::Won),
            allow_duplicate: true,
            custom_fields: BTreeMap::from([("renewal".to_string(), "Right Now".to_string())]),
        },
        Action::UpdateOpportunity {
            allow_backward: false,
            duplicate_toggle: true,
            fields: OpportunityFields {
                stage: Some(StageId(3)),
                ..OpportunityFields::default()
            },
        },
        Action::RemoveOpportunity {
            pipeline: PipelineId(1),
        },
        Action::AddOwner {
            user: UserId(4),
            only_unassigned: true,
        },
        Action::RemoveOwner,
        Action::AddFollowers {
            users: vec![UserId(4)],
        },
        Action::RemoveFollowers {
            users: vec![UserId(4)],
        },
        Action::CreateTask {
            title: "Call".into(),
            description: String::new(),
            due_in: Some(Duration {
                amount: 2,
                unit: TimeUnit::Days,
            }),
            assignee: Assignee::DealOwner,
        },
        Action::AddNote { body: "Hi".into() },
        Action::LogCall {
            notes: "Rang".into(),
            outcome: Some("connected".into()),
        },
        Action::Wait {
            until: WaitUntil::TimeOfDay {
                time: "09:00".into(),
                days: vec![1, 5],
            },
        },
        Action::SendWebhook {
            url: "https://example.com".into(),
            secret: "s".into(),
            body: None,
        },
        Action::AddContactTag { tag: "vip".into() },
        Action::RemoveContactTag { tag: "cold".into() },
    ];
    let mut steps: Vec<Step> = actions
        .into_iter()
        .enumerate()
        .map(|(i, action)| Step {
            key: i as u32 + 1,
            name: format!("Step {i}"),
            action,
        })
        .collect();
    steps.push(Step {
        key: 100,
        name: "Find".into(),
        action: Action::FindOpportunity {
            pick: Pick::Earliest,
            filters: vec![Condition {
                field: "opportunity.status".into(),
                operator: Operator::Is,
                value: "open".into(),
            }],
            found: vec![Step {
                key: 101,
                name: "If".into(),
                action: Action::IfElse {
                    branches: vec![],
                    none: vec![],
                },
            }],
            not_found: vec![],
        },
    });
    let triggers = [
        TriggerEvent::OpportunityCreated,
        TriggerEvent::OpportunityChanged {
            fields: vec!["name".into()],
        },
        TriggerEvent::PipelineStageChanged {
            pipeline: None,
            from_stage: Some(StageId(1)),
            to_stage: None,
        },
        TriggerEvent::OpportunityStatusChanged {
            from: None,
            to: Some(Status::Lost),
        },
        TriggerEvent::StaleOpportunity { days: 14 },
        TriggerEvent::MeetingCreatedOrModified {
            status: Some(MeetingStatus::Scheduled),
        },
        TriggerEvent::ContactCreated,
        TriggerEvent::ContactChanged { fields: vec![] },
        TriggerEvent::ContactTagAdded {
            tag: Some("vip".into()),
        },
        TriggerEvent::ContactTagRemoved { tag: None },
        TriggerEvent::InboundWebhook {
            token: "t".repeat(32),
            email_path: Some("email".into()),
            phone_path: None,
            name_path: None,
        },
        TriggerEvent::Manual {
            records: ManualRecords::Opportunities,
        },
    ]
    .into_iter()
    .map(|event| Trigger {
        event,
        filters: vec![],
    })
    .collect();
    let definition = Definition {
        name: "Everything".into(),
        description: "All of it".into(),
        triggers,
        steps,
        settings: Settings {
            allow_reentry: true,
        },
    };
    let json = serde_json::to_string_pretty(&definition).unwrap();
    let back: Definition = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(back, definition);
    assert_eq!(back.all_steps().len(), 17);
}

/// A Manual trigger saved before it named its records reads as one on either kind.
#[test]
fn a_manual_trigger_without_records_takes_deals_and_contacts() {
    let read: TriggerEvent = serde_json::from_str(r#"{"type":"manual"}"#).unwrap();
    assert_eq!(
        read,
        TriggerEvent::Manual {
            records: ManualRecords::Any
        }
    );
    assert!(!read.has_opportunity());
    let deals: TriggerEvent =
        serde_json::from_str(r#"{"type":"manual","records":"opportunities"}"#).unwrap();
    assert!(deals.has_opportunity());
    assert!(ManualRecords::Opportunities.takes("opportunity"));
    assert!(!ManualRecords::Opportunities.takes("contact"));
    assert!(ManualRecords::Contacts.takes("contact"));
    assert!(ManualRecords::Any.takes("contact") && ManualRecords::Any.takes("opportunity"));
}
