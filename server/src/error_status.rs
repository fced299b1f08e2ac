//! Server function errors answered with the status their kind means (leptos answers all with 500).
use app::api::AppError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// An encoded `AppError` is a few hundred bytes; anything longer is not one.
const LONGEST_ERROR: usize = 64 * 1024;

/// Gives a failed server function call the status of its `AppError`: 400 for input to
/// fix, 401 when signed out, 403 refused, 404 missing, 409 conflict; only faults stay 500.
pub async fn status_from_error(req: Request, next: Next) -> Response {
    let server_function = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    if !server_function || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, LONGEST_ERROR).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}
