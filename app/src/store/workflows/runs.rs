//! Runs and their step log as the engine writes them, inside each step's transaction
//! (`history` reads them back).
use super::super::{Engine, Store, StoreError};
use crate::domain::workflow::listing::{RunRecord, StepStatus, WorkflowId};
use crate::domain::workflow::RunContext;
use serde_json::Value;
use sqlx::{Any, FromRow, Transaction};

/// A run as the engine works on it.
#[derive(Debug, Clone, FromRow)]
pub struct RunRow {
    pub id: i64,
    pub workflow_id: i64,
    pub version_id: i64,
    pub record_kind: String,
    pub record_id: i64,
    pub next_step: Option<i64>,
    pub context: String,
    pub depth: i64,
    pub attempts: i64,
    pub due_at: i64,
}

impl RunRow {
    pub fn context(&self) -> Result<RunContext, StoreError> {
        serde_json::from_str(&self.context).map_err(|_| StoreError::corrupt("run context"))
    }

    pub fn record(&self) -> Result<RunRecord, StoreError> {
        RunRecord::from_columns(&self.record_kind, self.record_id)
            .ok_or_else(|| StoreError::corrupt("run record"))
    }
}

/// A run to start.
pub struct NewRun<'a> {
    pub workflow: WorkflowId,
    pub version: i64,
    pub record: RunRecord,
    pub trigger: &'a str,
    pub first_step: Option<u32>,
    pub context: &'a RunContext,
    pub depth: i64,
    /// `None`: it starts; `Some(reason)`: it is written as stopped at once (the loop
    /// guard or the re-entry rule), so the log says why nothing ran.
    pub stopped: Option<String>,
    /// The record's entry is written already (`enroll::refusal` asked and wrote it).
    pub entered: bool,
    pub now: i64,
}

/// Where a step leaves its run.
pub struct Advance<'a> {
    pub next_step: Option<u32>,
    pub context: &'a RunContext,
    /// `ready`, `waiting`, `finished`, `failed` or `stopped`.
    pub status: &'static str,
    pub due_at: i64,
    pub attempts: i64,
    pub message: Option<&'a str>,
    pub now: i64,
}

/// One entry for the run log.
pub struct StepEntry<'a> {
    pub step: Option<u32>,
    pub name: &'a str,
    pub status: StepStatus,
    pub message: &'a str,
    pub resolved: &'a Value,
    pub changes: &'a Value,
    pub started_at: i64,
    pub finished_at: i64,
}

impl<'a> StepEntry<'a> {
    /// An entry of the run itself rather than one of its steps (enrollment refused, a
    /// person's removal or retry), with no values or changes.
    pub fn unattached(name: &'a str, status: StepStatus, message: &'a str, now: i64) -> Self {
        StepEntry {
            step: None,
            name,
            status,
            message,
            resolved: &Value::Null,
            changes: &Value::Null,
            started_at: now,
            finished_at: now,
        }
    }
}

pub(crate) async fn insert_run(
    tx: &mut Transaction<'_, Any>,
    run: NewRun<'_>,
) -> Result<i64, StoreError> {
    let (kind, record) = run.record.columns();
    let status = match (&run.stopped, run.first_step) {
        (Some(_), _) => "stopped",
        (None, Some(_)) => "ready",
        (None, None) => "finished",
    };
    let finished = (status != "ready").then_some(run.now);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO workflow_runs (workflow_id, version_id, record_kind, record_id, trigger_label, status, \
         next_step, context, depth, due_at, message, started_at, updated_at, finished_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $10, $12) RETURNING id",
    )
    .bind(run.workflow.0)
    .bind(run.version)
    .bind(kind)
    .bind(record)
    .bind(run.trigger)
    .bind(status)
    .bind(
        run.first_step
            .filter(|_| run.stopped.is_none())
            .map(i64::from),
    )
    .bind(serde_json::to_string(run.context).unwrap_or_default())
    .bind(run.depth)
    .bind(run.now)
    .bind(run.stopped.clone())
    .bind(finished)
    .fetch_one(&mut **tx)
    .await?;
    if let Some(reason) = &run.stopped {
        let entry = StepEntry::unattached("Enrollment", StepStatus::Stopped, reason, run.now);
        log_step(tx, id, &entry).await?;
    } else if !run.entered {
        sqlx::query(
            "INSERT INTO workflow_entries (workflow_id, record_kind, record_id, first_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(run.workflow.0)
        .bind(kind)
        .bind(record)
        .bind(run.now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

pub(crate) async fn log_step(
    tx: &mut Transaction<'_, Any>,
    run: i64,
    entry: &StepEntry<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO workflow_run_steps (run_id, step_key, step_name, status, message, resolved, changes, started_at, finished_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(run)
    .bind(entry.step.map(i64::from))
    .bind(entry.name)
    .bind(entry.status.key())
    .bind(entry.message)
    .bind(entry.resolved.to_string())
    .bind(entry.changes.to_string())
    .bind(entry.started_at)
    .bind(entry.finished_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn advance(
    tx: &mut Transaction<'_, Any>,
    run: i64,
    to: &Advance<'_>,
) -> Result<(), StoreError> {
    let finished = matches!(to.status, "finished" | "failed" | "stopped").then_some(to.now);
    sqlx::query(
        "UPDATE workflow_runs SET next_step = $1, context = $2, status = $3, due_at = $4, attempts = $5, \
         message = $6, updated_at = $7, finished_at = $8 WHERE id = $9",
    )
    .bind(to.next_step.map(i64::from))
    .bind(serde_json::to_string(to.context).unwrap_or_default())
    .bind(to.status)
    .bind(to.due_at)
    .bind(to.attempts)
    .bind(to.message)
    .bind(to.now)
    .bind(finished)
    .bind(run)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const RUN_COLUMNS: &str = "id, workflow_id, version_id, record_kind, record_id, next_step, context, depth, attempts, due_at";

/// Claims up to `limit` runs that are due, inside `tx`: on PostgreSQL their rows stay
/// locked until `tx` ends and other servers skip them; SQLite has one writer at a time.
pub(crate) async fn claim_due(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    now: i64,
    limit: i64,
) -> Result<Vec<RunRow>, StoreError> {
    let lock = match engine {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM workflow_runs WHERE status IN ('ready', 'waiting') AND due_at <= $1 \
         ORDER BY due_at, id LIMIT $2{lock}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut **tx)
        .await?)
}

/// Re-reads a claimed run inside `tx`, to check no one else moved it on meanwhile.
pub(crate) async fn reload(
    tx: &mut Transaction<'_, Any>,
    run: i64,
) -> Result<Option<RunRow>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {RUN_COLUMNS} FROM workflow_runs WHERE id = $1 AND status IN ('ready', 'waiting')"
    ))
    .bind(run)
    .fetch_optional(&mut **tx)
    .await?)
}

impl Store {
    /// How many days run history is kept (workspace setting; 90 before set-up).
    pub async fn workflow_log_days(&self) -> Result<i64, StoreError> {
        let days: Option<(i64,)> =
            sqlx::query_as("SELECT workflow_log_days FROM workspace WHERE id = 1")
                .fetch_optional(self.pool())
                .await?;
        Ok(days.map_or(90, |(d,)| d))
    }

    /// Removes finished runs and their logs older than `before` (the retention setting).
    pub async fn remove_old_runs(&self, before: i64) -> Result<u64, StoreError> {
        let mut tx = self.job_transaction().await?;
        sqlx::query(
            "DELETE FROM workflow_run_steps WHERE run_id IN \
             (SELECT id FROM workflow_runs WHERE finished_at IS NOT NULL AND finished_at < $1)",
        )
        .bind(before)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query(
            "DELETE FROM workflow_runs WHERE finished_at IS NOT NULL AND finished_at < $1",
        )
        .bind(before)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
