//! CSV import and export over HTTP, on both engines: the upload's answers for good and
//! bad files, the review and run through server functions, the failed rows as CSV, and
//! exports (formula-escaped, with a BOM for Excel) that only signed-in people get.
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::{Client, Reply};
use common::on_each_engine;
use serde_json::Value;
use std::time::Duration;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

async fn upload(client: &Client, cookie: &str, csv: &[u8]) -> Reply {
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

async fn get(client: &Client, cookie: &str, path: &str) -> Reply {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    client.send(request).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_file_is_uploaded_reviewed_imported_and_its_failed_rows_downloaded() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let cookie = client.create_workspace("Acme").await;
        let reply = client.call("pipelines/set_up", &cookie, &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

        assert_eq!(
            upload(&client, "", b"Name\nA\n").await.status,
            StatusCode::UNAUTHORIZED
        );
        let empty = upload(&client, &cookie, b"").await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(empty.body.contains("The file is empty"), "{}", empty.body);
        let headings_only = upload(&client, &cookie, b"Name,Value\n").await;
        assert_eq!(headings_only.status, StatusCode::UNPROCESSABLE_ENTITY);

        let csv = "Name,Value,Stage\nGlobex,\"1,500.50\",Proposal\nInitech,lots,Proposal\n,,\n";
        let reply = upload(&client, &cookie, csv.as_bytes()).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let id = json(&reply.body)["id"].as_i64().unwrap().to_string();
        let view = client.call("imports/view", &cookie, &[("id", &id)]).await;
        assert_eq!(view.status, StatusCode::OK, "{}", view.body);
        let view = json(&view.body);
        assert_eq!(view["summary"]["total_rows"], 3);
        assert_eq!(
            view["summary"]["mapping"]["columns"][1],
            json(r#"{"Field":"Value"}"#)
        );

        let review = client
            .call(
                "imports/review",
                &cookie,
                &[
                    ("id", &id),
                    ("choices[columns][0]", "name"),
                    ("choices[columns][1]", "value"),
                    ("choices[columns][2]", "stage"),
                    ("choices[mode]", "create"),
                    ("choices[number_format]", "decimal_point"),
                    ("choices[date_order]", "day_month"),
                    ("choices[blank_clears]", "false"),
                ],
            )
            .await;
        assert_eq!(review.status, StatusCode::OK, "{}", review.body);
        let counts = &json(&review.body)["summary"]["review"]["counts"];
        assert_eq!(
            (
                counts["created"].as_u64(),
                counts["failed"].as_u64(),
                counts["skipped"].as_u64()
            ),
            (Some(1), Some(1), Some(1))
        );

        let started = client.call("imports/start", &cookie, &[("id", &id)]).await;
        assert_eq!(started.status, StatusCode::OK, "{}", started.body);
        let mut state = Value::Null;
        for _ in 0..300 {
            let view = json(
                &client
                    .call("imports/view", &cookie, &[("id", &id)])
                    .await
                    .body,
            );
            state = view["summary"]["state"].clone();
            if state == "Done" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(state, "Done");

        let failed = get(&client, &cookie, &format!("/api/imports/{id}/failed.csv")).await;
        assert_eq!(failed.status, StatusCode::OK);
        let lines: Vec<&str> = failed.body.lines().collect();
        assert_eq!(lines[0], "Name,Value,Stage,Reason");
        assert!(
            lines[1].starts_with("Initech,lots,Proposal,"),
            "{}",
            failed.body
        );
        assert!(
            lines[1].contains("'lots' is not a number"),
            "{}",
            failed.body
        );
        assert_eq!(lines.len(), 2);

        let export = get(
            &client,
            &cookie,
            "/api/opportunities/export.csv?scope=all&excel=1",
        )
        .await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(export.body.starts_with('\u{feff}'), "Excel gets a BOM");
        assert!(
            export
                .body
                .contains("ID,External ID,Name,Value,Pipeline,Stage,Status"),
            "{}",
            export.body
        );
        assert!(
            export
                .body
                .contains(",Globex,1500.50,Sales Pipeline,Proposal,Open,"),
            "{}",
            export.body
        );
        let view = get(
            &client,
            &cookie,
            "/api/opportunities/export.csv?scope=view&view=list&q=glob",
        )
        .await;
        assert!(view.body.starts_with("ID,Name,"), "{}", view.body);
        assert_eq!(view.body.lines().count(), 2, "{}", view.body);
        assert_eq!(
            get(&client, "", "/api/opportunities/export.csv")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    })
    .await;
}

/// `Add a file`'s multipart form with each (name, file name, bytes) part.
async fn add_file(client: &Client, cookie: &str, parts: &[(&str, Option<&str>, &[u8])]) -> Reply {
    let boundary = "dealflow-test-boundary";
    let mut body = Vec::new();
    for (name, file_name, bytes) in parts {
        let file_name = file_name
            .map(|f| format!("; filename=\"{f}\""))
            .unwrap_or_default();
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{file_name}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let request = Request::post("/api/opportunities/files/add")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    client.send(request).await
}

#[tokio::test]
async fn every_field_of_the_file_form_is_refused_once_over_its_limit() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let cookie = client.create_workspace("Acme").await;
        // The test server takes files up to 1 MB; a deal's id is a few digits.
        let long_id = vec![b'7'; 3 << 20];
        let reply = add_file(&client, &cookie, &[("opportunity", None, &long_id)]).await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            reply.body
        );
        assert!(
            reply.body.contains(
                "The form sent more than it should. Reload the page and add the file again."
            ),
            "{}",
            reply.body
        );
        let unknown = vec![b'x'; 3 << 20];
        let reply = add_file(&client, &cookie, &[("note", None, &unknown)]).await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            reply.body
        );
        let big_file = vec![b'a'; 2 << 20];
        let reply = add_file(
            &client,
            &cookie,
            &[
                ("opportunity", None, b"1"),
                ("file", Some("notes.txt"), &big_file),
            ],
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            reply.body
        );
        assert!(
            reply.body.contains("files can be up to 1 MB"),
            "{}",
            reply.body
        );
    })
    .await;
}
