//! The session every screen reads: workspace and signed-in user, loaded once per page load.
use crate::api::account::{session_info, Session};
use crate::api::AppError;
use leptos::prelude::*;

/// The session, loaded for the calling component.
///
/// Each component gets its own resource on purpose: one resource awaited by two
/// `<Suspense>` boundaries (layout and page) is a known cause of server renders that
/// never finish in Leptos 0.8 (leptos-rs/leptos#4851). It costs one more small read.
pub fn use_session() -> Resource<Result<Session, AppError>> {
    Resource::new(|| (), |_| session_info())
}

/// The session once loaded (`None` while loading or if it failed to load).
pub fn use_session_value() -> Signal<Option<Session>> {
    let session = use_session();
    Signal::derive(move || session.get().and_then(Result::ok))
}

/// Loads `path` as a fresh page, so every part of the screen sees a changed session.
pub fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
