//! CSV imports for the benchmarks: a file of deals (with contact emails to match), the
//! contacts they match, and an import run from upload to done, timed step by step.
use app::domain::account::User;
use app::domain::import::{ImportOptions, ImportState, MAX_ROWS};
use app::jobs::ImportJobs;
use app::store::imports::NewImport;
use app::store::Store;
use app::transfer::{analyze, CsvWriter};
use std::path::Path;
use std::time::{Duration, Instant};

const STAGES: [&str; 4] = ["Prospecting", "Qualification", "Proposal", "Negotiation"];

pub fn write_file(path: &Path, rows: usize, with_contacts: bool, tag: &str) {
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
pub async fn contacts(store: &Store, count: usize) {
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
pub fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

pub fn per_second(rows: u64, took: Duration) -> String {
    format!("{:>9.0} rows/s", rows as f64 / took.as_secs_f64())
}

/// Uploads `file`, reviews it and runs it, printing each step; the rows and how long
/// the import itself took.
pub async fn run(
    engine: &str,
    store: &Store,
    jobs: &ImportJobs,
    admin: &User,
    file: &Path,
) -> (u64, Duration) {
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
    (rows, imported)
}
