//! What a batch of workflow steps writes once, just before its commit: the step log
//! entries and the runs' new places, held as the steps go and written a hundred rows a
//! statement rather than one statement a step.
use super::super::StoreError;
use super::runs::{Advance, StepEntry};
use sqlx::{Any, Transaction};

/// A step log entry held by a batch until it commits (see [`log_steps`]).
#[derive(Debug, Clone)]
pub struct HeldLog {
    pub run: i64,
    pub step: Option<i64>,
    pub name: String,
    pub status: &'static str,
    pub message: String,
    pub resolved: String,
    pub changes: String,
    pub started_at: i64,
    pub finished_at: i64,
}

impl HeldLog {
    pub fn new(run: i64, entry: &StepEntry<'_>) -> HeldLog {
        HeldLog {
            run,
            step: entry.step.map(i64::from),
            name: entry.name.to_string(),
            status: entry.status.key(),
            message: entry.message.to_string(),
            resolved: entry.resolved.to_string(),
            changes: entry.changes.to_string(),
            started_at: entry.started_at,
            finished_at: entry.finished_at,
        }
    }
}

/// A run's new place held by a batch until it commits (see [`advance_all`]).
#[derive(Debug, Clone)]
pub struct HeldAdvance {
    pub run: i64,
    pub next_step: Option<i64>,
    pub context: String,
    pub status: &'static str,
    pub due_at: i64,
    pub attempts: i64,
    pub message: Option<String>,
    pub now: i64,
    pub finished: Option<i64>,
}

impl HeldAdvance {
    pub fn new(run: i64, to: &Advance<'_>) -> HeldAdvance {
        HeldAdvance {
            run,
            next_step: to.next_step.map(i64::from),
            context: serde_json::to_string(to.context).unwrap_or_default(),
            status: to.status,
            due_at: to.due_at,
            attempts: to.attempts,
            message: to.message.map(str::to_string),
            now: to.now,
            finished: matches!(to.status, "finished" | "failed" | "stopped").then_some(to.now),
        }
    }
}

/// Rows a batch writes per statement: well under both engines' bound-value limits.
const ROWS_A_STATEMENT: usize = 100;

/// `($1, $2, …), ($10, …)`: `rows` tuples of `width` numbered placeholders, each cast
/// as `types` says (PostgreSQL types a VALUES list by its first row; SQLite ignores it).
fn placeholders(rows: usize, types: &[&str]) -> String {
    let width = types.len();
    (0..rows)
        .map(|r| {
            let row: Vec<String> = types
                .iter()
                .enumerate()
                .map(|(c, t)| match *t {
                    "" => format!("${}", r * width + c + 1),
                    t => format!("CAST(${} AS {t})", r * width + c + 1),
                })
                .collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes a batch's held log entries, in the order they were held, a hundred a statement.
pub(crate) async fn log_steps(
    tx: &mut Transaction<'_, Any>,
    logs: &[HeldLog],
) -> Result<(), StoreError> {
    for chunk in logs.chunks(ROWS_A_STATEMENT) {
        let sql = format!(
            "INSERT INTO workflow_run_steps (run_id, step_key, step_name, status, message, resolved, changes, \
             started_at, finished_at) VALUES {}",
            placeholders(chunk.len(), &[""; 9])
        );
        let mut query = sqlx::query(&sql);
        for log in chunk {
            query = query
                .bind(log.run)
                .bind(log.step)
                .bind(log.name.as_str())
                .bind(log.status)
                .bind(log.message.as_str())
                .bind(log.resolved.as_str())
                .bind(log.changes.as_str())
                .bind(log.started_at)
                .bind(log.finished_at);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes a batch's held run places, a hundred runs a statement.
pub(crate) async fn advance_all(
    tx: &mut Transaction<'_, Any>,
    moves: &[HeldAdvance],
) -> Result<(), StoreError> {
    const TYPES: [&str; 9] = [
        "BIGINT", "BIGINT", "TEXT", "TEXT", "BIGINT", "BIGINT", "TEXT", "BIGINT", "BIGINT",
    ];
    for chunk in moves.chunks(ROWS_A_STATEMENT) {
        let sql = format!(
            "WITH v (id, next_step, context, status, due_at, attempts, message, updated_at, finished_at) \
             AS (VALUES {}) \
             UPDATE workflow_runs SET next_step = v.next_step, context = v.context, status = v.status, \
             due_at = v.due_at, attempts = v.attempts, message = v.message, updated_at = v.updated_at, \
             finished_at = v.finished_at FROM v WHERE workflow_runs.id = v.id",
            placeholders(chunk.len(), &TYPES)
        );
        let mut query = sqlx::query(&sql);
        for to in chunk {
            query = query
                .bind(to.run)
                .bind(to.next_step)
                .bind(to.context.as_str())
                .bind(to.status)
                .bind(to.due_at)
                .bind(to.attempts)
                .bind(to.message.as_deref())
                .bind(to.now)
                .bind(to.finished);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}
