//! The session every screen reads: workspace and signed-in user, loaded once per page load.
use crate::api::account::{session_info, Session};
use crate::api::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<Session, AppError>>);

pub fn provide_session() {
    provide_context(SessionResource(Resource::new(|| (), |_| session_info())));
}

pub fn use_session() -> Resource<Result<Session, AppError>> {
    expect_context::<SessionResource>().0
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
