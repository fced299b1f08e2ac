//! The board at scale: `cargo bench -p server --bench board` seeds 100,000 deals in one
//! pipeline on SQLite (and on PostgreSQL when BENCH_POSTGRES_URL or TEST_POSTGRES_URL is
//! set) and prints p50/p95 for the board's first page, one move, and a filtered board,
//! measured server-side at the store, where every request spends its time.
//! `BENCH_DEALS` changes the number of deals; `BENCH_RUNS` the samples per figure.
use app::domain::account::{DisplayName, EmailAddress, Role};
use app::domain::board::{BoardFilter, FilterInput};
use app::domain::change::Actor;
use app::domain::currency::Currency;
use app::seed::seed_bench;
use app::store::opportunities::board::Viewer;
use app::store::opportunities::service::StandingChange;
use app::store::users::NewUser;
use app::store::{connect, Store, StoreOptions};
use sqlx::{Connection, Executor};
use std::time::{Duration, Instant};

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let at = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[at]
}

fn report(label: &str, mut samples: Vec<Duration>) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {label:<44} p50 {:>7.2} ms   p95 {:>7.2} ms   ({} runs)",
        ms(percentile(&mut samples, 0.50)),
        ms(percentile(&mut samples, 0.95)),
        samples.len()
    );
}

async fn measure(engine: &str, store: Store, deals: usize, runs: usize) {
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
    let pipeline = seed_bench(&store, admin.id, deals, |_| {})
        .await
        .expect("seeded");
    let seeded = started.elapsed();
    println!(
        "{engine}: {deals} deals in one pipeline, seeded in {:.1} s ({:.0} deals/s)",
        seeded.as_secs_f64(),
        deals as f64 / seeded.as_secs_f64()
    );
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
