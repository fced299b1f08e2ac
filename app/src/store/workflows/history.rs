//! Run history as admins read and manage it: a workflow's runs filtered and paged, a
//! record's runs, one run's log; removing a record from a workflow and retrying a
//! failed run from the step it failed at.
use super::super::{search_pattern, Engine, Store, StoreError};
use super::queue;
use super::runs::{log_step, StepEntry};
use crate::domain::workflow::listing::{
    RunFilter, RunRecord, RunStatus, RunSummary, StepLog, StepStatus, WorkflowId,
};
use serde_json::Value;
use sqlx::FromRow;
use std::collections::HashMap;

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    workflow_id: i64,
    workflow_name: String,
    version_id: i64,
    number: i64,
    record_kind: String,
    record_id: i64,
    record_name: String,
    trigger_label: String,
    status: String,
    next_step: Option<i64>,
    due_at: i64,
    message: Option<String>,
    started_at: i64,
    finished_at: Option<i64>,
}

const SUMMARY_SELECT: &str = "SELECT r.id, r.workflow_id, w.name AS workflow_name, r.version_id, v.number, \
     r.record_kind, r.record_id, COALESCE(o.name, c.name, '') AS record_name, r.trigger_label, r.status, \
     r.next_step, r.due_at, r.message, r.started_at, r.finished_at \
     FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id JOIN workflow_versions v ON v.id = r.version_id \
     LEFT JOIN opportunities o ON r.record_kind = 'opportunity' AND o.id = r.record_id \
     LEFT JOIN contacts c ON r.record_kind = 'contact' AND c.id = r.record_id";

impl SummaryRow {
    fn summary(self) -> Result<RunSummary, StoreError> {
        let status = RunStatus::from_columns(&self.status, self.due_at)
            .ok_or_else(|| StoreError::corrupt("run status"))?;
        let at_step = self
            .next_step
            .filter(|_| status != RunStatus::Finished)
            .and_then(|s| u32::try_from(s).ok());
        Ok(RunSummary {
            id: self.id,
            workflow: WorkflowId(self.workflow_id),
            workflow_name: self.workflow_name,
            version: self.number,
            record: RunRecord::from_columns(&self.record_kind, self.record_id)
                .ok_or_else(|| StoreError::corrupt("run record"))?,
            record_name: self.record_name,
            record_hidden: false,
            trigger: self.trigger_label,
            status,
            at_step,
            at_step_name: None,
            message: self.message,
            started_at: self.started_at,
            finished_at: self.finished_at,
        })
    }
}

/// A step log row: key, name, status, message, resolved, changes, started, finished.
type LogRow = (
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
);

impl Store {
    /// A workflow's runs that match `filter`, newest first: up to `limit` of those older
    /// than run `before` (the last one of the page before), or the newest.
    pub async fn workflow_runs(
        &self,
        id: WorkflowId,
        filter: &RunFilter,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RunSummary>, StoreError> {
        let mut sql = format!("{SUMMARY_SELECT} WHERE r.workflow_id = $1 AND r.id < $2");
        let mut next = 3;
        if let Some(status) = filter.status {
            // Fixed words, not the caller's text.
            let statuses: Vec<String> = status.columns().iter().map(|s| format!("'{s}'")).collect();
            sql.push_str(&format!(" AND r.status IN ({})", statuses.join(", ")));
        }
        let pattern = match filter.record.trim() {
            "" => None,
            text => Some(search_pattern(text, true)?),
        };
        if pattern.is_some() {
            sql.push_str(&format!(
                " AND LOWER(COALESCE(o.name, c.name, '')) LIKE ${next} ESCAPE '\\'"
            ));
            next += 1;
        }
        if filter.from.is_some() {
            sql.push_str(&format!(" AND r.started_at >= ${next}"));
            next += 1;
        }
        if filter.to.is_some() {
            sql.push_str(&format!(" AND r.started_at < ${next}"));
            next += 1;
        }
        sql.push_str(&format!(" ORDER BY r.id DESC LIMIT ${next}"));
        let mut query = sqlx::query_as::<_, SummaryRow>(&sql)
            .bind(id.0)
            .bind(before.unwrap_or(i64::MAX));
        if let Some(pattern) = pattern {
            query = query.bind(pattern);
        }
        if let Some(from) = filter.from {
            query = query.bind(from);
        }
        if let Some(to) = filter.to {
            query = query.bind(to);
        }
        let rows = query.bind(limit).fetch_all(self.pool()).await?;
        self.named_steps(rows).await
    }

    /// The runs a record was enrolled in, newest first, paged as `workflow_runs`.
    pub async fn record_runs(
        &self,
        record: RunRecord,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<RunSummary>, StoreError> {
        let (kind, id) = record.columns();
        let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
            "{SUMMARY_SELECT} WHERE r.record_kind = $1 AND r.record_id = $2 AND r.id < $3 \
             ORDER BY r.id DESC LIMIT $4"
        ))
        .bind(kind)
        .bind(id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        self.named_steps(rows).await
    }

    pub async fn run(&self, id: i64) -> Result<RunSummary, StoreError> {
        let row: Option<SummaryRow> = sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let row = row.ok_or(StoreError::NotFound("workflow run"))?;
        let mut runs = self.named_steps(vec![row]).await?;
        runs.pop().ok_or(StoreError::NotFound("workflow run"))
    }

    /// Summaries with the name of the step each run is at, from the run's own version.
    async fn named_steps(&self, rows: Vec<SummaryRow>) -> Result<Vec<RunSummary>, StoreError> {
        let mut versions: HashMap<i64, crate::domain::workflow::Definition> = HashMap::new();
        let mut runs = Vec::with_capacity(rows.len());
        for row in rows {
            let version = row.version_id;
            let mut run = row.summary()?;
            if let Some(step) = run.at_step {
                if let std::collections::hash_map::Entry::Vacant(entry) = versions.entry(version) {
                    let mut conn = self.pool().acquire().await?;
                    entry.insert(queue::version_definition(&mut conn, version).await?);
                }
                run.at_step_name = versions[&version].step(step).map(|s| s.name.clone());
            }
            runs.push(run);
        }
        Ok(runs)
    }

    /// A run's log, in the order its steps ran.
    pub async fn run_log(&self, run: i64) -> Result<Vec<StepLog>, StoreError> {
        let rows: Vec<LogRow> = sqlx::query_as(
            "SELECT step_key, step_name, status, message, resolved, changes, started_at, finished_at \
             FROM workflow_run_steps WHERE run_id = $1 ORDER BY id",
        )
        .bind(run)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(
                |(step, name, status, message, resolved, changes, started_at, finished_at)| {
                    Ok(StepLog {
                        step: step.and_then(|s| u32::try_from(s).ok()),
                        name,
                        status: StepStatus::from_key(&status)
                            .ok_or_else(|| StoreError::corrupt("step status"))?,
                        message,
                        resolved: serde_json::from_str(&resolved).unwrap_or(Value::Null),
                        changes: serde_json::from_str(&changes).unwrap_or(Value::Null),
                        started_at,
                        finished_at,
                    })
                },
            )
            .collect()
    }

    /// `Remove from workflow`: stops a run that is running or waiting, with a log entry
    /// naming who removed it. A step being worked on now finishes first (PostgreSQL:
    /// the runner holds the run's row until its batch commits).
    pub async fn remove_run(&self, run: i64, by: &str) -> Result<RunSummary, StoreError> {
        let mut tx = self.write_transaction().await?;
        let now = self.now();
        let message = format!("Removed from the workflow by {by}.");
        let stopped = sqlx::query(
            "UPDATE workflow_runs SET status = 'stopped', message = $1, updated_at = $2, finished_at = $2 \
             WHERE id = $3 AND status IN ('ready', 'waiting')",
        )
        .bind(&message)
        .bind(now)
        .bind(run)
        .execute(&mut *tx)
        .await?;
        if stopped.rows_affected() == 0 {
            drop(tx);
            let status = self.run(run).await?.status;
            return Err(StoreError::Refused(format!(
                "This run is not in the workflow any more ({}), so there is nothing to remove.",
                status.label().to_lowercase()
            )));
        }
        let entry =
            StepEntry::unattached("Remove from workflow", StepStatus::Stopped, &message, now);
        log_step(&mut tx, run, &entry).await?;
        tx.commit().await?;
        self.run(run).await
    }

    /// Retries a failed run from the step it failed at, on the version it started on.
    /// Refused while the record is in the workflow again (one active run a record).
    pub async fn retry_run(&self, run: i64, by: &str) -> Result<RunSummary, StoreError> {
        let mut tx = self.write_transaction().await?;
        type Row = (i64, i64, String, i64, String, Option<i64>);
        let row: Option<Row> = sqlx::query_as(
            "SELECT workflow_id, version_id, record_kind, record_id, status, next_step FROM workflow_runs WHERE id = $1",
        )
        .bind(run)
        .fetch_optional(&mut *tx)
        .await?;
        let (workflow, version, kind, record, status, next_step) =
            row.ok_or(StoreError::NotFound("workflow run"))?;
        // Two retries of one record's runs at once must not both start (PostgreSQL).
        if self.engine() == Engine::Postgres {
            sqlx::query("SELECT id FROM workflows WHERE id = $1 FOR UPDATE")
                .bind(workflow)
                .execute(&mut *tx)
                .await?;
        }
        if status != "failed" {
            return Err(StoreError::Refused(format!(
                "Only a failed run can be retried; this one is {}.",
                RunStatus::from_columns(&status, 0)
                    .map_or("not failed", |s| s.label())
                    .to_lowercase()
            )));
        }
        let Some(step) = next_step.and_then(|s| u32::try_from(s).ok()) else {
            return Err(StoreError::Refused(
                "This run failed before its first step, so there is no step to retry from.".into(),
            ));
        };
        let record = RunRecord::from_columns(&kind, record)
            .ok_or_else(|| StoreError::corrupt("run record"))?;
        if let Some(other) = queue::active_run(&mut tx, WorkflowId(workflow), record).await? {
            return Err(StoreError::Refused(format!(
                "This record is in the workflow again now (run #{other}), and a record never has two active runs of one workflow. Retry once that run ends, or remove it first."
            )));
        }
        let definition = queue::version_definition(&mut tx, version).await?;
        let name = definition
            .step(step)
            .map_or("its failed step", |s| s.name.as_str());
        let now = self.now();
        let message = format!("Retried by {by} from \u{201c}{name}\u{201d}.");
        sqlx::query(
            "UPDATE workflow_runs SET status = 'ready', due_at = $1, attempts = 0, message = NULL, \
             updated_at = $1, finished_at = NULL WHERE id = $2",
        )
        .bind(now)
        .bind(run)
        .execute(&mut *tx)
        .await?;
        let entry = StepEntry::unattached("Retry", StepStatus::Done, &message, now);
        log_step(&mut tx, run, &entry).await?;
        tx.commit().await?;
        self.wake_workflows();
        self.run(run).await
    }
}
