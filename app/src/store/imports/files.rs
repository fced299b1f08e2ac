//! An import's uploaded file: reading it in the encoding the person chose, and deleting
//! it once the import's undo window has closed (recorded, so the page can say so).
use super::super::{Store, StoreError};
use crate::domain::import::ImportState;
use crate::transfer::Analysis;

/// The states an import ends in; only these lose their file.
const ENDED: [ImportState; 4] = [
    ImportState::Done,
    ImportState::Cancelled,
    ImportState::Failed,
    ImportState::Undone,
];

impl Store {
    /// Keeps the file as read in the encoding chosen for it, settling the doubt; only
    /// while the doubt is open, before any review.
    pub async fn choose_import_encoding(
        &self,
        id: i64,
        analysis: &Analysis,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE imports SET encoding = $1, headers = $2, samples = $3, total_rows = $4, utf8_doubt = NULL \
             WHERE id = $5 AND state = 'uploaded' AND utf8_doubt IS NOT NULL",
        )
        .bind(analysis.shape.encoding.key())
        .bind(serde_json::to_string(&analysis.headers).unwrap_or_default())
        .bind(serde_json::to_string(&analysis.samples).unwrap_or_default())
        .bind(analysis.rows as i64)
        .bind(id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "How to read this file was already chosen. Reload the page to see it.".into(),
            ));
        }
        Ok(())
    }

    /// Ended imports whose file is still kept though their undo window closed at `now`.
    pub async fn imports_past_their_undo_window(&self, now: i64) -> Result<Vec<i64>, StoreError> {
        let ended: Vec<String> = ENDED.iter().map(|s| format!("'{}'", s.key())).collect();
        let sql = format!(
            "SELECT i.id FROM imports i, workspace w WHERE w.id = 1 AND i.state IN ({}) \
             AND i.file_deleted_at IS NULL AND i.finished_at IS NOT NULL \
             AND i.finished_at + CAST(w.import_file_days AS BIGINT) * 86400000 <= $1 ORDER BY i.id",
            ended.join(", ")
        );
        let rows: Vec<(i64,)> = sqlx::query_as(&sql)
            .bind(now)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Records that the import's file was deleted at `now`.
    pub async fn import_file_deleted(&self, id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE imports SET file_deleted_at = $1 WHERE id = $2 AND file_deleted_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
