//! The list view on both engines: sorting, paging, pipeline/stage/unattached filters,
//! saved columns, the `Edit opportunity` save, bulk actions, and `Only assigned data`.
mod common;

use app::domain::board::OpportunityId;
use app::domain::change::{Actor, EventKind};
use app::domain::date::Date;
use app::domain::deal::DealFields;
use app::domain::list::{ListColumn, ListInput, ListQuery};
use app::domain::opportunity::Status;
use app::store::opportunities::bulk::{BulkAction, Selection};
use app::store::opportunities::create::NewOpportunity;
use app::store::opportunities::edit::{DealUpdate, FieldEdit};
use app::store::opportunities::service::StandingChange;
use app::store::{Store, StoreError};
use common::deals::*;
use common::on_each_engine;

fn query(pairs: &[(&str, &str)]) -> ListQuery {
    let mut input = ListInput::default();
    for (k, v) in pairs {
        input.set(k, v.to_string());
    }
    input.parse(2).unwrap()
}

fn names(page: &app::domain::list::ListPage) -> Vec<String> {
    page.rows.iter().map(|r| r.card.name.clone()).collect()
}

async fn dated(
    store: &Store,
    actor: Actor,
    name: &str,
    value: &str,
    close: &str,
    stage: Option<app::domain::pipeline::StageId>,
) -> OpportunityId {
    let new = NewOpportunity {
        fields: DealFields::parse(name, value, "", close, 2).unwrap(),
        ..deal(name, value, stage)
    };
    store.create_opportunity(actor, new).await.unwrap().id
}

#[tokio::test]
async fn the_list_sorts_filters_and_pages_across_pipelines() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let me = viewer(&dana);
        let proposal = stage(&sales, "Proposal");
        dated(&store, actor, "March", "300", "2026-03-01", Some(proposal)).await;
        dated(
            &store,
            actor,
            "January",
            "100",
            "2026-01-01",
            Some(stage(&sales, "Prospecting")),
        )
        .await;
        dated(&store, actor, "No date", "900", "", Some(proposal)).await;
        dated(&store, actor, "Loose", "50", "2026-02-01", None).await;

        let by_close = store
            .list_page(&query(&[("sort", "close")]), me)
            .await
            .unwrap();
        assert_eq!(
            names(&by_close),
            ["January", "Loose", "March", "No date"],
            "no date comes last"
        );
        assert_eq!(by_close.total, 4);
        let latest_first = store
            .list_page(&query(&[("sort", "close"), ("dir", "desc")]), me)
            .await
            .unwrap();
        assert_eq!(
            names(&latest_first),
            ["March", "Loose", "January", "No date"]
        );
        let by_value = store
            .list_page(&query(&[("sort", "value")]), me)
            .await
            .unwrap();
        assert_eq!(names(&by_value), ["No date", "March", "January", "Loose"]);

        let unattached = store
            .list_page(&query(&[("pipeline", "none")]), me)
            .await
            .unwrap();
        assert_eq!(names(&unattached), ["Loose"]);
        let pipeline = sales.id.0.to_string();
        let in_sales = store
            .list_page(&query(&[("pipeline", &pipeline), ("sort", "name")]), me)
            .await
            .unwrap();
        assert_eq!(names(&in_sales), ["January", "March", "No date"]);
        let stage_id = proposal.0.to_string();
        let in_proposal = store
            .list_page(
                &query(&[("stage", &stage_id), ("min", "200"), ("sort", "name")]),
                me,
            )
            .await
            .unwrap();
        assert_eq!(names(&in_proposal), ["March", "No date"]);

        for i in 0..60 {
            dated(
                &store,
                actor,
                &format!("Bulk {i:02}"),
                "1",
                "",
                Some(proposal),
            )
            .await;
        }
        let second = store
            .list_page(
                &query(&[("sort", "name"), ("q", "bulk"), ("page", "2")]),
                me,
            )
            .await
            .unwrap();
        assert_eq!((second.total, second.page, second.pages()), (60, 2, 2));
        assert_eq!(names(&second).first().map(String::as_str), Some("Bulk 50"));
        assert_eq!(second.rows.len(), 10);
        for sort in ListColumn::ALL {
            let page = store
                .list_page(&query(&[("sort", sort.key()), ("dir", "desc")]), me)
                .await
                .unwrap();
            assert_eq!(page.rows.len(), 50, "{sort:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn each_person_keeps_their_columns() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let fox = fox_mulder(&store, false).await;
        assert_eq!(
            store.list_columns(dana.id).await.unwrap(),
            ListColumn::DEFAULT.to_vec()
        );
        let chosen = [
            ListColumn::Name,
            ListColumn::ExpectedClose,
            ListColumn::Value,
        ];
        store.save_list_columns(dana.id, &chosen).await.unwrap();
        store
            .save_list_columns(dana.id, &chosen[..2])
            .await
            .unwrap();
        assert_eq!(
            store.list_columns(dana.id).await.unwrap(),
            chosen[..2].to_vec()
        );
        assert_eq!(
            store.list_columns(fox.id).await.unwrap(),
            ListColumn::DEFAULT.to_vec()
        );
    })
    .await;
}

#[tokio::test]
async fn the_edit_dialog_saves_everything_in_one_change_or_nothing() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let card = globex_in_prospecting(&store, actor, &sales).await;
        let update = DealUpdate {
            fields: vec![
                FieldEdit::Name("Globex expansion".into()),
                FieldEdit::Value(250_000),
                FieldEdit::ExpectedClose(Date::parse("2026-09-30").ok()),
                FieldEdit::Owner(Some(dana.id)),
            ],
            standing: StandingChange {
                stage: Some(stage(&sales, "Closed Lost")),
                status: None,
                lost_reason: Some("No budget".into()),
            },
        };
        let saved = store
            .update_opportunity(actor, card.id, card.version, update.clone())
            .await
            .unwrap();
        assert_eq!(saved.name, "Globex expansion");
        assert_eq!((saved.value_minor, saved.status), (250_000, Status::Lost));
        assert_eq!(saved.owner.map(|o| o.id), Some(dana.id.0));
        let kinds: Vec<EventKind> = store
            .opportunity_events(card.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .collect();
        for kind in [
            EventKind::FieldChanged,
            EventKind::OwnerChanged,
            EventKind::StageChanged,
            EventKind::StatusChanged,
        ] {
            assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}");
        }
        let stale = store
            .update_opportunity(actor, card.id, card.version, update)
            .await
            .unwrap_err();
        assert!(matches!(stale, StoreError::Conflict(_)), "{stale:?}");
    })
    .await;
}

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
        let three = Selection::Ids(ids[..3].to_vec());
        let negotiation = stage(&sales, "Negotiation");
        let moved = store
            .bulk_change(
                actor,
                viewer(&dana),
                &three,
                &BulkAction::MoveToStage(negotiation),
            )
            .await
            .unwrap();
        assert_eq!(moved, 3);
        let again = store
            .bulk_change(
                actor,
                viewer(&dana),
                &three,
                &BulkAction::MoveToStage(negotiation),
            )
            .await
            .unwrap();
        assert_eq!(again, 0, "deals already there do not count");

        let lost = BulkAction::SetStatus {
            status: Status::Lost,
            lost_reason: Some("Bad timing".into()),
        };
        assert_eq!(
            store
                .bulk_change(actor, viewer(&dana), &Selection::Ids(vec![ids[0]]), &lost)
                .await
                .unwrap(),
            1
        );
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

        let all = Selection::Matching(query(&[]));
        assert_eq!(
            store
                .bulk_change(
                    actor,
                    viewer(&dana),
                    &all,
                    &BulkAction::AssignOwner(Some(fox.id))
                )
                .await
                .unwrap(),
            4,
            "Lost deals match too; Abandoned ones would not"
        );
        assert_eq!(
            store
                .bulk_change(
                    actor,
                    viewer(&dana),
                    &three,
                    &BulkAction::AddFollower(dana.id)
                )
                .await
                .unwrap(),
            3
        );
        assert_eq!(
            store
                .bulk_change(
                    actor,
                    viewer(&dana),
                    &three,
                    &BulkAction::RemoveFollower(dana.id)
                )
                .await
                .unwrap(),
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
            store
                .bulk_change(
                    actor,
                    viewer(&dana),
                    &Selection::Ids(vec![ids[3]]),
                    &BulkAction::Delete
                )
                .await
                .unwrap(),
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
            .list_page(&query(&[("sort", "name")]), viewer(&fox))
            .await
            .unwrap();
        assert_eq!(names(&page), ["Followed", "Fox's own"]);
        assert_eq!(page.total, 2);
        assert_eq!(
            store
                .list_page(&query(&[]), viewer(&dana))
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
