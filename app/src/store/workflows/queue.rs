//! The matcher's reads and writes: outbox rows claimed in order, the published triggers,
//! and the counts the re-entry rule and the loop guard decide by.
use super::super::{Engine, StoreError};
use super::outbox::Subject;
use super::parse_definition;
use crate::domain::change::Actor;
use crate::domain::workflow::listing::{RunRecord, WorkflowId};
use crate::domain::workflow::Definition;
use serde_json::Value;
use sqlx::{Any, FromRow, Transaction};

/// One outbox row: a change waiting to be matched.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: i64,
    pub subject: Subject,
    pub kind: String,
    pub detail: Value,
    pub actor: Actor,
    pub at: i64,
}

#[derive(FromRow)]
struct PendingRow {
    id: i64,
    subject: String,
    subject_id: i64,
    kind: String,
    detail: String,
    actor_kind: String,
    actor_id: Option<i64>,
    actor_step: Option<i64>,
    at: i64,
}

/// Claims the oldest outbox rows inside `tx` (other servers skip them on PostgreSQL).
pub(crate) async fn claim_pending(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    limit: i64,
) -> Result<Vec<Pending>, StoreError> {
    let lock = match engine {
        Engine::Postgres => " FOR UPDATE SKIP LOCKED",
        Engine::Sqlite => "",
    };
    let rows: Vec<PendingRow> = sqlx::query_as(&format!(
        "SELECT id, subject, subject_id, kind, detail, actor_kind, actor_id, actor_step, at \
         FROM workflow_events ORDER BY id LIMIT $1{lock}"
    ))
    .bind(limit)
    .fetch_all(&mut **tx)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Pending {
                id: r.id,
                subject: Subject::from_columns(&r.subject, r.subject_id)
                    .ok_or_else(|| StoreError::corrupt("outbox subject"))?,
                kind: r.kind,
                detail: serde_json::from_str(&r.detail).unwrap_or(Value::Null),
                actor: Actor::from_columns(&r.actor_kind, r.actor_id, r.actor_step)
                    .ok_or_else(|| StoreError::corrupt("outbox actor"))?,
                at: r.at,
            })
        })
        .collect()
}

/// Removes matched outbox rows, in the transaction that enrolled their records. By id:
/// on PostgreSQL a row with a lower id may commit later, unseen by this matcher.
pub(crate) async fn remove_pending(
    tx: &mut Transaction<'_, Any>,
    ids: &[i64],
) -> Result<(), StoreError> {
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
        sqlx::query(&format!(
            "DELETE FROM workflow_events WHERE id IN ({})",
            list.join(", ")
        ))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A published workflow a change may enroll records in.
#[derive(Debug, Clone)]
pub struct Published {
    pub workflow: WorkflowId,
    pub version: i64,
    pub definition: std::sync::Arc<Definition>,
    /// When it went live: changes from before then do not enroll in it.
    pub live_since: i64,
}

/// Every published workflow with its version's definition; `known` gives definitions
/// already parsed (versions never change), keyed by version id.
pub(crate) async fn published(
    tx: &mut Transaction<'_, Any>,
    known: &(dyn Fn(i64) -> Option<std::sync::Arc<Definition>> + Sync),
) -> Result<Vec<Published>, StoreError> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT t.workflow_id, t.version_id, COALESCE(w.live_since, 0) FROM workflow_triggers t \
         JOIN workflows w ON w.id = t.workflow_id ORDER BY t.workflow_id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (workflow, version, live_since) in rows {
        let definition = match known(version) {
            Some(d) => d,
            None => std::sync::Arc::new(version_definition(tx, version).await?),
        };
        out.push(Published {
            workflow: WorkflowId(workflow),
            version,
            definition,
            live_since,
        });
    }
    Ok(out)
}

pub(crate) async fn version_definition(
    conn: &mut sqlx::AnyConnection,
    version: i64,
) -> Result<Definition, StoreError> {
    let (json,): (String,) =
        sqlx::query_as("SELECT definition FROM workflow_versions WHERE id = $1")
            .bind(version)
            .fetch_one(conn)
            .await?;
    parse_definition(&json)
}

/// The workflow and chain depth of the run that made a change.
pub(crate) async fn source_run(
    tx: &mut Transaction<'_, Any>,
    run: i64,
) -> Result<Option<(WorkflowId, i64)>, StoreError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT workflow_id, depth FROM workflow_runs WHERE id = $1")
            .bind(run)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(w, d)| (WorkflowId(w), d)))
}

/// What the re-entry rule and the loop guard need to know about a record and workflow,
/// as `history` finds it: it also writes the record's entry when it is its first.
pub struct History {
    pub ever_entered: bool,
    pub active_run: Option<i64>,
    pub entries_last_hour: i64,
}

pub(crate) async fn history(
    tx: &mut Transaction<'_, Any>,
    workflow: WorkflowId,
    record: RunRecord,
    now: i64,
) -> Result<History, StoreError> {
    let (kind, id) = record.columns();
    // The record's entry, written now if it is the first: then there is nothing more
    // to know: no rule refuses a first entry, and the run about to start keeps it.
    let first: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO workflow_entries (workflow_id, record_kind, record_id, first_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING RETURNING workflow_id",
    )
    .bind(workflow.0)
    .bind(kind)
    .bind(id)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    if first.is_some() {
        return Ok(History {
            ever_entered: false,
            active_run: None,
            entries_last_hour: 0,
        });
    }
    let active = active_run(tx, workflow, record).await?;
    let (recent,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM workflow_runs WHERE record_kind = $1 AND record_id = $2 AND workflow_id = $3 \
         AND started_at > $4 AND status <> 'stopped'",
    )
    .bind(kind)
    .bind(id)
    .bind(workflow.0)
    .bind(now - 3_600_000)
    .fetch_one(&mut **tx)
    .await?;
    Ok(History {
        ever_entered: true,
        active_run: active,
        entries_last_hour: recent,
    })
}

/// The record's run of `workflow` that is running or waiting, if one is.
pub(crate) async fn active_run(
    tx: &mut Transaction<'_, Any>,
    workflow: WorkflowId,
    record: RunRecord,
) -> Result<Option<i64>, StoreError> {
    let (kind, id) = record.columns();
    let active: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM workflow_runs WHERE record_kind = $1 AND record_id = $2 AND workflow_id = $3 \
         AND status IN ('ready', 'waiting') LIMIT 1",
    )
    .bind(kind)
    .bind(id)
    .bind(workflow.0)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(active.map(|(r,)| r))
}

/// The loop guard's settings: chain depth and entries per record and hour.
pub(crate) async fn guard_limits(tx: &mut Transaction<'_, Any>) -> Result<(i64, i64), StoreError> {
    Ok(sqlx::query_as(
        "SELECT workflow_depth_limit, workflow_hourly_entries FROM workspace WHERE id = 1",
    )
    .fetch_one(&mut **tx)
    .await?)
}

/// Stale Opportunity, on its schedule: for each published workflow with the trigger,
/// each open deal with no stage change and no activity for its days gets one outbox row
/// per stale period (the moment it went quiet is the period's mark). Returns how many.
/// `known` gives definitions already parsed, as for `published`.
pub(crate) async fn queue_stale(
    tx: &mut Transaction<'_, Any>,
    now: i64,
    known: &(dyn Fn(i64) -> Option<std::sync::Arc<Definition>> + Sync),
) -> Result<usize, StoreError> {
    let triggers: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT t.workflow_id, t.version_id FROM workflow_triggers t WHERE t.event = 'stale_opportunity'",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut queued = 0;
    for (workflow, version) in triggers {
        let definition = match known(version) {
            Some(d) => d,
            None => std::sync::Arc::new(version_definition(tx, version).await?),
        };
        let days: Vec<u32> = definition
            .triggers
            .iter()
            .filter_map(|t| match t.event {
                crate::domain::workflow::TriggerEvent::StaleOpportunity { days } => Some(days),
                _ => None,
            })
            .collect();
        for days in days {
            let cutoff = now - i64::from(days) * 86_400_000;
            let quiet: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT q.id, q.since FROM (SELECT o.id, CASE WHEN MAX(a.created_at) > o.stage_entered_at \
                 THEN MAX(a.created_at) ELSE o.stage_entered_at END AS since FROM opportunities o \
                 LEFT JOIN activities a ON a.opportunity_id = o.id AND a.kind <> 'system' \
                 WHERE o.status = 'open' GROUP BY o.id, o.stage_entered_at) q \
                 WHERE q.since < $1 AND NOT EXISTS (SELECT 1 FROM workflow_stale_marks m \
                 WHERE m.workflow_id = $2 AND m.opportunity_id = q.id AND m.since = q.since)",
            )
            .bind(cutoff)
            .bind(workflow)
            .fetch_all(&mut **tx)
            .await?;
            for (deal, since) in quiet {
                sqlx::query("DELETE FROM workflow_stale_marks WHERE workflow_id = $1 AND opportunity_id = $2")
                    .bind(workflow)
                    .bind(deal)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query("INSERT INTO workflow_stale_marks (workflow_id, opportunity_id, since) VALUES ($1, $2, $3)")
                    .bind(workflow)
                    .bind(deal)
                    .bind(since)
                    .execute(&mut **tx)
                    .await?;
                let detail =
                    serde_json::json!({ "field": "stale_days", "before": null, "after": days });
                super::outbox::enqueue(
                    tx,
                    Subject::Opportunity(deal),
                    "stale",
                    &detail,
                    Actor::System,
                    now,
                )
                .await?;
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// Holds a record's row until `tx` ends (PostgreSQL; SQLite has one writer at a time),
/// so matchers on several servers enroll one record one after the other.
pub(crate) async fn hold_record(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    record: RunRecord,
) -> Result<(), StoreError> {
    let table = match record {
        RunRecord::Opportunity(_) => "opportunities",
        RunRecord::Contact(_) => "contacts",
    };
    let (_, id) = record.columns();
    if engine == Engine::Postgres && id != 0 {
        sqlx::query(&format!("SELECT id FROM {table} WHERE id = $1 FOR UPDATE"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    }
    Ok(())
}
