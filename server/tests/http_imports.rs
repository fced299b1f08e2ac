//! CSV import and export over HTTP, on both engines: a file uploaded, reviewed and run
//! through server functions, its failed rows as CSV, and exports (formula-escaped, with a
//! BOM for Excel) that only signed-in people get.
mod common;

use axum::http::StatusCode;
use common::http::Client;
use common::import_http::{finished, get, json, upload};
use common::on_each_engine;

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
        assert_eq!(finished(&client, &cookie, &id).await, "Done");

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
