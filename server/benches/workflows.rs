//! The automation engine at scale: `cargo bench -p server --bench workflows`, on SQLite
//! and on PostgreSQL when BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set. It prints
//! (a) runs completed per second when 10,000 deals were moved into Proposal, which
//!     triggers a two-step workflow (Update Opportunity, Create Task), and the engine
//!     works the full outbox (`WorkflowEngine::drain`);
//! (b) p50/p95 from a move's commit to the commit of its run's first step, on an idle
//!     started engine (a move every 20 ms, timed by the board feed that hears both);
//! (c) p50/p95 of one board move (a move every 10 ms, the engine started) with 50
//!     published workflows whose triggers never match, against none (before and after);
//! (d) an import of 100,000 rows with an Opportunity Created workflow published, against
//!     the same import with none (before and after), the engine started: rows/s ratio.
//! BENCH_WORKFLOW_RUNS (10,000), BENCH_RUNS (samples, 200) and BENCH_IMPORT_ROWS
//! (100,000; 0 skips (d)) change the sizes.
mod common;

use app::domain::board::BoardChange;
use app::domain::pipeline::default_stages;
use app::domain::workflow::TriggerEvent;
use app::engine::WorkflowEngine;
use app::jobs::ImportJobs;
use app::live::FeedEvent;
use app::store::Store;
use common::imports::{contacts, run, write_file};
use common::workflows::*;
use common::{env_number, on_each_engine, percentile, report, seeded};
use std::time::{Duration, Instant};

async fn analyze(store: &Store) {
    sqlx::query("ANALYZE").execute(store.pool()).await.unwrap();
}

async fn measure(engine: &'static str, store: Store, _: usize, samples: usize) {
    let runs = env_number("BENCH_WORKFLOW_RUNS", 10_000);
    let (admin, sales) = seeded(engine, &store, 0).await;
    let other = store
        .create_pipeline("Elsewhere", &default_stages())
        .await
        .unwrap();
    let (prospecting, proposal) = (stage(&sales, "Prospecting"), stage(&sales, "Proposal"));
    let (qualification, negotiation) =
        (stage(&sales, "Qualification"), stage(&sales, "Negotiation"));
    let started = Instant::now();
    let deals = deals_in(&store, prospecting, runs + samples, "Bench").await;
    let (burst, reserve) = deals.split_at(runs);
    let drain = WorkflowEngine::new(store.clone());
    drain.drain().await.unwrap();
    analyze(&store).await;
    println!(
        "{engine}: {} deals with a contact each, in {:.1} s",
        deals.len(),
        started.elapsed().as_secs_f64()
    );

    // (c) A board move, with no workflows and with 50 that never match.
    let engine_task = WorkflowEngine::new(store.clone()).start();
    let moves = |pass: usize| {
        let (store, admin) = (store.clone(), admin.clone());
        let deals = burst[..samples.min(burst.len())].to_vec();
        async move {
            let mut times = Vec::new();
            for (i, deal) in deals.iter().enumerate() {
                let to = if (i + pass).is_multiple_of(2) {
                    qualification
                } else {
                    negotiation
                };
                times.push(move_deal(&store, &admin, *deal, to).await);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            caught_up(&store).await;
            times
        }
    };
    let mut before = moves(0).await;
    let unmatched = publish_unmatched(&store, &admin, &other, 50).await;
    let mut with = moves(1).await;
    for id in &unmatched {
        store.deactivate_workflow(*id).await.unwrap();
    }
    let mut after = moves(2).await;
    let p95 = |times: &mut Vec<Duration>| percentile(times, 0.95).as_secs_f64();
    let ratio = p95(&mut with) / ((p95(&mut before) + p95(&mut after)) / 2.0);
    report("(c) one move, no workflows published", before);
    report(
        "(c) one move, 50 published workflows that do not match",
        with,
    );
    report("(c) one move, no workflows published (again, after)", after);
    println!("  (c) move p95 with 50 unmatched workflows / without: {ratio:.2}x (target <= 1.2x)");
    engine_task.abort();

    // (a) Runs per second over a full outbox.
    let event = TriggerEvent::PipelineStageChanged {
        pipeline: None,
        from_stage: None,
        to_stage: Some(proposal),
    };
    let flow = publish(
        &store,
        &admin,
        &two_steps("Proposal follow-up", event, &admin),
    )
    .await;
    let t = Instant::now();
    for deal in burst {
        move_deal(&store, &admin, *deal, proposal).await;
    }
    println!(
        "{engine}: {runs} deals moved into Proposal in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    analyze(&store).await;
    let before = finished_runs(&store).await;
    let t = Instant::now();
    drain.drain().await.unwrap();
    let took = t.elapsed();
    let done = finished_runs(&store).await - before;
    assert_eq!(done, runs as i64, "every run finished");
    println!(
        "  (a) {done} runs of 2 steps in {:.2} s: {:.0} runs/s (target >= {})",
        took.as_secs_f64(),
        done as f64 / took.as_secs_f64(),
        if engine == "SQLite" { 2_000 } else { 1_000 }
    );

    // (b) From a move's commit to its first step's commit, the engine idle and started.
    let engine_task = WorkflowEngine::new(store.clone()).start();
    let mut feed = store.feed().subscribe();
    let (heard, mut steps) = tokio::sync::mpsc::unbounded_channel();
    let person = admin.name.clone();
    let listener = tokio::spawn(async move {
        loop {
            match feed.recv().await {
                Ok(event) => {
                    if let FeedEvent::Board(BoardChange::Deal {
                        after: Some(card),
                        by,
                        ..
                    }) = &*event
                    {
                        if *by != person {
                            heard.send((card.id, Instant::now())).ok();
                        }
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(_) => return,
            }
        }
    });
    let mut latency = Vec::new();
    for deal in reserve {
        tokio::time::sleep(Duration::from_millis(20)).await;
        move_deal(&store, &admin, *deal, proposal).await;
        let committed = Instant::now();
        loop {
            let (id, at) = steps.recv().await.unwrap();
            if id == *deal {
                latency.push(at.saturating_duration_since(committed));
                break;
            }
        }
    }
    listener.abort();
    report(
        "(b) move committed -> first step committed (target p95 <= 25 ms)",
        latency,
    );
    caught_up(&store).await;
    store.deactivate_workflow(flow).await.unwrap();

    // (d) An import, with an Opportunity Created workflow and without.
    let rows = env_number("BENCH_IMPORT_ROWS", 100_000);
    if rows > 0 {
        import_with_and_without(engine, &store, &admin, rows).await;
    }
    engine_task.abort();
}

async fn import_with_and_without(
    engine: &str,
    store: &Store,
    admin: &app::domain::account::User,
    rows: usize,
) {
    let seats =
        app::domain::custom_field::NewCustomField::parse("opportunity", "Seats", "number", "")
            .unwrap();
    store.add_custom_field(&seats).await.expect("field");
    // The three imports link their deals to the same contacts.
    sqlx::query("UPDATE workspace SET allow_multiple_opportunities_per_contact = 1")
        .execute(store.pool())
        .await
        .unwrap();
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = ImportJobs::new(dir.path().to_path_buf());
    contacts(store, rows).await;
    analyze(store).await;
    let rate = |tag: &'static str| {
        let (dir, jobs) = (dir.path().to_path_buf(), jobs.clone());
        async move {
            let file = dir.join(format!("{tag}.csv"));
            write_file(&file, rows, true, tag);
            let (rows, took) = run(engine, store, &jobs, admin, &file).await;
            rows as f64 / took.as_secs_f64()
        }
    };
    let without = rate("before").await;
    let flow = publish(
        store,
        admin,
        &two_steps("Triage imports", TriggerEvent::OpportunityCreated, admin),
    )
    .await;
    let before = finished_runs(store).await;
    let t = Instant::now();
    let with = rate("with").await;
    caught_up(store).await;
    let engine_done = t.elapsed();
    let ran = finished_runs(store).await - before;
    store.deactivate_workflow(flow).await.unwrap();
    let after = rate("after").await;
    println!(
        "  (d) import rows/s with an Opportunity Created workflow {with:.0}, without {without:.0} before and {after:.0} after: {:.0}% (target >= 80%)",
        100.0 * with / ((without + after) / 2.0)
    );
    println!(
        "  (d) the engine finished the import's {ran} runs {:.1} s after the import started",
        engine_done.as_secs_f64()
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    on_each_engine(measure).await;
}
