//! The `bulk_jobs` table: a bulk action over more than a page of deals, the deals it was
//! started on, and how far it got. Each batch of deals changes in one transaction with
//! the job's progress, so a cancelled, failed or restarted job stops exactly after a
//! batch and never applies the action to a deal twice.
use super::super::{Store, StoreError};
use super::bulk::{apply_to, BulkAction};
use crate::domain::account::UserId;
use crate::domain::board::OpportunityId;
use crate::domain::bulk::{BulkJobState, BulkJobSummary};
use crate::domain::change::Actor;
use sqlx::FromRow;

/// A bulk job as its runner needs it.
#[derive(Debug, Clone)]
pub struct BulkJobRecord {
    pub created_by: UserId,
    pub action: BulkAction,
    /// Every deal the job was started on, in the order it goes through them.
    pub deals: Vec<OpportunityId>,
    pub summary: BulkJobSummary,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    created_by: i64,
    action: String,
    label: String,
    deal_ids: String,
    total: i64,
    state: String,
    done: i64,
    changed: i64,
    error: Option<String>,
    resumable: i64,
}

const SELECT: &str =
    "SELECT id, created_by, action, label, deal_ids, total, state, done, changed, \
     error, resumable FROM bulk_jobs";

impl Row {
    fn into_summary(self) -> Result<(BulkJobSummary, i64, String, String), StoreError> {
        let state = BulkJobState::from_key(&self.state)
            .ok_or_else(|| StoreError::corrupt("bulk job state"))?;
        let summary = BulkJobSummary {
            id: self.id,
            label: self.label,
            state,
            total: self.total.max(0) as u64,
            done: self.done.max(0) as u64,
            changed: self.changed.max(0) as u64,
            error: self.error,
            resumable: state == BulkJobState::Failed && self.resumable != 0,
        };
        Ok((summary, self.created_by, self.action, self.deal_ids))
    }
}

fn states(from: &[BulkJobState]) -> String {
    let keys: Vec<String> = from.iter().map(|s| format!("'{}'", s.key())).collect();
    keys.join(", ")
}

impl Store {
    /// Records a job that applies `action` (read by people as `label`) to `deals`, running.
    pub async fn create_bulk_job(
        &self,
        by: UserId,
        action: &BulkAction,
        label: &str,
        deals: &[OpportunityId],
    ) -> Result<BulkJobSummary, StoreError> {
        let action_json =
            serde_json::to_string(action).map_err(|_| StoreError::corrupt("bulk action"))?;
        let ids: Vec<i64> = deals.iter().map(|d| d.0).collect();
        let ids_json = serde_json::to_string(&ids).map_err(|_| StoreError::corrupt("deal ids"))?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO bulk_jobs (created_by, created_at, action, label, deal_ids, total, state) \
             VALUES ($1, $2, $3, $4, $5, $6, 'running') RETURNING id",
        )
        .bind(by.0)
        .bind(self.now())
        .bind(action_json)
        .bind(label)
        .bind(ids_json)
        .bind(deals.len() as i64)
        .fetch_one(self.pool())
        .await?;
        self.bulk_job_summary(id).await
    }

    pub async fn bulk_job(&self, id: i64) -> Result<BulkJobRecord, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let (summary, created_by, action, deal_ids) = row
            .ok_or(StoreError::NotFound("bulk action"))?
            .into_summary()?;
        let action =
            serde_json::from_str(&action).map_err(|_| StoreError::corrupt("bulk action"))?;
        let ids: Vec<i64> =
            serde_json::from_str(&deal_ids).map_err(|_| StoreError::corrupt("bulk deal ids"))?;
        Ok(BulkJobRecord {
            created_by: UserId(created_by),
            action,
            deals: ids.into_iter().map(OpportunityId).collect(),
            summary,
        })
    }

    /// A job's progress, and who started it, without its list of deals.
    pub async fn bulk_job_summary(&self, id: i64) -> Result<BulkJobSummary, StoreError> {
        Ok(self.bulk_job_owned(id).await?.0)
    }

    /// A job's progress and the person who started it.
    pub async fn bulk_job_owned(&self, id: i64) -> Result<(BulkJobSummary, UserId), StoreError> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, created_by, '' AS action, label, '' AS deal_ids, total, state, done, changed, \
             error, resumable FROM bulk_jobs WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let (summary, by, _, _) = row
            .ok_or(StoreError::NotFound("bulk action"))?
            .into_summary()?;
        Ok((summary, UserId(by)))
    }

    /// The job `by` started last, if it is still running or stopped by a passing error:
    /// the list shows its progress again after a reload.
    pub async fn current_bulk_job(&self, by: UserId) -> Result<Option<BulkJobSummary>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM bulk_jobs WHERE created_by = $1 \
             AND (state IN ('running', 'cancelling') OR (state = 'failed' AND resumable = 1)) \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(by.0)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some((id,)) => Ok(Some(self.bulk_job_summary(id).await?)),
            None => Ok(None),
        }
    }

    /// Jobs that should be running: after a restart, these resume.
    pub async fn active_bulk_jobs(&self) -> Result<Vec<i64>, StoreError> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM bulk_jobs WHERE state IN ('running', 'cancelling') ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Moves a job into `to` from one of `from`; `false` when it was in none of them.
    pub async fn move_bulk_job(
        &self,
        id: i64,
        from: &[BulkJobState],
        to: BulkJobState,
    ) -> Result<bool, StoreError> {
        let finished = (!to.is_active()).then(|| self.now());
        let done = sqlx::query(&format!(
            "UPDATE bulk_jobs SET state = $1, finished_at = $2 WHERE id = $3 AND state IN ({})",
            states(from)
        ))
        .bind(to.key())
        .bind(finished)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Ends a bulk job with the error that stopped it; `resumable` when that error may pass.
    pub async fn fail_bulk_job(
        &self,
        id: i64,
        error: &str,
        resumable: bool,
    ) -> Result<(), StoreError> {
        self.fail_job("bulk_jobs", id, error, resumable).await
    }

    /// Moves a job stopped by a passing error back to running; `false` when it is not one.
    pub async fn resume_failed_bulk_job(&self, id: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE bulk_jobs SET state = 'running', error = NULL, resumable = 0, finished_at = NULL \
             WHERE id = $1 AND state = 'failed' AND resumable = 1",
        )
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Applies job `id`'s action to one batch of its deals in one transaction, together
    /// with its progress: `done` deals behind it afterwards. Returns how many changed.
    pub async fn apply_bulk_batch(
        &self,
        id: i64,
        actor: Actor,
        action: &BulkAction,
        batch: &[OpportunityId],
        done: usize,
    ) -> Result<usize, StoreError> {
        let now = self.now();
        let mut tx = self.job_transaction().await?;
        let mut changes = Vec::new();
        for deal in batch {
            if let Some(change) = apply_to(&mut tx, actor, *deal, action, now).await? {
                changes.push(change);
            }
        }
        let changed = changes.len();
        sqlx::query("UPDATE bulk_jobs SET done = $1, changed = changed + $2 WHERE id = $3")
            .bind(done as i64)
            .bind(changed as i64)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.commit_and_announce(tx, actor, changes).await?;
        Ok(changed)
    }
}
