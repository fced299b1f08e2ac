//! CSV import at scale: `cargo bench -p server --bench import` writes a 100,000-row file
//! (name, value, stage, close date, source, external ID, a custom number field and a
//! contact email matched against 100,000 stored contacts), then prints how long reading
//! it, reviewing every row and importing it took, in rows per second. A second file of
//! 1,000,000 rows (no contacts) is imported while the process's resident memory is
//! sampled; the growth over the start is printed. PostgreSQL too when
//! BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set. BENCH_IMPORT_ROWS and
//! BENCH_MEMORY_ROWS change the sizes (0 skips the memory run).
mod common;

use app::jobs::ImportJobs;
use app::store::Store;
use common::imports::{contacts, resident_bytes, run, write_file};
use common::{env_number, on_each_engine, seeded};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

async fn measure(engine: &'static str, store: Store, _: usize, _: usize) {
    let (admin, _) = seeded(engine, &store, 0).await;
    let seats =
        app::domain::custom_field::NewCustomField::parse("opportunity", "Seats", "number", "")
            .unwrap();
    store.add_custom_field(&seats).await.expect("field");
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs = ImportJobs::new(dir.path().to_path_buf());
    let rows = env_number("BENCH_IMPORT_ROWS", 100_000);
    contacts(&store, rows).await;
    let file = dir.path().join("import.csv");
    write_file(&file, rows, true, "speed");
    println!(
        "{engine}: import of {rows} rows (file {} MB)",
        std::fs::metadata(&file)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );
    run(engine, &store, &jobs, &admin, &file).await;

    let memory_rows = env_number("BENCH_MEMORY_ROWS", 1_000_000);
    if memory_rows == 0 {
        return;
    }
    let big = dir.path().join("big.csv");
    write_file(&big, memory_rows, false, "memory");
    let baseline = resident_bytes();
    let peak = Arc::new(AtomicU64::new(baseline));
    let sampling = Arc::new(AtomicU64::new(1));
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) == 1 {
                peak.fetch_max(resident_bytes(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    println!(
        "{engine}: memory while importing {memory_rows} rows (file {} MB)",
        std::fs::metadata(&big)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );
    run(engine, &store, &jobs, &admin, &big).await;
    sampling.store(0, Ordering::Relaxed);
    sampler.await.ok();
    let mb = |b: u64| b as f64 / 1_048_576.0;
    println!(
        "  {engine}: resident memory {:.1} MB before, {:.1} MB at most: grew {:.1} MB",
        mb(baseline),
        mb(peak.load(Ordering::Relaxed)),
        mb(peak.load(Ordering::Relaxed).saturating_sub(baseline))
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    on_each_engine(measure).await;
}
