//! Imports over HTTP: uploading a CSV file, reading an import's state, reviewing and
//! starting it through its server functions.
use super::http::{Client, Reply};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use std::time::Duration;

pub fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

pub async fn upload(client: &Client, cookie: &str, csv: &[u8]) -> Reply {
    let mut request = Request::post("/api/imports?name=deals.csv")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "text/csv");
    if !cookie.is_empty() {
        request = request.header(header::COOKIE, cookie);
    }
    client
        .send(request.body(Body::from(csv.to_vec())).unwrap())
        .await
}

pub async fn get(client: &Client, cookie: &str, path: &str) -> Reply {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    client.send(request).await
}

/// The import's state once its job has stopped.
pub async fn finished(client: &Client, cookie: &str, id: &str) -> Value {
    let mut state = Value::Null;
    for _ in 0..300 {
        let view = json(
            &client
                .call("imports/view", cookie, &[("id", id)])
                .await
                .body,
        );
        state = view["summary"]["state"].clone();
        if state != "Running" && state != "Cancelling" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    state
}

/// Reviews with `columns` (creating deals) and starts the import.
pub async fn review_and_start(client: &Client, cookie: &str, id: &str, columns: &[&str]) -> Reply {
    let keys: Vec<String> = (0..columns.len())
        .map(|i| format!("choices[columns][{i}]"))
        .collect();
    let mut form: Vec<(&str, &str)> = keys
        .iter()
        .map(String::as_str)
        .zip(columns.iter().copied())
        .collect();
    form.extend([
        ("id", id),
        ("choices[mode]", "create"),
        ("choices[number_format]", "decimal_point"),
        ("choices[date_order]", "day_month"),
        ("choices[blank_clears]", "false"),
    ]);
    let review = client.call("imports/review", cookie, &form).await;
    if review.status != StatusCode::OK {
        return review;
    }
    client.call("imports/start", cookie, &[("id", id)]).await
}
