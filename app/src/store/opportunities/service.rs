//! The opportunity service: the only code that changes a deal (`create` makes new ones). The board, and
//! later the list, import, API and workflows, all come here. Every change checks the
//! version it was based on, applies the status/stage rules, writes its change-log events
//! and system notes in the same transaction, and is announced to open boards after commit.
use super::super::pipelines::{load_pipeline, stage_pipeline};
use super::super::{Store, StoreError};
use super::log::{self, actor_name, milestone_note, Entry};
use super::{load_deal, Deal};
use crate::domain::account::UserId;
use crate::domain::board::{Card, OpportunityId, Pipeline};
use crate::domain::change::{time_ago, Actor, EventKind};
use crate::domain::opportunity::{
    transition, PipelineStages, Requested, StageRef, Status, Transition,
};
use crate::domain::pipeline::{StageId, StageKind};
use serde_json::{json, Value};
use sqlx::{Any, Transaction};

/// A change to where a deal stands. `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub struct StandingChange {
    pub stage: Option<StageId>,
    pub status: Option<Status>,
    /// Recorded when the deal ends up Lost.
    pub lost_reason: Option<String>,
}

pub(in crate::store) fn stages_of(pipeline: &Pipeline) -> Option<PipelineStages> {
    let find = |kind: StageKind| {
        pipeline
            .stages
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.id)
    };
    Some(PipelineStages {
        won: find(StageKind::Won)?,
        lost: find(StageKind::Lost)?,
        first_open: find(StageKind::Open),
    })
}

pub(super) fn stage_ref(pipeline: &Pipeline, id: StageId) -> Result<StageRef, StoreError> {
    let stage = pipeline.stage(id).ok_or(StoreError::NotFound("stage"))?;
    Ok(StageRef {
        id,
        kind: stage.kind,
    })
}

pub(in crate::store) fn stage_value(pipeline: Option<&Pipeline>, stage: Option<StageId>) -> Value {
    match (pipeline, stage) {
        (Some(p), Some(id)) => json!({
            "pipeline_id": p.id.0,
            "pipeline": p.name,
            "stage_id": id.0,
            "stage": p.stage(id).map(|s| s.name.as_str()),
        }),
        _ => Value::Null,
    }
}

/// Takes the write lock on a deal's row first, so the read that follows is the state
/// the write replaces (PostgreSQL: a row lock; SQLite's writer holds the database).
/// `None` when the deal is gone.
pub(in crate::store) async fn lock(
    tx: &mut Transaction<'_, Any>,
    id: OpportunityId,
) -> Result<Option<Deal>, StoreError> {
    // On SQLite every writing transaction holds the database from its `BEGIN IMMEDIATE`
    // (see `writing`), so the deal is as good as locked already; PostgreSQL locks the
    // deal's row as it reads it.
    let lock = match tx.backend_name() {
        "SQLite" => "",
        _ => " FOR UPDATE OF o",
    };
    let sql = format!("{} WHERE o.id = $1{lock}", super::DEAL_SELECT);
    let row: Option<super::DealRow> = sqlx::query_as(&sql)
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(super::DealRow::into_deal).transpose()
}

/// Locks a deal, then refuses the change if it moved on from `base_version`, naming who
/// moved it.
pub(in crate::store) async fn lock_at_version(
    tx: &mut Transaction<'_, Any>,
    id: OpportunityId,
    base_version: i64,
    now: i64,
) -> Result<Deal, StoreError> {
    let deal = lock(tx, id)
        .await?
        .ok_or(StoreError::NotFound("opportunity"))?;
    if deal.card.version == base_version {
        return Ok(deal);
    }
    let message = match log::last_change(tx, id).await? {
        Some((by, at)) => format!(
            "This deal was changed by {} {}. It now shows its current state; make your change again if you still want it.",
            actor_name(&mut **tx, by).await?,
            time_ago(at, now)
        ),
        None => "This deal was changed by someone else. It now shows its current state.".to_string(),
    };
    Err(StoreError::Conflict(message))
}

/// Applies the status/stage rules to `deal` and writes the result with its events.
/// `from` and `to` are the pipelines the deal is in and goes to. Returns `false` when
/// nothing changes.
pub(super) async fn apply(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    deal: &Deal,
    outcome: Transition,
    lost_reason: Option<String>,
    (from, to): (Option<&Pipeline>, Option<&Pipeline>),
    now: i64,
) -> Result<bool, StoreError> {
    let (to_standing, milestone) = (outcome.standing, outcome.milestone);
    let before = deal.standing;
    let lost_reason = match to_standing.status {
        Status::Lost => lost_reason.or_else(|| deal.lost_reason.clone()),
        _ => None,
    };
    let stage_changed = before.stage.map(|s| s.id) != to_standing.stage.map(|s| s.id);
    let status_changed = before.status != to_standing.status;
    let reason_changed = lost_reason != deal.lost_reason;
    if !stage_changed
        && !status_changed
        && !reason_changed
        && before.stage_before_close == to_standing.stage_before_close
    {
        return Ok(false);
    }
    let id = deal.card.id;
    let to_pipeline = to_standing.stage.and(to.map(|p| p.id));
    sqlx::query(
        "UPDATE opportunities SET pipeline_id = $1, stage_id = $2, status = $3, stage_before_close = $4, lost_reason = $5, \
         stage_entered_at = CASE WHEN $6 = 1 THEN $7 ELSE stage_entered_at END, version = version + 1, updated_at = $7 \
         WHERE id = $8",
    )
    .bind(to_pipeline.map(|p| p.0))
    .bind(to_standing.stage.map(|s| s.id.0))
    .bind(to_standing.status.key())
    .bind(to_standing.stage_before_close.map(|s| s.0))
    .bind(lost_reason.clone())
    .bind(i64::from(stage_changed))
    .bind(now)
    .bind(id.0)
    .execute(&mut **tx)
    .await?;
    if stage_changed {
        let entry = Entry {
            kind: EventKind::StageChanged,
            field: Some("stage"),
            before: Some(stage_value(from, before.stage.map(|s| s.id))),
            after: Some(stage_value(to, to_standing.stage.map(|s| s.id))),
        };
        log::record(tx, id, actor, now, entry).await?;
    }
    if status_changed {
        let entry = Entry {
            kind: EventKind::StatusChanged,
            field: Some("status"),
            before: Some(json!(before.status.key())),
            after: Some(json!(to_standing.status.key())),
        };
        log::record(tx, id, actor, now, entry).await?;
    }
    if reason_changed {
        let entry = Entry {
            kind: EventKind::FieldChanged,
            field: Some("lost_reason"),
            before: Some(json!(deal.lost_reason)),
            after: Some(json!(lost_reason)),
        };
        log::record(tx, id, actor, now, entry).await?;
    }
    if let Some(milestone) = milestone {
        log::note(
            tx,
            id,
            actor,
            now,
            &milestone_note(milestone, lost_reason.as_deref()),
        )
        .await?;
    }
    Ok(true)
}

pub(super) async fn followers(
    tx: &mut Transaction<'_, Any>,
    id: OpportunityId,
) -> Result<Vec<UserId>, StoreError> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM opportunity_followers WHERE opportunity_id = $1")
            .bind(id.0)
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows.into_iter().map(|(id,)| UserId(id)).collect())
}

/// Moves a locked deal to a stage and/or sets its status, inside `tx`. Returns `false`
/// when nothing changes.
pub(in crate::store) async fn change_standing_in(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    deal: &Deal,
    change: StandingChange,
    now: i64,
) -> Result<bool, StoreError> {
    let from = match deal.card.pipeline_id {
        Some(p) => Some(load_pipeline(tx, p).await?),
        None => None,
    };
    let to = match change.stage {
        Some(stage) => match stage_pipeline(tx, stage).await? {
            same if Some(same) == deal.card.pipeline_id => from.clone(),
            other => Some(load_pipeline(tx, other).await?),
        },
        None => from.clone(),
    };
    let requested = Requested {
        stage: match (&to, change.stage) {
            (Some(p), Some(stage)) => Some(stage_ref(p, stage)?),
            _ => None,
        },
        status: change.status,
    };
    let outcome = transition(deal.standing, requested, to.as_ref().and_then(stages_of));
    apply(
        tx,
        actor,
        deal,
        outcome,
        change.lost_reason,
        (from.as_ref(), to.as_ref()),
        now,
    )
    .await
}

/// What open boards must hear once a transaction commits: a deal's card before and after
/// (`None` after: deleted), and its followers.
pub(in crate::store) struct Announcement {
    pub before: Option<Card>,
    pub after: Option<Card>,
    pub followers: Vec<UserId>,
}

impl Announcement {
    /// A deal a workflow step created: boards hear of it as new.
    pub(in crate::store) fn created(card: Card) -> Announcement {
        Announcement {
            before: None,
            after: Some(card),
            followers: Vec::new(),
        }
    }

    /// A deal that was deleted.
    pub(in crate::store) fn deleted(card: Card) -> Announcement {
        Announcement {
            before: Some(card),
            after: None,
            followers: Vec::new(),
        }
    }

    /// Reads the changed deal back inside `tx`.
    pub(in crate::store) async fn changed(
        tx: &mut Transaction<'_, Any>,
        before: Card,
    ) -> Result<Announcement, StoreError> {
        let id = before.id;
        Ok(Announcement {
            before: Some(before),
            after: Some(load_deal(&mut **tx, id).await?.card),
            followers: followers(tx, id).await?,
        })
    }

    /// Reads many changed deals back inside `tx` in two statements, whatever their
    /// number (a batch of workflow steps). A deal deleted since is left out: its removal
    /// is announced on its own.
    pub(in crate::store) async fn changed_all(
        tx: &mut Transaction<'_, Any>,
        befores: Vec<Card>,
    ) -> Result<Vec<Announcement>, StoreError> {
        if befores.is_empty() {
            return Ok(Vec::new());
        }
        let mut ids: Vec<i64> = befores.iter().map(|c| c.id.0).collect();
        ids.sort_unstable();
        ids.dedup();
        let list = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<super::DealRow> =
            sqlx::query_as(&format!("{} WHERE o.id IN ({list})", super::DEAL_SELECT))
                .fetch_all(&mut **tx)
                .await?;
        let mut after = std::collections::HashMap::new();
        for row in rows {
            let card = row.into_deal()?.card;
            after.insert(card.id, card);
        }
        let pairs: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT opportunity_id, user_id FROM opportunity_followers WHERE opportunity_id IN ({list})"
        ))
        .fetch_all(&mut **tx)
        .await?;
        let mut followers: std::collections::HashMap<i64, Vec<UserId>> = Default::default();
        for (deal, user) in pairs {
            followers.entry(deal).or_default().push(UserId(user));
        }
        Ok(befores
            .into_iter()
            .filter_map(|before| {
                let card = after.get(&before.id)?.clone();
                Some(Announcement {
                    followers: followers.get(&before.id.0).cloned().unwrap_or_default(),
                    before: Some(before),
                    after: Some(card),
                })
            })
            .collect())
    }
}

impl Store {
    /// Commits `tx`, then tells open boards about each change, as made by `actor`.
    pub(in crate::store) async fn commit_and_announce(
        &self,
        mut tx: Transaction<'_, Any>,
        actor: Actor,
        changes: Vec<Announcement>,
    ) -> Result<(), StoreError> {
        let by = actor_name(&mut *tx, actor).await?;
        tx.commit().await?;
        self.wake_workflows();
        for change in changes {
            self.feed()
                .deal_changed(change.before, change.after, change.followers, by.clone());
        }
        Ok(())
    }

    /// Commits one changed deal (`before` is its card as it was) and returns its card now.
    pub(super) async fn commit_one(
        &self,
        mut tx: Transaction<'_, Any>,
        actor: Actor,
        before: Card,
    ) -> Result<Card, StoreError> {
        let change = Announcement::changed(&mut tx, before).await?;
        let card = change
            .after
            .clone()
            .ok_or(StoreError::NotFound("opportunity"))?;
        self.commit_and_announce(tx, actor, vec![change]).await?;
        Ok(card)
    }

    /// Moves a deal to a stage and/or sets its status, if it is still at `base_version`.
    pub async fn change_standing(
        &self,
        actor: Actor,
        id: OpportunityId,
        base_version: i64,
        change: StandingChange,
    ) -> Result<Card, StoreError> {
        let mut tx = self.write_transaction().await?;
        let deal = lock_at_version(&mut tx, id, base_version, self.now()).await?;
        if !change_standing_in(&mut tx, actor, &deal, change, self.now()).await? {
            return Ok(deal.card);
        }
        self.commit_one(tx, actor, deal.card).await
    }
}
