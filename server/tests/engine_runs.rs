//! The automation engine on both databases: triggers enroll records from committed
//! changes, steps act through the opportunity service as the workflow, versions pin
//! runs, re-entry and the loop guard stop what they should, and the log says why.
mod common;

use app::domain::account::UserId;
use app::domain::activity::ActivityTarget;
use app::domain::change::{Actor, EventKind};
use app::domain::opportunity::Status;
use app::domain::workflow::listing::{RunRecord, RunStatus, StepStatus};
use app::domain::workflow::{
    Action, Assignee, Condition, Operator, OpportunityFields, Pick, TriggerEvent,
};
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;
use serde_json::json;

fn move_to(stage: app::domain::pipeline::StageId) -> Action {
    Action::UpdateOpportunity {
        allow_backward: false,
        duplicate_toggle: false,
        fields: OpportunityFields {
            stage: Some(stage),
            ..Default::default()
        },
    }
}

#[tokio::test]
async fn a_stage_change_runs_update_opportunity_and_create_task_as_the_workflow() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let proposal = stage(&sales, "Proposal");
        let definition = workflow(
            "Follow up proposals",
            vec![when(TriggerEvent::PipelineStageChanged {
                pipeline: None,
                from_stage: None,
                to_stage: Some(proposal),
            })],
            vec![
                step(1, "Mark source", Action::UpdateOpportunity {
                    allow_backward: false,
                    duplicate_toggle: false,
                    fields: OpportunityFields { source: Some("Proposal sent".into()), ..Default::default() },
                }),
                step(2, "Call them", Action::CreateTask {
                    title: "Call about {{opportunity.name}}".into(),
                    description: String::new(),
                    due_in: None,
                    assignee: Assignee::User(dana.id),
                }),
            ],
        );
        let id = publish(&store, &dana, &definition).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        settle(&store).await;
        assert!(runs_of(&store, id).await.is_empty(), "a deal created elsewhere does not enroll");
        store.change_standing(Actor::User(dana.id), card.id, card.version, to(Some(proposal), None)).await.unwrap();
        settle(&store).await;
        let runs = runs_of(&store, id).await;
        assert_eq!(runs.len(), 1);
        let (run, log) = &runs[0];
        assert_eq!((run.status, run.version, run.record), (RunStatus::Finished, 1, RunRecord::Opportunity(card.id.0)));
        assert_eq!(run.trigger, "Pipeline Stage Changed");
        let steps: Vec<_> = log.iter().map(|s| (s.step, s.status)).collect();
        assert_eq!(steps, [(Some(1), StepStatus::Done), (Some(2), StepStatus::Done)]);
        let events = store.opportunity_events(card.id).await.unwrap();
        let source = events.iter().find(|e| e.field.as_deref() == Some("source")).expect("source changed");
        assert_eq!(source.actor, Actor::Workflow { run: run.id, step: 1 });
        let activities = store.record_activities(ActivityTarget::Opportunity(card.id.0), viewer(&dana)).await.unwrap();
        let bodies: Vec<String> = activities.iter().map(|a| format!("{:?}", a)).collect();
        assert!(bodies.iter().any(|b| b.contains("Call about Globex")), "{bodies:?}");
        let timeline = store.timeline(card.id).await.unwrap();
        assert!(
            timeline.iter().any(|t| t.who == "workflow \u{201c}Follow up proposals\u{201d}, step \u{201c}Mark source\u{201d}"),
            "{timeline:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_change_that_rolls_back_enrolls_nothing() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let definition = workflow(
            "Any move",
            vec![when(TriggerEvent::PipelineStageChanged {
                pipeline: None,
                from_stage: None,
                to_stage: None,
            })],
            vec![step(
                1,
                "Note",
                Action::AddNote {
                    body: "moved".into(),
                },
            )],
        );
        let id = publish(&store, &dana, &definition).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        let stale = card.version - 1;
        let refused = store
            .change_standing(
                Actor::User(dana.id),
                card.id,
                stale,
                to(Some(stage(&sales, "Proposal")), None),
            )
            .await;
        assert!(refused.is_err());
        settle(&store).await;
        assert!(runs_of(&store, id).await.is_empty());
        let (waiting,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM workflow_events")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(waiting, 0, "matched changes leave the outbox");
    })
    .await;
}

#[tokio::test]
async fn a_workflow_is_published_only_with_a_trigger_and_an_action() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let empty = workflow("Nothing yet", vec![], vec![]);
        let id = store.create_workflow(dana.id, &empty).await.unwrap();
        let err = store.publish_workflow(id, dana.id).await.unwrap_err();
        let app::store::StoreError::Problems(problems) = err else {
            panic!("{err}")
        };
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["triggers", "steps"]);
        let summary = store.workflow(id).await.unwrap().summary;
        assert_eq!(
            summary.state,
            app::domain::workflow::listing::WorkflowState::Draft,
            "saving keeps it a draft"
        );
    })
    .await;
}

#[tokio::test]
async fn runs_finish_on_the_version_they_started_on_while_the_draft_is_edited() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let wait_then_note = |text: &str| {
            workflow(
                "Pinned",
                vec![when(TriggerEvent::OpportunityCreated)],
                vec![
                    step(
                        1,
                        "Hold",
                        Action::Wait {
                            until: app::domain::workflow::WaitUntil::DateTime {
                                at: "2000-01-01T00:00".into(),
                            },
                        },
                    ),
                    step(2, "Say", Action::AddNote { body: text.into() }),
                ],
            )
        };
        let id = publish(&store, &dana, &wait_then_note("version one")).await;
        let first = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        // Enrolled on version 1; edit and publish version 2 before it runs.
        WorkflowEngine::new(store.clone())
            .match_changes()
            .await
            .unwrap();
        store
            .save_workflow(id, &wait_then_note("version two"))
            .await
            .unwrap();
        assert!(store.workflow(id).await.unwrap().summary.draft_changed);
        assert_eq!(store.publish_workflow(id, dana.id).await.unwrap(), 2);
        let second = store
            .create_opportunity(
                Actor::User(dana.id),
                deal("Initech", "5", Some(stage(&sales, "Prospecting"))),
            )
            .await
            .unwrap();
        settle(&store).await;
        let runs = runs_of(&store, id).await;
        assert_eq!(
            runs.iter()
                .map(|(r, _)| (r.record, r.version))
                .collect::<Vec<_>>(),
            [
                (RunRecord::Opportunity(first.id.0), 1),
                (RunRecord::Opportunity(second.id.0), 2),
            ]
        );
        assert!(runs[0].1.iter().any(|s| s.message.contains("Added a note")));
        let notes = |id| {
            let store = store.clone();
            let dana = dana.clone();
            async move {
                let list = store
                    .record_activities(ActivityTarget::Opportunity(id), viewer(&dana))
                    .await
                    .unwrap();
                format!("{list:?}")
            }
        };
        assert!(notes(first.id.0).await.contains("version one"));
        assert!(notes(second.id.0).await.contains("version two"));
        let versions = store.workflow_versions(id).await.unwrap();
        assert_eq!(
            versions.iter().map(|v| v.number).collect::<Vec<_>>(),
            [2, 1]
        );
        let restored = store.restore_workflow_version(id, 1).await.unwrap();
        assert_eq!(store.workflow(id).await.unwrap().draft, restored);
        assert_eq!(
            store.workflow(id).await.unwrap().published.unwrap(),
            wait_then_note("version two")
        );
    })
    .await;
}

use app::engine::WorkflowEngine;

#[tokio::test]
async fn without_allow_reentry_a_record_enters_once_and_the_log_says_so() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let mut definition = workflow(
            "Once",
            vec![when(TriggerEvent::OpportunityChanged {
                fields: vec!["name".into()],
            })],
            vec![step(
                1,
                "Note",
                Action::AddNote {
                    body: "renamed".into(),
                },
            )],
        );
        let id = publish(&store, &dana, &definition).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        let rename = |card: app::domain::board::Card, name: &'static str| {
            let store = store.clone();
            async move {
                store
                    .edit_opportunity(
                        Actor::User(dana.id),
                        card.id,
                        card.version,
                        app::store::opportunities::edit::FieldEdit::Name(name.into()),
                    )
                    .await
                    .unwrap()
            }
        };
        let card = rename(card, "Globex 2").await;
        settle(&store).await;
        let card = rename(card, "Globex 3").await;
        settle(&store).await;
        let runs = runs_of(&store, id).await;
        assert_eq!(
            runs.iter().map(|(r, _)| r.status).collect::<Vec<_>>(),
            [RunStatus::Finished, RunStatus::Stopped]
        );
        assert!(runs[1]
            .0
            .message
            .as_deref()
            .unwrap()
            .contains("Allow re-entry is off"));
        definition.settings.allow_reentry = true;
        store.save_workflow(id, &definition).await.unwrap();
        store.publish_workflow(id, dana.id).await.unwrap();
        rename(card, "Globex 4").await;
        settle(&store).await;
        assert_eq!(
            runs_of(&store, id).await.last().unwrap().0.status,
            RunStatus::Finished
        );
    })
    .await;
}

#[tokio::test]
async fn a_workflow_is_not_triggered_by_its_own_changes() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let negotiation = stage(&sales, "Negotiation");
        let mut definition = workflow(
            "Push on",
            vec![when(TriggerEvent::PipelineStageChanged {
                pipeline: None,
                from_stage: None,
                to_stage: None,
            })],
            vec![step(1, "To negotiation", move_to(negotiation))],
        );
        definition.settings.allow_reentry = true;
        let id = publish(&store, &dana, &definition).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        store
            .change_standing(
                Actor::User(dana.id),
                card.id,
                card.version,
                to(Some(stage(&sales, "Qualification")), None),
            )
            .await
            .unwrap();
        settle(&store).await;
        let runs = runs_of(&store, id).await;
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(runs[0].0.status, RunStatus::Finished);
        assert_eq!(runs[1].0.status, RunStatus::Stopped);
        assert!(runs[1].0.message.as_deref().unwrap().starts_with(
            "Stopped by the loop guard: the change was made by this workflow's own run"
        ));
        assert_eq!(
            store.card(card.id, viewer(&dana)).await.unwrap().stage_id,
            Some(negotiation)
        );
    })
    .await;
}

#[tokio::test]
async fn two_workflows_moving_a_deal_back_and_forth_stop_at_the_depth_limit() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let (qualification, proposal) = (stage(&sales, "Qualification"), stage(&sales, "Proposal"));
        let ping_pong = |name: &str, from, to_stage| {
            let mut d = workflow(
                name,
                vec![when(TriggerEvent::PipelineStageChanged {
                    pipeline: None,
                    from_stage: None,
                    to_stage: Some(from),
                })],
                vec![step(
                    1,
                    "Move",
                    Action::UpdateOpportunity {
                        allow_backward: true,
                        duplicate_toggle: false,
                        fields: OpportunityFields {
                            stage: Some(to_stage),
                            ..Default::default()
                        },
                    },
                )],
            );
            d.settings.allow_reentry = true;
            d
        };
        let ping = publish(&store, &dana, &ping_pong("Ping", proposal, qualification)).await;
        let pong = publish(&store, &dana, &ping_pong("Pong", qualification, proposal)).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        store
            .change_standing(
                Actor::User(dana.id),
                card.id,
                card.version,
                to(Some(proposal), None),
            )
            .await
            .unwrap();
        settle(&store).await;
        let (pings, pongs) = (runs_of(&store, ping).await, runs_of(&store, pong).await);
        let stopped: Vec<String> = pings
            .iter()
            .chain(&pongs)
            .filter_map(|(r, _)| r.message.clone())
            .filter(|m| m.contains("loop guard"))
            .collect();
        assert_eq!(stopped.len(), 1, "{stopped:?}");
        assert!(stopped[0].contains("the limit is 5"), "{}", stopped[0]);
        let finished = pings
            .iter()
            .chain(&pongs)
            .filter(|(r, _)| r.status == RunStatus::Finished)
            .count();
        assert_eq!(finished, 5, "five workflows in the chain ran");
    })
    .await;
}

#[tokio::test]
async fn a_booked_meeting_moves_the_deal_to_appointment_set() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let mut stages = app::domain::pipeline::default_stages();
        stages.insert(
            1,
            app::domain::pipeline::StagePlan {
                name: "Appointment set".into(),
                kind: app::domain::pipeline::StageKind::Open,
                probability: app::domain::pipeline::Probability::for_open_stage(30).unwrap(),
            },
        );
        let sales = store.create_pipeline("Clinic", &stages).await.unwrap();
        let appointment_set = stage(&sales, "Appointment set");
        let definition = workflow(
            "Appointment set",
            vec![when(TriggerEvent::MeetingCreatedOrModified {
                status: Some(app::domain::activity::MeetingStatus::Scheduled),
            })],
            vec![step(1, "Move deal", move_to(appointment_set))],
        );
        let id = publish(&store, &dana, &definition).await;
        let card = store
            .create_opportunity(
                Actor::User(dana.id),
                deal("Botox consult", "300", Some(stage(&sales, "Prospecting"))),
            )
            .await
            .unwrap();
        let cancelled = activity(&[
            ("kind", "meeting"),
            ("title", "Consult"),
            ("starts_at", "2027-03-01T10:00"),
            ("ends_at", "2027-03-01T11:00"),
            ("meeting_status", "cancelled"),
        ]);
        store
            .add_activity(
                Actor::User(dana.id),
                ActivityTarget::Opportunity(card.id.0),
                &cancelled,
            )
            .await
            .unwrap();
        settle(&store).await;
        assert!(
            runs_of(&store, id).await.is_empty(),
            "a cancelled meeting does not match the Scheduled filter"
        );
        let booked = activity(&[
            ("kind", "meeting"),
            ("title", "Consult"),
            ("starts_at", "2027-03-01T10:00"),
            ("ends_at", "2027-03-01T11:00"),
            ("meeting_status", "scheduled"),
        ]);
        store
            .add_activity(
                Actor::User(dana.id),
                ActivityTarget::Opportunity(card.id.0),
                &booked,
            )
            .await
            .unwrap();
        settle(&store).await;
        assert_eq!(
            store.card(card.id, viewer(&dana)).await.unwrap().stage_id,
            Some(appointment_set)
        );
        let runs = runs_of(&store, id).await;
        assert_eq!(runs[0].0.trigger, "Meeting Created or Modified");
    })
    .await;
}

#[tokio::test]
async fn create_opportunity_from_a_contact_trigger_then_update_has_no_deal_in_context() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let definition = workflow(
            "New lead",
            vec![when(TriggerEvent::ContactCreated)],
            vec![
                step(
                    1,
                    "Open a deal",
                    Action::CreateOpportunity {
                        pipeline: sales.id,
                        stage: None,
                        name: Some("{{contact.first_name}} consult".into()),
                        source: Some("Website".into()),
                        value: Some("250".into()),
                        status: None,
                        allow_duplicate: false,
                        custom_fields: Default::default(),
                    },
                ),
                step(2, "Update it", move_to(stage(&sales, "Proposal"))),
                step(
                    3,
                    "Note",
                    Action::AddNote {
                        body: "Created {{opportunity.name}} in {{pipeline.name}}".into(),
                    },
                ),
            ],
        );
        let id = publish(&store, &dana, &definition).await;
        let ann = contact(&store, "Ann", "Perkins", "ann@example.com").await;
        settle(&store).await;
        let runs = runs_of(&store, id).await;
        let (run, log) = &runs[0];
        assert_eq!(run.record, RunRecord::Contact(ann.0));
        assert_eq!(
            log.iter().map(|s| s.status).collect::<Vec<_>>(),
            [StepStatus::Done, StepStatus::Skipped, StepStatus::Done]
        );
        assert!(
            log[1].message.contains("no opportunity in context"),
            "{}",
            log[1].message
        );
        let deals = store.linked_deals_of_contact(ann).await;
        assert_eq!(deals.len(), 1);
        let created = store.card(deals[0], viewer(&dana)).await.unwrap();
        assert_eq!(
            (created.name.as_str(), created.value_minor, created.stage_id),
            ("Ann consult", 25_000, Some(stage(&sales, "Prospecting")))
        );
        let activities = store
            .record_activities(ActivityTarget::Opportunity(created.id.0), viewer(&dana))
            .await
            .unwrap();
        assert!(
            format!("{activities:?}").contains("Created Ann consult in Sales"),
            "merge fields show the created deal"
        );
    })
    .await;
}

#[tokio::test]
async fn find_opportunity_takes_found_or_not_found_and_add_owner_syncs_the_contact() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        sqlx::query("UPDATE workspace SET sync_contact_owner = 1")
            .execute(store.pool())
            .await
            .unwrap();
        let fox = store
            .create_user(&new_user("Fox Mulder", "fox@acme.test", false))
            .await
            .unwrap();
        let definition = workflow(
            "Route VIPs",
            vec![when(TriggerEvent::ContactTagAdded {
                tag: Some("vip".into()),
            })],
            vec![step(
                1,
                "Find open deal",
                Action::FindOpportunity {
                    pick: Pick::Latest,
                    filters: vec![Condition {
                        field: "opportunity.status".into(),
                        operator: Operator::Is,
                        value: json!("Open"),
                    }],
                    found: vec![step(
                        2,
                        "Give to Fox",
                        Action::AddOwner {
                            user: fox.id,
                            only_unassigned: true,
                        },
                    )],
                    not_found: vec![step(
                        3,
                        "Open one",
                        Action::CreateOpportunity {
                            pipeline: sales.id,
                            stage: None,
                            name: None,
                            source: None,
                            value: None,
                            status: None,
                            allow_duplicate: false,
                            custom_fields: Default::default(),
                        },
                    )],
                },
            )],
        );
        let id = publish(&store, &dana, &definition).await;
        let ann = contact(&store, "Ann", "Perkins", "ann@example.com").await;
        let mut new = deal("Ann's deal", "10", Some(stage(&sales, "Prospecting")));
        new.contact = Some(app::store::opportunities::create::ContactChoice::Existing(
            ann,
        ));
        let card = store
            .create_opportunity(Actor::User(dana.id), new)
            .await
            .unwrap();
        tag(&store, ann, &["vip"]).await;
        settle(&store).await;
        assert_eq!(
            store
                .card(card.id, viewer(&dana))
                .await
                .unwrap()
                .owner
                .map(|o| UserId(o.id)),
            Some(fox.id)
        );
        assert_eq!(
            contact_owner(&store, ann).await,
            Some(fox.id.0),
            "owner sync from settings"
        );
        let log = &runs_of(&store, id).await[0].1;
        assert_eq!(
            log.iter().map(|s| s.step).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
        // Bob has no deal: Not Found creates one named after him.
        let bob = contact(&store, "Bob", "Loblaw", "bob@example.com").await;
        tag(&store, bob, &["vip"]).await;
        settle(&store).await;
        let log = &runs_of(&store, id).await[1].1;
        assert_eq!(
            log.iter().map(|s| s.step).collect::<Vec<_>>(),
            [Some(1), Some(3)]
        );
        let deals = store.linked_deals_of_contact(bob).await;
        assert_eq!(
            store.card(deals[0], viewer(&dana)).await.unwrap().name,
            "Bob Loblaw"
        );
    })
    .await;
}

#[tokio::test]
async fn remove_opportunity_deletes_the_contacts_deal_in_the_chosen_pipeline() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let other = store
            .create_pipeline("Renewals", &app::domain::pipeline::default_stages())
            .await
            .unwrap();
        let definition = workflow(
            "Unsubscribed",
            vec![when(TriggerEvent::ContactTagAdded {
                tag: Some("stop".into()),
            })],
            vec![step(
                1,
                "Remove",
                Action::RemoveOpportunity { pipeline: sales.id },
            )],
        );
        publish(&store, &dana, &definition).await;
        let ann = contact(&store, "Ann", "Perkins", "ann@example.com").await;
        let mut ids = Vec::new();
        for (name, pipeline) in [("In sales", &sales), ("In renewals", &other)] {
            let mut new = deal(name, "10", Some(stage(pipeline, "Prospecting")));
            new.contact = Some(app::store::opportunities::create::ContactChoice::Existing(
                ann,
            ));
            ids.push(
                store
                    .create_opportunity(Actor::User(dana.id), new)
                    .await
                    .unwrap()
                    .id,
            );
        }
        tag(&store, ann, &["stop"]).await;
        settle(&store).await;
        assert!(
            store.card(ids[0], viewer(&dana)).await.is_err(),
            "the sales deal is gone"
        );
        assert!(
            store.card(ids[1], viewer(&dana)).await.is_ok(),
            "the renewals deal stays"
        );
        let events = store.opportunity_events(ids[0]).await.unwrap();
        assert_eq!(events.last().map(|e| e.kind), Some(EventKind::Deleted));
        let _ = Status::Open;
    })
    .await;
}

/// Sets a contact's tags through the contact form's save, as a person does.
async fn tag(store: &app::store::Store, id: app::domain::board::ContactId, tags: &[&str]) {
    let record = store.contact_record(id).await.unwrap();
    let fields = app::domain::contact::ContactFields {
        first_name: record.first_name,
        last_name: record.last_name,
        email: record
            .email
            .as_deref()
            .and_then(|e| app::domain::account::EmailAddress::parse(e).ok()),
        phone: record.phone,
        company: record.company.map(|c| c.id),
        owner: record.owner.map(|o| UserId(o.id)),
        source: record.source,
        tags: tags.iter().map(|t| t.to_string()).collect(),
    };
    store
        .save_contact(Actor::System, Some(id), &fields, &record.custom)
        .await
        .unwrap();
}

trait LinkedDeals {
    async fn linked_deals_of_contact(
        &self,
        contact: app::domain::board::ContactId,
    ) -> Vec<app::domain::board::OpportunityId>;
}

impl LinkedDeals for app::store::Store {
    async fn linked_deals_of_contact(
        &self,
        contact: app::domain::board::ContactId,
    ) -> Vec<app::domain::board::OpportunityId> {
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT opportunity_id FROM opportunity_contacts WHERE contact_id = $1 ORDER BY opportunity_id")
            .bind(contact.0)
            .fetch_all(self.pool())
            .await
            .unwrap();
        rows.into_iter()
            .map(|(id,)| app::domain::board::OpportunityId(id))
            .collect()
    }
}
