//! Two `dealflow` servers on one PostgreSQL database share the engine's work: a burst
//! of 1,000 deals moved into Proposal is matched and run by both (the outbox rows and
//! the runs are claimed with `FOR UPDATE SKIP LOCKED`), and every step still happens
//! exactly once. Which server ran a step is read from each one's statement log
//! (`sqlx::query=debug`): the rows its `INSERT INTO workflow_run_steps` statements wrote.
//! Skipped, with a message, when TEST_POSTGRES_URL is not set.
mod common;

use common::deals::setup;
use common::engine_checks::{
    assert_exactly_once, move_into_proposal, proposal_workflow, wait_until_settled, STEPS,
};
use common::on_postgres;
use common::process::{Binary, Dealflow};
use common::workflows::publish;
use std::time::{Duration, Instant};

const BURST: usize = 1_000;
/// Each server's statements, so its share of the step log can be counted.
const STATEMENT_LOG: &str = "warn,sqlx::query=debug";

/// How many step log entries a server's statement log shows it wrote: the rows of each
/// `INSERT INTO workflow_run_steps` (a batch writes its entries in one statement).
fn steps_written(log: &str) -> usize {
    log.lines()
        // The statement as logged (`db.statement="\n\nINSERT …`), not its shortened summary.
        .filter(|line| line.contains("\\n\\nINSERT INTO workflow_run_steps"))
        .map(|line| {
            // `rows_affected=300`, with the log's colour codes around the `=`.
            let (_, after) = line
                .split_once("rows_affected")
                .unwrap_or_else(|| panic!("no row count in: {line}"));
            let digits: String = after
                .split_once("m=")
                .map_or(after, |(_, rest)| rest.trim_start_matches("\u{1b}[0m"))
                .trim_start_matches('=')
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits
                .parse::<usize>()
                .unwrap_or_else(|_| panic!("no row count in: {line}"))
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_a_burst_and_run_every_step_once() {
    on_postgres(Duration::from_secs(600), |store, url| async move {
        let (dana, sales) = setup(&store).await;
        publish(&store, &dana, &proposal_workflow(&dana, &sales)).await;
        // Half the burst waits in the outbox before either server starts, so both
        // claim from one backlog at once; the other half arrives while they run.
        let mut deals = move_into_proposal(&store, &dana, &sales, BURST / 2).await;
        let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let binary = Binary::pin();
        let started = Instant::now();
        let a = Dealflow::spawn(&binary, &url, a_dir.path(), "a.log", STATEMENT_LOG);
        let b = Dealflow::spawn(&binary, &url, b_dir.path(), "b.log", STATEMENT_LOG);
        deals.extend(move_into_proposal(&store, &dana, &sales, BURST - BURST / 2).await);
        let settled = wait_until_settled(&store, BURST, Duration::from_secs(300)).await;
        let took = started.elapsed().as_secs_f64();
        let (a_log, b_log) = (a.kill(), b.kill());
        if let Err(stuck) = settled {
            let end = |log: &str| {
                let from = log.char_indices().rev().nth(4_000).map_or(0, |(i, _)| i);
                log[from..].to_string()
            };
            panic!("{stuck}\nserver A:\n{}\nserver B:\n{}", end(&a_log), end(&b_log));
        }
        for log in [&a_log, &b_log] {
            assert!(log.contains("Dealflow is ready"), "a server did not start:\n{log}");
            assert!(!log.contains("panicked"), "a server panicked:\n{log}");
        }
        assert_exactly_once(&store, &deals).await;
        let (by_a, by_b) = (steps_written(&a_log), steps_written(&b_log));
        let logged = BURST * STEPS as usize;
        println!(
            "two servers: {BURST} runs, {logged} steps in {took:.1} s; server A wrote {by_a} step entries, server B {by_b}"
        );
        assert!(
            by_a > 0 && by_b > 0,
            "one server did all the work (A {by_a}, B {by_b} step entries)"
        );
        // Each entry written once and kept: a step rolled back (a savepoint, a retry)
        // would show as an entry more in the logs than in the database.
        assert_eq!(by_a + by_b, logged, "step entries written, by both servers");
    })
    .await;
}
