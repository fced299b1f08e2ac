//! `GET /files/{id}`: a deal's file, for whoever may see the deal. Sent as an attachment
//! under the name it was uploaded with, never shown inline (an uploaded HTML file must
//! not run as a page of Dealflow).
use app::auth::SignedIn;
use app::domain::board::OpportunityId;
use app::state::AppState;
use app::store::opportunities::board::Viewer;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed_in: Option<Extension<SignedIn>>,
) -> Response {
    let Some(Extension(signed_in)) = signed_in else {
        return (StatusCode::UNAUTHORIZED, "Sign in to download files.").into_response();
    };
    let viewer = Viewer {
        user: signed_in.user.id,
        only_assigned: signed_in.user.only_assigned_data,
    };
    let store = &state.store;
    let not_found = || (StatusCode::NOT_FOUND, "No such file.").into_response();
    let Ok(file) = store.file(id).await else {
        return not_found();
    };
    if store
        .card(OpportunityId(file.opportunity_id), viewer)
        .await
        .is_err()
    {
        return not_found();
    }
    let Ok(bytes) = store.file_bytes(id).await else {
        return not_found();
    };
    let ascii: String = file
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = form_urlencoded::byte_serialize(file.file_name.as_bytes()).collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        encoded.replace('+', "%20")
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&file.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}
