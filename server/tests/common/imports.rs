//! Imports in tests: a CSV file uploaded as the server would keep it, a job run to its
//! end, and the deals as an export reads them.
use super::deals::viewer;
use app::domain::account::{User, UserId};
use app::domain::import::{ImportOptions, ImportReview, ImportState, Mapping, MAX_ROWS};
use app::jobs::{ImportJobs, Suggestion};
use app::store::imports::NewImport;
use app::store::opportunities::export::ExportRow;
use app::store::Store;
use app::transfer::analyze;
use std::time::Duration;

/// A job runner with its own folder for uploaded files.
pub fn jobs() -> (ImportJobs, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    (ImportJobs::new(dir.path().to_path_buf()), dir)
}

/// `bytes` uploaded by `user` as `name`: read, recorded, kept where the job reads it.
pub async fn upload(store: &Store, jobs: &ImportJobs, user: UserId, bytes: &[u8]) -> i64 {
    let part = jobs
        .dir()
        .join(format!("upload-{}.part", rand::random::<u64>()));
    std::fs::write(&part, bytes).unwrap();
    let analysis = analyze(&part, None, MAX_ROWS).unwrap();
    let id = store
        .create_import(&NewImport {
            created_by: user,
            file_name: "deals.csv".into(),
            file_size: bytes.len() as u64,
            shape: analysis.shape,
            headers: analysis.headers,
            samples: analysis.samples,
            total_rows: analysis.rows,
            utf8_doubt: None,
        })
        .await
        .unwrap();
    std::fs::rename(&part, jobs.file(id)).unwrap();
    id
}

/// The mapping and options the mapping screen suggests for an uploaded file.
pub async fn suggestion(store: &Store, jobs: &ImportJobs, id: i64) -> Suggestion {
    let record = store.import_record(id).await.unwrap();
    let fields = store.import_workspace().await.unwrap().fields;
    let rows = jobs.first_rows(&record).await;
    jobs.suggestion(store, &record, &fields, &rows)
        .await
        .unwrap()
}

/// The suggested mapping of an uploaded file.
pub async fn suggested(store: &Store, jobs: &ImportJobs, id: i64) -> Mapping {
    suggestion(store, jobs, id).await.mapping
}

pub async fn review(
    store: &Store,
    jobs: &ImportJobs,
    id: i64,
    options: ImportOptions,
) -> ImportReview {
    let mapping = suggested(store, jobs, id).await;
    jobs.review(store, id, mapping, options).await.unwrap()
}

/// Waits until the import's job stops (finished, cancelled or failed).
pub async fn finished(store: &Store, id: i64) -> ImportState {
    for _ in 0..600 {
        let state = store.import_state(id).await.unwrap();
        if !state.is_active() {
            return state;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("import {id} did not finish");
}

/// Reviews with the suggested mapping, runs, and waits for the end.
pub async fn import(
    store: &Store,
    jobs: &ImportJobs,
    user: UserId,
    csv: &str,
    options: ImportOptions,
) -> i64 {
    let id = upload(store, jobs, user, csv.as_bytes()).await;
    review(store, jobs, id, options).await;
    jobs.start(store, id).await.unwrap();
    assert_eq!(finished(store, id).await, ImportState::Done);
    id
}

/// Every deal `user` may see, with every field an export shows, oldest first.
pub async fn deals(store: &Store, user: &User) -> Vec<ExportRow> {
    let ids = store.all_visible_ids(viewer(user)).await.unwrap();
    store.export_rows(&ids).await.unwrap()
}

/// The one deal called `name` among `rows`.
pub fn named<'a>(rows: &'a [ExportRow], name: &str) -> &'a ExportRow {
    rows.iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no deal {name}"))
}

/// A reviewed import made to look as if its job stopped while running, after it had
/// applied rows 1 and 2 (what a killed server or a failed chunk leaves behind).
pub async fn running_after_two_rows(store: &Store, id: i64) {
    store
        .move_import(id, &[ImportState::Reviewed], ImportState::Running)
        .await
        .unwrap();
    sqlx::query("UPDATE imports SET rows_done = 2, created = 2 WHERE id = $1")
        .bind(id)
        .execute(store.pool())
        .await
        .unwrap();
}
