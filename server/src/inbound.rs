//! `POST /api/hooks/{token}`: a delivery to a workflow's Inbound Webhook trigger. A bad
//! token gets 401, a body that is not a JSON object 400, one over 1 MB 413, each with a
//! sentence saying what to change, and nothing is enrolled.
use app::domain::workflow::inbound::{read_body, INBOUND_LIMIT};
use app::state::AppState;
use app::store::workflows::inbound::InboundRefusal;
use axum::body::{to_bytes, Body};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

fn answer(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

pub async fn receive(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // One byte past the limit tells an oversized body from one exactly at it.
    let bytes = match to_bytes(body, INBOUND_LIMIT + 1).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let message = format!(
                "The body is over {} MB; inbound webhooks accept up to 1 MB.",
                INBOUND_LIMIT / (1024 * 1024)
            );
            return answer(StatusCode::PAYLOAD_TOO_LARGE, &message);
        }
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let body = match read_body(content_type, &bytes, INBOUND_LIMIT) {
        Ok(body) => body,
        Err(problem) => {
            let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::BAD_REQUEST);
            return answer(status, &problem.message);
        }
    };
    match state.store.receive_inbound(&token, body).await {
        Ok(received) => (
            StatusCode::ACCEPTED,
            Json(json!({ "accepted": true, "contact": received.contact.map(|c| c.0), "contact_created": received.created })),
        )
            .into_response(),
        Err(InboundRefusal::UnknownToken) => answer(StatusCode::UNAUTHORIZED, &InboundRefusal::UnknownToken.to_string()),
        Err(refusal @ InboundRefusal::NoContact(_)) => answer(StatusCode::BAD_REQUEST, &refusal.to_string()),
        Err(InboundRefusal::Store(err)) => {
            tracing::error!("inbound webhook: {err}");
            answer(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side; nothing was enrolled. Send it again in a moment.")
        }
    }
}
