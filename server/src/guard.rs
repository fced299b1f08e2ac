//! Request guards: refuse cross-site writes, hold temporary passwords to changing them,
//! and send each page visitor where they belong.
use app::api::AppError;
use app::auth::network::PublicOrigin;
use app::auth::SignedIn;
use app::store::Store;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// Refuses state-changing requests sent by another site's page (CSRF): the browser's
/// `Origin` (or `Sec-Fetch-Site`) must match this server, that is `DEALFLOW_PUBLIC_URL`
/// when it is set, else the `Host` the request was sent to.
pub async fn same_origin_writes(
    State(public): State<Option<PublicOrigin>>,
    req: Request,
    next: Next,
) -> Response {
    // Inbound webhooks are sent by other systems and carry their own secret token.
    if req.method() == Method::GET
        || req.method() == Method::HEAD
        || req.method() == Method::OPTIONS
        || req.uri().path().starts_with("/api/hooks/")
    {
        return next.run(req).await;
    }
    if is_cross_site(req.headers(), public.as_ref()) {
        return (
            StatusCode::FORBIDDEN,
            "Refused: this request came from another website. Open Dealflow directly and try again.",
        )
            .into_response();
    }
    next.run(req).await
}

fn is_cross_site(headers: &HeaderMap, public: Option<&PublicOrigin>) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return true;
        };
        return match public {
            Some(public) => !public.admits(origin),
            // Without a public address the Host header is all we know of our own name.
            None => {
                let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
                let origin_host = origin
                    .split_once("://")
                    .map(|(_, rest)| rest.trim_end_matches('/'));
                origin == "null" || origin_host != host
            }
        };
    }
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site == "cross-site" || site == "same-site")
}

/// What a session with a temporary password may call, besides opening its `/account` page.
const WITH_TEMPORARY_PASSWORD: &[&str] = &[
    "/api/account/change_password",
    "/api/account/sign_out",
    "/api/account/session",
];

const CHANGE_TEMPORARY_PASSWORD: &str =
    "Choose your own password first: you signed in with a temporary one. Open Change password, save a new password, then try again.";

/// Until a temporary password is changed, server functions, downloads and the other
/// `/api` routes answer only the calls in [`WITH_TEMPORARY_PASSWORD`] (pages are held to
/// `/account` by [`page_access`]).
pub async fn temporary_password_limits(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let temporary = req
        .extensions()
        .get::<SignedIn>()
        .is_some_and(|s| s.user.must_change_password);
    let restricted = (path.starts_with("/api/") || path.starts_with("/files/"))
        && !WITH_TEMPORARY_PASSWORD.contains(&path);
    if !(temporary && restricted) {
        return next.run(req).await;
    }
    let wants_page = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_page {
        return Redirect::to("/account").into_response();
    }
    // Encoded as server functions encode their errors, so the app shows the sentence.
    let error = AppError::Refused(CHANGE_TEMPORARY_PASSWORD.to_string());
    let body = serde_json::to_string(&error).unwrap_or_default();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// Pages, not files or server functions: paths whose last segment has no extension.
fn is_page(path: &str) -> bool {
    !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// Where a visitor of `path` should go instead, if anywhere.
pub fn redirect_for(
    path: &str,
    has_workspace: bool,
    signed_in: Option<&SignedIn>,
) -> Option<&'static str> {
    match (has_workspace, signed_in) {
        (false, _) if path != "/setup" => Some("/setup"),
        (false, _) => None,
        (true, None) if path != "/login" => Some("/login"),
        (true, None) => None,
        (true, Some(_)) if path == "/login" || path == "/setup" => Some("/"),
        (true, Some(s)) if s.user.must_change_password && path != "/account" => Some("/account"),
        _ => None,
    }
}

pub async fn page_access(State(store): State<Store>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !is_page(req.uri().path()) {
        return next.run(req).await;
    }
    let has_workspace = match store.workspace().await {
        Ok(workspace) => workspace.is_some(),
        Err(err) => {
            tracing::error!("workspace lookup failed: {err}");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "Dealflow cannot read its database right now. Try again shortly.",
            )
                .into_response();
        }
    };
    match redirect_for(
        req.uri().path(),
        has_workspace,
        req.extensions().get::<SignedIn>(),
    ) {
        Some(to) => Redirect::to(to).into_response(),
        None => next.run(req).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::account::{Role, User, UserId};

    fn signed_in(must_change_password: bool) -> SignedIn {
        SignedIn {
            user: User {
                id: UserId(1),
                name: "Dana".into(),
                email: "dana@example.com".into(),
                role: Role::Admin,
                only_assigned_data: false,
                active: true,
                must_change_password,
            },
            token_hash: "h".into(),
        }
    }

    #[test]
    fn visitors_are_sent_where_they_belong() {
        let user = signed_in(false);
        let temp = signed_in(true);
        let cases = [
            ("/", false, None, Some("/setup")),
            ("/login", false, None, Some("/setup")),
            ("/setup", false, None, None),
            ("/", true, None, Some("/login")),
            ("/users", true, None, Some("/login")),
            ("/login", true, None, None),
            ("/setup", true, None, Some("/login")),
            ("/login", true, Some(&user), Some("/")),
            ("/setup", true, Some(&user), Some("/")),
            ("/users", true, Some(&user), None),
            ("/users", true, Some(&temp), Some("/account")),
            ("/account", true, Some(&temp), None),
        ];
        for (path, has_workspace, who, expected) in cases {
            assert_eq!(
                redirect_for(path, has_workspace, who),
                expected,
                "{path} {has_workspace}"
            );
        }
    }

    #[test]
    fn only_pages_are_guarded() {
        assert!(is_page("/"));
        assert!(is_page("/users"));
        assert!(!is_page("/api/account/sign_in"));
        assert!(!is_page("/pkg/dealflow.wasm"));
        assert!(!is_page("/favicon.svg"));
    }
}
