//! Send Webhook deliveries against a real receiver on loopback: what arrives, how it is
//! signed, and how each kind of answer (or its absence) is told apart.
use app::engine::webhook::{client, deliver, Delivery, Outcome};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the receiver was sent, request by request.
type Seen = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

/// The receiver's secret key; the step holds it in the Standard Webhooks form, whsec_<base64>.
const KEY: &[u8] = b"twenty-four-bytes-of-key";

/// Starts a receiver on a free loopback port; returns its base address and what it saw.
async fn receiver() -> (String, Seen) {
    let seen = Seen::default();
    let app = Router::new()
        .route("/ok", post(record))
        .route(
            "/unavailable",
            post(|| async { StatusCode::SERVICE_UNAVAILABLE }),
        )
        .route("/busy", post(|| async { StatusCode::TOO_MANY_REQUESTS }))
        .route("/missing", post(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/moved",
            post(|| async { (StatusCode::FOUND, [(header::LOCATION, "/ok")]).into_response() }),
        )
        .route(
            "/slow",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                StatusCode::OK
            }),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, seen)
}

async fn record(State(seen): State<Seen>, headers: HeaderMap, body: Bytes) -> StatusCode {
    seen.lock().unwrap().push((headers, body));
    StatusCode::OK
}

fn delivery(url: String, secret: &str) -> Delivery {
    Delivery {
        url,
        body: json!({"contact": {"email": "dana@example.com", "name": "Dana Lee"}, "n": 3}),
        secret: secret.to_owned(),
        id: "run-12-step-3".to_owned(),
        timestamp_s: 1_767_225_600,
    }
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("{name} is sent"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn a_signed_json_body_arrives_with_its_idempotency_key() {
    let (base, seen) = receiver().await;
    let secret = format!("whsec_{}", BASE64.encode(KEY));
    let sent = delivery(format!("{base}/ok"), &secret);

    let outcome = deliver(&client(Duration::from_secs(5)), &sent).await;

    assert_eq!(outcome, Outcome::Delivered { status: 200 });
    let seen = seen.lock().unwrap();
    let [(headers, body)] = seen.as_slice() else {
        panic!("one request arrives, not {}", seen.len());
    };
    assert_eq!(header_text(headers, "content-type"), "application/json");
    assert_eq!(serde_json::from_slice::<Value>(body).unwrap(), sent.body);
    assert_eq!(header_text(headers, "webhook-id"), "run-12-step-3");
    assert_eq!(header_text(headers, "idempotency-key"), "run-12-step-3");
    assert_eq!(header_text(headers, "webhook-timestamp"), "1767225600");
    assert_eq!(header_text(headers, "user-agent"), "Dealflow-Webhooks/1");

    // Verified as a receiver would: over the bytes that arrived, with the decoded key.
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).unwrap();
    mac.update(b"run-12-step-3.1767225600.");
    mac.update(body);
    let expected = format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()));
    assert_eq!(header_text(headers, "webhook-signature"), expected);
}

#[tokio::test]
async fn a_step_without_a_secret_sends_no_signature() {
    let (base, seen) = receiver().await;

    let outcome = deliver(
        &client(Duration::from_secs(5)),
        &delivery(format!("{base}/ok"), ""),
    )
    .await;

    assert_eq!(outcome, Outcome::Delivered { status: 200 });
    let seen = seen.lock().unwrap();
    assert!(!seen[0].0.contains_key("webhook-signature"));
    assert_eq!(header_text(&seen[0].0, "webhook-id"), "run-12-step-3");
}

#[tokio::test]
async fn answers_are_told_apart_by_whether_trying_again_helps() {
    let (base, _) = receiver().await;
    let client = client(Duration::from_secs(5));
    let to = |path: &str| delivery(format!("{base}{path}"), "secret");

    assert_eq!(
        deliver(&client, &to("/unavailable")).await,
        Outcome::Transient {
            status: Some(503),
            reason: "The receiver answered 503 Service Unavailable.".into(),
        }
    );
    assert_eq!(
        deliver(&client, &to("/busy")).await,
        Outcome::Transient {
            status: Some(429),
            reason: "The receiver answered 429 Too Many Requests.".into(),
        }
    );
    assert_eq!(
        deliver(&client, &to("/missing")).await,
        Outcome::Permanent {
            status: Some(404),
            reason: "The receiver answered 404 Not Found.".into(),
        }
    );
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let (base, seen) = receiver().await;

    let outcome = deliver(
        &client(Duration::from_secs(5)),
        &delivery(format!("{base}/moved"), "secret"),
    )
    .await;

    let Outcome::Permanent {
        status: Some(302),
        reason,
    } = outcome
    else {
        panic!("a redirect is a permanent failure: {outcome:?}");
    };
    assert!(
        reason.contains("302 Found") && reason.contains("to /ok"),
        "{reason}"
    );
    assert!(seen.lock().unwrap().is_empty(), "nothing reached /ok");
}

#[tokio::test]
async fn a_receiver_slower_than_the_time_limit_is_transient() {
    let (base, _) = receiver().await;

    let outcome = deliver(
        &client(Duration::from_secs(1)),
        &delivery(format!("{base}/slow"), "secret"),
    )
    .await;

    assert_eq!(
        outcome,
        Outcome::Transient {
            status: None,
            reason: "No answer within 1 second.".into(),
        }
    );
}

#[tokio::test]
async fn a_closed_port_is_transient() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);

    let outcome = deliver(
        &client(Duration::from_secs(5)),
        &delivery(format!("http://{addr}/ok"), "secret"),
    )
    .await;

    assert_eq!(
        outcome,
        Outcome::Transient {
            status: None,
            reason: format!("Could not connect to {addr}: the connection was refused."),
        }
    );
}

#[tokio::test]
async fn an_address_that_is_not_http_is_permanent() {
    let client = client(Duration::from_secs(5));
    for url in ["ftp://127.0.0.1/hooks", "not an address"] {
        let outcome = deliver(&client, &delivery(url.to_owned(), "secret")).await;
        let Outcome::Permanent {
            status: None,
            reason,
        } = outcome
        else {
            panic!("{url} is a permanent failure: {outcome:?}");
        };
        assert!(reason.ends_with('.'), "{reason}");
    }
}
