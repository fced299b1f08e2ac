//! What a server function knows about its request: the store, the signed-in user, the caller.
use super::AppError;
use crate::auth::{cookie, SignedIn};
use crate::domain::account::User;
use crate::state::AppState;
use crate::store::{now_ms, Store};
use axum::extract::ConnectInfo;
use http::{header, request::Parts, HeaderValue};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::net::SocketAddr;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from server function context");
        AppError::Server
    })
}

pub fn store() -> Result<Store, AppError> {
    state().map(|s| s.store)
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or(AppError::Server)
}

pub fn signed_in() -> Option<SignedIn> {
    use_context::<Parts>().and_then(|p| p.extensions.get::<SignedIn>().cloned())
}

pub fn require_user() -> Result<User, AppError> {
    signed_in().map(|s| s.user).ok_or(AppError::NotSignedIn)
}

pub fn require_admin() -> Result<User, AppError> {
    let user = require_user()?;
    if user.role.can_manage_users() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Managers and admins configure pipelines and stages.
pub fn require_pipeline_manager() -> Result<User, AppError> {
    let user = require_user()?;
    if user.role.can_configure_pipelines() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in user as the store's read paths see them.
pub fn viewer(user: &User) -> crate::store::opportunities::board::Viewer {
    crate::store::opportunities::board::Viewer {
        user: user.id,
        only_assigned: user.only_assigned_data,
    }
}

/// `id` if it names an active user (an owner, a follower); else the message for `field`.
pub async fn active_user(
    store: &Store,
    id: Option<crate::domain::account::UserId>,
    field: &str,
    message: &str,
) -> Result<crate::domain::account::UserId, AppError> {
    match id {
        Some(id) if store.user(id).await.is_ok_and(|u| u.active) => Ok(id),
        _ => Err(AppError::invalid(field, message)),
    }
}

/// The ids of the ticked rows (`ids`, comma-separated); at least one, or the message to
/// select `what` ("deal").
pub fn ticked_ids(ids: &str, what: &str) -> Result<Vec<i64>, AppError> {
    let ids = ids
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse())
        .collect::<Result<Vec<i64>, _>>()
        .map_err(|_| AppError::invalid("selection", "The selection could not be read."))?;
    if ids.is_empty() {
        return Err(AppError::invalid(
            "selection",
            format!("Select at least one {what}."),
        ));
    }
    Ok(ids)
}

/// The business currency every amount is typed and shown in.
pub async fn currency(store: &Store) -> Result<crate::domain::currency::Currency, AppError> {
    store
        .workspace()
        .await?
        .map(|w| w.currency)
        .ok_or(AppError::Server)
}

/// The caller's network address, for throttling password attempts: the connection's
/// peer, or the address a trusted proxy forwarded for.
pub fn client_address() -> String {
    let Some(parts) = use_context::<Parts>() else {
        return "unknown".to_string();
    };
    let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
        return "unknown".to_string();
    };
    let proxies = state().map(|s| s.trusted_proxies).unwrap_or_default();
    proxies
        .client_address(peer.ip(), &parts.headers)
        .to_string()
}

fn https() -> bool {
    use_context::<Parts>().is_some_and(|p| cookie::is_https(&p.headers))
}

/// Sets the status of the response a server function sends (its errors are 500 otherwise).
pub fn set_status(status: http::StatusCode) -> Result<(), AppError> {
    let response = use_context::<ResponseOptions>().ok_or(AppError::Server)?;
    response.set_status(status);
    Ok(())
}

fn set_header(name: header::HeaderName, value: &str) -> Result<(), AppError> {
    let response = use_context::<ResponseOptions>().ok_or(AppError::Server)?;
    let value = HeaderValue::from_str(value).map_err(|_| AppError::Server)?;
    response.append_header(name, value);
    Ok(())
}

/// Signs `user` in on this browser with a brand-new session id, ending the one it had.
pub async fn begin_session(store: &Store, user: &User) -> Result<(), AppError> {
    if let Some(old) = signed_in() {
        store.delete_session(&old.token_hash).await?;
    }
    let token = cookie::new_token();
    let now = now_ms();
    store
        .create_session(
            &cookie::token_hash(&token),
            user.id,
            now,
            now + cookie::SESSION_MS,
        )
        .await?;
    set_header(header::SET_COOKIE, &cookie::set_cookie(&token, https()))
}

pub async fn end_session(store: &Store) -> Result<(), AppError> {
    if let Some(current) = signed_in() {
        store.delete_session(&current.token_hash).await?;
    }
    set_header(header::SET_COOKIE, &cookie::clear_cookie(https()))
}

/// A form posted without JavaScript cannot show an error in place; send the browser
/// back to `page` with the message in the query string, where the page shows it.
pub fn back_with_error<T>(result: Result<T, AppError>, page: &str) -> Result<T, AppError> {
    if let Err(err) = &result {
        let plain_form = parts().is_ok_and(|p| {
            p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        });
        if plain_form {
            let message: String =
                form_urlencoded::byte_serialize(err.to_string().as_bytes()).collect();
            leptos_axum::redirect(&format!("{page}?error={message}"));
        }
    }
    result
}
