//! The builder's Test and run management, on both databases: a Test shows each step's
//! before -> after, merge fields resolved and the webhook it would send, and leaves
//! the deal, its timeline, the runs and the receiver untouched; Run for real enrolls
//! the record; History filters runs; Remove from workflow stops a waiting run; a failed
//! run is retried from its failed step.
mod common;

use app::domain::change::Actor;
use app::domain::workflow::listing::{
    RunFilter, RunFilterStatus, RunRecord, RunStatus, StepStatus, WorkflowId,
};
use app::domain::workflow::trial::{TrialEnd, TrialOf};
use app::domain::workflow::{Action, Duration, TimeUnit, TriggerEvent, WaitUntil};
use app::store::{Store, StoreError};
use axum::http::StatusCode;
use axum::routing::post;
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;
use std::sync::{Arc, Mutex};

/// A receiver on loopback answering with the next of `answers` (then 200); counts calls.
async fn receiver(answers: Vec<u16>) -> (String, Arc<Mutex<usize>>) {
    let calls: Arc<Mutex<usize>> = Arc::default();
    let answers = Arc::new(Mutex::new(answers.into_iter()));
    let counted = calls.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move || {
            let (counted, answers) = (counted.clone(), answers.clone());
            async move {
                *counted.lock().unwrap() += 1;
                let status = answers.lock().unwrap().next().unwrap_or(200);
                StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, calls)
}

fn webhook(url: &str) -> Action {
    Action::SendWebhook {
        url: url.into(),
        secret: String::new(),
        body: Some(r#"{"deal": "{{opportunity.name}}"}"#.into()),
    }
}

async fn count(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(store.pool()).await.unwrap();
    n
}

#[tokio::test]
async fn a_test_shows_what_each_step_would_do_and_writes_nothing() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let (url, calls) = receiver(vec![]).await;
        let definition = workflow(
            "Proposal",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![
                step(1, "To Proposal", move_to(stage(&sales, "Proposal"))),
                step(
                    2,
                    "Note",
                    Action::AddNote {
                        body: "Sent {{opportunity.name}} a proposal".into(),
                    },
                ),
                step(3, "Tell the warehouse", webhook(&url)),
            ],
        );
        let id = store.create_workflow(dana.id, &definition).await.unwrap();
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        let events = count(&store, "SELECT COUNT(*) FROM opportunity_events").await;
        let activities = count(&store, "SELECT COUNT(*) FROM activities").await;
        let record = RunRecord::Opportunity(card.id.0);
        let trial = app::engine::trial(&store, id, (&definition, TrialOf::Draft), record)
            .await
            .unwrap();
        assert_eq!(trial.record_name, "Globex");
        assert_eq!(trial.end, TrialEnd::Finished, "{trial:?}");
        let steps: Vec<_> = trial.steps.iter().map(|s| (s.step, s.status)).collect();
        assert_eq!(
            steps,
            [
                (Some(1), StepStatus::Done),
                (Some(2), StepStatus::Done),
                (Some(3), StepStatus::Done)
            ]
        );
        let said = &trial.steps[0].changes[0]["result"]["said"];
        assert_eq!(said[0], "Moved from Prospecting to Proposal", "{said}");
        assert!(
            trial.steps[2].message.contains("not sent in a Test"),
            "{}",
            trial.steps[2].message
        );
        assert_eq!(
            trial.steps[2].resolved["body"]["deal"], "Globex",
            "merge fields are resolved"
        );
        // Nothing was written and nothing was sent.
        let now = store.card(card.id, viewer(&dana)).await.unwrap();
        assert_eq!(now.stage_id, card.stage_id);
        assert_eq!(now.version, card.version);
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM opportunity_events").await,
            events
        );
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM activities").await,
            activities
        );
        assert_eq!(count(&store, "SELECT COUNT(*) FROM workflow_runs").await, 0);
        assert_eq!(
            count(&store, "SELECT COUNT(*) FROM workflow_entries").await,
            0
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(*calls.lock().unwrap(), 0, "no webhook is sent");
    })
    .await;
}

/// "Later": on a new deal, wait a day, then move it to Proposal.
fn a_day_then_proposal(sales: &app::domain::board::Pipeline) -> app::domain::workflow::Definition {
    workflow(
        "Later",
        vec![when(TriggerEvent::OpportunityCreated)],
        vec![
            step(
                1,
                "A day",
                Action::Wait {
                    until: WaitUntil::Duration {
                        duration: Duration {
                            amount: 1,
                            unit: TimeUnit::Days,
                        },
                    },
                },
            ),
            step(2, "To Proposal", move_to(stage(sales, "Proposal"))),
        ],
    )
}

#[tokio::test]
async fn a_test_stops_where_the_run_would_wait_or_fail() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let wait = a_day_then_proposal(&sales);
        let id = store.create_workflow(dana.id, &wait).await.unwrap();
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        let record = RunRecord::Opportunity(card.id.0);
        let trial = app::engine::trial(&store, id, (&wait, TrialOf::Draft), record)
            .await
            .unwrap();
        let TrialEnd::Waits { until } = trial.end else {
            panic!("{trial:?}")
        };
        assert!(until > store.now() + 23 * 3_600_000);
        assert_eq!(
            trial.steps.len(),
            1,
            "the steps after a wait are not guessed"
        );
        // A step that names a stage deleted since fails, as a real run would.
        let mut gone = wait.clone();
        gone.steps.remove(0);
        gone.steps[0].action = move_to(app::domain::pipeline::StageId(99_999));
        let trial = app::engine::trial(&store, id, (&gone, TrialOf::Draft), record)
            .await
            .unwrap();
        assert!(matches!(trial.end, TrialEnd::Fails { .. }), "{trial:?}");
        assert_eq!(trial.steps[0].status, StepStatus::Failed);
    })
    .await;
}

#[tokio::test]
async fn run_for_real_enrolls_the_tested_record_by_the_usual_rules() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        let definition = workflow(
            "Proposal",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![step(1, "To Proposal", move_to(stage(&sales, "Proposal")))],
        );
        let draft = store.create_workflow(dana.id, &definition).await.unwrap();
        let record = RunRecord::Opportunity(card.id.0);
        let refused = store.run_for_real(draft, record).await.unwrap_err();
        assert!(
            matches!(&refused, StoreError::Refused(m) if m.contains("not published")),
            "{refused}"
        );
        let id = publish(&store, &dana, &definition).await;
        let outcome = store.run_for_real(id, record).await.unwrap();
        assert_eq!(outcome.enrolled(), 1);
        settle(&store).await;
        let moved = store.card(card.id, viewer(&dana)).await.unwrap();
        assert_eq!(moved.stage_id, Some(stage(&sales, "Proposal")));
        // Allow re-entry is off: a second time is refused, and the run says why.
        let again = store.run_for_real(id, record).await.unwrap();
        assert_eq!(again.enrolled(), 0);
        let runs = runs_of(&store, id).await;
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].0.status, RunStatus::Stopped);
    })
    .await;
}

/// A published "wait a day, then move to Proposal" workflow with Globex waiting in it.
async fn waiting_globex(store: &Store) -> (WorkflowId, i64) {
    let (dana, sales) = setup(store).await;
    let id = publish(store, &dana, &a_day_then_proposal(&sales)).await;
    globex_in_prospecting(store, Actor::User(dana.id), &sales).await;
    settle(store).await;
    let run = runs_of(store, id).await.remove(0).0;
    (id, run.id)
}

#[tokio::test]
async fn history_filters_runs_and_remove_stops_a_waiting_one() {
    on_each_engine(|store| async move {
        let (id, run) = waiting_globex(&store).await;
        let active = RunFilter {
            status: Some(RunFilterStatus::Active),
            ..Default::default()
        };
        let enrolled = store.workflow_runs(id, &active, None, 10).await.unwrap();
        assert_eq!(enrolled.len(), 1);
        assert_eq!(enrolled[0].record_name, "Globex");
        assert_eq!(
            enrolled[0].at_step_name.as_deref(),
            Some("To Proposal"),
            "the step it goes on with once the wait is over"
        );
        let by_name = |record: &str| RunFilter {
            record: record.into(),
            ..Default::default()
        };
        assert_eq!(
            store
                .workflow_runs(id, &by_name("glob"), None, 10)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            store
                .workflow_runs(id, &by_name("acme"), None, 10)
                .await
                .unwrap()
                .len(),
            0
        );
        let tomorrow = RunFilter {
            from: Some(store.now() + 86_400_000),
            ..Default::default()
        };
        assert!(store
            .workflow_runs(id, &tomorrow, None, 10)
            .await
            .unwrap()
            .is_empty());

        let removed = store.remove_run(run, "Dana Scully").await.unwrap();
        assert_eq!(removed.status, RunStatus::Stopped);
        assert!(store
            .workflow_runs(id, &active, None, 10)
            .await
            .unwrap()
            .is_empty());
        let log = store.run_log(run).await.unwrap();
        assert_eq!(
            log.last().unwrap().message,
            "Removed from the workflow by Dana Scully."
        );
        let again = store.remove_run(run, "Dana Scully").await.unwrap_err();
        assert!(matches!(again, StoreError::Refused(_)), "{again}");
        // The day passes: the removed run does nothing.
        app::engine::WorkflowEngine::new(store.as_of(store.now() + 90_000_000))
            .drain()
            .await
            .unwrap();
        assert_eq!(store.run(run).await.unwrap().status, RunStatus::Stopped);
    })
    .await;
}

#[tokio::test]
async fn a_failed_run_is_retried_from_the_step_it_failed_at() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        // The receiver refuses the first delivery for good (400), then takes it.
        let (url, calls) = receiver(vec![400]).await;
        let definition = workflow(
            "Warehouse",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![
                step(
                    1,
                    "Note",
                    Action::AddNote {
                        body: "before".into(),
                    },
                ),
                step(2, "Tell the warehouse", webhook(&url)),
                step(
                    3,
                    "Note after",
                    Action::AddNote {
                        body: "after".into(),
                    },
                ),
            ],
        );
        let id = publish(&store, &dana, &definition).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        settle(&store).await;
        let (run, log) = runs_of(&store, id).await.remove(0);
        assert_eq!(run.status, RunStatus::Failed, "{log:?}");
        assert_eq!(run.at_step_name.as_deref(), Some("Tell the warehouse"));
        let refused = store.retry_run(run.id, "Dana Scully").await;
        assert!(refused.is_ok(), "{refused:?}");
        settle(&store).await;
        let (run, log) = runs_of(&store, id).await.remove(0);
        assert_eq!(run.status, RunStatus::Finished, "{log:?}");
        let steps: Vec<_> = log.iter().map(|s| (s.name.as_str(), s.status)).collect();
        assert_eq!(
            steps,
            [
                ("Note", StepStatus::Done),
                ("Tell the warehouse", StepStatus::Failed),
                ("Retry", StepStatus::Done),
                ("Tell the warehouse", StepStatus::Done),
                ("Note after", StepStatus::Done),
            ]
        );
        assert_eq!(*calls.lock().unwrap(), 2);
        let notes = count(
            &store,
            &format!(
                "SELECT COUNT(*) FROM activities WHERE opportunity_id = {}",
                card.id.0
            ),
        )
        .await;
        assert_eq!(notes, 2, "the step before the failure is not done twice");
        let finished = store.retry_run(run.id, "Dana Scully").await.unwrap_err();
        assert!(
            matches!(&finished, StoreError::Refused(m) if m.contains("Only a failed run")),
            "{finished}"
        );
    })
    .await;
}
