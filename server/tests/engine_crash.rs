//! The engine's durability, proven against real crashes on both databases: the outbox is
//! filled with ~300 deals moved into Proposal, then the `dealflow` binary is started on
//! the database and SIGKILLed at random moments, again and again (mid-batch too), and
//! finally left to finish. Every deal must then have exactly one finished run, one task,
//! one note and one `source` change by the workflow, and every run each step logged once.
//!
//! The long version (`#[ignore]`d) kills `DEALFLOW_CRASH_KILLS` times (300 unless set),
//! moving more deals into Proposal between kills so that there is always work to cut:
//!
//!     cargo test -p server --test engine_crash -- --ignored --nocapture
mod common;

use common::deals::setup;
use common::engine_checks::{
    assert_exactly_once, move_into_proposal, proposal_workflow, unsettled, wait_until_settled,
};
use common::on_each_database;
use common::process::{Binary, Dealflow};
use common::workflows::publish;
use rand::Rng;
use std::time::{Duration, Instant};

/// Kills at a random moment 50–400 ms after each start.
const KILL_AFTER_MS: std::ops::Range<u64> = 50..400;
/// How long the last server may take to finish what is left.
const SETTLE_LIMIT: Duration = Duration::from_secs(240);

struct Crashes {
    /// Deals moved into Proposal before the first start.
    deals: usize,
    kills: usize,
    /// Deals moved into Proposal while the server is down, before each restart.
    more_each_time: usize,
}

async fn crash_and_check(store: app::store::Store, url: String, plan: Crashes) {
    let label = format!("{:?}", store.engine());
    let (dana, sales) = setup(&store).await;
    publish(&store, &dana, &proposal_workflow(&dana, &sales)).await;
    let mut deals = move_into_proposal(&store, &dana, &sales, plan.deals).await;
    let dir = tempfile::tempdir().unwrap();
    let binary = Binary::pin();
    let started = Instant::now();
    // Kills that cut the work short: runs were open or changes waiting when it died.
    let mut cut = 0;
    for kill in 0..plan.kills {
        if kill > 0 && plan.more_each_time > 0 {
            deals.extend(move_into_proposal(&store, &dana, &sales, plan.more_each_time).await);
        }
        let server = Dealflow::start(&binary, &url, dir.path(), "server.log", "warn").await;
        if cut == 0 && kill + 1 == plan.kills {
            // Every random moment so far came after the work was done (a fast machine):
            // this last kill lands while the server is still working.
            kill_mid_work(&store).await;
        } else {
            let wait = rand::thread_rng().gen_range(KILL_AFTER_MS);
            tokio::time::sleep(Duration::from_millis(wait)).await;
        }
        let log = server.kill();
        assert!(!log.contains("panicked"), "the server panicked:\n{log}");
        let (open, outbox) = unsettled(&store).await;
        if open + outbox > 0 {
            cut += 1;
        }
    }
    let server = Dealflow::start(&binary, &url, dir.path(), "server.log", "warn").await;
    let settled = wait_until_settled(&store, deals.len(), SETTLE_LIMIT).await;
    let log = server.kill();
    if let Err(stuck) = settled {
        panic!("{stuck}\nthe last server's log:\n{log}");
    }
    assert!(!log.contains("panicked"), "the server panicked:\n{log}");
    assert_exactly_once(&store, &deals).await;
    let took = started.elapsed().as_secs_f64();
    println!(
        "{label}: {} kills ({cut} with work still open), {} runs of {} steps, all exactly once, in {took:.1} s",
        plan.kills,
        deals.len(),
        common::engine_checks::STEPS
    );
    assert!(
        cut > 0,
        "no kill landed while there was work left: the test proved nothing"
    );
}

/// Returns once the server has finished a run since it started, while work is left.
async fn kill_mid_work(store: &app::store::Store) {
    let finished = || async {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM workflow_runs WHERE status = 'finished'")
                .fetch_one(store.pool())
                .await
                .unwrap();
        n
    };
    let before = finished().await;
    let started = Instant::now();
    while finished().await == before && started.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_survive_the_server_being_killed_at_random_moments() {
    on_each_database(Duration::from_secs(420), |store, url| {
        crash_and_check(
            store,
            url,
            Crashes {
                deals: 300,
                kills: 5,
                // Work for every restart, so a kill can cut it.
                more_each_time: 60,
            },
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: kills the server DEALFLOW_CRASH_KILLS times (300 unless set)"]
async fn runs_survive_hundreds_of_kills() {
    let kills = std::env::var("DEALFLOW_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    on_each_database(Duration::from_secs(6 * 3600), move |store, url| {
        crash_and_check(
            store,
            url,
            Crashes {
                deals: 300,
                kills,
                more_each_time: 20,
            },
        )
    })
    .await;
}
