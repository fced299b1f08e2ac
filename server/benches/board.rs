//! The board at scale: `cargo bench -p server --bench board` seeds 100,000 deals in one
//! pipeline on SQLite (and on PostgreSQL when BENCH_POSTGRES_URL or TEST_POSTGRES_URL is
//! set) and prints p50/p95 for the board's first page, one move, and a filtered board,
//! measured server-side at the store, where every request spends its time.
//! `BENCH_DEALS` changes the number of deals; `BENCH_RUNS` the samples per figure.
mod common;

use app::domain::board::{BoardFilter, FilterInput};
use app::domain::change::Actor;
use app::store::opportunities::board::Viewer;
use app::store::opportunities::service::StandingChange;
use app::store::Store;
use common::{on_each_engine, report, seeded};
use std::time::Instant;

async fn measure(engine: &'static str, store: Store, deals: usize, runs: usize) {
    let (admin, pipeline) = seeded(engine, &store, deals).await;
    let viewer = Viewer {
        user: admin.id,
        only_assigned: false,
    };
    let everything = BoardFilter::default();

    // Warm caches the way a running server has them.
    store
        .board_columns(&pipeline, &everything, viewer)
        .await
        .unwrap();

    let mut first_page = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let columns = store
            .board_columns(&pipeline, &everything, viewer)
            .await
            .unwrap();
        first_page.push(t.elapsed());
        assert!(columns.iter().map(|c| c.totals.count).sum::<i64>() > 0);
    }
    report(
        "board first page (6 columns, totals, 50 cards each)",
        first_page,
    );

    let columns = store
        .board_columns(&pipeline, &everything, viewer)
        .await
        .unwrap();
    let open: Vec<_> = pipeline
        .stages
        .iter()
        .filter(|s| !s.kind.is_closed())
        .map(|s| s.id)
        .collect();
    let cards: Vec<_> = columns
        .iter()
        .filter(|c| !c.stage.kind.is_closed())
        .flat_map(|c| c.page.cards.clone())
        .collect();
    let mut moves = Vec::new();
    for (i, card) in cards.iter().cycle().take(runs).enumerate() {
        let current = store.card(card.id, viewer).await.unwrap();
        let to = open[(open
            .iter()
            .position(|s| Some(*s) == current.stage_id)
            .unwrap_or(0)
            + 1
            + i % 2)
            % open.len()];
        let change = StandingChange {
            stage: Some(to),
            ..Default::default()
        };
        let t = Instant::now();
        store
            .change_standing(Actor::User(admin.id), current.id, current.version, change)
            .await
            .unwrap();
        moves.push(t.elapsed());
    }
    report("one move (version check, rules, events, commit)", moves);

    let mut input = FilterInput::default();
    input.set("owner", admin.id.0.to_string());
    input.set("min", "1000".into());
    input.set("q", "deal 1".into());
    let filtered = input.parse(2).unwrap();
    let mut filtered_runs = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        store
            .board_columns(&pipeline, &filtered, viewer)
            .await
            .unwrap();
        filtered_runs.push(t.elapsed());
    }
    report("filtered board (owner + min value + search)", filtered_runs);
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    on_each_engine(measure).await;
}
