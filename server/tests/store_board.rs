//! The board's reads, on both engines: totals over every matching deal, paging, filters,
//! and what people with `Only assigned data` see.
mod common;

use app::domain::board::{BoardFilter, Card, FilterInput};
use app::domain::change::Actor;
use app::domain::opportunity::Status;
use app::store::opportunities::create::NewOpportunity;
use app::store::StoreError;
use common::deals::*;
use common::on_each_engine;

#[tokio::test]
async fn the_board_totals_every_matching_deal_and_pages_each_column() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let proposal = stage(&sales, "Proposal");
        for i in 0..120 {
            store
                .create_opportunity(actor, deal(&format!("Deal {i:03}"), "100", Some(proposal)))
                .await
                .unwrap();
        }
        let abandoned = store
            .create_opportunity(actor, deal("Gone quiet", "999", Some(proposal)))
            .await
            .unwrap();
        store
            .change_standing(actor, abandoned.id, 1, to(None, Some(Status::Abandoned)))
            .await
            .unwrap();

        let columns = store
            .board_columns(&sales, &BoardFilter::default(), viewer(&dana))
            .await
            .unwrap();
        let column = columns.iter().find(|c| c.stage.id == proposal).unwrap();
        assert_eq!(
            (
                column.totals.count,
                column.totals.total_minor,
                column.totals.weighted_minor
            ),
            (120, 1_200_000, 600_000)
        );
        assert_eq!(column.page.cards.len(), 50);
        assert_eq!(
            column.page.cards[0].name, "Deal 119",
            "newest arrival first"
        );
        let mut seen: Vec<Card> = column.page.cards.clone();
        let mut next = column.page.next;
        while let Some(cursor) = next {
            let page = store
                .column_page(
                    proposal,
                    &BoardFilter::default(),
                    viewer(&dana),
                    Some(cursor),
                )
                .await
                .unwrap();
            seen.extend(page.cards);
            next = page.next;
        }
        assert_eq!(seen.len(), 120, "every card once, none abandoned");
        let mut ids: Vec<i64> = seen.iter().map(|c| c.id.0).collect();
        ids.dedup();
        assert_eq!(ids.len(), 120);

        let filtered = |pairs: &[(&str, &str)]| {
            let mut input = FilterInput::default();
            for (k, v) in pairs {
                input.set(k, v.to_string());
            }
            input.parse(2).unwrap()
        };
        let search = store
            .column_totals(&sales, &filtered(&[("q", "deal 11")]), viewer(&dana))
            .await
            .unwrap();
        assert_eq!(
            search.iter().map(|(_, t)| t.count).sum::<i64>(),
            10,
            "Deal 110-119"
        );
        let gone = store
            .column_totals(&sales, &filtered(&[("status", "abandoned")]), viewer(&dana))
            .await
            .unwrap();
        assert_eq!(gone.iter().map(|(_, t)| t.total_minor).sum::<i64>(), 99_900);
        let nobody = store
            .column_totals(&sales, &filtered(&[("min", "500")]), viewer(&dana))
            .await
            .unwrap();
        assert_eq!(nobody.iter().map(|(_, t)| t.count).sum::<i64>(), 0);
    })
    .await;
}

#[tokio::test]
async fn people_with_only_assigned_data_see_their_own_deals() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let mulder = fox_mulder(&store, true).await;
        let actor = Actor::User(dana.id);
        let prospecting = stage(&sales, "Prospecting");
        let mine = store
            .create_opportunity(
                actor,
                NewOpportunity {
                    owner: Some(mulder.id),
                    ..deal("Mulder's", "10", Some(prospecting))
                },
            )
            .await
            .unwrap();
        let theirs = store
            .create_opportunity(actor, deal("Dana's", "10", Some(prospecting)))
            .await
            .unwrap();
        let columns = store
            .board_columns(&sales, &BoardFilter::default(), viewer(&mulder))
            .await
            .unwrap();
        let names: Vec<&str> = columns
            .iter()
            .flat_map(|c| c.page.cards.iter().map(|c| c.name.as_str()))
            .collect();
        assert_eq!(names, ["Mulder's"]);
        assert_eq!(columns[0].totals.count, 1);
        assert!(store.card(mine.id, viewer(&mulder)).await.is_ok());
        assert!(matches!(
            store.card(theirs.id, viewer(&mulder)).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(mine.owner.unwrap().id, mulder.id.0);
    })
    .await;
}
