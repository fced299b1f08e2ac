//! The workspace's time zone and workflow limits over HTTP, on both engines: admins save
//! them, the settings page shows them, and anything out of range is refused field by
//! field with nothing saved.
mod common;

use axum::http::StatusCode;
use common::http::Client;
use common::import_http::json;
use common::on_each_engine;
use serde_json::Value;

fn settings(zone: &str, depth: &str, hourly: &str, days: &str) -> [(&'static str, String); 4] {
    [
        ("time_zone", zone.to_string()),
        ("depth_limit", depth.to_string()),
        ("hourly_entries", hourly.to_string()),
        ("log_days", days.to_string()),
    ]
}

async fn save(
    client: &Client,
    cookie: &str,
    form: &[(&'static str, String)],
) -> common::http::Reply {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.call("settings/workflows/save", cookie, &form).await
}

/// The fields a refusal names, in order.
fn refused_fields(body: &str) -> Vec<String> {
    let problems = match json(body) {
        Value::Object(error) => error.get("InvalidFields").cloned(),
        _ => None,
    };
    problems
        .and_then(|p| p.as_array().cloned())
        .unwrap_or_else(|| panic!("not a field-by-field refusal: {body}"))
        .iter()
        .map(|pair| pair[0].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_admin_saves_the_time_zone_and_limits_and_the_page_shows_them() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let dana = client.create_workspace("Acme").await;
        let screen = json(&client.call("settings/screen", &dana, &[]).await.body);
        assert_eq!(
            screen["workflows"],
            serde_json::json!({"time_zone": "UTC", "depth_limit": 5, "hourly_entries": 10, "log_days": 90})
        );
        assert_eq!(screen["deals"]["import_file_days"], 30);
        let zones = screen["time_zones"].as_array().unwrap();
        let zones: Vec<&str> = zones.iter().map(|z| z.as_str().unwrap()).collect();
        assert!(zones.contains(&"Europe/Berlin") && zones.contains(&"UTC"), "{zones:?}");

        let saved = save(&client, &dana, &settings(" europe/berlin ", "7", "25", "30")).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let expected = serde_json::json!({"time_zone": "Europe/Berlin", "depth_limit": 7, "hourly_entries": 25, "log_days": 30});
        assert_eq!(json(&saved.body), expected);
        let screen = json(&client.call("settings/screen", &dana, &[]).await.body);
        assert_eq!(screen["workflows"], expected);
        assert_eq!(store.workflow_settings().await.unwrap().time_zone, "Europe/Berlin");

        let page = client.page("/settings/opportunities", &dana).await;
        assert_eq!(page.status, StatusCode::OK);
        for shown in [
            r#"<option value="Europe/Berlin" selected"#,
            ">Time zone<",
            ">Loop guard: workflow chain depth<",
            ">Times a record may enter one workflow per hour<",
            ">Keep run history for (days)<",
            ">Save time zone and automation<",
        ] {
            assert!(page.body.contains(shown), "{shown} not on the page");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unknown_zones_and_limits_out_of_range_are_refused_and_nothing_is_saved() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let dana = client.create_workspace("Acme").await;
        let before = store.workflow_settings().await.unwrap();
        // ([zone, depth, hourly, days], fields refused, words said)
        #[rustfmt::skip]
        let cases: [([&str; 4], &[&str], &str); 6] = [
            (["Mars/Olympus_Mons", "5", "10", "90"], &["time_zone"], "is not a time zone we know"),
            (["", "5", "10", "90"], &["time_zone"], "is not a time zone we know"),
            (["UTC", "0", "10", "90"], &["depth_limit"], "a whole number from 1 to 20"),
            (["UTC", "21", "1001", "90"], &["depth_limit", "hourly_entries"], "a whole number from 1 to 1000"),
            (["Europe/Berlin", "5", "10", "3651"], &["log_days"], "a whole number from 1 to 3650"),
            (["Nowhere", "-1", "ten", ""], &["time_zone", "depth_limit", "hourly_entries", "log_days"], "how many days to keep run history"),
        ];
        for ([zone, depth, hourly, days], fields, words) in cases {
            let reply = save(&client, &dana, &settings(zone, depth, hourly, days)).await;
            let typed = format!("{zone} {depth} {hourly} {days}");
            assert!(!reply.status.is_success(), "{typed}: {}", reply.body);
            assert_eq!(refused_fields(&reply.body), fields.to_vec(), "{}", reply.body);
            assert!(reply.body.contains(words), "{}", reply.body);
            let now = store.workflow_settings().await.unwrap();
            assert_eq!(now, before, "{typed}: nothing saved");
        }
    })
    .await;
}
