//! Workflows over HTTP in a few words: create one as an admin, read an error answer.
use super::http::{Client, Reply};
use super::workflows::{step, when, workflow};
use app::api::AppError;
use app::domain::workflow::{Action, Definition, ManualRecords, Settings, TriggerEvent};
use axum::http::StatusCode;
use serde_json::json;

/// "Welcome by hand": a Manual trigger (on deals and contacts) and an Add Note step.
pub fn by_hand(allow_reentry: bool) -> Definition {
    Definition {
        settings: Settings { allow_reentry },
        ..workflow(
            "Welcome by hand",
            vec![when(TriggerEvent::Manual {
                records: ManualRecords::Any,
            })],
            vec![step(
                1,
                "Say hello",
                Action::AddNote {
                    body: "Welcomed by hand.".into(),
                },
            )],
        )
    }
}

pub async fn create(client: &Client, cookie: &str, definition: &Definition) -> Reply {
    client
        .call_json(
            "workflows/create",
            cookie,
            &json!({ "definition": definition }),
        )
        .await
}

/// Creates `definition` as Dana and returns its id.
pub async fn created(client: &Client, dana: &str, definition: &Definition) -> String {
    let reply = create(client, dana, definition).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

pub fn error(reply: &Reply) -> AppError {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("{} {}", reply.status, reply.body))
}
