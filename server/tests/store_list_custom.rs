//! Custom fields in the list on both engines: filters of every kind, sorts that compare
//! numbers as numbers with empty values last, and values shown in the rows.
mod common;

use app::domain::change::Actor;
use app::domain::currency::Currency;
use app::domain::custom_field::{CustomField, FieldEntity};
use app::domain::list::{ListColumn, ListInput, ListQuery};
use app::store::Store;
use common::custom::*;
use common::deals::*;
use common::on_each_engine;
use serde_json::json;

/// The list query for URL `pairs`, checked against the workspace's fields.
fn query(pairs: &[(&str, &str)], fields: &[CustomField]) -> ListQuery {
    pairs
        .iter()
        .copied()
        .collect::<ListInput>()
        .parse(Currency::parse("EUR").unwrap(), fields)
        .unwrap_or_else(|e| panic!("{pairs:?}: {e:?}"))
}

async fn listed(
    store: &Store,
    admin: &app::domain::account::User,
    query: &ListQuery,
) -> Vec<String> {
    names(&store.list_page(query, viewer(admin)).await.unwrap())
}

#[tokio::test]
async fn custom_fields_filter_and_sort_the_list() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        for (label, kind, options) in [
            ("Seats", "number", ""),
            ("Budget", "money", ""),
            ("Renewal", "date", ""),
            ("Region", "single_select", "North\nSouth"),
            ("Products", "multi_select", "CRM\nPhones\nCloud"),
            ("VIP", "checkbox", ""),
            ("Notes", "text", ""),
        ] {
            store
                .add_custom_field(&definition("opportunity", label, kind, options))
                .await
                .unwrap();
        }
        let fields = store.custom_fields(FieldEntity::Opportunity).await.unwrap();
        let by_key = |key: &str| fields.iter().find(|f| f.key == key).unwrap().clone();
        let prospecting = Some(stage(&sales, "Prospecting"));
        let values: [(&str, [&str; 7]); 4] = [
            (
                "Acme",
                [
                    "9",
                    "1,500",
                    "2027-03-01",
                    "North",
                    "CRM\nPhones",
                    "yes",
                    "Big Renewal",
                ],
            ),
            (
                "Globex",
                ["10", "250", "2027-01-15", "South", "Cloud", "", "small"],
            ),
            ("Initech", ["100.5", "", "", "North", "Phones", "", ""]),
            (
                "Umbrella",
                ["", "20,000", "2026-12-31", "", "", "yes", "renewal due"],
            ),
        ];
        let keys = [
            "seats", "budget", "renewal", "region", "products", "vip", "notes",
        ];
        for (name, raw) in values {
            let mut card = store
                .create_opportunity(actor, deal(name, "1", prospecting))
                .await
                .unwrap();
            for (key, raw) in keys.iter().zip(raw) {
                card = store
                    .edit_opportunity(actor, card.id, card.version, typed(&by_key(key), raw))
                    .await
                    .unwrap();
            }
        }
        let id = |key: &str| by_key(key).id.0;
        let cf = |key: &str, suffix: &str| format!("cf.{}{suffix}", id(key));
        let list = |pairs: &[(String, &str)]| {
            let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            query(&pairs, &fields)
        };

        // Numbers compare as numbers (9 < 10 < 100.5), not as text.
        let q = list(&[(cf("seats", ".min"), "9.5")]);
        assert_eq!(listed(&store, &dana, &q).await, ["Initech", "Globex"]);
        let q = list(&[(cf("seats", ".min"), "9"), (cf("seats", ".max"), "10")]);
        let mut got = listed(&store, &dana, &q).await;
        got.sort();
        assert_eq!(got, ["Acme", "Globex"]);
        let q = list(&[(cf("budget", ".min"), "1,000")]);
        let mut got = listed(&store, &dana, &q).await;
        got.sort();
        assert_eq!(got, ["Acme", "Umbrella"]);
        let q = list(&[(cf("renewal", ".max"), "2027-01-31")]);
        let mut got = listed(&store, &dana, &q).await;
        got.sort();
        assert_eq!(got, ["Globex", "Umbrella"]);
        let q = list(&[(cf("region", ""), "north"), ("sort".into(), "name")]);
        assert_eq!(listed(&store, &dana, &q).await, ["Acme", "Initech"]);
        let q = list(&[(cf("products", ""), "Phones"), ("sort".into(), "name")]);
        assert_eq!(listed(&store, &dana, &q).await, ["Acme", "Initech"]);
        let q = list(&[(cf("vip", ""), "yes"), ("sort".into(), "name")]);
        assert_eq!(listed(&store, &dana, &q).await, ["Acme", "Umbrella"]);
        let q = list(&[(cf("vip", ""), "no"), ("sort".into(), "name")]);
        assert_eq!(listed(&store, &dana, &q).await, ["Globex", "Initech"]);
        let q = list(&[(cf("notes", ""), "RENEWAL"), ("sort".into(), "name")]);
        assert_eq!(listed(&store, &dana, &q).await, ["Acme", "Umbrella"]);
        // Filters combine with each other and with the built-in ones.
        let q = list(&[(cf("region", ""), "North"), (cf("vip", ""), "yes")]);
        assert_eq!(listed(&store, &dana, &q).await, ["Acme"]);
        let q = list(&[(cf("region", ""), "North"), ("q".into(), "init")]);
        assert_eq!(listed(&store, &dana, &q).await, ["Initech"]);

        // Sorts: numbers as numbers, empty values last in both directions.
        let sorted =
            |key: &str, dir: &str| list(&[("sort".into(), &cf(key, "")), ("dir".into(), dir)]);
        assert_eq!(
            listed(&store, &dana, &sorted("seats", "asc")).await,
            ["Acme", "Globex", "Initech", "Umbrella"]
        );
        assert_eq!(
            listed(&store, &dana, &sorted("seats", "desc")).await,
            ["Initech", "Globex", "Acme", "Umbrella"]
        );
        assert_eq!(
            listed(&store, &dana, &sorted("budget", "desc")).await,
            ["Umbrella", "Acme", "Globex", "Initech"]
        );
        assert_eq!(
            listed(&store, &dana, &sorted("renewal", "asc")).await,
            ["Umbrella", "Globex", "Acme", "Initech"]
        );
        assert_eq!(
            listed(&store, &dana, &sorted("region", "asc")).await[3],
            "Umbrella"
        );

        // Rows carry the values the custom columns show; a bulk action on "all matching"
        // takes the custom filters too.
        let q = list(&[(cf("region", ""), "South")]);
        let page = store.list_page(&q, viewer(&dana)).await.unwrap();
        assert_eq!(page.rows[0].custom.get("budget"), Some(&json!("25000")));
        assert_eq!(page.rows[0].custom.get("products"), Some(&json!(["Cloud"])));
        let ids = store.list_ids(&q, viewer(&dana)).await.unwrap();
        assert_eq!(ids, [page.rows[0].card.id]);
    })
    .await;
}

#[tokio::test]
async fn saved_columns_keep_custom_fields_and_drop_removed_ones() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let seats = store
            .add_custom_field(&definition("opportunity", "Seats", "number", ""))
            .await
            .unwrap();
        let columns = [
            ListColumn::Name,
            ListColumn::Custom(seats),
            ListColumn::Value,
        ];
        store.save_list_columns(dana.id, &columns).await.unwrap();
        let fields = store.custom_fields(FieldEntity::Opportunity).await.unwrap();
        assert_eq!(store.list_columns(dana.id, &fields).await.unwrap(), columns);
        store.delete_custom_field(seats).await.unwrap();
        let fields = store.custom_fields(FieldEntity::Opportunity).await.unwrap();
        assert_eq!(
            store.list_columns(dana.id, &fields).await.unwrap(),
            [ListColumn::Name, ListColumn::Value]
        );
    })
    .await;
}

#[test]
fn filters_on_removed_or_mistyped_fields_are_refused_with_a_reason() {
    let input: ListInput = [("cf.99", "x")].into_iter().collect();
    let (field, message) = input.parse(Currency::DEFAULT, &[]).unwrap_err();
    assert_eq!(field, "custom");
    assert!(message.contains("no longer exists"), "{message}");
    let input: ListInput = [("sort", "cf.99")].into_iter().collect();
    assert_eq!(input.parse(Currency::DEFAULT, &[]).unwrap_err().0, "sort");
}
