//! `GET /api/live/board`: a server-sent event stream of deal and pipeline changes, each
//! as JSON (`BoardChange`), filtered to what the signed-in person may see.
use app::auth::SignedIn;
use app::live::visible_to;
use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::stream::{self, StreamExt};
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

pub async fn board_events(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
) -> Response {
    let Some(Extension(signed_in)) = signed_in else {
        return (StatusCode::UNAUTHORIZED, "Sign in to follow the board.").into_response();
    };
    let (me, only_assigned) = (signed_in.user.id, signed_in.user.only_assigned_data);
    let receiver = state.store.feed().subscribe();
    let events = stream::unfold(receiver, move |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(change) if visible_to(&change, me, only_assigned) => {
                    let event = Event::default().event("change").json_data(&*change).ok()?;
                    return Some((event, receiver));
                }
                Ok(_) => continue,
                // Too far behind to patch: the board reloads itself.
                Err(RecvError::Lagged(_)) => {
                    return Some((Event::default().event("reload").data("lagged"), receiver))
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(events.map(Ok::<_, Infallible>))
        .keep_alive(KeepAlive::default())
        .into_response()
}
