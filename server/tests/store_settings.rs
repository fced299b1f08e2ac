//! Opportunity settings on both engines: lost reasons, duplicates, owner sync, how long
//! import files are kept.
mod common;

use app::domain::board::ContactId;
use app::domain::change::Actor;
use app::domain::contact::NewContact;
use app::domain::settings::DealSettings;
use app::store::opportunities::create::{ContactChoice, NewOpportunity};
use app::store::opportunities::edit::FieldEdit;
use common::deals::*;
use common::on_each_engine;

#[tokio::test]
async fn settings_start_with_common_reasons_and_save_together() {
    on_each_engine(|store| async move {
        setup(&store).await;
        let defaults = store.deal_settings().await.unwrap();
        assert_eq!(defaults.lost_reasons.len(), 6);
        assert!(!defaults.allow_multiple_opportunities_per_contact && !defaults.sync_contact_owner);
        assert_eq!(
            defaults.import_file_days, 30,
            "import files are kept 30 days"
        );
        let changed = DealSettings {
            lost_reasons: vec!["Chose to build it".into(), "Price too high".into()],
            allow_multiple_opportunities_per_contact: true,
            sync_contact_owner: true,
            import_file_days: 7,
        };
        store.save_deal_settings(&changed).await.unwrap();
        assert_eq!(store.deal_settings().await.unwrap(), changed);
        assert_eq!(store.lost_reasons().await.unwrap(), changed.lost_reasons);
    })
    .await;
}

#[tokio::test]
async fn duplicates_and_owner_sync_follow_the_settings() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let fox = fox_mulder(&store, false).await;
        let ann = NewContact::parse("Ann Lee", "ann@globex.test", "").unwrap();
        let first = NewOpportunity {
            contact: Some(ContactChoice::New(ann)),
            ..deal("Globex pilot", "10", Some(stage(&sales, "Prospecting")))
        };
        let card = store.create_opportunity(actor, first).await.unwrap();
        let contact = ContactId(card.contact.as_ref().unwrap().id);
        let second = || NewOpportunity {
            contact: Some(ContactChoice::Existing(contact)),
            ..deal("Globex expansion", "20", Some(stage(&sales, "Prospecting")))
        };
        assert!(
            store.create_opportunity(actor, second()).await.is_err(),
            "off by default"
        );

        // Off: the contact keeps its owner.
        let card = store
            .edit_opportunity(actor, card.id, card.version, FieldEdit::Owner(Some(fox.id)))
            .await
            .unwrap();
        assert_eq!(contact_owner(&store, contact).await, None);

        let mut settings = store.deal_settings().await.unwrap();
        settings.allow_multiple_opportunities_per_contact = true;
        settings.sync_contact_owner = true;
        store.save_deal_settings(&settings).await.unwrap();
        assert!(store.create_opportunity(actor, second()).await.is_ok());
        store
            .edit_opportunity(
                actor,
                card.id,
                card.version,
                FieldEdit::Owner(Some(dana.id)),
            )
            .await
            .unwrap();
        assert_eq!(contact_owner(&store, contact).await, Some(dana.id.0));
    })
    .await;
}
