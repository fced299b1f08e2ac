//! Workspace settings on both engines: lost reasons, duplicates, owner sync, how long
//! import files are kept; the time zone and the limits workflows run within.
mod common;

use app::domain::board::ContactId;
use app::domain::change::Actor;
use app::domain::contact::NewContact;
use app::domain::settings::{DealSettings, WorkflowSettings};
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

#[tokio::test]
async fn workflow_settings_start_at_their_defaults_and_save_together() {
    on_each_engine(|store| async move {
        let defaults = WorkflowSettings {
            time_zone: "UTC".into(),
            depth_limit: 5,
            hourly_entries: 10,
            log_days: 90,
        };
        assert_eq!(
            store.workflow_settings().await.unwrap(),
            defaults,
            "before the workspace exists"
        );
        setup(&store).await;
        assert_eq!(store.workflow_settings().await.unwrap(), defaults);
        assert_eq!(WorkflowSettings::default(), defaults);
        let changed = WorkflowSettings {
            time_zone: "America/New_York".into(),
            depth_limit: 20,
            hourly_entries: 1000,
            log_days: 3650,
        };
        store.save_workflow_settings(&changed).await.unwrap();
        assert_eq!(store.workflow_settings().await.unwrap(), changed);
        let deals = store.deal_settings().await.unwrap();
        assert_eq!(
            deals.import_file_days, 30,
            "the opportunity settings are left alone"
        );
    })
    .await;
}
