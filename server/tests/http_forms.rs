//! Forms over HTTP, on both engines: a stale edit is refused, then saved on the current
//! version; `Edit opportunity` names every bad field at once; amounts typed with a
//! decimal comma; unique pipeline names; a contact email another contact has.
mod common;

use axum::http::StatusCode;
use common::http::Client;
use common::on_each_engine;
use serde_json::Value;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// A workspace with the default pipeline and one deal; the admin's cookie and the deal.
async fn one_deal(client: &Client) -> (String, Value) {
    let cookie = client.create_workspace("Acme").await;
    let pipeline = client.call("pipelines/set_up", &cookie, &[]).await;
    assert_eq!(pipeline.status, StatusCode::OK, "{}", pipeline.body);
    let stage = json(&pipeline.body)["stages"][0]["id"].to_string();
    let deal = client
        .call(
            "opportunities/create",
            &cookie,
            &[
                ("form[name]", "Globex"),
                ("form[value]", "100"),
                ("form[stage]", &stage),
                ("form[status]", "open"),
            ],
        )
        .await;
    assert_eq!(deal.status, StatusCode::OK, "{}", deal.body);
    (cookie, json(&deal.body))
}

async fn edit(
    client: &Client,
    cookie: &str,
    deal: &Value,
    version: i64,
    field: &str,
    value: &str,
) -> (StatusCode, Value) {
    let reply = client
        .call(
            "opportunities/edit",
            cookie,
            &[
                ("id", &deal["id"].to_string()),
                ("version", &version.to_string()),
                ("field", field),
                ("value", value),
            ],
        )
        .await;
    (reply.status, json(&reply.body))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stale_edit_is_refused_then_saved_on_the_current_version() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let (cookie, deal) = one_deal(&client).await;
        let id = deal["id"].to_string();
        let opened = deal["version"].as_i64().unwrap();

        // Browser A changes the value; browser B, opened at the same version, the source.
        let (status, a) = edit(&client, &cookie, &deal, opened, "value", "5000").await;
        assert_eq!(status, StatusCode::OK, "{a}");
        let (status, refused) = edit(&client, &cookie, &deal, opened, "source", "Referral").await;
        assert_ne!(status, StatusCode::OK);
        let message = refused["Conflict"]
            .as_str()
            .unwrap_or_else(|| panic!("{refused}"));
        assert!(message.contains("changed by Dana Scully"), "{message}");

        // What B's profile reloads: the current version, with A's value.
        let profile = json(
            &client
                .call("opportunities/profile", &cookie, &[("id", &id)])
                .await
                .body,
        );
        let current = profile["card"]["version"].as_i64().unwrap();
        assert_eq!(current, a["version"].as_i64().unwrap());
        assert_eq!(profile["card"]["value_minor"], 500_000);
        let (status, saved) = edit(&client, &cookie, &deal, current, "source", "Referral").await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["value_minor"], 500_000, "A's change stays");

        // `Edit opportunity`: refused at the old version, saved at the one `edit_row` gives.
        let save = |version: String| {
            let (client, cookie, id) = (&client, cookie.clone(), id.clone());
            async move {
                client
                    .call(
                        "opportunities/save",
                        &cookie,
                        &[
                            ("id", &id),
                            ("version", &version),
                            ("form[name]", "Globex"),
                            ("form[value]", "5000"),
                            ("form[source]", "Webinar"),
                        ],
                    )
                    .await
            }
        };
        let stale = save(opened.to_string()).await;
        assert!(json(&stale.body)["Conflict"].is_string(), "{}", stale.body);
        let row = json(
            &client
                .call("opportunities/edit_row", &cookie, &[("id", &id)])
                .await
                .body,
        );
        assert_eq!(row["source"], "Referral");
        let fresh = save(row["card"]["version"].to_string()).await;
        assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.body);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn edit_opportunity_names_every_bad_field_at_once() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let (cookie, deal) = one_deal(&client).await;
        let reply = client
            .call(
                "opportunities/save",
                &cookie,
                &[
                    ("id", &deal["id"].to_string()),
                    ("version", &deal["version"].to_string()),
                    ("form[name]", " "),
                    ("form[value]", "a lot"),
                    ("form[owner]", "999"),
                    ("form[stage]", "not a stage"),
                ],
            )
            .await;
        let problems = json(&reply.body)["InvalidFields"].clone();
        let fields: Vec<&str> = problems
            .as_array()
            .unwrap_or_else(|| panic!("{}", reply.body))
            .iter()
            .map(|p| p[0].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            ["name", "value", "owner", "stage"],
            "{}",
            reply.body
        );
        let profile = client
            .call(
                "opportunities/profile",
                &cookie,
                &[("id", &deal["id"].to_string())],
            )
            .await;
        assert_eq!(
            json(&profile.body)["card"]["version"],
            deal["version"],
            "nothing saved"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn amounts_may_be_typed_with_a_decimal_comma() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let (cookie, deal) = one_deal(&client).await;
        let mut version = deal["version"].as_i64().unwrap();
        for (typed, minor) in [
            ("12,50", 1_250),
            ("1.234,50", 123_450),
            ("2,500.75", 250_075),
            ("1,234", 123_400),
        ] {
            let (status, saved) = edit(&client, &cookie, &deal, version, "value", typed).await;
            assert_eq!(status, StatusCode::OK, "{typed}: {saved}");
            assert_eq!(saved["value_minor"], minor, "{typed}");
            version = saved["version"].as_i64().unwrap();
        }
        let (status, refused) = edit(&client, &cookie, &deal, version, "value", "1,2,3").await;
        assert_ne!(status, StatusCode::OK);
        assert_eq!(refused["Invalid"]["field"], "value", "{refused}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pipeline_names_are_unique_in_any_case_on_create_and_rename() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let cookie = client.create_workspace("Acme").await;
        client.call("pipelines/set_up", &cookie, &[]).await;
        let create = |name: &'static str| {
            let (client, cookie) = (&client, cookie.clone());
            async move {
                json(
                    &client
                        .call("pipelines/create", &cookie, &[("name", name)])
                        .await
                        .body,
                )
            }
        };
        let taken = create("  sales PIPELINE ").await;
        assert_eq!(taken["Invalid"]["field"], "name", "{taken}");
        assert!(
            taken["Invalid"]["message"]
                .as_str()
                .unwrap()
                .contains("already a pipeline named 'Sales Pipeline'"),
            "{taken}"
        );
        let renewals = create("Renewals").await;
        let id = renewals["id"].to_string();
        let rename = |name: &'static str| {
            let (client, cookie, id) = (&client, cookie.clone(), id.clone());
            async move {
                json(
                    &client
                        .call("pipelines/rename", &cookie, &[("id", &id), ("name", name)])
                        .await
                        .body,
                )
            }
        };
        assert_eq!(rename("SALES PIPELINE").await["Invalid"]["field"], "name");
        assert_eq!(
            rename("renewals").await["name"],
            "renewals",
            "its own name in another case"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_contact_email_another_contact_has_is_saved_only_when_confirmed() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let cookie = client.create_workspace("Acme").await;
        let save = |id: Option<String>, first: &'static str, email: &'static str, shared: bool| {
            let (client, cookie) = (&client, cookie.clone());
            async move {
                let mut form = vec![
                    ("form[first_name]", first.to_string()),
                    ("form[email]", email.to_string()),
                ];
                for empty in [
                    "form[last_name]",
                    "form[phone]",
                    "form[company]",
                    "form[owner]",
                    "form[source]",
                    "form[tags]",
                ] {
                    form.push((empty, String::new()));
                }
                if let Some(id) = id {
                    form.push(("id", id));
                }
                if shared {
                    form.push(("shared_email", "true".to_string()));
                }
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                json(&client.call("contacts/save", &cookie, &form).await.body)
            }
        };
        let ann = save(None, "Ann", "ann@globex.test", false).await["Saved"].to_string();
        let twin = save(None, "Annie", "ANN@globex.test", false).await;
        assert_eq!(twin["EmailInUse"]["name"], "Ann", "{twin}");
        assert_eq!(twin["EmailInUse"]["id"].to_string(), ann);
        let bob = save(None, "Bob", "bob@globex.test", false).await["Saved"].to_string();
        let moved = save(Some(bob.clone()), "Bob", "ann@globex.test", false).await;
        assert_eq!(moved["EmailInUse"]["name"], "Ann", "on edit too: {moved}");
        assert!(
            save(Some(ann.clone()), "Ann", "ann@globex.test", false).await["Saved"].is_i64(),
            "her own email"
        );
        let both = save(Some(bob), "Bob", "ann@globex.test", true).await;
        assert!(both["Saved"].is_i64(), "{both}");
        assert!(
            save(Some(ann), "Ann B.", "ann@globex.test", false).await["Saved"].is_i64(),
            "an unchanged email that is shared already does not warn again"
        );
    })
    .await;
}
