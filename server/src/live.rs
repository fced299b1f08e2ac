//! `GET /api/live/board?since=N`: a server-sent event stream of deal and pipeline changes,
//! each as JSON (`BoardChange`), filtered to what the signed-in person may see. `since` is
//! the change log's mark the board was read at: when a change has come in since (between
//! the board's read and this stream's start, or while a dropped stream reconnects), the
//! first event is `reload`, so nothing is missed.
//!
//! Access is the database's to decide, never this process's memory: before anything is
//! sent the stream looks its session up again, so it ends once the session is gone or
//! its person deactivated, and filters by their rights of that moment. A quiet stream
//! checks every few seconds too, and at once when the feed says access changed.
use app::auth::SignedIn;
use app::domain::account::User;
use app::live::{visible_to, FeedEvent};
use app::state::AppState;
use app::store::{now_ms, Store};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::stream::{self, StreamExt};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{interval_at, Instant, Interval, MissedTickBehavior};

/// How long a quiet stream goes without checking its session: the longest an expired
/// session, or one ended by another server process, keeps a stream open.
const RECHECK: Duration = Duration::from_secs(5);

#[derive(Debug, serde::Deserialize)]
pub struct Since {
    since: Option<i64>,
}

pub async fn board_events(
    State(state): State<AppState>,
    Query(Since { since }): Query<Since>,
    signed_in: Option<Extension<SignedIn>>,
) -> Response {
    let Some(Extension(signed_in)) = signed_in else {
        return (StatusCode::UNAUTHORIZED, "Sign in to follow the board.").into_response();
    };
    // Subscribed before the mark is read: a change after the read arrives on the feed.
    let receiver = state.store.feed().subscribe();
    let missed = match since {
        Some(since) => match state.store.board_mark().await {
            Ok(mark) => mark > since,
            Err(err) => {
                tracing::error!("live stream: reading the change log's mark failed: {err}");
                true
            }
        },
        None => false,
    };
    let mut recheck = interval_at(Instant::now() + RECHECK, RECHECK);
    recheck.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let listener = Listener {
        receiver,
        only_assigned: signed_in.user.only_assigned_data,
        store: state.store,
        token_hash: signed_in.token_hash,
        recheck,
    };
    let events = stream::unfold(listener, |mut listener| async move {
        let event = listener.next_event().await?;
        Some((event, listener))
    });
    let first = missed.then(|| Event::default().event("reload").data("missed"));
    let events = stream::iter(first).chain(events);
    Sse::new(events.map(Ok::<_, Infallible>))
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// One open stream: its session, and the rights its last event was filtered by.
struct Listener {
    store: Store,
    token_hash: String,
    receiver: broadcast::Receiver<Arc<FeedEvent>>,
    only_assigned: bool,
    recheck: Interval,
}

impl Listener {
    /// The next event to send, or `None` to end the stream.
    async fn next_event(&mut self) -> Option<Event> {
        loop {
            let received = tokio::select! {
                received = self.receiver.recv() => Some(received),
                _ = self.recheck.tick() => None,
            };
            if let Some(Err(RecvError::Closed)) = received {
                return None;
            }
            let person = self.person().await?;
            if person.only_assigned_data != self.only_assigned {
                // What the board shows was picked under other rights: it loads again.
                self.only_assigned = person.only_assigned_data;
                return Some(Event::default().event("reload").data("access"));
            }
            match received.as_ref().map(|r| r.as_deref()) {
                Some(Ok(FeedEvent::Board(change))) => {
                    if let Some(change) = visible_to(change, person.id, self.only_assigned) {
                        return Event::default().event("change").json_data(&change).ok();
                    }
                }
                // Too far behind to patch: the board reloads itself.
                Some(Err(RecvError::Lagged(_))) => {
                    return Some(Event::default().event("reload").data("lagged"))
                }
                Some(Ok(FeedEvent::AccessChanged)) | Some(Err(RecvError::Closed)) | None => {}
            }
        }
    }

    /// The stream's person as the database has them now; `None` when the session has
    /// ended, expired or belongs to a deactivated user (or cannot be checked).
    async fn person(&self) -> Option<User> {
        match self.store.session_user(&self.token_hash, now_ms()).await {
            Ok(person) => person,
            Err(err) => {
                tracing::error!("live stream: checking the session failed: {err}");
                None
            }
        }
    }
}
