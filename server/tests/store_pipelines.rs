//! Creating deals and changing pipelines, on both engines: the duplicate rule, stages
//! added, reordered, edited and removed with their deals moved, pipelines deleted.
mod common;

use app::domain::board::ContactId;
use app::domain::change::{Actor, EventKind};
use app::domain::contact::NewContact;
use app::domain::opportunity::Status;
use app::domain::pipeline::{default_stages, Probability, StageId};
use app::store::opportunities::create::{ContactChoice, NewOpportunity};
use app::store::StoreError;
use common::deals::*;
use common::on_each_engine;

#[tokio::test]
async fn a_contact_has_one_deal_per_pipeline_unless_allowed() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let first = NewOpportunity {
            contact: Some(ContactChoice::New(
                NewContact::parse("Ann Lee", "ann@globex.test", "").unwrap(),
            )),
            ..deal("Globex pilot", "100", Some(stage(&sales, "Prospecting")))
        };
        let card = store.create_opportunity(actor, first).await.unwrap();
        let ann = card.contact.clone().expect("contact linked");
        assert_eq!(ann.name, "Ann Lee");
        let second = NewOpportunity {
            contact: Some(ContactChoice::Existing(ContactId(ann.id))),
            ..deal("Globex expansion", "100", Some(stage(&sales, "Proposal")))
        };
        match store.create_opportunity(actor, second.clone()).await {
            Err(StoreError::Invalid {
                field: "contact",
                message,
            }) => {
                assert!(
                    message.contains("Ann Lee already has an opportunity in Sales"),
                    "{message}"
                )
            }
            other => panic!("expected the duplicate rule, got {other:?}"),
        }
        let other = store
            .create_pipeline("Renewals", &default_stages())
            .await
            .unwrap();
        let elsewhere = NewOpportunity {
            stage: Some(stage(&other, "Prospecting")),
            ..second
        };
        store
            .create_opportunity(actor, elsewhere)
            .await
            .expect("another pipeline is fine");
    })
    .await;
}

#[tokio::test]
async fn stages_are_added_reordered_edited_and_removed_with_their_deals_moved() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let sales = store
            .add_stage(sales.id, "Demo", Probability::for_open_stage(40).unwrap())
            .await
            .unwrap();
        let names: Vec<&str> = sales.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Prospecting",
                "Qualification",
                "Proposal",
                "Negotiation",
                "Demo",
                "Closed Won",
                "Closed Lost"
            ]
        );
        let duplicate = store
            .add_stage(sales.id, "demo", Probability::for_open_stage(40).unwrap())
            .await;
        assert!(matches!(
            duplicate,
            Err(StoreError::Invalid { field: "name", .. })
        ));

        let mut order: Vec<StageId> = sales
            .stages
            .iter()
            .filter(|s| !s.kind.is_closed())
            .map(|s| s.id)
            .collect();
        order.rotate_right(1);
        let sales = store.reorder_stages(sales.id, &order).await.unwrap();
        assert_eq!(sales.stages[0].name, "Demo");
        assert_eq!(
            sales.stages[6].name, "Closed Lost",
            "closed stages stay last"
        );

        let demo = stage(&sales, "Demo");
        let sales = store
            .update_stage(
                demo,
                "Demo booked",
                Probability::for_open_stage(35).unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(sales.stages[0].probability.percent(), 35);
        assert!(matches!(
            store
                .update_stage(
                    stage(&sales, "Closed Won"),
                    "Yay",
                    Probability::for_open_stage(35).unwrap()
                )
                .await,
            Err(StoreError::Refused(_))
        ));

        let card = store
            .create_opportunity(actor, deal("Hooli", "10", Some(demo)))
            .await
            .unwrap();
        match store.remove_stage(actor, demo, None).await {
            Err(StoreError::Invalid {
                field: "move_to",
                message,
            }) => assert!(message.contains("Demo booked holds 1 deal."), "{message}"),
            other => panic!("expected a question, got {other:?}"),
        }
        assert!(matches!(
            store
                .remove_stage(actor, stage(&sales, "Closed Lost"), None)
                .await,
            Err(StoreError::Refused(_))
        ));
        let proposal = stage(&sales, "Proposal");
        let sales = store
            .remove_stage(actor, demo, Some(proposal))
            .await
            .unwrap();
        assert!(sales.stage(demo).is_none());
        let moved = store.card(card.id, viewer(&dana)).await.unwrap();
        assert_eq!(moved.stage_id, Some(proposal));
        let events = store.opportunity_events(card.id).await.unwrap();
        assert_eq!(events.last().unwrap().kind, EventKind::StageChanged);
        assert_eq!(
            events.last().unwrap().before.as_ref().unwrap()["stage"],
            "Demo booked"
        );
    })
    .await;
}

#[tokio::test]
async fn deleting_a_pipeline_moves_its_deals_or_leaves_them_unattached() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let renewals = store
            .create_pipeline("Renewals", &default_stages())
            .await
            .unwrap();
        let open = store
            .create_opportunity(
                actor,
                deal("Open deal", "10", Some(stage(&sales, "Proposal"))),
            )
            .await
            .unwrap();
        let won = NewOpportunity {
            status: Status::Won,
            ..deal("Won deal", "10", Some(stage(&sales, "Closed Won")))
        };
        let won = store.create_opportunity(actor, won).await.unwrap();
        assert_eq!(won.status, Status::Won);
        assert_eq!(
            store
                .delete_pipeline(actor, sales.id, Some(renewals.id))
                .await
                .unwrap(),
            2
        );
        let open = store.card(open.id, viewer(&dana)).await.unwrap();
        let won = store.card(won.id, viewer(&dana)).await.unwrap();
        assert_eq!(
            (open.pipeline_id, open.stage_id, open.status),
            (
                Some(renewals.id),
                Some(stage(&renewals, "Proposal")),
                Status::Open
            )
        );
        assert_eq!(
            (won.stage_id, won.status),
            (Some(stage(&renewals, "Closed Won")), Status::Won)
        );
        assert_eq!(
            store.system_notes(won.id).await.unwrap().len(),
            1,
            "still won: no new note"
        );

        let kept = store
            .delete_pipeline(actor, renewals.id, None)
            .await
            .unwrap();
        assert_eq!(kept, 2);
        let open = store.card(open.id, viewer(&dana)).await.unwrap();
        assert_eq!(
            (open.pipeline_id, open.stage_id, open.status),
            (None, None, Status::Open),
            "unattached, still there"
        );
        assert!(store.pipelines().await.unwrap().is_empty());
    })
    .await;
}
