//! Ended imports keep their uploaded file, and with it `Undo import`, for the workspace's
//! `Keep import files` days (30 by default); then the file is deleted and that recorded,
//! so the import page says when.
use app::jobs::ImportJobs;
use app::store::{Store, StoreError};

/// Deletes the file of every import whose undo window has closed at `now`; returns how
/// many went. A file already missing counts as deleted.
pub async fn delete_expired_import_files(
    store: &Store,
    imports: &ImportJobs,
    now: i64,
) -> Result<usize, StoreError> {
    let mut deleted = 0;
    for id in store.imports_past_their_undo_window(now).await? {
        match tokio::fs::remove_file(imports.file(id)).await {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                tracing::warn!("could not delete import {id}'s file: {err}");
                continue;
            }
        }
        store.import_file_deleted(id, now).await?;
        deleted += 1;
    }
    Ok(deleted)
}
