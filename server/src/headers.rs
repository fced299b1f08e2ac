//! Security headers on every response: a strict Content-Security-Policy whose nonce, new
//! for each response, is the one Leptos puts on its inline hydration scripts; no framing;
//! no content sniffing; no referrer sent to other sites.
use axum::extract::Request;
use axum::http::{header, request::Parts, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;
use leptos::prelude::{provide_context, use_context};
use std::sync::Arc;

/// The policy, but for its nonce. Scripts only from this server or carrying the nonce
/// (Leptos's inline hydration and resource scripts); WebAssembly may compile. Styles allow
/// inline `style` attributes, which the board's drag ghost and the import progress bar
/// set; scripts never run inline without the nonce.
const POLICY: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; \
     style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; \
     font-src 'self'; \
     connect-src 'self'{reload}; \
     object-src 'none'; \
     base-uri 'none'; \
     form-action 'self'; \
     frame-ancestors 'none'";

/// The policy template with what does not change per response filled in: under
/// `cargo leptos watch` (LEPTOS_WATCH) the page's reload script opens a WebSocket to the
/// watcher's port.
pub fn policy_template(reload_port: u32) -> String {
    let reload = match std::env::var_os("LEPTOS_WATCH") {
        Some(_) => format!(" ws://*:{reload_port} wss://*:{reload_port}"),
        None => String::new(),
    };
    POLICY.replace("{reload}", &reload)
}

/// Adds the headers; the nonce also goes into the request, for [`provide_request_nonce`].
pub async fn security_headers(template: Arc<str>, mut req: Request, next: Next) -> Response {
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    // A nonce is URL-safe base64 and the template ASCII, so this always succeeds.
    match HeaderValue::from_str(&template.replace("{nonce}", &nonce)) {
        Ok(policy) => {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        Err(err) => tracing::error!("the Content-Security-Policy is not a header value: {err}"),
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Context for each page render: the nonce of this response's policy replaces the one
/// Leptos would make up, so `HydrationScripts` and the resource scripts carry it.
pub fn provide_request_nonce() {
    if let Some(nonce) = use_context::<Parts>().and_then(|p| p.extensions.get::<Nonce>().cloned()) {
        provide_context(nonce);
    }
}
