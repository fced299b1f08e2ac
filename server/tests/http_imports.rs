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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_crm_export_shows_what_its_values_tell_and_imports_once_a_value_is_mapped() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let cookie = client.create_workspace("Acme").await;
        let reply = client.call("pipelines/set_up", &cookie, &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let csv = "Deal - ID,Deal - Title,Deal - Value,Deal - Pipeline,Person - Email,Organization - Name\n\
                   77,Globex,\"19872,50\",Sales,ann@globex.test,Globex\n\
                   78,Initech,\"200,00\",Sales,bob@initech.test,Initech\n";
        let reply = upload(&client, &cookie, csv.as_bytes()).await;
        let id = json(&reply.body)["id"].as_i64().unwrap().to_string();
        let view = json(&client.call("imports/view", &cookie, &[("id", &id)]).await.body);
        let evidence = &view["detected"]["number_format"];
        assert_eq!(
            (evidence["choice"].as_str(), evidence["example"].as_str()),
            (Some("DecimalComma"), Some("19872,50"))
        );
        let options = &view["summary"]["options"];
        assert_eq!(options["number_format"], "DecimalComma");
        assert_eq!(options["create_missing"], true);
        assert_eq!(
            view["summary"]["mapping"]["columns"][0],
            json(r#"{"Field":"ExternalId"}"#)
        );

        let columns = ["external_id", "name", "value", "pipeline", "contact.email", "company.name"];
        let keys: Vec<String> = (0..columns.len())
            .map(|i| format!("choices[columns][{i}]"))
            .collect();
        let mut form: Vec<(&str, &str)> = keys.iter().map(String::as_str).zip(columns).collect();
        form.extend([
            ("id", id.as_str()),
            ("choices[mode]", "create"),
            ("choices[number_format]", "decimal_comma"),
            ("choices[date_order]", "day_month"),
            ("choices[blank_clears]", "false"),
            ("choices[create_missing]", "true"),
        ]);
        let review = json(&client.call("imports/review", &cookie, &form).await.body);
        let unmatched = &review["summary"]["review"]["unmatched"][0];
        assert_eq!(unmatched["values"][0]["value"], "Sales");
        assert_eq!(unmatched["values"][0]["suggestion"], "Sales Pipeline");
        assert_eq!(review["summary"]["review"]["counts"]["failed"], 2);

        form.extend([
            ("choices[values][0][target]", "pipeline"),
            ("choices[values][0][from]", "Sales"),
            ("choices[values][0][to]", "Sales Pipeline"),
        ]);
        let reply = client.call("imports/review", &cookie, &form).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let review = &json(&reply.body)["summary"]["review"];
        assert_eq!(review["counts"]["created"], 2, "{review}");
        assert_eq!((review["new_contacts"].as_u64(), review["new_companies"].as_u64()), (Some(2), Some(2)));
        let started = client.call("imports/start", &cookie, &[("id", &id)]).await;
        assert_eq!(started.status, StatusCode::OK, "{}", started.body);
        assert_eq!(finished(&client, &cookie, &id).await, "Done");
        let export = get(&client, &cookie, "/api/opportunities/export.csv?scope=all").await;
        assert!(
            export.body.contains("77,Globex,19872.50,Sales Pipeline,Prospecting,Open"),
            "{}",
            export.body
        );
        assert!(export.body.contains("ann@globex.test,Globex"), "{}", export.body);
    })
    .await;
}
