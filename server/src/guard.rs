//! Request guards: refuse cross-site writes, and send each page visitor where they belong.
use app::auth::SignedIn;
use app::store::Store;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// Refuses state-changing requests sent by another site's page (CSRF): the browser's
/// `Origin` (or `Sec-Fetch-Site`) must match this server.
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    if req.method() == Method::GET
        || req.method() == Method::HEAD
        || req.method() == Method::OPTIONS
    {
        return next.run(req).await;
    }
    if is_cross_site(&req) {
        return (
            StatusCode::FORBIDDEN,
            "Refused: this request came from another website. Open Dealflow directly and try again.",
        )
            .into_response();
    }
    next.run(req).await
}

fn is_cross_site(req: &Request) -> bool {
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest.trim_end_matches('/'));
        return origin == "null" || origin_host != host;
    }
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site == "cross-site" || site == "same-site")
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
