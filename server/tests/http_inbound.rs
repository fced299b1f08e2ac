//! Inbound Webhook over HTTP, on both databases: a delivery to the trigger's URL finds
//! or creates the contact and runs the workflow with the body as merge fields; a bad
//! token, a body that is not JSON, or one over 1 MB is refused and enrolls nothing.
mod common;

use app::domain::activity::ActivityTarget;
use app::domain::workflow::listing::{RunRecord, RunStatus};
use app::domain::workflow::{Action, TriggerEvent};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::deals::*;
use common::http::Client;
use common::on_each_engine;
use common::workflows::*;

const TOKEN: &str = "d2f1c0b9a8e7f6d5c4b3a2f1e0d9c8b7";

fn delivery(token: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(format!("/api/hooks/{token}"))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ORIGIN, "https://forms.example.net")
        .body(body.into())
        .unwrap()
}

async fn waiting(store: &app::store::Store) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM workflow_events")
        .fetch_one(store.pool())
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn a_delivery_creates_the_contact_and_runs_with_the_body_as_merge_fields() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let definition = workflow(
            "Web leads",
            vec![when(TriggerEvent::InboundWebhook {
                token: TOKEN.into(),
                email_path: Some("lead.email".into()),
                phone_path: None,
                name_path: Some("lead.name".into()),
            })],
            vec![step(1, "Note", Action::AddNote { body: "Asked about {{inbound_webhook.lead.treatment}} via {{inbound_webhook.form | default(\"the site\")}}".into() })],
        );
        let id = publish(&store, &dana, &definition).await;
        let client = Client::new(store.clone());
        let body = r#"{"lead": {"email": "Ann@Example.com", "name": "Ann Perkins", "treatment": "Botox"}}"#;
        let reply = client.send(delivery(TOKEN, "application/json", body)).await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
        settle(&store).await;
        let runs = runs_of(&store, id).await;
        let (run, log) = &runs[0];
        assert_eq!(run.status, RunStatus::Finished, "{log:?}");
        let RunRecord::Contact(contact) = run.record else { panic!("{run:?}") };
        let record = store.contact_record(app::domain::board::ContactId(contact)).await.unwrap();
        assert_eq!((record.name.as_str(), record.email.as_deref()), ("Ann Perkins", Some("ann@example.com")));
        let notes = store.record_activities(ActivityTarget::Contact(contact), viewer(&dana)).await.unwrap();
        assert!(format!("{notes:?}").contains("Asked about Botox via the site"), "{notes:?}");
        // The same email again: the same contact, no second one.
        let again = client.send(delivery(TOKEN, "application/json", body)).await;
        assert_eq!(again.status, StatusCode::ACCEPTED);
        assert!(again.body.contains(&format!("\"contact\":{contact}")), "{}", again.body);
    })
    .await;
}

#[tokio::test]
async fn bad_deliveries_are_refused_with_a_sentence_and_enroll_nothing() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let definition = workflow(
            "Web leads",
            vec![when(TriggerEvent::InboundWebhook {
                token: TOKEN.into(),
                email_path: Some("email".into()),
                phone_path: None,
                name_path: None,
            })],
            vec![step(1, "Note", Action::AddNote { body: "hi".into() })],
        );
        let id = publish(&store, &dana, &definition).await;
        let client = Client::new(store.clone());
        let cases = [
            (
                delivery("not-the-token", "application/json", r#"{"email": "a@b.c"}"#),
                StatusCode::UNAUTHORIZED,
                "not known",
            ),
            (
                delivery(TOKEN, "application/json", "{oops"),
                StatusCode::BAD_REQUEST,
                "line 1",
            ),
            (
                delivery(TOKEN, "application/json", "[1, 2]"),
                StatusCode::BAD_REQUEST,
                "JSON array",
            ),
            (
                delivery(TOKEN, "application/json", r#"{"phone": "5"}"#),
                StatusCode::BAD_REQUEST,
                "no contact email or phone",
            ),
            (
                delivery(
                    TOKEN,
                    "application/json",
                    format!("{{\"pad\": \"{}\"}}", "x".repeat(1_100_000)),
                ),
                StatusCode::PAYLOAD_TOO_LARGE,
                "up to 1 MB",
            ),
        ];
        for (request, status, words) in cases {
            let reply = client.send(request).await;
            assert_eq!(reply.status, status, "{}", reply.body);
            assert!(reply.body.contains(words), "{status}: {}", reply.body);
        }
        assert_eq!(waiting(&store).await, 0);
        settle(&store).await;
        assert!(runs_of(&store, id).await.is_empty());
        store.deactivate_workflow(id, dana.id).await.unwrap();
        let reply = client
            .send(delivery(TOKEN, "application/json", r#"{"email": "a@b.c"}"#))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "a deactivated workflow's URL no longer works"
        );
    })
    .await;
}
