//! Bulk actions from the list on both engines: each goes through the opportunity service
//! in one transaction, and people with `Only assigned data` touch only what they see.
mod common;

use app::domain::change::{Actor, EventKind};
use app::domain::opportunity::Status;
use app::store::opportunities::bulk::{BulkAction, Selection};
use app::store::opportunities::create::NewOpportunity;
use app::store::StoreError;
use common::deals::*;
use common::on_each_engine;

#[tokio::test]
async fn bulk_actions_change_many_deals_through_the_service() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let fox = fox_mulder(&store, false).await;
        let prospecting = Some(stage(&sales, "Prospecting"));
        let mut ids = Vec::new();
        for name in ["A", "B", "C", "D"] {
            ids.push(
                store
                    .create_opportunity(actor, deal(name, "10", prospecting))
                    .await
                    .unwrap()
                    .id,
            );
        }
        let as_dana = async |selection: &Selection, action: BulkAction| {
            store
                .bulk_change(actor, viewer(&dana), selection, &action)
                .await
                .unwrap()
        };
        let three = Selection::Ids(ids[..3].to_vec());
        let negotiation = stage(&sales, "Negotiation");
        let moved = as_dana(&three, BulkAction::MoveToStage(negotiation)).await;
        assert_eq!(moved, 3);
        let again = as_dana(&three, BulkAction::MoveToStage(negotiation)).await;
        assert_eq!(again, 0, "deals already there do not count");

        let lost = BulkAction::SetStatus {
            status: Status::Lost,
            lost_reason: Some("Bad timing".into()),
        };
        assert_eq!(as_dana(&Selection::Ids(vec![ids[0]]), lost).await, 1);
        let card = store.card(ids[0], viewer(&dana)).await.unwrap();
        assert_eq!(
            (card.status, card.stage_id),
            (Status::Lost, Some(stage(&sales, "Closed Lost")))
        );
        assert!(store
            .system_notes(ids[0])
            .await
            .unwrap()
            .iter()
            .any(|n| n.body.contains("Bad timing")));

        let all = Selection::Matching(Box::new(list_query(&[])));
        assert_eq!(
            as_dana(&all, BulkAction::AssignOwner(Some(fox.id))).await,
            4,
            "Lost deals match too; Abandoned ones would not"
        );
        assert_eq!(as_dana(&three, BulkAction::AddFollower(dana.id)).await, 3);
        assert_eq!(
            as_dana(&three, BulkAction::RemoveFollower(dana.id)).await,
            3
        );
        let events = store.opportunity_events(ids[1]).await.unwrap();
        assert_eq!(
            events
                .iter()
                .filter(|e| e.kind == EventKind::FollowersChanged)
                .count(),
            2
        );

        assert_eq!(
            as_dana(&Selection::Ids(vec![ids[3]]), BulkAction::Delete).await,
            1
        );
        assert!(matches!(
            store.card(ids[3], viewer(&dana)).await,
            Err(StoreError::NotFound(_))
        ));
        let log = store.opportunity_events(ids[3]).await.unwrap();
        assert_eq!(
            log.last().map(|e| e.kind),
            Some(EventKind::Deleted),
            "the log outlives the deal"
        );
    })
    .await;
}

#[tokio::test]
async fn only_assigned_data_limits_the_list_and_bulk_actions() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let fox = fox_mulder(&store, true).await;
        let prospecting = Some(stage(&sales, "Prospecting"));
        let owned = NewOpportunity {
            owner: Some(fox.id),
            ..deal("Fox's own", "10", prospecting)
        };
        let owned = store.create_opportunity(actor, owned).await.unwrap().id;
        let followed = store
            .create_opportunity(actor, deal("Followed", "10", prospecting))
            .await
            .unwrap()
            .id;
        store
            .bulk_change(
                actor,
                viewer(&dana),
                &Selection::Ids(vec![followed]),
                &BulkAction::AddFollower(fox.id),
            )
            .await
            .unwrap();
        let hidden = store
            .create_opportunity(actor, deal("Not Fox's", "10", prospecting))
            .await
            .unwrap()
            .id;
        let loose = store
            .create_opportunity(actor, deal("Unattached", "10", None))
            .await
            .unwrap()
            .id;

        let page = store
            .list_page(&list_query(&[("sort", "name")]), viewer(&fox))
            .await
            .unwrap();
        assert_eq!(names(&page), ["Followed", "Fox's own"]);
        assert_eq!(page.total, 2);
        assert_eq!(
            store
                .list_page(&list_query(&[]), viewer(&dana))
                .await
                .unwrap()
                .total,
            4
        );

        let fox_actor = Actor::User(fox.id);
        let everything = Selection::Ids(vec![owned, followed, hidden, loose]);
        let deleted = store
            .bulk_change(fox_actor, viewer(&fox), &everything, &BulkAction::Delete)
            .await
            .unwrap();
        assert_eq!(deleted, 2, "only what Fox may see");
        assert!(store.card(hidden, viewer(&dana)).await.is_ok());
        assert!(store.card(loose, viewer(&dana)).await.is_ok());
    })
    .await;
}
