//! Bulk actions from the list: one action over many deals, each deal changed through the
//! same rules and change log as a single change, in one transaction (a page of deals at
//! most; more run as a job, see `bulk_jobs`). Deals the person may not see are never
//! touched.
use super::super::{Store, StoreError};
use super::board::Viewer;
use super::edit::{person, write_field, FieldEdit};
use super::log::{self, Entry};
use super::service::{change_standing_in, followers, lock, Announcement, StandingChange};
use crate::domain::account::{User, UserId};
use crate::domain::board::OpportunityId;
use crate::domain::bulk::may_delete_any_deal;
use crate::domain::change::{Actor, EventKind};
use crate::domain::list::ListQuery;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::StageId;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::{Any, Transaction};
use std::collections::HashSet;

/// The most deals one request may name by id; "all matching" has no limit.
pub const MAX_SELECTED: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkAction {
    MoveToStage(StageId),
    SetStatus {
        status: Status,
        lost_reason: Option<String>,
    },
    AssignOwner(Option<UserId>),
    AddFollower(UserId),
    RemoveFollower(UserId),
    Delete,
}

/// Which deals: those ticked, or every deal matching the list's filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    Ids(Vec<OpportunityId>),
    Matching(Box<ListQuery>),
}

impl Store {
    /// Applies `action` to every selected deal `viewer` may see, in one transaction.
    /// Returns how many deals changed (a deal already in that state does not count).
    pub async fn bulk_change(
        &self,
        actor: Actor,
        viewer: Viewer,
        selection: &Selection,
        action: &BulkAction,
    ) -> Result<usize, StoreError> {
        let ids = self.selected_deals(viewer, selection).await?;
        self.change_deals(actor, &ids, action).await
    }

    /// The deals of `selection` that `viewer` may see.
    pub async fn selected_deals(
        &self,
        viewer: Viewer,
        selection: &Selection,
    ) -> Result<Vec<OpportunityId>, StoreError> {
        match selection {
            Selection::Ids(ids) if ids.len() > MAX_SELECTED => Err(StoreError::Invalid {
                field: "selection",
                message: format!(
                    "Select at most {MAX_SELECTED} deals by hand, or choose all matching deals."
                ),
            }),
            Selection::Ids(ids) => self.visible_ids(ids, viewer).await,
            Selection::Matching(query) => self.list_ids(query, viewer).await,
        }
    }

    /// Applies `action` to `deals` in one transaction; returns how many changed.
    pub async fn change_deals(
        &self,
        actor: Actor,
        deals: &[OpportunityId],
        action: &BulkAction,
    ) -> Result<usize, StoreError> {
        let now = self.now();
        let mut tx = self.write_transaction().await?;
        let mut changes = Vec::new();
        for id in deals {
            if let Some(change) = apply_to(&mut tx, actor, *id, action, now).await? {
                changes.push(change);
            }
        }
        let changed = changes.len();
        self.commit_and_announce(tx, actor, changes).await?;
        Ok(changed)
    }

    /// Refuses deleting `deals` for `user` when some of them are not theirs and their
    /// role may delete only their own (see `may_delete_any_deal`).
    pub async fn refuse_deleting_others(
        &self,
        deals: &[OpportunityId],
        user: &User,
    ) -> Result<(), StoreError> {
        if may_delete_any_deal(user.role) {
            return Ok(());
        }
        let owned: Vec<(i64,)> = sqlx::query_as("SELECT id FROM opportunities WHERE owner_id = $1")
            .bind(user.id.0)
            .fetch_all(self.pool())
            .await?;
        let owned: HashSet<i64> = owned.into_iter().map(|(id,)| id).collect();
        let others = deals.iter().filter(|d| !owned.contains(&d.0)).count();
        if others == 0 {
            return Ok(());
        }
        Err(StoreError::Refused(format!(
            "You can delete only deals you own, and {others} of these belong to someone else. \
             Narrow the selection to your own deals, or ask a manager to delete them."
        )))
    }
}

/// One deal's part of a bulk action; `None` when it was already that way (or is gone).
pub(super) async fn apply_to(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    id: OpportunityId,
    action: &BulkAction,
    now: i64,
) -> Result<Option<Announcement>, StoreError> {
    let Some(deal) = lock(tx, id).await? else {
        return Ok(None);
    };
    let changed = match action {
        BulkAction::MoveToStage(stage) => {
            let change = StandingChange {
                stage: Some(*stage),
                ..StandingChange::default()
            };
            change_standing_in(tx, actor, &deal, change, now).await?
        }
        BulkAction::SetStatus {
            status,
            lost_reason,
        } => {
            let change = StandingChange {
                status: Some(*status),
                lost_reason: lost_reason.clone(),
                ..StandingChange::default()
            };
            change_standing_in(tx, actor, &deal, change, now).await?
        }
        BulkAction::AssignOwner(owner) => {
            write_field(tx, actor, id, &FieldEdit::Owner(*owner), now).await?
        }
        BulkAction::AddFollower(user) => set_follower(tx, actor, id, *user, true, now).await?,
        BulkAction::RemoveFollower(user) => set_follower(tx, actor, id, *user, false, now).await?,
        BulkAction::Delete => {
            let followers = followers(tx, id).await?;
            delete_deal(tx, actor, id, &deal.card.name, now).await?;
            free_unused_files(&mut **tx).await?;
            return Ok(Some(Announcement {
                before: Some(deal.card),
                after: None,
                followers,
            }));
        }
    };
    if !changed {
        return Ok(None);
    }
    Ok(Some(Announcement::changed(tx, deal.card).await?))
}

/// Deletes a deal, recording it in the change log (which outlives the deal).
pub(in crate::store) async fn delete_deal(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    id: OpportunityId,
    name: &str,
    now: i64,
) -> Result<(), StoreError> {
    let entry = Entry {
        kind: EventKind::Deleted,
        field: None,
        before: Some(json!({ "name": name })),
        after: None,
    };
    log::record(tx, id, actor, now, entry).await?;
    sqlx::query("DELETE FROM opportunities WHERE id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deleted deals' attachments went with them: frees the contents no deal uses any more.
pub(in crate::store) async fn free_unused_files<'e, E>(executor: E) -> Result<(), StoreError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query(
        "DELETE FROM file_contents WHERE NOT EXISTS \
         (SELECT 1 FROM opportunity_files f WHERE f.sha256 = file_contents.sha256)",
    )
    .execute(executor)
    .await?;
    Ok(())
}

/// Adds or removes one follower, recording the change as `followers_changed`.
pub(in crate::store) async fn set_follower(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    id: OpportunityId,
    user: UserId,
    follow: bool,
    now: i64,
) -> Result<bool, StoreError> {
    let done = if follow {
        sqlx::query(
            "INSERT INTO opportunity_followers (opportunity_id, user_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
    } else {
        sqlx::query("DELETE FROM opportunity_followers WHERE opportunity_id = $1 AND user_id = $2")
    }
    .bind(id.0)
    .bind(user.0)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE opportunities SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    let who = person(tx, Some(user)).await?;
    let (before, after) = if follow {
        (Value::Null, who)
    } else {
        (who, Value::Null)
    };
    let entry = Entry {
        kind: EventKind::FollowersChanged,
        field: Some("followers"),
        before: Some(before),
        after: Some(after),
    };
    log::record(tx, id, actor, now, entry).await?;
    Ok(true)
}
