//! The automation engine on both databases: triggers enroll records from committed
//! changes, steps act through the opportunity service as the workflow, versions pin
//! runs, re-entry and the loop guard stop what they should, and the log says why.
mod common;

use app::domain::activity::ActivityTarget;
use app::domain::change::Actor;
use app::domain::workflow::listing::{RunRecord, RunStatus, StepStatus};
use app::domain::workflow::{Action, Assignee, OpportunityFields, TriggerEvent};
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;

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

/// The engine may match a change later than it was made (an import keeps it busy): a
/// workflow published, or published again after it was deactivated, in between does
/// not enroll the record. A new version of a live workflow does.
#[tokio::test]
async fn a_change_made_before_a_workflow_went_live_does_not_enroll_in_it() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let prospecting = Some(stage(&sales, "Prospecting"));
        let mut definition = workflow(
            "Welcome new deals",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![step(1, "Note", Action::AddNote { body: "new".into() })],
        );
        let id = store.create_workflow(dana.id, &definition).await.unwrap();
        let before = store
            .create_opportunity(actor, deal("Before", "1", prospecting))
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        store.publish_workflow(id, dana.id).await.unwrap();
        let after = store
            .create_opportunity(actor, deal("After", "1", prospecting))
            .await
            .unwrap();
        // A new version while live: the change made under the old one still enrolls.
        definition.description = "Second version".into();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        store.save_workflow(id, dana.id, &definition).await.unwrap();
        store.publish_workflow(id, dana.id).await.unwrap();
        settle(&store).await;
        let records: Vec<_> = runs_of(&store, id)
            .await
            .into_iter()
            .map(|(r, _)| r.record)
            .collect();
        assert_eq!(
            records,
            [RunRecord::Opportunity(after.id.0)],
            "not {:?}",
            before.id
        );

        // Deactivated, a deal is created; published again before the engine matched it.
        store.deactivate_workflow(id, dana.id).await.unwrap();
        store
            .create_opportunity(actor, deal("While off", "1", prospecting))
            .await
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        store.publish_workflow(id, dana.id).await.unwrap();
        settle(&store).await;
        assert_eq!(
            runs_of(&store, id).await.len(),
            1,
            "nothing from while it was off"
        );
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
            .save_workflow(id, dana.id, &wait_then_note("version two"))
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
        let restored = store
            .restore_workflow_version(id, dana.id, 1)
            .await
            .unwrap();
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
        store.save_workflow(id, dana.id, &definition).await.unwrap();
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
