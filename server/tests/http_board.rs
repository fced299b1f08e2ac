//! The board over HTTP, on both engines: who may configure pipelines, creating and moving
//! deals through server functions, stale moves, the status each refusal is answered
//! with, and the live stream.
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::Client;
use common::on_each_engine;
use http_body_util::BodyExt;
use serde_json::Value;
use std::time::Duration;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

async fn set_up(client: &Client, cookie: &str) -> Value {
    let reply = client.call("pipelines/set_up", cookie, &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    json(&reply.body)
}

fn stage_id(pipeline: &Value, name: &str) -> String {
    pipeline["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .map(|s| s["id"].to_string())
        .unwrap_or_else(|| panic!("no stage {name}"))
}

async fn create(client: &Client, cookie: &str, name: &str, stage: &str) -> Value {
    let reply = client
        .call(
            "opportunities/create",
            cookie,
            &[
                ("form[name]", name),
                ("form[value]", "1,500.50"),
                ("form[stage]", stage),
                ("form[status]", "open"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    json(&reply.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_managers_and_admins_configure_pipelines() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let user = client
            .add_teammate(&dana, "user", "user@acme.test", false)
            .await;
        let manager = client
            .add_teammate(&dana, "manager", "manager@acme.test", false)
            .await;
        let refused = client.call("pipelines/set_up", &user, &[]).await;
        assert_eq!(refused.body, r#""Forbidden""#);
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "a refusal is not a fault"
        );
        let pipeline = set_up(&client, &manager).await;
        assert_eq!(pipeline["name"], "Sales Pipeline");
        let zero = client
            .call(
                "pipelines/add_stage",
                &manager,
                &[
                    ("pipeline_id", &pipeline["id"].to_string()),
                    ("name", "Demo"),
                    ("probability", "0"),
                ],
            )
            .await;
        assert_eq!(zero.status, StatusCode::BAD_REQUEST, "{}", zero.body);
        assert!(
            zero.body
                .contains("0% is only for Closed Won (100%) and Closed Lost (0%)"),
            "{}",
            zero.body
        );
        assert!(
            zero.body.contains("probability"),
            "names the field: {}",
            zero.body
        );
        let board = client.call("opportunities/board", &user, &[]).await;
        assert_eq!(
            json(&board.body)["pipeline"]["name"],
            "Sales Pipeline",
            "everyone reads the board"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deals_move_through_server_functions_and_stale_moves_are_refused() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let pipeline = set_up(&client, &dana).await;
        let deal = create(
            &client,
            &dana,
            "Globex",
            &stage_id(&pipeline, "Prospecting"),
        )
        .await;
        assert_eq!(deal["value_minor"], 150_050);
        let id = deal["id"].to_string();
        let moved = client
            .call(
                "opportunities/move",
                &dana,
                &[
                    ("id", &id),
                    ("version", "1"),
                    ("stage", &stage_id(&pipeline, "Closed Lost")),
                    ("lost_reason", "No budget"),
                ],
            )
            .await;
        let moved = json(&moved.body);
        assert_eq!(
            (moved["status"].as_str(), moved["version"].as_i64()),
            (Some("Lost"), Some(2))
        );
        let stale = client
            .call(
                "opportunities/move",
                &dana,
                &[
                    ("id", &id),
                    ("version", "1"),
                    ("stage", &stage_id(&pipeline, "Proposal")),
                ],
            )
            .await;
        assert!(
            stale
                .body
                .contains("This deal was changed by Dana Scully a moment ago"),
            "{}",
            stale.body
        );
        assert!(stale.body.contains("Conflict"), "{}", stale.body);
        assert_eq!(stale.status, StatusCode::CONFLICT);
        let missing = client
            .call(
                "opportunities/move",
                &dana,
                &[
                    ("id", "987654"),
                    ("version", "1"),
                    ("stage", &stage_id(&pipeline, "Proposal")),
                ],
            )
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
        let signed_out = client.call("opportunities/board", "", &[]).await;
        assert_eq!(
            signed_out.status,
            StatusCode::UNAUTHORIZED,
            "{}",
            signed_out.body
        );

        let board = json(
            &client
                .call("opportunities/board", &dana, &[("filter[status]", "lost")])
                .await
                .body,
        );
        let lost = board["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["stage"]["name"] == "Closed Lost")
            .unwrap();
        assert_eq!(lost["totals"]["count"], 1);
        assert_eq!(lost["page"]["cards"][0]["name"], "Globex");
        let bad = client
            .call("opportunities/board", &dana, &[("filter[min]", "lots")])
            .await;
        assert!(bad.body.contains("'lots' is not an amount"), "{}", bad.body);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_live_stream_sends_changes_to_signed_in_boards() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let anonymous = client
            .send(Request::get("/api/live/board").body(Body::empty()).unwrap())
            .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

        let dana = client.create_workspace("Acme").await;
        let pipeline = set_up(&client, &dana).await;
        let request = Request::get("/api/live/board")
            .header(header::COOKIE, &dana)
            .body(Body::empty())
            .unwrap();
        let response = client.open(request).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        let mut body = response.into_body();
        create(
            &client,
            &dana,
            "Umbrella renewal",
            &stage_id(&pipeline, "Proposal"),
        )
        .await;
        let mut seen = String::new();
        while !seen.contains("Umbrella renewal") {
            let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
                .await
                .expect("a change arrives within 5 s")
                .expect("stream open")
                .unwrap();
            if let Ok(data) = frame.into_data() {
                seen.push_str(&String::from_utf8_lossy(&data));
            }
        }
        assert!(seen.contains("event: change"), "{seen}");
        assert!(seen.contains(r#""by":"Dana Scully""#), "{seen}");
    })
    .await;
}
