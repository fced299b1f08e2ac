//! Custom fields on both engines: definitions per record kind, values on contacts, and
//! values on deals, which are changes through the opportunity service with their own
//! change-log entry.
mod common;

use app::domain::change::{Actor, EventKind};
use app::domain::currency::Currency;
use app::domain::custom_field::{FieldEntity, FieldKind, MAX_FIELDS};
use app::store::StoreError;
use common::custom::*;
use common::deals::*;
use common::on_each_engine;
use serde_json::{json, Map, Value};

#[tokio::test]
async fn fields_are_defined_per_record_kind_in_order() {
    on_each_engine(|store| async move {
        setup(&store).await;
        let tier = store
            .add_custom_field(&definition(
                "opportunity",
                "Tier",
                "single_select",
                "Gold\nSilver",
            ))
            .await
            .unwrap();
        store
            .add_custom_field(&definition("contact", "Region", "text", ""))
            .await
            .unwrap();
        store
            .add_custom_field(&definition("opportunity", "Budget (2027)", "money", ""))
            .await
            .unwrap();
        let on_deals = store.custom_fields(FieldEntity::Opportunity).await.unwrap();
        let listed: Vec<(&str, &str, FieldKind)> = on_deals
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str(), f.kind))
            .collect();
        assert_eq!(
            listed,
            [
                ("tier", "Tier", FieldKind::SingleSelect),
                ("budget_2027", "Budget (2027)", FieldKind::Money)
            ]
        );
        assert_eq!(on_deals[0].id, tier);
        assert_eq!(on_deals[0].options, ["Gold", "Silver"]);
        assert!(on_deals
            .iter()
            .all(|f| f.entity == FieldEntity::Opportunity));
        let on_contacts = store.custom_fields(FieldEntity::Contact).await.unwrap();
        assert_eq!(on_contacts.len(), 1);
        assert_eq!(on_contacts[0].key, "region");

        let taken = store
            .add_custom_field(&definition("opportunity", "TIER", "text", ""))
            .await
            .unwrap_err();
        match taken {
            StoreError::Invalid {
                field: "label",
                message,
            } => assert!(message.contains("tier"), "{message}"),
            other => panic!("{other:?}"),
        }
        store
            .add_custom_field(&definition("contact", "Tier", "text", ""))
            .await
            .expect("the same key on another kind of record");

        store.delete_custom_field(tier).await.unwrap();
        let keys: Vec<String> = store
            .custom_fields(FieldEntity::Opportunity)
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.key)
            .collect();
        assert_eq!(keys, ["budget_2027"]);
        store
            .add_custom_field(&definition("opportunity", "Tier", "text", ""))
            .await
            .expect("a deleted field's key is free again");

        let mut count = store
            .custom_fields(FieldEntity::Contact)
            .await
            .unwrap()
            .len();
        while count < MAX_FIELDS {
            let label = format!("Extra {count}");
            store
                .add_custom_field(&definition("contact", &label, "checkbox", ""))
                .await
                .unwrap();
            count += 1;
        }
        let full = store
            .add_custom_field(&definition("contact", "One more", "text", ""))
            .await
            .unwrap_err();
        assert!(
            matches!(full, StoreError::Invalid { field: "label", .. }),
            "{full:?}"
        );
        assert_eq!(
            store
                .custom_fields(FieldEntity::Contact)
                .await
                .unwrap()
                .len(),
            MAX_FIELDS
        );
    })
    .await;
}

#[tokio::test]
async fn contact_values_are_set_and_cleared() {
    on_each_engine(|store| async move {
        setup(&store).await;
        store
            .add_custom_field(&definition("contact", "Region", "text", ""))
            .await
            .unwrap();
        store
            .add_custom_field(&definition(
                "contact",
                "Languages",
                "multi_select",
                "English\nFrench",
            ))
            .await
            .unwrap();
        let ann = contact(&store, "Ann", "Lee", "").await;
        assert!(store.contact_custom_values(ann).await.unwrap().is_empty());

        store
            .set_contact_field(ann, "region", Some(json!("EMEA")))
            .await
            .unwrap();
        let languages = field(&store, FieldEntity::Contact, "languages").await;
        let spoken = languages
            .parse_value("french\nEnglish", Currency::parse("EUR").unwrap())
            .unwrap();
        store
            .set_contact_field(ann, "languages", spoken)
            .await
            .unwrap();
        let mut expected = Map::new();
        expected.insert("region".into(), json!("EMEA"));
        expected.insert("languages".into(), json!(["French", "English"]));
        assert_eq!(store.contact_custom_values(ann).await.unwrap(), expected);
        assert_eq!(store.contact_record(ann).await.unwrap().custom, expected);

        store.set_contact_field(ann, "region", None).await.unwrap();
        expected.remove("region");
        assert_eq!(store.contact_custom_values(ann).await.unwrap(), expected);

        let region = field(&store, FieldEntity::Contact, "region").await;
        store
            .set_contact_field(ann, "region", Some(json!("APAC")))
            .await
            .unwrap();
        store.delete_custom_field(region.id).await.unwrap();
        store
            .add_custom_field(&definition("contact", "Region", "text", ""))
            .await
            .unwrap();
        assert_eq!(
            store
                .contact_custom_values(ann)
                .await
                .unwrap()
                .get("region"),
            Some(&json!("APAC")),
            "defining the field again brings its values back"
        );

        let missing = app::domain::board::ContactId(999_999);
        assert!(matches!(
            store.set_contact_field(missing, "region", None).await,
            Err(StoreError::NotFound("contact"))
        ));
        assert!(matches!(
            store.contact_custom_values(missing).await,
            Err(StoreError::NotFound("contact"))
        ));
    })
    .await;
}

#[tokio::test]
async fn deal_values_are_changes_with_a_version_and_a_log_entry() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let tier = opportunity_field(&store, "Tier", "single_select", "Gold\nSilver").await;
        let budget = opportunity_field(&store, "Budget", "money", "").await;
        let deal = globex_in_prospecting(&store, actor, &sales).await;

        let card = store
            .edit_opportunity(actor, deal.id, deal.version, typed(&tier, "gold"))
            .await
            .unwrap();
        assert_eq!(card.version, deal.version + 1);
        let card = store
            .edit_opportunity(actor, deal.id, card.version, typed(&budget, "1,500.50"))
            .await
            .unwrap();
        let details = store.deal_details(deal.id).await.unwrap();
        let mut expected = Map::new();
        expected.insert("tier".into(), json!("Gold"));
        expected.insert("budget".into(), json!("150050"));
        assert_eq!(details.custom, expected);

        let unchanged = store
            .edit_opportunity(actor, deal.id, card.version, typed(&tier, "GOLD"))
            .await
            .unwrap();
        assert_eq!(
            unchanged.version, card.version,
            "the same value changes nothing"
        );
        let events = events_on(&store, deal.id, "custom:tier").await;
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].kind, EventKind::FieldChanged);
        assert_eq!(
            events[0].before,
            Some(json!({ "label": "Tier", "value": null }))
        );
        assert_eq!(
            events[0].after,
            Some(json!({ "label": "Tier", "value": "Gold", "text": "Gold" }))
        );

        let stale = store
            .edit_opportunity(actor, deal.id, deal.version, typed(&tier, "Silver"))
            .await
            .unwrap_err();
        assert!(matches!(stale, StoreError::Conflict(_)), "{stale:?}");
        let cleared = store
            .edit_opportunity(actor, deal.id, card.version, typed(&tier, ""))
            .await
            .unwrap();
        assert_eq!(cleared.version, card.version + 1);
        let custom = store.deal_details(deal.id).await.unwrap().custom;
        assert_eq!(custom.get("tier"), None);
        assert_eq!(custom.get("budget"), Some(&Value::String("150050".into())));
        let events = events_on(&store, deal.id, "custom:tier").await;
        assert_eq!(
            events.last().and_then(|e| e.after.clone()),
            Some(json!({ "label": "Tier", "value": null, "text": null }))
        );

        let said: Vec<String> = store
            .timeline(deal.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.what)
            .collect();
        for line in [
            "Set Tier to \u{201c}Gold\u{201d}",
            "Set Budget to \u{201c}EUR 1,500.50\u{201d}",
            "Cleared Tier",
        ] {
            assert!(said.iter().any(|s| s == line), "{line} in {said:?}");
        }
    })
    .await;
}
