//! The list view at scale: `cargo bench -p server --bench list` seeds 100,000 deals (as
//! the board benchmark does) and prints p50/p95 for a filtered, sorted first page (count
//! of all matches included), other sorts, a search, a deep page, and a custom number
//! field as filter and sort (values 0-499 on every deal), measured at the store. PostgreSQL too when BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set.
mod common;

use app::domain::currency::Currency;
use app::domain::custom_field::{CustomField, FieldEntity, NewCustomField};
use app::domain::list::{ListInput, ListQuery};
use app::store::opportunities::board::Viewer;
use app::store::Store;
use common::{on_each_engine, report, seeded};
use std::time::Instant;

fn query(pairs: &[(&str, &str)], fields: &[CustomField]) -> ListQuery {
    let input: ListInput = pairs.iter().copied().collect();
    input
        .parse(Currency::DEFAULT, fields)
        .expect("a valid list query")
}

/// A number field "Seats" with a value on every deal (seeded in one statement).
async fn seats(store: &Store) -> Vec<CustomField> {
    let field = NewCustomField::parse("opportunity", "Seats", "number", "").unwrap();
    store.add_custom_field(&field).await.expect("field");
    sqlx::query("UPDATE opportunities SET custom_fields = '{\"seats\":\"' || (id % 500) || '\"}'")
        .execute(store.pool())
        .await
        .expect("values");
    store.custom_fields(FieldEntity::Opportunity).await.unwrap()
}

async fn measure(engine: &'static str, store: Store, deals: usize, runs: usize) {
    let (admin, _) = seeded(engine, &store, deals).await;
    let viewer = Viewer {
        user: admin.id,
        only_assigned: false,
    };
    let owner = store.active_people().await.unwrap()[1].id.to_string();
    let fields = seats(&store).await;
    let seats_key = format!("cf.{}", fields[0].id.0);
    let seats_min = format!("{seats_key}.min");
    let query = |pairs: &[(&str, &str)]| query(pairs, &fields);
    let cases: Vec<(&str, ListQuery)> = vec![
        (
            "filter + sort + first page (open, value >= 1,000, by close date)",
            query(&[("status", "open"), ("min", "1000"), ("sort", "close")]),
        ),
        (
            "default list (all but abandoned, latest changed first)",
            query(&[]),
        ),
        (
            "owner filter, by value, highest first",
            query(&[("owner", &owner), ("sort", "value")]),
        ),
        (
            "name search 'deal 1', by name",
            query(&[("q", "deal 1"), ("sort", "name")]),
        ),
        (
            "by owner name (no index for this sort)",
            query(&[("sort", "owner")]),
        ),
        (
            "page 1,000 by close date (rows 49,951-50,000)",
            query(&[("sort", "close"), ("page", "1000")]),
        ),
        (
            "custom number field: Seats >= 250, by close date",
            query(&[(&seats_min, "250"), ("sort", "close")]),
        ),
        (
            "custom number field: by Seats, highest first (no index)",
            query(&[("sort", &seats_key), ("dir", "desc")]),
        ),
    ];
    for (label, query) in cases {
        store.list_page(&query, viewer).await.unwrap();
        let mut samples = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let page = store.list_page(&query, viewer).await.unwrap();
            samples.push(t.elapsed());
            assert!(page.total > 0, "{label}: nothing matched");
        }
        report(label, samples);
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    on_each_engine(measure).await;
}
