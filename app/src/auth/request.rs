//! Who is asking: the middleware that turns a session cookie into a user for pages and server functions.
use super::cookie;
use crate::domain::account::User;
use crate::store::{now_ms, Store};
use axum::{extract::Request, middleware::Next, response::Response};

/// Put in each request's extensions by [`resolve_session`] when a live session is found.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub token_hash: String,
}

/// Looks up the session cookie once per request, before pages and server functions run.
pub async fn resolve_session(store: Store, mut req: Request, next: Next) -> Response {
    if let Some(token) = cookie::token_from(req.headers()) {
        let token_hash = cookie::token_hash(&token);
        match store.session_user(&token_hash, now_ms()).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(SignedIn { user, token_hash });
            }
            Ok(None) => {}
            Err(err) => tracing::error!("session lookup failed: {err}"),
        }
    }
    next.run(req).await
}
