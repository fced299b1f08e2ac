//! Files attached to deals. The content is stored once in the database, keyed by its
//! SHA-256 (never by the name it came with), so the same file attached twice is kept
//! once and a deleted attachment frees its content when nothing else uses it.
use super::opportunities::log;
use super::{Store, StoreError};
use crate::domain::attachment::FileInfo;
use crate::domain::board::OpportunityId;
use crate::domain::change::Actor;
use sha2::{Digest, Sha256};
use sqlx::FromRow;

/// A checked upload, ready to store.
pub struct NewFile<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    /// The extracted summary, or why there is none (`Err`), or nothing to summarise.
    pub summary: Option<Result<Vec<String>, String>>,
}

#[derive(FromRow)]
struct FileRow {
    id: i64,
    opportunity_id: i64,
    file_name: String,
    kind: String,
    size: i64,
    summary: Option<String>,
    uploaded_by: Option<String>,
    created_at: i64,
}

/// The summary column: the sentences as a JSON array, or a problem as `{"problem": ...}`.
fn summary_column(summary: &Option<Result<Vec<String>, String>>) -> Option<String> {
    match summary {
        None => None,
        Some(Ok(sentences)) => Some(serde_json::json!(sentences).to_string()),
        Some(Err(problem)) => Some(serde_json::json!({ "problem": problem }).to_string()),
    }
}

impl From<FileRow> for FileInfo {
    fn from(row: FileRow) -> FileInfo {
        let parsed: Option<serde_json::Value> = row
            .summary
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok());
        let problem = parsed
            .as_ref()
            .and_then(|v| v.get("problem"))
            .and_then(|p| p.as_str())
            .map(str::to_string);
        let summary = parsed.and_then(|v| serde_json::from_value::<Vec<String>>(v).ok());
        FileInfo {
            id: row.id,
            opportunity_id: row.opportunity_id,
            file_name: row.file_name,
            content_type: row.kind,
            size: row.size,
            summary,
            summary_problem: problem,
            uploaded_by: row.uploaded_by,
            created_at: row.created_at,
        }
    }
}

const FILE_SELECT: &str = "SELECT f.id, f.opportunity_id, f.file_name, f.kind, f.size, f.summary, \
     u.name AS uploaded_by, f.created_at FROM opportunity_files f LEFT JOIN users u ON u.id = f.uploaded_by";

impl Store {
    /// Attaches a file to a deal, with a note on its timeline.
    pub async fn add_file(
        &self,
        actor: Actor,
        deal: OpportunityId,
        file: NewFile<'_>,
    ) -> Result<FileInfo, StoreError> {
        let hash = hex::encode(Sha256::digest(file.bytes));
        let now = self.now();
        let mut tx = self.write_transaction().await?;
        sqlx::query(
            "INSERT INTO file_contents (sha256, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(&hash)
        .bind(file.bytes.to_vec())
        .execute(&mut *tx)
        .await?;
        let uploader = match actor {
            Actor::User(id) => Some(id.0),
            _ => None,
        };
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO opportunity_files (opportunity_id, file_name, kind, size, sha256, summary, uploaded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(deal.0)
        .bind(file.file_name)
        .bind(file.content_type)
        .bind(file.bytes.len() as i64)
        .bind(&hash)
        .bind(summary_column(&file.summary))
        .bind(uploader)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| super::foreign_key_or(e, "file", "This deal no longer exists."))?;
        let body = format!("Added the file \u{201c}{}\u{201d}", file.file_name);
        log::note(&mut tx, deal, actor, now, &body).await?;
        tx.commit().await?;
        self.file(id).await
    }

    pub async fn file(&self, id: i64) -> Result<FileInfo, StoreError> {
        let sql = format!("{FILE_SELECT} WHERE f.id = $1");
        let row: Option<FileRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(FileInfo::from).ok_or(StoreError::NotFound("file"))
    }

    /// A deal's files, newest first.
    pub async fn files(&self, deal: OpportunityId) -> Result<Vec<FileInfo>, StoreError> {
        let sql = format!("{FILE_SELECT} WHERE f.opportunity_id = $1 ORDER BY f.id DESC");
        let rows: Vec<FileRow> = sqlx::query_as(&sql)
            .bind(deal.0)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(FileInfo::from).collect())
    }

    /// A file's content.
    pub async fn file_bytes(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        let row: Option<(Vec<u8>,)> = sqlx::query_as(
            "SELECT c.bytes FROM opportunity_files f JOIN file_contents c ON c.sha256 = f.sha256 WHERE f.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|(bytes,)| bytes)
            .ok_or(StoreError::NotFound("file"))
    }

    /// Removes a file from its deal (and its content, when no other deal has it), with a
    /// note on the deal's timeline.
    pub async fn delete_file(&self, actor: Actor, id: i64) -> Result<(), StoreError> {
        let file = self.file(id).await?;
        let now = self.now();
        let mut tx = self.write_transaction().await?;
        let (hash,): (String,) =
            sqlx::query_as("DELETE FROM opportunity_files WHERE id = $1 RETURNING sha256")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "DELETE FROM file_contents WHERE sha256 = $1 AND NOT EXISTS (SELECT 1 FROM opportunity_files WHERE sha256 = $1)",
        )
        .bind(hash)
        .execute(&mut *tx)
        .await?;
        let body = format!("Deleted the file \u{201c}{}\u{201d}", file.file_name);
        log::note(
            &mut tx,
            OpportunityId(file.opportunity_id),
            actor,
            now,
            &body,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
