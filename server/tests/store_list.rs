//! The list view on both engines: sorting, paging, pipeline/stage/unattached filters,
//! saved columns and the `Edit opportunity` save.
mod common;

use app::domain::board::OpportunityId;
use app::domain::change::{Actor, EventKind};
use app::domain::date::Date;
use app::domain::deal::DealFields;
use app::domain::list::ListColumn;
use app::domain::opportunity::Status;
use app::store::opportunities::create::NewOpportunity;
use app::store::opportunities::edit::{DealUpdate, FieldEdit};
use app::store::opportunities::service::StandingChange;
use app::store::{Store, StoreError};
use common::deals::*;
use common::on_each_engine;

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
            .list_page(&list_query(&[("sort", "close")]), me)
            .await
            .unwrap();
        assert_eq!(
            names(&by_close),
            ["January", "Loose", "March", "No date"],
            "no date comes last"
        );
        assert_eq!(by_close.total, 4);
        let latest_first = store
            .list_page(&list_query(&[("sort", "close"), ("dir", "desc")]), me)
            .await
            .unwrap();
        assert_eq!(
            names(&latest_first),
            ["March", "Loose", "January", "No date"]
        );
        let by_value = store
            .list_page(&list_query(&[("sort", "value")]), me)
            .await
            .unwrap();
        assert_eq!(names(&by_value), ["No date", "March", "January", "Loose"]);

        let unattached = store
            .list_page(&list_query(&[("pipeline", "none")]), me)
            .await
            .unwrap();
        assert_eq!(names(&unattached), ["Loose"]);
        let pipeline = sales.id.0.to_string();
        let in_sales = store
            .list_page(
                &list_query(&[("pipeline", &pipeline), ("sort", "name")]),
                me,
            )
            .await
            .unwrap();
        assert_eq!(names(&in_sales), ["January", "March", "No date"]);
        let stage_id = proposal.0.to_string();
        let in_proposal = store
            .list_page(
                &list_query(&[("stage", &stage_id), ("min", "200"), ("sort", "name")]),
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
                &list_query(&[("sort", "name"), ("q", "bulk"), ("page", "2")]),
                me,
            )
            .await
            .unwrap();
        assert_eq!((second.total, second.page, second.pages()), (60, 2, 2));
        assert_eq!(names(&second).first().map(String::as_str), Some("Bulk 50"));
        assert_eq!(second.rows.len(), 10);
        let past_the_end = store
            .list_page(
                &list_query(&[("sort", "name"), ("q", "bulk"), ("page", "5000")]),
                me,
            )
            .await
            .unwrap();
        assert_eq!(
            (past_the_end.page, past_the_end.rows.len()),
            (2, 10),
            "a page past the end shows the last page"
        );
        assert_eq!(names(&past_the_end), names(&second));
        for sort in ListColumn::ALL {
            let page = store
                .list_page(&list_query(&[("sort", &sort.key()), ("dir", "desc")]), me)
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
            store.list_columns(dana.id, &[]).await.unwrap(),
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
            store.list_columns(dana.id, &[]).await.unwrap(),
            chosen[..2].to_vec()
        );
        assert_eq!(
            store.list_columns(fox.id, &[]).await.unwrap(),
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
