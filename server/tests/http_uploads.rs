//! What uploads refuse and keep, over HTTP on both engines: files that are not text or
//! too wide, UTF-8 with a few bad bytes read as the person chooses, an import's file and
//! undo kept until the undo window closes, and `Add a file`'s form limited field by field.
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::{Client, Reply};
use common::import_http::{finished, get, json, review_and_start, upload};
use common::on_each_engine;
use serde_json::Value;

/// Fails with the body when `reply` is not answered with `status`.
fn answered(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", reply.body);
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
        answered(&reply, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(
            reply.body.contains(
                "The form sent more than it should. Reload the page and add the file again."
            ),
            "{}",
            reply.body
        );
        let unknown = vec![b'x'; 3 << 20];
        let reply = add_file(&client, &cookie, &[("note", None, &unknown)]).await;
        answered(&reply, StatusCode::PAYLOAD_TOO_LARGE);
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
        answered(&reply, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(
            reply
                .body
                .contains("This file is larger than 1 MB, the largest a file can be."),
            "{}",
            reply.body
        );
    })
    .await;
}

#[tokio::test]
async fn files_that_are_not_text_or_too_wide_are_refused_at_upload() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let cookie = client.create_workspace("Acme").await;
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let random: Vec<u8> = (0..1 << 20)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let reply = upload(&client, &cookie, &random).await;
        answered(&reply, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.body.starts_with("This is not a text file"),
            "{}",
            reply.body
        );

        let names: Vec<String> = (1..=100_000).map(|i| format!("c{i}")).collect();
        let wide = format!("{}\n{}\n", names.join(","), vec!["x"; 100_000].join(","));
        let reply = upload(&client, &cookie, wide.as_bytes()).await;
        answered(&reply, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            reply.body.starts_with("The file has 100,000 columns;"),
            "{}",
            reply.body
        );

        let utf16: Vec<u8> = "Name,City\r\nCafé,Genève\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let reply = upload(&client, &cookie, &utf16).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let id = json(&reply.body)["id"].as_i64().unwrap().to_string();
        let view = json(
            &client
                .call("imports/view", &cookie, &[("id", &id)])
                .await
                .body,
        );
        assert_eq!(view["summary"]["samples"][0], json(r#"["Café","Genève"]"#));
        assert!(view["summary"]["file_shape"]
            .as_str()
            .unwrap()
            .starts_with("UTF-16 (little-endian)"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_utf8_file_with_a_few_bad_bytes_is_read_as_the_person_chooses() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let cookie = client.create_workspace("Acme").await;
        client.call("pipelines/set_up", &cookie, &[]).await;
        let csv = b"Name\nCaf\xC3\xA9 Z\xC3\xBCrich\nCaf\xE9 Gen\xE8ve\n";
        let reply = upload(&client, &cookie, csv).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let id = json(&reply.body)["id"].as_i64().unwrap().to_string();
        let view = json(
            &client
                .call("imports/view", &cookie, &[("id", &id)])
                .await
                .body,
        );
        assert_eq!(view["summary"]["utf8_doubt"]["lines"], json("[3]"));
        let page = client
            .page(&format!("/opportunities/import/{id}"), &cookie)
            .await;
        assert!(
            page.body.contains("Line 3 is not valid UTF-8."),
            "{}",
            page.body
        );
        assert!(page.body.contains("Read as UTF-8 with replacements"));
        assert!(page.body.contains("Read as Windows-1252"));

        let early = review_and_start(&client, &cookie, &id, &["name"]).await;
        assert!(
            early.body.contains("Choose how to read the file first"),
            "{}",
            early.body
        );
        let unknown = client
            .call(
                "imports/encoding",
                &cookie,
                &[("id", &id), ("encoding", "utf-16le")],
            )
            .await;
        assert!(
            unknown
                .body
                .contains("Choose UTF-8 with replacements or Windows-1252."),
            "{}",
            unknown.body
        );

        let chosen = client
            .call(
                "imports/encoding",
                &cookie,
                &[("id", &id), ("encoding", "windows-1252")],
            )
            .await;
        assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
        let view = json(&chosen.body);
        assert_eq!(view["summary"]["utf8_doubt"], Value::Null);
        assert_eq!(
            view["summary"]["samples"],
            json(r#"[["CafÃ© ZÃ¼rich"],["Café Genève"]]"#)
        );
        let again = client
            .call(
                "imports/encoding",
                &cookie,
                &[("id", &id), ("encoding", "utf-8")],
            )
            .await;
        assert!(again.body.contains("already chosen"), "{}", again.body);

        let started = review_and_start(&client, &cookie, &id, &["name"]).await;
        assert_eq!(started.status, StatusCode::OK, "{}", started.body);
        assert_eq!(finished(&client, &cookie, &id).await, "Done");
        let export = get(&client, &cookie, "/api/opportunities/export.csv?scope=all").await;
        assert!(
            export.body.contains(",Café Genève,"),
            "the job reads as chosen: {}",
            export.body
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_ended_imports_file_and_undo_go_when_its_undo_window_closes() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let cookie = client.create_workspace("Acme").await;
        client.call("pipelines/set_up", &cookie, &[]).await;
        let saved = client
            .call(
                "settings/opportunities/save",
                &cookie,
                &[("lost_reasons", "No budget"), ("import_file_days", "2")],
            )
            .await;
        assert_eq!(json(&saved.body)["import_file_days"], 2, "{}", saved.body);
        let refused = client
            .call(
                "settings/opportunities/save",
                &cookie,
                &[("lost_reasons", "No budget"), ("import_file_days", "0")],
            )
            .await;
        assert!(
            refused.body.contains("a whole number from 1 to 3650"),
            "{}",
            refused.body
        );

        let reply = upload(&client, &cookie, b"Name,Value\nGlobex,5\nInitech,lots\n").await;
        let id = json(&reply.body)["id"].as_i64().unwrap().to_string();
        review_and_start(&client, &cookie, &id, &["name", "value"]).await;
        assert_eq!(finished(&client, &cookie, &id).await, "Done");
        let summary = json(
            &client
                .call("imports/view", &cookie, &[("id", &id)])
                .await
                .body,
        )["summary"]
            .clone();
        let finished_at = summary["finished_at"].as_i64().unwrap();
        let kept_until = finished_at + 2 * 86_400_000;
        assert_eq!(summary["file_kept_until"], kept_until);
        let page = client
            .page(&format!("/opportunities/import/{id}"), &cookie)
            .await;
        assert!(
            page.body.contains("The file and Undo are kept until"),
            "{}",
            page.body
        );

        let file = client.imports().file(id.parse().unwrap());
        let sweep =
            |now| server::retention::delete_expired_import_files(&store, client.imports(), now);
        assert_eq!(sweep(kept_until - 1).await.unwrap(), 0);
        assert!(file.exists(), "kept while undo is open");
        assert_eq!(sweep(kept_until).await.unwrap(), 1);
        assert!(!file.exists(), "deleted once the window closed");
        assert_eq!(sweep(kept_until + 1).await.unwrap(), 0, "deleted once");

        let summary = json(
            &client
                .call("imports/view", &cookie, &[("id", &id)])
                .await
                .body,
        )["summary"]
            .clone();
        assert_eq!(summary["file_deleted_at"], kept_until);
        let page = client
            .page(&format!("/opportunities/import/{id}"), &cookie)
            .await;
        assert!(
            page.body.contains("The file was deleted on "),
            "{}",
            page.body
        );
        assert!(
            page.body.contains("Undo is no longer available."),
            "{}",
            page.body
        );
        assert!(
            !page.body.contains("Download failed rows (CSV)"),
            "{}",
            page.body
        );
        let failed = get(&client, &cookie, &format!("/api/imports/{id}/failed.csv")).await;
        assert_eq!(failed.status, StatusCode::GONE);
        assert!(
            failed.body.contains("can no longer be downloaded"),
            "{}",
            failed.body
        );
        let undo = client.call("imports/undo", &cookie, &[("id", &id)]).await;
        assert!(
            undo.body.contains("Undo is no longer available"),
            "{}",
            undo.body
        );
        let export = get(&client, &cookie, "/api/opportunities/export.csv?scope=all").await;
        assert!(
            export.body.contains(",Globex,"),
            "the deals stay: {}",
            export.body
        );
    })
    .await;
}
