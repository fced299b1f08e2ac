//! A contact's tags over HTTP, on both engines: whoever may see the contact (every
//! signed-in person, `Only assigned data` too) tags it; without a session nothing
//! changes; bad tags and unknown contacts are refused with a sentence.
mod common;

use axum::http::StatusCode;
use common::http::{Client, Reply};
use common::on_each_engine;
use serde_json::Value;

fn json(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", reply.body))
}

/// Dana's contact Ann Lee, created through the contact form; its id.
async fn ann(client: &Client, dana: &str) -> String {
    let mut form = vec![("form[first_name]", "Ann"), ("form[last_name]", "Lee")];
    for empty in [
        "form[email]",
        "form[phone]",
        "form[company]",
        "form[owner]",
        "form[source]",
        "form[tags]",
    ] {
        form.push((empty, ""));
    }
    let saved = json(&client.call("contacts/save", dana, &form).await);
    saved["Saved"].to_string()
}

async fn tag(client: &Client, cookie: &str, id: &str, tag: &str, add: bool) -> Reply {
    let add = add.to_string();
    client
        .call(
            "contacts/tag",
            cookie,
            &[("id", id), ("tag", tag), ("add", &add)],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn anyone_who_sees_a_contact_may_tag_it_and_no_one_else() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let walter = client
            .add_teammate(&dana, "user", "walter@acme.test", true)
            .await;
        let id = ann(&client, &dana).await;

        let anonymous = tag(&client, "", &id, "vip", true).await;
        assert!(!anonymous.status.is_success(), "{}", anonymous.body);
        assert!(anonymous.body.contains("NotSignedIn"), "{}", anonymous.body);
        let listed = client.call("contacts/tags", "", &[]).await;
        assert!(listed.body.contains("NotSignedIn"), "{}", listed.body);

        let seen = client
            .call(
                "contacts/list",
                &walter,
                &[
                    ("query[search]", ""),
                    ("query[sort]", ""),
                    ("query[descending]", "false"),
                    ("query[page]", "1"),
                ],
            )
            .await;
        assert!(
            seen.body.contains("Ann Lee"),
            "Walter sees the contact: {}",
            seen.body
        );
        let added = tag(&client, &walter, &id, " vip ", true).await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
        assert_eq!(json(&added)["tags"], serde_json::json!(["vip"]));
        assert_eq!(json(&added)["changed"], true);
        let again = json(&tag(&client, &dana, &id, "VIP", true).await);
        assert_eq!(again["changed"], false, "{again}");
        let in_use = json(&client.call("contacts/tags", &walter, &[]).await);
        assert_eq!(in_use, serde_json::json!(["vip"]));

        let comma = tag(&client, &dana, &id, "vip, partner", true).await;
        assert!(!comma.status.is_success());
        let refusal = json(&comma);
        assert_eq!(refusal["Invalid"]["field"], "tag", "{refusal}");
        assert!(
            refusal["Invalid"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("cannot hold a comma")),
            "{refusal}"
        );
        let unknown = tag(&client, &dana, "999", "vip", true).await;
        assert!(
            unknown.body.contains("That contact no longer exists"),
            "{}",
            unknown.body
        );

        let removed = json(&tag(&client, &walter, &id, "Vip", false).await);
        assert_eq!(removed["tags"], serde_json::json!([]), "{removed}");
        let profile = json(&client.call("contacts/profile", &dana, &[("id", &id)]).await);
        assert_eq!(profile["contact"]["tags"], serde_json::json!([]));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn editing_a_contact_keeps_the_tags_added_on_its_profile() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let id = ann(&client, &dana).await;
        tag(&client, &dana, &id, "vip", true).await;
        // A form opened before the tag was added sends no tags.
        let mut form = vec![
            ("id", id.as_str()),
            ("form[first_name]", "Ann"),
            ("form[last_name]", "Lee-Smith"),
        ];
        for empty in [
            "form[email]",
            "form[phone]",
            "form[company]",
            "form[owner]",
            "form[source]",
            "form[tags]",
        ] {
            form.push((empty, ""));
        }
        let saved = json(&client.call("contacts/save", &dana, &form).await);
        assert!(saved["Saved"].is_i64(), "{saved}");
        let profile = json(&client.call("contacts/profile", &dana, &[("id", &id)]).await);
        assert_eq!(profile["contact"]["name"], "Ann Lee-Smith");
        assert_eq!(profile["contact"]["tags"], serde_json::json!(["vip"]));
    })
    .await;
}
