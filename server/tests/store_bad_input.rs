//! Hostile values on both engines: the largest amounts still total on the board, searches
//! are bounded before they reach the engine, and an import row holding a NUL fails at
//! review, alone, instead of halfway through the job.
mod common;

use app::domain::board::BoardFilter;
use app::domain::change::Actor;
use app::domain::deal::DealFields;
use app::domain::import::{ImportOptions, ImportState};
use app::domain::money::MAX_AMOUNT_MINOR;
use app::domain::records::RecordQuery;
use app::store::StoreError;
use common::custom::definition;
use common::deals::{contact, deal, setup, stage, viewer};
use common::imports::{deals, finished, jobs, review, upload};
use common::on_each_engine;

#[tokio::test]
async fn two_deals_at_the_largest_value_total_on_the_board_and_larger_values_are_refused() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let negotiation = stage(&sales, "Negotiation");
        assert!(
            DealFields::parse("Whale", "92,233,720,368,547,758.07", "", "", 2).is_err(),
            "i64::MAX minor units is no deal value"
        );
        for name in ["Whale", "Orca"] {
            store
                .create_opportunity(
                    Actor::User(dana.id),
                    deal(name, "900,000,000.00", Some(negotiation)),
                )
                .await
                .unwrap();
        }
        let columns = store
            .board_columns(&sales, &BoardFilter::default(), viewer(&dana))
            .await
            .unwrap();
        let column = columns.iter().find(|c| c.stage.id == negotiation).unwrap();
        assert_eq!(column.totals.count, 2);
        assert_eq!(column.totals.total_minor, 2 * MAX_AMOUNT_MINOR);
        assert_eq!(
            column.totals.weighted_minor,
            2 * MAX_AMOUNT_MINOR / 100 * 75
        );
    })
    .await;
}

#[tokio::test]
async fn searches_with_a_nul_or_past_the_limit_are_refused_before_the_engine() {
    on_each_engine(|store| async move {
        let (admin, _) = setup(&store).await;
        contact(&store, "Ann", "Lee", "ann@acme.test").await;
        let huge = "a".repeat(1 << 20);
        for search in ["ann\0", &huge] {
            let query = RecordQuery {
                search: search.to_string(),
                page: 1,
                ..RecordQuery::default()
            };
            let refused = |result: Result<(), StoreError>| {
                assert!(
                    matches!(result, Err(StoreError::Invalid { field: "q", .. })),
                    "{result:?}"
                )
            };
            refused(store.contact_page(&query).await.map(drop));
            refused(store.company_page(&query, viewer(&admin)).await.map(drop));
            refused(store.search_contacts(search, 8).await.map(drop));
            refused(store.search_companies(search, 8).await.map(drop));
        }
        let found = store.search_contacts(&"a".repeat(200), 8).await.unwrap();
        assert!(found.is_empty(), "200 characters is still a search");
    })
    .await;
}

/// Three rows with a NUL among ordinary ones (followed by `FILLER` rows, so that the file
/// is text with a few bad cells, not binary refused at upload).
const ONE_BAD_ROW: &str = "Name,Value,Contact email,Notes\n\
Globex,100,,\n\
Glo\0bex,200,,\n\
Initech,300,,\n\
Hooli,400,ann\0@acme.test,\n\
Umbrella,500,,\"fine\0print\"\n";

const FILLER: u64 = 300;

#[tokio::test]
async fn an_import_row_holding_a_nul_fails_at_review_and_the_others_are_imported() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        store
            .add_custom_field(&definition("opportunity", "Notes", "text", ""))
            .await
            .unwrap();
        let (jobs, _dir) = jobs();
        let file: String = (1..=FILLER).fold(ONE_BAD_ROW.to_string(), |file, i| {
            file + &format!("Filler {i},1,,\n")
        });
        let id = upload(&store, &jobs, dana.id, file.as_bytes()).await;
        let planned = review(&store, &jobs, id, ImportOptions::default()).await;
        assert_eq!(
            (planned.counts.created, planned.counts.failed),
            (2 + FILLER, 3),
            "{planned:?}"
        );
        let failed: Vec<(u64, String)> = planned
            .failures
            .iter()
            .map(|f| (f.row, f.reason.clone().unwrap()))
            .collect();
        let columns: Vec<&str> = failed
            .iter()
            .map(|(_, reason)| reason.split(':').next().unwrap())
            .collect();
        assert_eq!(columns, ["Name", "Contact email", "Notes"], "{failed:?}");
        assert!(failed.iter().all(|(_, r)| r.contains("control character")));
        assert_eq!(
            failed.iter().map(|(row, _)| *row).collect::<Vec<_>>(),
            [2, 4, 5]
        );

        jobs.start(&store, id).await.unwrap();
        assert_eq!(finished(&store, id).await, ImportState::Done);
        let mut names: Vec<String> = deals(&store, &dana)
            .await
            .into_iter()
            .map(|d| d.name)
            .filter(|name| !name.starts_with("Filler"))
            .collect();
        names.sort();
        assert_eq!(names, ["Globex", "Initech"]);
        let reasons = store.import_failures(id, 0, 10).await.unwrap();
        assert_eq!(reasons.len(), 3);
        assert!(reasons.iter().all(|(_, r)| !r.contains('\0')));
    })
    .await;
}
