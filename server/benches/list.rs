//! The list view at scale: `cargo bench -p server --bench list` seeds 100,000 deals (as
//! the board benchmark does) and prints p50/p95 for a filtered, sorted first page (count
//! of all matches included), other sorts, a search, and a deep page, measured at the
//! store. PostgreSQL too when BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set.
mod common;

use app::domain::list::{ListInput, ListQuery};
use app::store::opportunities::board::Viewer;
use app::store::Store;
use common::{on_each_engine, report, seeded};
use std::time::Instant;

fn query(pairs: &[(&str, &str)]) -> ListQuery {
    let input: ListInput = pairs.iter().copied().collect();
    input.parse(app::domain::currency::Currency::DEFAULT, &[]).expect("a valid list query")
}

async fn measure(engine: &'static str, store: Store, deals: usize, runs: usize) {
    let (admin, _) = seeded(engine, &store, deals).await;
    let viewer = Viewer {
        user: admin.id,
        only_assigned: false,
    };
    let owner = store.active_people().await.unwrap()[1].id.to_string();
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
