//! The `imports` table: an upload, its mapping and review, its state and counts.
use super::super::{Store, StoreError};
use crate::domain::account::UserId;
use crate::domain::import::file::{kept_until, Utf8Doubt, MAX_KEEP_DAYS};
use crate::domain::import::report::UndoReport;
use crate::domain::import::{
    ImportCounts, ImportOptions, ImportReview, ImportState, ImportSummary, Mapping,
};
use crate::transfer::{FileShape, TextEncoding};
use serde::de::DeserializeOwned;
use sqlx::FromRow;

/// An uploaded file, read once: its shape, headings, first rows and row count.
#[derive(Debug, Clone)]
pub struct NewImport {
    pub created_by: UserId,
    pub file_name: String,
    pub file_size: u64,
    pub shape: FileShape,
    pub headers: Vec<String>,
    pub samples: Vec<Vec<String>>,
    pub total_rows: u64,
    pub utf8_doubt: Option<Utf8Doubt>,
}

/// An import as the job and the page need it.
#[derive(Debug, Clone)]
pub struct ImportRecord {
    pub created_by: Option<UserId>,
    pub shape: FileShape,
    /// `None` until the columns were reviewed.
    pub mapping: Option<Mapping>,
    pub summary: ImportSummary,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    created_by: Option<i64>,
    created_by_name: Option<String>,
    created_at: i64,
    file_name: String,
    file_size: i64,
    encoding: String,
    delimiter: String,
    headers: String,
    samples: String,
    total_rows: i64,
    mapping: Option<String>,
    options: Option<String>,
    review: Option<String>,
    state: String,
    rows_done: i64,
    created: i64,
    updated: i64,
    skipped: i64,
    failed: i64,
    run_started_at: Option<i64>,
    run_started_rows: i64,
    finished_at: Option<i64>,
    error: Option<String>,
    resumable: i64,
    undo: Option<String>,
    utf8_doubt: Option<String>,
    file_deleted_at: Option<i64>,
    file_days: i64,
}

const SELECT: &str = "SELECT i.id, i.created_by, u.name AS created_by_name, i.created_at, i.file_name, i.file_size, \
     i.encoding, i.delimiter, i.headers, i.samples, i.total_rows, i.mapping, i.options, i.review, i.state, i.rows_done, \
     i.created, i.updated, i.skipped, i.failed, i.run_started_at, i.run_started_rows, i.finished_at, i.error, i.resumable, i.undo, \
     i.utf8_doubt, i.file_deleted_at, COALESCE((SELECT w.import_file_days FROM workspace w WHERE w.id = 1), 30) AS file_days \
     FROM imports i LEFT JOIN users u ON u.id = i.created_by";

fn json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|_| StoreError::corrupt(what))
}

fn optional_json<T: DeserializeOwned>(
    text: Option<&str>,
    what: &str,
) -> Result<Option<T>, StoreError> {
    text.map(|t| json(t, what)).transpose()
}

fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => "semicolon-separated",
        b'\t' => "tab-separated",
        _ => "comma-separated",
    }
}

impl Row {
    fn into_record(self, now: i64) -> Result<ImportRecord, StoreError> {
        let encoding = TextEncoding::from_key(&self.encoding)
            .ok_or_else(|| StoreError::corrupt("encoding"))?;
        let delimiter = self.delimiter.bytes().next().unwrap_or(b',');
        let headers: Vec<String> = json(&self.headers, "import headers")?;
        let mapping: Option<Mapping> = optional_json(self.mapping.as_deref(), "import mapping")?;
        let state = ImportState::from_key(&self.state)
            .ok_or_else(|| StoreError::corrupt("import state"))?;
        let rows_done = self.rows_done.max(0) as u64;
        let rows_per_second = match (state.is_active(), self.run_started_at) {
            (true, Some(started)) if now > started + 500 => {
                let rows = (self.rows_done - self.run_started_rows).max(0) as u64;
                Some(rows * 1000 / (now - started) as u64)
            }
            _ => None,
        };
        let summary = ImportSummary {
            id: self.id,
            file_name: self.file_name,
            file_size: self.file_size.max(0) as u64,
            total_rows: self.total_rows.max(0) as u64,
            file_shape: format!("{}, {}", encoding.label(), delimiter_name(delimiter)),
            samples: json(&self.samples, "import samples")?,
            mapping: mapping.clone().unwrap_or_default(),
            headers,
            options: optional_json(self.options.as_deref(), "import options")?.unwrap_or_default(),
            review: optional_json(self.review.as_deref(), "import review")?,
            state,
            rows_done,
            counts: ImportCounts {
                created: self.created.max(0) as u64,
                updated: self.updated.max(0) as u64,
                skipped: self.skipped.max(0) as u64,
                failed: self.failed.max(0) as u64,
            },
            rows_per_second,
            utf8_doubt: optional_json(self.utf8_doubt.as_deref(), "encoding doubt")?,
            file_kept_until: self
                .finished_at
                .filter(|_| !state.is_active())
                .map(|at| kept_until(at, self.file_days.clamp(1, i64::from(MAX_KEEP_DAYS)) as u32)),
            file_deleted_at: self.file_deleted_at,
            error: self.error,
            // Resuming reads the file again: once it is deleted, there is nothing to resume.
            resumable: state == ImportState::Failed
                && self.resumable != 0
                && self.file_deleted_at.is_none(),
            started_by: self
                .created_by_name
                .unwrap_or_else(|| "a former user".into()),
            created_at: self.created_at,
            finished_at: self.finished_at,
            undo: optional_json::<UndoReport>(self.undo.as_deref(), "undo report")?,
        };
        Ok(ImportRecord {
            created_by: self.created_by.map(UserId),
            shape: FileShape {
                encoding,
                delimiter,
            },
            mapping,
            summary,
        })
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

impl Store {
    pub async fn create_import(&self, new: &NewImport) -> Result<i64, StoreError> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO imports (created_by, created_at, file_name, file_size, encoding, delimiter, headers, samples, total_rows, utf8_doubt, state) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'uploaded') RETURNING id",
        )
        .bind(new.created_by.0)
        .bind(self.now())
        .bind(&new.file_name)
        .bind(new.file_size as i64)
        .bind(new.shape.encoding.key())
        .bind((new.shape.delimiter as char).to_string())
        .bind(to_json(&new.headers))
        .bind(to_json(&new.samples))
        .bind(new.total_rows as i64)
        .bind(new.utf8_doubt.as_ref().map(to_json))
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn import_record(&self, id: i64) -> Result<ImportRecord, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE i.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::NotFound("import"))?
            .into_record(self.now())
    }

    /// The latest imports, newest first: everyone's, or those `by` started.
    pub async fn recent_imports(
        &self,
        by: Option<UserId>,
        limit: i64,
    ) -> Result<Vec<ImportSummary>, StoreError> {
        let sql = format!("{SELECT} WHERE $1 = 0 OR i.created_by = $1 ORDER BY i.id DESC LIMIT $2");
        let rows: Vec<Row> = sqlx::query_as(&sql)
            .bind(by.map_or(0, |u| u.0))
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        let now = self.now();
        rows.into_iter()
            .map(|r| r.into_record(now).map(|r| r.summary))
            .collect()
    }

    /// Imports a job should be running: after a restart, these resume.
    pub async fn active_imports(&self) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM imports WHERE state IN ('running', 'cancelling') ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The imports and bulk edits marked running, on any server, and how far they have
    /// come together (rows read plus deals done): `None` when none is. The workflow
    /// engine gives way to them while that number moves; one left `running` by a server
    /// that died stops moving, and the engine stops waiting for it.
    pub async fn bulk_progress(&self) -> Result<Option<i64>, StoreError> {
        let (running, progress): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM imports WHERE state = 'running') \
             + (SELECT COUNT(*) FROM bulk_jobs WHERE state = 'running'), \
             CAST(COALESCE((SELECT SUM(rows_done) FROM imports WHERE state = 'running'), 0) \
             + COALESCE((SELECT SUM(done) FROM bulk_jobs WHERE state = 'running'), 0) AS BIGINT)",
        )
        .fetch_one(self.pool())
        .await?;
        Ok((running > 0).then_some(progress))
    }

    /// Keeps the mapping and review; only before the import starts.
    pub async fn save_import_review(
        &self,
        id: i64,
        mapping: &Mapping,
        options: &ImportOptions,
        review: &ImportReview,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE imports SET mapping = $1, options = $2, review = $3, state = 'reviewed' \
             WHERE id = $4 AND state IN ('uploaded', 'reviewed')",
        )
        .bind(to_json(mapping))
        .bind(to_json(options))
        .bind(to_json(review))
        .bind(id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "This import has already started; its columns can no longer change.".into(),
            ));
        }
        Ok(())
    }

    /// Moves an import into `to` from one of `from`; `false` when it was in none of them.
    pub async fn move_import(
        &self,
        id: i64,
        from: &[ImportState],
        to: ImportState,
    ) -> Result<bool, StoreError> {
        let states: Vec<String> = from.iter().map(|s| format!("'{}'", s.key())).collect();
        let now = self.now();
        let (started, finished) = match to {
            ImportState::Running => (Some(now), None),
            s if !s.is_active() && s != ImportState::Reviewed => (None, Some(now)),
            _ => (None, None),
        };
        let sql = format!(
            "UPDATE imports SET state = $1, \
             run_started_at = COALESCE($2, run_started_at), \
             run_started_rows = CASE WHEN $2 IS NULL THEN run_started_rows ELSE rows_done END, \
             finished_at = COALESCE($3, finished_at) \
             WHERE id = $4 AND state IN ({})",
            states.join(", ")
        );
        let done = sqlx::query(&sql)
            .bind(to.key())
            .bind(started)
            .bind(finished)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Ends an import with the error that stopped it; `resumable` when that error may pass.
    pub async fn fail_import(
        &self,
        id: i64,
        error: &str,
        resumable: bool,
    ) -> Result<(), StoreError> {
        self.fail_job("imports", id, error, resumable).await
    }

    /// Moves an import stopped by a passing error back to running, its error cleared;
    /// `false` when it is not such an import.
    pub async fn resume_failed_import(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE imports SET state = 'running', error = NULL, resumable = 0, finished_at = NULL, \
             run_started_at = $1, run_started_rows = rows_done \
             WHERE id = $2 AND state = 'failed' AND resumable = 1",
        )
        .bind(self.now())
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn import_state(&self, id: i64) -> Result<ImportState, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT state FROM imports WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let (state,) = row.ok_or(StoreError::NotFound("import"))?;
        ImportState::from_key(&state).ok_or_else(|| StoreError::corrupt("import state"))
    }

    /// The reasons rows failed, in row order, `limit` at a time after row `after`.
    pub async fn import_failures(
        &self,
        id: i64,
        after: u64,
        limit: i64,
    ) -> Result<Vec<(u64, String)>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT row_number, reason FROM import_failures WHERE import_id = $1 AND row_number > $2 \
             ORDER BY row_number LIMIT $3",
        )
        .bind(id)
        .bind(after as i64)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(n, r)| (n.max(0) as u64, r))
            .collect())
    }
}
