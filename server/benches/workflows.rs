//! The automation engine at scale: `cargo bench -p server --bench workflows`, on SQLite
//! and on PostgreSQL when BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set. It prints
//! (a) runs completed per second when 10,000 deals were moved into Proposal, which
//!     triggers a two-step workflow (Update Opportunity, Create Task), and the engine
//!     works the full outbox (`WorkflowEngine::drain`);
//! (b) p50/p95 from a move's commit to the commit of its run's first step, on an idle
//!     started engine (a move every 20 ms, timed by the board feed that hears both);
//! (c) p50/p95 of one board move (a move every 10 ms, the engine started) with 50
//!     published workflows whose triggers never match, against none, in BENCH_ROUNDS
//!     (6) interleaved rounds of BENCH_RUNS moves each side: the median round's ratio;
//! (d) an import of 100,000 rows with an Opportunity Created workflow published, against
//!     the same import with none (before and after), the engine started: rows/s ratio.
//! BENCH_WORKFLOW_RUNS (10,000), BENCH_A_ROUNDS (bursts for (a), 3), BENCH_RUNS
//! (samples, 200), BENCH_ROUNDS and BENCH_IMPORT_ROWS (100,000; 0 skips (d)) change the
//! sizes; BENCH_SHOW_SQL=1 lists the statements (a) counted, with how often each ran. Each engine's database is
//! ANALYZEd after seeding and after each bulk load (autovacuum may be off). On both:
//!
//!     TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench -p server --bench workflows
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
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// SQL statements run while `COUNTING` is on, as heard in sqlx's query log (which
/// costs nothing while off): how many statements a run takes.
static COUNTING: AtomicBool = AtomicBool::new(false);
static STATEMENTS: AtomicU64 = AtomicU64::new(0);

/// Each statement text heard, and how often (BENCH_SHOW_SQL=1).
static SEEN: std::sync::Mutex<std::collections::BTreeMap<String, u64>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

struct CountStatements {
    /// BENCH_SHOW_SQL=1 also keeps each counted statement's summary, for the listing.
    show: bool,
}

/// Picks the statement text out of sqlx's log event.
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" || (self.0.is_empty() && field.name() == "db.statement") {
            self.0 = value.to_string();
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            self.0 = format!("{value:?}");
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountStatements {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        STATEMENTS.fetch_add(1, Ordering::Relaxed);
        if self.show {
            let mut summary = Summary(String::new());
            event.record(&mut summary);
            let mut seen = SEEN.lock().unwrap();
            *seen.entry(summary.0).or_default() += 1;
        }
    }
}

fn count_statements() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    // Asked at each statement, not once per callsite (a plain `filter_fn`'s answer is
    // cached, and counting starts off): sqlx logs a statement only while this says yes.
    let heard = tracing_subscriber::filter::dynamic_filter_fn(|meta, _| {
        COUNTING.load(Ordering::Relaxed) && meta.target() == "sqlx::query"
    })
    .with_callsite_filter(|meta| {
        if meta.target() == "sqlx::query" {
            tracing::subscriber::Interest::sometimes()
        } else {
            tracing::subscriber::Interest::never()
        }
    });
    tracing_subscriber::registry()
        .with(
            CountStatements {
                show: std::env::var("BENCH_SHOW_SQL").is_ok_and(|v| v == "1"),
            }
            .with_filter(heard),
        )
        .init();
}

/// The statements `work` runs.
async fn statements_in<F: std::future::Future>(work: F) -> (F::Output, u64) {
    let before = STATEMENTS.load(Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let out = work.await;
    COUNTING.store(false, Ordering::Relaxed);
    (out, STATEMENTS.load(Ordering::Relaxed) - before)
}

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
    let counted = 200;
    let deals = deals_in(&store, prospecting, runs + samples + counted, "Bench").await;
    let (burst, rest) = deals.split_at(runs);
    let (reserve, counted) = rest.split_at(samples);
    let drain = WorkflowEngine::new(store.clone());
    drain.drain().await.unwrap();
    analyze(&store).await;
    println!(
        "{engine}: {} deals with a contact each, in {:.1} s",
        deals.len(),
        started.elapsed().as_secs_f64()
    );

    // (c) A board move, with no workflows and with 50 that never match, in interleaved
    // rounds (none then 50, 50 then none, ...), so drift in the machine's load falls on
    // both sides alike: each round's p95 ratio, and the median of the rounds.
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
    let unmatched = publish_unmatched(&store, &admin, &other, 50).await;
    let set_published = |on: bool| {
        let (store, admin, unmatched) = (store.clone(), admin.clone(), unmatched.clone());
        async move {
            for id in unmatched {
                if on {
                    store.publish_workflow(id, admin.id).await.unwrap();
                } else {
                    store.deactivate_workflow(id, admin.id).await.unwrap();
                }
            }
        }
    };
    set_published(false).await;
    let p95 = |times: &[Duration]| percentile(&mut times.to_vec(), 0.95).as_secs_f64();
    let rounds = env_number("BENCH_ROUNDS", 6);
    let (mut without, mut with, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let mut pass = 0;
    for round in 0..rounds {
        let mut side_p95 = [0.0; 2];
        for published in [round % 2 == 1, round % 2 == 0] {
            if published {
                set_published(true).await;
            }
            let times = moves(pass).await;
            pass += 1;
            if published {
                set_published(false).await;
            }
            side_p95[usize::from(published)] = p95(&times);
            if published { &mut with } else { &mut without }.extend(times);
        }
        ratios.push(side_p95[1] / side_p95[0]);
    }
    report("(c) one move, no workflows published", without);
    report(
        "(c) one move, 50 published workflows that do not match",
        with,
    );
    let each: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
    ratios.sort_by(f64::total_cmp);
    println!(
        "  (c) move p95 with 50 unmatched workflows / without, median of {rounds} rounds: {:.2}x (target <= 1.2x; rounds {})",
        ratios[ratios.len() / 2],
        each.join(", ")
    );
    engine_task.abort();

    // (a) Runs per second over a full outbox.
    let event = TriggerEvent::PipelineStageChanged {
        pipeline: None,
        from_stage: None,
        to_stage: Some(proposal),
    };
    let mut flow = publish(
        &store,
        &admin,
        &two_steps("Proposal follow-up", event.clone(), &admin),
    )
    .await;
    for deal in counted {
        move_deal(&store, &admin, *deal, proposal).await;
    }
    let (drained, statements) = statements_in(drain.drain()).await;
    drained.unwrap();
    println!(
        "  (a) the engine ran {:.1} SQL statements a run (matching and both steps; {} runs)",
        statements as f64 / counted.len() as f64,
        counted.len()
    );
    for (sql, n) in std::mem::take(&mut *SEEN.lock().unwrap()) {
        println!("    {n:>6}  {sql}");
    }
    // BENCH_A_ROUNDS (3) bursts, as these machines' speed drifts: each round's figure,
    // and the median.
    let mut rates = Vec::new();
    for round in 0..env_number("BENCH_A_ROUNDS", 3) {
        if round > 0 {
            // The same deals again, back out of Proposal and into a workflow published
            // anew (they entered the last one, which does not take them twice).
            store.deactivate_workflow(flow, admin.id).await.unwrap();
            for deal in burst {
                move_deal(&store, &admin, *deal, prospecting).await;
            }
            drain.drain().await.unwrap();
            let name = format!("Proposal follow-up {}", round + 1);
            let mark = format!("Workflow {}", round + 1);
            let definition = two_steps_marking(&name, event.clone(), &admin, &mark);
            flow = publish(&store, &admin, &definition).await;
        }
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
        let rate = done as f64 / took.as_secs_f64();
        println!(
            "  (a) round {}: {done} runs of 2 steps in {:.2} s: {rate:.0} runs/s",
            round + 1,
            took.as_secs_f64()
        );
        rates.push(rate);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "  (a) runs/s, median of {} rounds: {:.0} (range {:.0}–{:.0}; target >= {})",
        rates.len(),
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1],
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
    store.deactivate_workflow(flow, admin.id).await.unwrap();

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
    store.deactivate_workflow(flow, admin.id).await.unwrap();
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
    count_statements();
    on_each_engine(measure).await;
}
