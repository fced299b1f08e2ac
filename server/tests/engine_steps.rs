//! Steps over time, on both databases: waits hold a run across restarts and run when
//! due, steps read the workspace as it is when they run, and Send Webhook delivers
//! signed JSON at least once with one idempotency key, retrying a receiver that fails.
mod common;

use app::domain::change::Actor;
use app::domain::workflow::listing::{RunStatus, StepStatus};
use app::domain::workflow::{Action, Duration, TimeUnit, TriggerEvent, WaitUntil};
use app::engine::WorkflowEngine;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;
use std::sync::{Arc, Mutex};

#[tokio::test]
async fn a_wait_holds_the_run_until_due_even_across_a_restart() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let definition = workflow(
            "Later",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![
                step(
                    1,
                    "An hour",
                    Action::Wait {
                        until: WaitUntil::Duration {
                            duration: Duration {
                                amount: 1,
                                unit: TimeUnit::Hours,
                            },
                        },
                    },
                ),
                step(
                    2,
                    "Note",
                    Action::AddNote {
                        body: "an hour on".into(),
                    },
                ),
            ],
        );
        let id = publish(&store, &dana, &definition).await;
        globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        settle(&store).await;
        let (run, log) = runs_of(&store, id).await.remove(0);
        let RunStatus::Waiting { until } = run.status else {
            panic!("{run:?}")
        };
        assert_eq!(log.last().map(|s| s.status), Some(StepStatus::Waiting));
        assert!(
            log.last().unwrap().message.starts_with("Waiting until"),
            "{}",
            log[0].message
        );
        // A new engine (a restarted server) at a time past the wait runs the rest.
        WorkflowEngine::new(store.as_of(until + 1))
            .drain()
            .await
            .unwrap();
        let (run, log) = runs_of(&store, id).await.remove(0);
        assert_eq!(run.status, RunStatus::Finished);
        assert_eq!(
            log.iter().map(|s| s.step).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
    })
    .await;
}

#[tokio::test]
async fn a_step_sees_the_workspace_as_it_is_when_it_runs() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let fox = store.create_user(&new_user("Fox Mulder", "fox@acme.test", false)).await.unwrap();
        let definition = workflow(
            "Greet",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![step(1, "Note", Action::AddNote { body: "{{opportunity.name}} is {{opportunity.assigned_user | default(\"nobody's\")}}".into() })],
        );
        publish(&store, &dana, &definition).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        WorkflowEngine::new(store.clone()).match_changes().await.unwrap();
        let card = store.edit_opportunity(Actor::User(dana.id), card.id, card.version, app::store::opportunities::edit::FieldEdit::Owner(Some(fox.id))).await.unwrap();
        store.edit_opportunity(Actor::User(dana.id), card.id, card.version, app::store::opportunities::edit::FieldEdit::Name("Globex renewal".into())).await.unwrap();
        settle(&store).await;
        let notes = store.record_activities(app::domain::activity::ActivityTarget::Opportunity(card.id.0), viewer(&dana)).await.unwrap();
        assert!(format!("{notes:?}").contains("Globex renewal is Fox Mulder"), "{notes:?}");
    })
    .await;
}

/// A receiver on loopback that answers each request with the next status of `answers`
/// (then 200) and keeps what it got.
async fn receiver(answers: Vec<u16>) -> (String, Arc<Mutex<Vec<(HeaderMap, String)>>>) {
    let got: Arc<Mutex<Vec<(HeaderMap, String)>>> = Arc::default();
    let answers = Arc::new(Mutex::new(answers.into_iter()));
    let kept = got.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: String| {
            let (kept, answers) = (kept.clone(), answers.clone());
            async move {
                kept.lock().unwrap().push((headers, body));
                let status = answers.lock().unwrap().next().unwrap_or(200);
                StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

#[tokio::test]
async fn send_webhook_delivers_signed_json_and_retries_a_failing_receiver_with_one_key() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let (url, got) = receiver(vec![503]).await;
        let definition = workflow(
            "Tell the warehouse",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![
                step(
                    1,
                    "Post",
                    Action::SendWebhook {
                        url,
                        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into(),
                        body: None,
                    },
                ),
                step(
                    2,
                    "Note",
                    Action::AddNote {
                        body: "sent".into(),
                    },
                ),
            ],
        );
        let id = publish(&store, &dana, &definition).await;
        globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        settle(&store).await;
        let (run, log) = runs_of(&store, id).await.remove(0);
        assert_eq!(
            run.status,
            RunStatus::Running,
            "waiting to try again: {log:?}"
        );
        assert!(run.message.as_deref().unwrap().contains("503"), "{run:?}");
        // Ten seconds later the second try goes through.
        let later = store.now() + 11_000;
        WorkflowEngine::new(store.as_of(later))
            .drain()
            .await
            .unwrap();
        let (run, log) = runs_of(&store, id).await.remove(0);
        assert_eq!(run.status, RunStatus::Finished, "{log:?}");
        assert_eq!(
            log.iter().map(|s| (s.step, s.status)).collect::<Vec<_>>(),
            [(Some(1), StepStatus::Done), (Some(2), StepStatus::Done)]
        );
        assert_eq!(log[0].resolved["status"], 200);
        let got = got.lock().unwrap();
        assert_eq!(got.len(), 2);
        let ids: Vec<&str> = got
            .iter()
            .map(|(h, _)| h["webhook-id"].to_str().unwrap())
            .collect();
        assert_eq!(ids[0], ids[1], "every try carries the same idempotency key");
        assert_eq!(got[0].0["idempotency-key"], got[0].0["webhook-id"]);
        assert!(got[0].0["webhook-signature"]
            .to_str()
            .unwrap()
            .starts_with("v1,"));
        let body: serde_json::Value = serde_json::from_str(&got[1].1).unwrap();
        assert_eq!(
            body["opportunity"]["name"], "Globex",
            "the merge values go as the body: {body}"
        );
    })
    .await;
}
