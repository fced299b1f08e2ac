//! The workflow outbox: every change that a trigger could match writes a row here in the
//! transaction of the change itself, so a change that commits is matched (exactly once,
//! by the engine's matcher, which removes the row in the transaction that enrolls), and a
//! change that rolls back leaves nothing behind.
use super::super::StoreError;
use crate::domain::change::Actor;
use serde_json::Value;
use sqlx::{Any, Transaction};

/// What changed: the record a trigger would start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Opportunity(i64),
    Contact(i64),
    /// A meeting activity (created or modified).
    Meeting(i64),
    /// A delivery to an Inbound Webhook trigger, for this contact (0: none mapped).
    Inbound(i64),
}

impl Subject {
    pub fn columns(self) -> (&'static str, i64) {
        match self {
            Subject::Opportunity(id) => ("opportunity", id),
            Subject::Contact(id) => ("contact", id),
            Subject::Meeting(id) => ("meeting", id),
            Subject::Inbound(id) => ("inbound", id),
        }
    }

    pub fn from_columns(kind: &str, id: i64) -> Option<Subject> {
        Some(match kind {
            "opportunity" => Subject::Opportunity(id),
            "contact" => Subject::Contact(id),
            "meeting" => Subject::Meeting(id),
            "inbound" => Subject::Inbound(id),
            _ => return None,
        })
    }
}

/// Writes one change into the outbox, inside the change's own transaction. `kind` is
/// the change-log kind (`created`, `stage_changed`, `tag_added`, …); `detail` holds the
/// field with its value before and after.
pub(in crate::store) async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    subject: Subject,
    kind: &str,
    detail: &Value,
    actor: Actor,
    at: i64,
) -> Result<(), StoreError> {
    let (subject_kind, subject_id) = subject.columns();
    let (actor_kind, actor_id, actor_step) = actor.columns();
    sqlx::query(
        "INSERT INTO workflow_events (subject, subject_id, kind, detail, actor_kind, actor_id, actor_step, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(subject_kind)
    .bind(subject_id)
    .bind(kind)
    .bind(detail.to_string())
    .bind(actor_kind)
    .bind(actor_id)
    .bind(actor_step)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
