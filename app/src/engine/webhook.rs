//! Send Webhook deliveries: one signed POST (Standard Webhooks), its outcome told as a
//! sentence for the run log, and when a failed delivery is tried again.
use crate::domain::workflow::address::webhook_address;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::{redirect, StatusCode, Url};
use sha2::Sha256;
use std::fmt;
use std::time::{Duration, Instant};

/// One delivery of a Send Webhook step.
#[derive(Clone)]
pub struct Delivery {
    pub url: String,
    pub body: serde_json::Value,
    /// Signs the delivery; empty means unsigned. `whsec_<base64>` is the Standard
    /// Webhooks form, any other text is used as it is.
    pub secret: String,
    /// The same on every try of one step of one run (`run-12-step-3`), so the receiver
    /// can drop repeats. Signed together with the timestamp, so it must not hold a `.`.
    pub id: String,
    /// When this try was made (Unix seconds); receivers reject old ones as replays.
    pub timestamp_s: i64,
}

/// What came of one try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered {
        status: u16,
    },
    /// Worth trying again later: the receiver is down, busy or slow.
    Transient {
        status: Option<u16>,
        reason: String,
    },
    /// Trying again will not help until the step or the receiver changes.
    Permanent {
        status: Option<u16>,
        reason: String,
    },
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Delivered { status } => {
                write!(
                    f,
                    "Delivered; the receiver answered {}.",
                    status_text(*status)
                )
            }
            Outcome::Transient { reason, .. } | Outcome::Permanent { reason, .. } => {
                f.write_str(reason)
            }
        }
    }
}

/// Waits between tries: the first try plus four more, then the step fails.
const BACKOFF: [Duration; 4] = [
    Duration::from_secs(10),
    Duration::from_secs(60),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
];

/// How long to wait before trying again after try number `attempt` (counted from 1)
/// failed for a transient reason; `None` once every try is used up.
pub fn retry_after(attempt: u32) -> Option<Duration> {
    let index = usize::try_from(attempt.max(1) - 1).ok()?;
    BACKOFF.get(index).copied()
}

/// The HTTP client deliveries share. Redirects are not followed: the signed payload
/// would go on to an address nobody entered.
pub fn client(timeout: Duration) -> reqwest::Client {
    // Building fails only when the TLS backend cannot start, where `Client::new()` panics
    // too; a client that follows redirects would be no fallback.
    reqwest::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .redirect(redirect::Policy::none())
        .user_agent("Dealflow-Webhooks/1")
        .build()
        .expect("the TLS backend starts")
}

/// Makes one try: POSTs the body as JSON with the Standard Webhooks headers.
pub async fn deliver(client: &reqwest::Client, delivery: &Delivery) -> Outcome {
    let url = match webhook_address(&delivery.url) {
        Ok(url) => url,
        Err(reason) => {
            return Outcome::Permanent {
                status: None,
                reason,
            }
        }
    };
    // Signed and sent as the very same bytes: a receiver verifies what it got.
    let body = delivery.body.to_string();
    let timestamp = delivery.timestamp_s.to_string();
    let mut request = client
        .post(url.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("webhook-id", &delivery.id)
        .header("webhook-timestamp", &timestamp)
        .header("Idempotency-Key", &delivery.id);
    if let Some(signature) = signature(&delivery.secret, &delivery.id, &timestamp, &body) {
        request = request.header("webhook-signature", signature);
    }
    let started = Instant::now();
    match request.body(body).send().await {
        Ok(response) => judge(response.status(), response.headers()),
        Err(error) => failed(&error, &url, started.elapsed()),
    }
}

/// `v1,<base64 HMAC-SHA256>` over `{id}.{timestamp}.{body}`, or `None` when unsigned.
fn signature(secret: &str, id: &str, timestamp: &str, body: &str) -> Option<String> {
    if secret.is_empty() {
        return None;
    }
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|encoded| BASE64.decode(encoded).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec());
    // HMAC takes a key of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Some(format!("v1,{}", BASE64.encode(mac.finalize().into_bytes())))
}

/// What the receiver's status means for this delivery (Standard Webhooks' etiquette).
fn judge(status: StatusCode, headers: &reqwest::header::HeaderMap) -> Outcome {
    let code = status.as_u16();
    if status.is_success() {
        return Outcome::Delivered { status: code };
    }
    if status.is_server_error()
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
    {
        return Outcome::Transient {
            status: Some(code),
            reason: answered(code),
        };
    }
    let reason = if status.is_redirection() {
        let target = headers
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .map(|l| format!(" to {l}"))
            .unwrap_or_default();
        format!(
            "The receiver answered {} and pointed elsewhere{target}; webhooks do not follow \
             redirects, so enter the address it points to.",
            status_text(code)
        )
    } else {
        answered(code)
    };
    Outcome::Permanent {
        status: Some(code),
        reason,
    }
}

/// A try that got no answer: the network, the receiver's host or the clock ran out.
fn failed(error: &reqwest::Error, url: &Url, waited: Duration) -> Outcome {
    let host = match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (host, _) => host.unwrap_or_default().to_owned(),
    };
    if error.is_builder() {
        return Outcome::Permanent {
            status: None,
            reason: format!(
                "The webhook could not be sent as set up ({}): check its address and \
                 secret.",
                innermost(error)
            ),
        };
    }
    // The client holds the time limit but does not tell it, so say how long was waited.
    let seconds = (waited.as_secs_f64().round() as u64).max(1);
    let within = format!("{seconds} second{}", if seconds == 1 { "" } else { "s" });
    let reason = if error.is_timeout() && error.is_connect() {
        format!("Could not connect to {host} within {within}.")
    } else if error.is_timeout() {
        format!("No answer within {within}.")
    } else {
        match io_kind(error) {
            Some(std::io::ErrorKind::ConnectionRefused) => {
                format!("Could not connect to {host}: the connection was refused.")
            }
            Some(std::io::ErrorKind::ConnectionReset) => {
                format!("The connection to {host} was reset before the receiver answered.")
            }
            _ if error.is_connect() => {
                format!("Could not connect to {host}: {}.", innermost(error))
            }
            _ => format!(
                "The connection to {host} failed before the receiver answered: {}.",
                innermost(error)
            ),
        }
    };
    Outcome::Transient {
        status: None,
        reason,
    }
}

/// The operating system's word on the failure, deep in the error's causes.
fn io_kind(error: &reqwest::Error) -> Option<std::io::ErrorKind> {
    causes(error).find_map(|cause| cause.downcast_ref::<std::io::Error>().map(|e| e.kind()))
}

/// The most specific cause ("Connection refused (os error 111)"), not reqwest's
/// "error sending request for url".
fn innermost(error: &reqwest::Error) -> String {
    causes(error)
        .last()
        .map(ToString::to_string)
        .unwrap_or_else(|| error.to_string())
}

fn causes<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(error), |e| e.source())
}

fn answered(code: u16) -> String {
    format!("The receiver answered {}.", status_text(code))
}

fn status_text(code: u16) -> String {
    match StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(words) => format!("{code} {words}"),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_five_times_waiting_longer_each_time() {
        let minutes = |m: u64| Some(Duration::from_secs(m * 60));
        let table = [
            (1, Some(Duration::from_secs(10))),
            (2, minutes(1)),
            (3, minutes(5)),
            (4, minutes(30)),
            (5, None),
            (6, None),
            (u32::MAX, None),
        ];
        for (attempt, wait) in table {
            assert_eq!(retry_after(attempt), wait, "after try {attempt}");
        }
        assert_eq!(retry_after(0), retry_after(1));
    }

    #[test]
    fn signs_as_standard_webhooks_does() {
        // The Standard Webhooks reference libraries' own example.
        let body = r#"{"email":"test@example.com","username":"test_user"}"#;
        let signed = signature(
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
            "1649367553",
            body,
        );
        assert_eq!(
            signed.as_deref(),
            Some("v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=")
        );
    }

    #[test]
    fn a_secret_in_another_form_is_used_as_it_is() {
        let sign = |secret| signature(secret, "run-1-step-1", "1", "{}");
        // "YWJj" is "abc" in base64.
        assert_eq!(sign("whsec_YWJj"), sign("abc"));
        assert!(sign("whsec_!!").is_some_and(|s| s.starts_with("v1,")));
        assert_ne!(sign("whsec_!!"), sign("!!"));
        assert_eq!(sign(""), None);
    }

    #[test]
    fn statuses_are_sorted_by_whether_a_retry_helps() {
        let none = reqwest::header::HeaderMap::new();
        let table = [
            (200, "delivered"),
            (204, "delivered"),
            (500, "transient"),
            (503, "transient"),
            (429, "transient"),
            (408, "transient"),
            (400, "permanent"),
            (404, "permanent"),
            (410, "permanent"),
            (301, "permanent"),
        ];
        for (code, kind) in table {
            let outcome = judge(StatusCode::from_u16(code).unwrap(), &none);
            let seen = match outcome {
                Outcome::Delivered { .. } => "delivered",
                Outcome::Transient { .. } => "transient",
                Outcome::Permanent { .. } => "permanent",
            };
            assert_eq!(seen, kind, "{code}");
        }
        assert_eq!(
            judge(StatusCode::SERVICE_UNAVAILABLE, &none).to_string(),
            "The receiver answered 503 Service Unavailable."
        );
    }
}
