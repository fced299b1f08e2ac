//! Contact tags on both engines: added and removed one at a time (as on the profile),
//! the same tag in another case only once, bad tags refused with a sentence, each
//! change with its workflow outbox row; the contacts list filtered by a tag; a `Tags`
//! column of an import.
mod common;

use app::domain::board::ContactId;
use app::domain::change::Actor;
use app::domain::import::{ImportMode, ImportOptions};
use app::domain::records::RecordQuery;
use app::domain::tag::MAX_TAGS;
use app::domain::workflow::{Action, TriggerEvent};
use app::store::{Store, StoreError};
use common::deals::*;
use common::imports::{deals, import, jobs, named};
use common::on_each_engine;
use common::workflows::*;

/// The contact's outbox rows, oldest first: (kind, the tag or field's new value).
async fn outbox(store: &Store, contact: ContactId) -> Vec<(String, serde_json::Value)> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT kind, detail FROM workflow_events WHERE subject = 'contact' AND subject_id = $1 ORDER BY id",
    )
    .bind(contact.0)
    .fetch_all(store.pool())
    .await
    .unwrap();
    rows.into_iter()
        .map(|(kind, detail)| {
            let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
            (kind, detail["after"].clone())
        })
        .collect()
}

async fn tags(store: &Store, contact: ContactId) -> Vec<String> {
    store.contact_record(contact).await.unwrap().tags
}

/// A contact with nothing in the outbox yet (its `created` row cleared).
async fn ann(store: &Store) -> ContactId {
    let ann = contact(store, "Ann", "Lee", "ann@acme.test").await;
    sqlx::query("DELETE FROM workflow_events")
        .execute(store.pool())
        .await
        .unwrap();
    ann
}

#[tokio::test]
async fn a_tag_is_added_and_removed_with_one_outbox_row_each() {
    on_each_engine(|store| async move {
        let dana = workspace(&store).await;
        let ann = ann(&store).await;
        let me = Actor::User(dana.id);
        let added = store
            .change_contact_tag(me, ann, "  vip ", true)
            .await
            .unwrap();
        assert!(added.changed);
        assert_eq!(added.tags, ["vip"], "trimmed");
        let added = store
            .change_contact_tag(me, ann, "Referral", true)
            .await
            .unwrap();
        assert_eq!(added.tags, ["vip", "Referral"]);
        assert_eq!(tags(&store, ann).await, ["vip", "Referral"]);
        let removed = store
            .change_contact_tag(me, ann, "REFERRAL", false)
            .await
            .unwrap();
        assert!(removed.changed, "removed in whatever case it is held");
        assert_eq!(removed.tags, ["vip"]);
        assert_eq!(tags(&store, ann).await, ["vip"]);
        assert_eq!(
            outbox(&store, ann).await,
            [
                ("tag_added".to_string(), serde_json::json!("vip")),
                ("tag_added".to_string(), serde_json::json!("Referral")),
                ("tag_removed".to_string(), serde_json::json!("Referral")),
            ]
        );
        let (actor,): (String,) =
            sqlx::query_as("SELECT actor_kind FROM workflow_events ORDER BY id LIMIT 1")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(actor, "user");
    })
    .await;
}

#[tokio::test]
async fn the_same_tag_in_another_case_changes_nothing_and_says_so() {
    on_each_engine(|store| async move {
        let dana = workspace(&store).await;
        let ann = ann(&store).await;
        let me = Actor::User(dana.id);
        store
            .change_contact_tag(me, ann, "vip", true)
            .await
            .unwrap();
        let again = store
            .change_contact_tag(me, ann, "VIP", true)
            .await
            .unwrap();
        assert!(!again.changed);
        assert_eq!(again.tags, ["vip"], "the first spelling stays");
        assert_eq!(
            again.summary("VIP", true),
            "This contact already has the tag \u{201c}vip\u{201d}; nothing changed."
        );
        let absent = store
            .change_contact_tag(me, ann, "partner", false)
            .await
            .unwrap();
        assert!(!absent.changed);
        let kinds: Vec<String> = outbox(&store, ann)
            .await
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(
            kinds,
            ["tag_added"],
            "no row for a change that changed nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn bad_tags_are_refused_with_a_sentence_and_nothing_written() {
    on_each_engine(|store| async move {
        let dana = workspace(&store).await;
        let ann = ann(&store).await;
        let me = Actor::User(dana.id);
        let cases = [
            ("   ", "Type the tag to add."),
            ("vip, partner", "cannot hold a comma"),
            (&"x".repeat(41), "Keep each tag to 40 characters"),
            ("v\0ip", "control character"),
        ];
        for (raw, says) in cases {
            match store.change_contact_tag(me, ann, raw, true).await {
                Err(StoreError::Invalid { field: "tag", message }) => {
                    assert!(message.contains(says), "{raw:?}: {message}")
                }
                other => panic!("{raw:?} was not refused: {other:?}"),
            }
        }
        let forty = "x".repeat(40);
        store.change_contact_tag(me, ann, &forty, true).await.unwrap();
        for i in 1..MAX_TAGS {
            store
                .change_contact_tag(me, ann, &format!("t{i}"), true)
                .await
                .unwrap();
        }
        let full = store.change_contact_tag(me, ann, "one more", true).await;
        assert!(
            matches!(&full, Err(StoreError::Invalid { message, .. }) if message.contains("up to 20 tags")),
            "{full:?}"
        );
        let held = store.change_contact_tag(me, ann, "T1", true).await.unwrap();
        assert!(!held.changed, "a tag it has is no new one, even when full");
        assert_eq!(tags(&store, ann).await.len(), MAX_TAGS);
        assert_eq!(outbox(&store, ann).await.len(), MAX_TAGS);
        let gone = store
            .change_contact_tag(me, ContactId(ann.0 + 100), "vip", true)
            .await;
        assert!(matches!(gone, Err(StoreError::NotFound("contact"))), "{gone:?}");
    })
    .await;
}

#[tokio::test]
async fn the_contacts_list_is_filtered_by_a_tag_in_any_case() {
    on_each_engine(|store| async move {
        let dana = workspace(&store).await;
        let me = Actor::User(dana.id);
        let ann = contact(&store, "Ann", "Lee", "").await;
        let bob = contact(&store, "Bob", "Vance", "").await;
        contact(&store, "Cy", "Untagged", "").await;
        store
            .change_contact_tag(me, ann, "VIP", true)
            .await
            .unwrap();
        store
            .change_contact_tag(me, ann, "50%_off", true)
            .await
            .unwrap();
        store
            .change_contact_tag(me, bob, "vip", true)
            .await
            .unwrap();
        store
            .change_contact_tag(me, bob, "vipers", true)
            .await
            .unwrap();
        let names = |tag: &str| {
            let (store, tag) = (store.clone(), tag.to_string());
            async move {
                let query = RecordQuery {
                    tag,
                    page: 1,
                    ..RecordQuery::default()
                };
                let page = store.contact_page(&query).await.unwrap();
                let names: Vec<String> = page.rows.into_iter().map(|c| c.name).collect();
                (names, page.total)
            }
        };
        assert_eq!(
            names("vip").await,
            (vec!["Ann Lee".into(), "Bob Vance".into()], 2)
        );
        assert_eq!(names("Vipers").await, (vec!["Bob Vance".into()], 1));
        assert_eq!(names("50%_off").await, (vec!["Ann Lee".into()], 1));
        assert_eq!(
            names("50%").await.1,
            0,
            "a whole tag, wildcards taken as typed"
        );
        assert_eq!(names("").await.1, 3);
        assert_eq!(
            store.contact_tags_in_use().await.unwrap(),
            ["50%_off", "VIP", "vipers"],
            "each once, whatever its case"
        );
    })
    .await;
}

#[tokio::test]
async fn a_tag_added_on_the_profile_starts_a_contact_tag_added_workflow() {
    on_each_engine(|store| async move {
        let dana = workspace(&store).await;
        let definition = workflow(
            "Welcome VIPs",
            vec![when(TriggerEvent::ContactTagAdded {
                tag: Some("vip".into()),
            })],
            vec![step(
                1,
                "Tag as welcomed",
                Action::AddContactTag {
                    tag: "welcomed".into(),
                },
            )],
        );
        let id = publish(&store, &dana, &definition).await;
        let ann = ann(&store).await;
        store
            .change_contact_tag(Actor::User(dana.id), ann, "VIP", true)
            .await
            .unwrap();
        settle(&store).await;
        assert_eq!(runs_of(&store, id).await.len(), 1);
        assert_eq!(tags(&store, ann).await, ["VIP", "welcomed"]);
    })
    .await;
}

#[tokio::test]
async fn an_import_adds_a_tags_column_to_each_rows_contact() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let ann = ann(&store).await;
        store
            .change_contact_tag(Actor::User(dana.id), ann, "vip", true)
            .await
            .unwrap();
        let (jobs, _dir) = jobs();
        let csv = "Name,Contact email,Tags\n\
                   Hooli,ann@acme.test,\"VIP; referral\"\n\
                   Aviato,bo@acme.test,\"vip, partner\"\n\
                   Raviga,,vip\n";
        let options = ImportOptions {
            create_missing: true,
            ..ImportOptions::default()
        };
        let id = import(&store, &jobs, dana.id, csv, options).await;
        assert_eq!(tags(&store, ann).await, ["vip", "referral"], "VIP is vip");
        let bo: (i64,) = sqlx::query_as("SELECT id FROM contacts WHERE email = 'bo@acme.test'")
            .fetch_one(store.pool())
            .await
            .unwrap();
        let bo = ContactId(bo.0);
        assert_eq!(tags(&store, bo).await, ["vip", "partner"]);
        let failures = store.import_failures(id, 0, 10).await.unwrap();
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(failures[0].1.contains("names no contact"), "{failures:?}");
        let added = |rows: Vec<(String, serde_json::Value)>| -> Vec<serde_json::Value> {
            rows.into_iter()
                .filter(|(kind, _)| kind == "tag_added")
                .map(|(_, tag)| tag)
                .collect()
        };
        assert_eq!(added(outbox(&store, ann).await), ["vip", "referral"]);
        assert_eq!(added(outbox(&store, bo).await), ["vip", "partner"]);
        let (imported,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM workflow_events WHERE kind = 'tag_added' AND actor_kind = 'import'",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(imported, 3);

        let hooli = named(&deals(&store, &dana).await, "Hooli").id;
        let aviato = named(&deals(&store, &dana).await, "Aviato").id;
        let update = format!("ID,Tags\n{hooli},referral; renewal\n{aviato},Partner\n");
        let options = ImportOptions {
            mode: ImportMode::Update,
            ..ImportOptions::default()
        };
        let id = import(&store, &jobs, dana.id, &update, options).await;
        assert_eq!(
            tags(&store, ann).await,
            ["vip", "referral", "renewal"],
            "the deal's primary contact"
        );
        assert_eq!(tags(&store, bo).await, ["vip", "partner"]);
        let record = store.import_record(id).await.unwrap().summary;
        assert_eq!((record.counts.updated, record.counts.skipped), (1, 1));
    })
    .await;
}
