//! The change log and system notes: written in the transaction of the change they record.
use super::super::workflows::outbox::{self, Subject};
use super::super::{Store, StoreError};
use crate::domain::board::OpportunityId;
use crate::domain::change::{Actor, EventKind};
use crate::domain::currency::Currency;
use crate::domain::opportunity::Milestone;
use crate::domain::timeline::{describe, newest_first, TimelineEntry};
use serde_json::Value;
use sqlx::{Any, FromRow, Transaction};

/// One recorded change, as the timeline and tests read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeEvent {
    pub at: i64,
    pub actor: Actor,
    pub kind: EventKind,
    pub field: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A system note on a deal's timeline (Won, Lost, Reopened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemNote {
    pub at: i64,
    pub actor: Actor,
    pub body: String,
}

pub(in crate::store) struct Entry<'a> {
    pub kind: EventKind,
    pub field: Option<&'a str>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub(in crate::store) async fn record(
    tx: &mut Transaction<'_, Any>,
    opportunity: OpportunityId,
    actor: Actor,
    at: i64,
    entry: Entry<'_>,
) -> Result<(), StoreError> {
    let (actor_kind, actor_id, actor_step) = actor.columns();
    sqlx::query(
        "INSERT INTO opportunity_events (opportunity_id, at, actor_kind, actor_id, actor_step, kind, field, before_value, after_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(opportunity.0)
    .bind(at)
    .bind(actor_kind)
    .bind(actor_id)
    .bind(actor_step)
    .bind(entry.kind.key())
    .bind(entry.field.map(str::to_string))
    .bind(entry.before.as_ref().map(|v| v.to_string()))
    .bind(entry.after.as_ref().map(|v| v.to_string()))
    .execute(&mut **tx)
    .await?;
    let detail =
        serde_json::json!({ "field": entry.field, "before": entry.before, "after": entry.after });
    let subject = Subject::Opportunity(opportunity.0);
    outbox::enqueue(tx, subject, entry.kind.key(), &detail, actor, at).await
}

/// The timeline text of a milestone: "Won", "Lost: Went with a competitor", "Reopened".
pub fn milestone_note(milestone: Milestone, lost_reason: Option<&str>) -> String {
    match (milestone, lost_reason) {
        (Milestone::Won, _) => "Won".to_string(),
        (Milestone::Lost, Some(reason)) => format!("Lost: {reason}"),
        (Milestone::Lost, None) => "Lost".to_string(),
        (Milestone::Reopened, _) => "Reopened".to_string(),
    }
}

pub(in crate::store) async fn note(
    tx: &mut Transaction<'_, Any>,
    opportunity: OpportunityId,
    actor: Actor,
    at: i64,
    body: &str,
) -> Result<(), StoreError> {
    let (actor_kind, actor_id, actor_step) = actor.columns();
    sqlx::query(
        "INSERT INTO activities (opportunity_id, kind, body, actor_kind, actor_id, actor_step, created_at) \
         VALUES ($1, 'system', $2, $3, $4, $5, $6)",
    )
    .bind(opportunity.0)
    .bind(body)
    .bind(actor_kind)
    .bind(actor_id)
    .bind(actor_step)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct ActorColumns {
    actor_kind: String,
    actor_id: Option<i64>,
    actor_step: Option<i64>,
}

impl ActorColumns {
    fn actor(&self) -> Result<Actor, StoreError> {
        Actor::from_columns(&self.actor_kind, self.actor_id, self.actor_step)
            .ok_or_else(|| StoreError::corrupt("actor"))
    }
}

/// How an actor is named on screen ("Dana Scully", "an import", "workflow “Assign
/// closers”, step “Move to Negotiation”").
pub(in crate::store) async fn actor_name<'e, E>(
    executor: E,
    actor: Actor,
) -> Result<String, StoreError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    Ok(match actor {
        Actor::User(id) => sqlx::query_as::<_, (String,)>("SELECT name FROM users WHERE id = $1")
            .bind(id.0)
            .fetch_optional(executor)
            .await?
            .map_or_else(|| "a former user".to_string(), |(name,)| name),
        Actor::Import { .. } => "an import".to_string(),
        Actor::ApiKey { .. } => "the API".to_string(),
        Actor::Workflow { run, step } => {
            let row: Option<(String, String)> = sqlx::query_as(
                "SELECT w.name, v.definition FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id \
                 JOIN workflow_versions v ON v.id = r.version_id WHERE r.id = $1",
            )
            .bind(run)
            .fetch_optional(executor)
            .await?;
            match row {
                Some((workflow, definition)) => {
                    let step =
                        serde_json::from_str::<crate::domain::workflow::Definition>(&definition)
                            .ok()
                            .and_then(|d| {
                                u32::try_from(step)
                                    .ok()
                                    .and_then(|k| d.step(k).map(|s| s.name.clone()))
                            });
                    match step {
                        Some(step) => format!(
                            "workflow \u{201c}{workflow}\u{201d}, step \u{201c}{step}\u{201d}"
                        ),
                        None => format!("workflow \u{201c}{workflow}\u{201d}"),
                    }
                }
                None => "a workflow".to_string(),
            }
        }
        Actor::System => "Dealflow".to_string(),
    })
}

/// Names of actors, each looked up once per read: a timeline names the same few people
/// many times.
#[derive(Default)]
pub(in crate::store) struct ActorNames(Vec<(Actor, String)>);

impl ActorNames {
    pub(in crate::store) async fn name(
        &mut self,
        pool: &sqlx::AnyPool,
        actor: Actor,
    ) -> Result<String, StoreError> {
        if let Some((_, name)) = self.0.iter().find(|(a, _)| *a == actor) {
            return Ok(name.clone());
        }
        let name = actor_name(pool, actor).await?;
        self.0.push((actor, name.clone()));
        Ok(name)
    }
}

/// Who made the latest change to a deal, and when.
pub(super) async fn last_change(
    tx: &mut Transaction<'_, Any>,
    opportunity: OpportunityId,
) -> Result<Option<(Actor, i64)>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        actor: ActorColumns,
        at: i64,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT actor_kind, actor_id, actor_step, at FROM opportunity_events WHERE opportunity_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(opportunity.0)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| Ok((r.actor.actor()?, r.at))).transpose()
}

impl Store {
    /// A deal's timeline, newest first: change-log events, system notes and activities, each with
    /// the name of who or what made it.
    pub async fn timeline(&self, id: OpportunityId) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut names = ActorNames::default();
        let currency = self
            .workspace()
            .await?
            .map(|w| w.currency)
            .unwrap_or(Currency::DEFAULT);
        let mut entries = Vec::new();
        for event in self.opportunity_events(id).await? {
            entries.push(TimelineEntry {
                at: event.at,
                who: names.name(self.pool(), event.actor).await?,
                what: describe(
                    event.kind,
                    event.field.as_deref(),
                    event.before.as_ref(),
                    event.after.as_ref(),
                    currency,
                ),
                note: false,
                activity: None,
            });
        }
        for note in self.system_notes(id).await? {
            entries.push(TimelineEntry {
                at: note.at,
                who: names.name(self.pool(), note.actor).await?,
                what: note.body,
                note: true,
                activity: None,
            });
        }
        entries.extend(self.deal_activities(id.0, &mut names).await?);
        let entries = newest_first(entries);
        Ok(entries)
    }

    /// A deal's change log, oldest first.
    pub async fn opportunity_events(
        &self,
        id: OpportunityId,
    ) -> Result<Vec<ChangeEvent>, StoreError> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            actor: ActorColumns,
            at: i64,
            kind: String,
            field: Option<String>,
            before_value: Option<String>,
            after_value: Option<String>,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT actor_kind, actor_id, actor_step, at, kind, field, before_value, after_value \
             FROM opportunity_events WHERE opportunity_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        rows.into_iter()
            .map(|r| {
                Ok(ChangeEvent {
                    at: r.at,
                    actor: r.actor.actor()?,
                    kind: EventKind::from_key(&r.kind)
                        .ok_or_else(|| StoreError::corrupt("event kind"))?,
                    field: r.field,
                    before: json(r.before_value),
                    after: json(r.after_value),
                })
            })
            .collect()
    }

    /// A deal's system notes, oldest first.
    pub async fn system_notes(&self, id: OpportunityId) -> Result<Vec<SystemNote>, StoreError> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            actor: ActorColumns,
            created_at: i64,
            body: String,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT actor_kind, actor_id, actor_step, created_at, body FROM activities \
             WHERE opportunity_id = $1 AND kind = 'system' ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(SystemNote {
                    at: r.created_at,
                    actor: r.actor.actor()?,
                    body: r.body,
                })
            })
            .collect()
    }
}
