//! CSV import at scale: `cargo bench -p server --bench import` writes a 100,000-row file
//! (name, value, stage, close date, source, external ID, a custom number field and a
//! contact email matched against 100,000 stored contacts), then prints how long reading
//! it, reviewing every row and importing it took, in rows per second. A second file of
//! 1,000,000 rows (no contacts) is imported while the process's resident memory is
//! sampled; the growth over the start is printed. PostgreSQL too when
//! BENCH_POSTGRES_URL or TEST_POSTGRES_URL is set. BENCH_IMPORT_ROWS and
//! BENCH_MEMORY_ROWS change the sizes (0 skips the memory run).
mod common;

use app::domain::account::User;
use app::domain::import::{ImportOptions, ImportState, MAX_ROWS};
use app::jobs::ImportJobs;
use app::store::imports::NewImport;
use app::store::Store;
use app::transfer::{analyze, CsvWriter};
use common::{env_number, on_each_engine, seeded};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const STAGES: [&str; 4] = ["Prospecting", "Qualification", "Proposal", "Negotiation"];

fn write_file(path: &Path, rows: usize, with_contacts: bool, tag: &str) {
    let file = std::io::BufWriter::new(std::fs::File::create(path).expect("file"));
    let mut out = CsvWriter::new(file, false).expect("writer");
    let mut headings = vec![
        "Name",
        "Value",
        "Stage",
        "Expected close date",
        "Source",
        "External ID",
        "Seats",
    ];
    if with_contacts {
        headings.push("Contact email");
    }
    out.write_row(&headings).expect("write");
    for i in 1..=rows {
        let mut cells = vec![
            format!("Imported deal {i}"),
            format!("{}.{:02}", (i * 37) % 250_000, i % 100),
            STAGES[i % 4].to_string(),
            format!("2027-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
            ["Web", "Referral", "Event"][i % 3].to_string(),
            format!("{tag}-{i}"),
            (i % 500).to_string(),
        ];
        if with_contacts {
            cells.push(format!("contact{i}@bench.test"));
        }
        out.write_row(&cells).expect("write");
    }
    out.into_inner().expect("flush");
}

/// `count` contacts contact1@bench.test … in one statement.
async fn contacts(store: &Store, count: usize) {
    sqlx::query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) \
         INSERT INTO contacts (name, first_name, last_name, email, created_at, updated_at) \
         SELECT 'Contact ' || i, 'Contact', '' || i, 'contact' || i || '@bench.test', 0, 0 FROM n"
    ))
    .execute(store.pool())
    .await
    .expect("contacts");
}

/// The process's resident memory in bytes (Linux), 0 where unknown.
fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn per_second(rows: u64, took: Duration) -> String {
    format!("{:>9.0} rows/s", rows as f64 / took.as_secs_f64())
}

/// Uploads `file`, reviews it and runs it, printing each step.
async fn run(engine: &str, store: &Store, jobs: &ImportJobs, admin: &User, file: &Path) -> u64 {
    let started = Instant::now();
    let analysis = analyze(file, None, MAX_ROWS).expect("analyze");
    let rows = analysis.rows;
    let read = started.elapsed();
    let id = store
        .create_import(&NewImport {
            created_by: admin.id,
            file_name: "bench.csv".into(),
            file_size: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
            shape: analysis.shape,
            samples: analysis.samples,
            total_rows: rows,
            headers: analysis.headers.clone(),
            utf8_doubt: None,
        })
        .await
        .expect("import");
    std::fs::copy(file, jobs.file(id)).expect("copy");
    let fields = store.import_workspace().await.unwrap().fields;
    let record = store.import_record(id).await.expect("import");
    let first_rows = jobs.first_rows(&record).await;
    let suggestion = jobs.suggestion(store, &record, &fields, &first_rows).await;
    let mapping = suggestion.expect("suggestion").mapping;
    let started = Instant::now();
    let review = jobs
        .review(store, id, mapping, ImportOptions::default())
        .await
        .expect("review");
    let reviewed = started.elapsed();
    assert_eq!(review.counts.created, rows, "{:?}", review.failures.first());
    let started = Instant::now();
    jobs.start(store, id).await.expect("start");
    while store.import_state(id).await.unwrap().is_active() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let imported = started.elapsed();
    let summary = store.import_record(id).await.unwrap().summary;
    assert_eq!(summary.state, ImportState::Done, "{:?}", summary.error);
    assert_eq!(summary.counts.created, rows);
    println!(
        "  {engine}: {rows} rows  read {} · review {} · import {} ({:.1} s)",
        per_second(rows, read),
        per_second(rows, reviewed),
        per_second(rows, imported),
        imported.as_secs_f64()
    );
    rows
}

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
