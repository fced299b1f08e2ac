//! What the benchmarks share: a fresh database per engine, a seeded workspace, and
//! p50/p95 figures printed the same way.
#![allow(dead_code)]
pub mod imports;
pub mod workflows;

use app::domain::account::{DisplayName, EmailAddress, Role, User};
use app::domain::board::Pipeline;
use app::domain::currency::Currency;
use app::seed::seed_bench;
use app::store::users::NewUser;
use app::store::{connect, Store, StoreOptions};
use sqlx::{Connection, Executor};
use std::future::Future;
use std::time::{Duration, Instant};

pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let at = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[at]
}

pub fn report(label: &str, mut samples: Vec<Duration>) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {label:<66} p50 {:>7.2} ms   p95 {:>7.2} ms   ({} runs)",
        ms(percentile(&mut samples, 0.50)),
        ms(percentile(&mut samples, 0.95)),
        samples.len()
    );
}

/// A workspace with `deals` deals in one pipeline, each with its own contact.
pub async fn seeded(engine: &str, store: &Store, deals: usize) -> (User, Pipeline) {
    let admin = store
        .create_workspace(
            &DisplayName::parse("Bench").unwrap(),
            Currency::parse("USD").unwrap(),
            &NewUser {
                name: DisplayName::parse("Bench Admin").unwrap(),
                email: EmailAddress::parse("bench@dealflow.example").unwrap(),
                password_hash: "unused".into(),
                role: Role::Admin,
                only_assigned_data: false,
                must_change_password: false,
            },
        )
        .await
        .expect("workspace");
    let started = Instant::now();
    let pipeline = seed_bench(store, admin.id, deals, |_| {})
        .await
        .expect("seeded");
    let seeded = started.elapsed();
    // Planner statistics, as autovacuum gathers them in production (it is off on the
    // benchmark machines): without them PostgreSQL plans for an empty table.
    sqlx::query("ANALYZE")
        .execute(store.pool())
        .await
        .expect("analyze");
    println!(
        "{engine}: {deals} deals in one pipeline, seeded in {:.1} s ({:.0} deals/s)",
        seeded.as_secs_f64(),
        deals as f64 / seeded.as_secs_f64()
    );
    (admin, pipeline)
}

/// Runs `measure(engine, store, deals, runs)` on a fresh SQLite file, then on a fresh
/// PostgreSQL database when BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) is set.
pub async fn on_each_engine<F, Fut>(measure: F)
where
    F: Fn(&'static str, Store, usize, usize) -> Fut,
    Fut: Future<Output = ()>,
{
    let deals = env_number("BENCH_DEALS", 100_000);
    let runs = env_number("BENCH_RUNS", 200);
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let sqlite = connect(&StoreOptions::new(url)).await.expect("sqlite");
    sqlite.migrate().await.expect("migrate");
    measure("SQLite", sqlite, deals, runs).await;

    let admin_url =
        std::env::var("BENCH_POSTGRES_URL").or_else(|_| std::env::var("TEST_POSTGRES_URL"));
    match admin_url {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!("dealflow_bench_{}", std::process::id());
            sqlx::any::install_default_drivers();
            let mut admin = sqlx::AnyConnection::connect(&admin_url)
                .await
                .expect("PostgreSQL reachable");
            admin
                .execute(format!("CREATE DATABASE {name}").as_str())
                .await
                .expect("create database");
            let (base, _) = admin_url.rsplit_once('/').expect("URL with a database");
            let store = connect(&StoreOptions::new(format!("{base}/{name}")))
                .await
                .expect("postgres");
            store.migrate().await.expect("migrate");
            measure("PostgreSQL", store.clone(), deals, runs).await;
            store.close().await;
            admin
                .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
                .await
                .ok();
        }
        _ => println!(
            "PostgreSQL: skipped (set BENCH_POSTGRES_URL=postgres://user@host/db to include it)"
        ),
    }
}
