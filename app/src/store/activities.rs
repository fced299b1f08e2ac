//! Activities logged on a deal, a contact or a company, and the timelines that show them.
//! A contact's or company's timeline also shows the activities of its linked deals, as
//! far as the viewer may see those deals.
use super::meetings::enqueue_meeting;
use super::opportunities::board::Viewer;
use super::opportunities::conditions::{visibility, Bind, Conditions};
use super::opportunities::list::LinkedTo;
use super::opportunities::log::ActorNames;
use super::{Store, StoreError};
use crate::domain::account::UserId;
use crate::domain::activity::{
    ActivityDetails, ActivityEntry, ActivityTarget, CallOutcome, LocalDateTime, MeetingStatus,
};
use crate::domain::board::ContactId;
use crate::domain::change::Actor;
use crate::domain::company::CompanyId;
use crate::domain::date::Date;
use crate::domain::timeline::TimelineEntry;
use sqlx::{Any, FromRow, Transaction};

#[derive(FromRow)]
struct ActivityRow {
    id: i64,
    opportunity_id: Option<i64>,
    deal_name: Option<String>,
    kind: String,
    body: String,
    actor_kind: String,
    actor_id: Option<i64>,
    actor_step: Option<i64>,
    created_at: i64,
    title: Option<String>,
    due_date: Option<String>,
    assignee_id: Option<i64>,
    assignee_name: Option<String>,
    done: i64,
    outcome: Option<String>,
    duration_minutes: Option<i64>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    meeting_status: Option<String>,
}

const ACTIVITY_SELECT: &str = "SELECT a.id, a.opportunity_id, o.name AS deal_name, a.kind, a.body, \
     a.actor_kind, a.actor_id, a.actor_step, a.created_at, a.title, a.due_date, a.assignee_id, \
     u.name AS assignee_name, a.done, a.outcome, a.duration_minutes, a.starts_at, a.ends_at, a.meeting_status \
     FROM activities a LEFT JOIN opportunities o ON o.id = a.opportunity_id LEFT JOIN users u ON u.id = a.assignee_id";

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

impl ActivityRow {
    fn details(&self) -> Result<ActivityDetails, StoreError> {
        let time = |t: &Option<String>| {
            t.as_deref()
                .and_then(LocalDateTime::parse)
                .ok_or_else(|| StoreError::corrupt("meeting time"))
        };
        Ok(match self.kind.as_str() {
            "note" => ActivityDetails::Note {
                body: self.body.clone(),
            },
            "task" => ActivityDetails::Task {
                body: self.body.clone(),
                due: self.due_date.as_deref().and_then(|d| Date::parse(d).ok()),
                assignee: self.assignee_id.map(UserId),
                done: self.done != 0,
            },
            "call" => ActivityDetails::Call {
                outcome: self
                    .outcome
                    .as_deref()
                    .and_then(CallOutcome::from_key)
                    .ok_or_else(|| StoreError::corrupt("call outcome"))?,
                minutes: u32::try_from(self.duration_minutes.unwrap_or(0)).unwrap_or(0),
                notes: optional(&self.body),
            },
            "meeting" => ActivityDetails::Meeting {
                title: self.title.clone().unwrap_or_default(),
                starts: time(&self.starts_at)?,
                ends: time(&self.ends_at)?,
                status: self
                    .meeting_status
                    .as_deref()
                    .and_then(MeetingStatus::from_key)
                    .unwrap_or(MeetingStatus::Scheduled),
                notes: optional(&self.body),
            },
            _ => return Err(StoreError::corrupt("activity kind")),
        })
    }
}

/// The columns of each kind; `body` is the note, the task, or a call's or meeting's notes.
struct Columns {
    body: String,
    title: Option<String>,
    due_date: Option<String>,
    assignee: Option<i64>,
    outcome: Option<&'static str>,
    minutes: Option<i64>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    meeting_status: Option<&'static str>,
}

impl Columns {
    fn of(details: &ActivityDetails) -> Columns {
        let mut columns = Columns {
            body: String::new(),
            title: None,
            due_date: None,
            assignee: None,
            outcome: None,
            minutes: None,
            starts_at: None,
            ends_at: None,
            meeting_status: None,
        };
        match details {
            ActivityDetails::Note { body } => columns.body = body.clone(),
            ActivityDetails::Task {
                body,
                due,
                assignee,
                ..
            } => {
                columns.body = body.clone();
                columns.due_date = due.map(|d| d.to_string());
                columns.assignee = assignee.map(|a| a.0);
            }
            ActivityDetails::Call {
                outcome,
                minutes,
                notes,
            } => {
                columns.body = notes.clone().unwrap_or_default();
                columns.outcome = Some(outcome.key());
                columns.minutes = Some(i64::from(*minutes));
            }
            ActivityDetails::Meeting {
                title,
                starts,
                ends,
                status,
                notes,
            } => {
                columns.body = notes.clone().unwrap_or_default();
                columns.title = Some(title.clone());
                columns.starts_at = Some(starts.input_value());
                columns.ends_at = Some(ends.input_value());
                columns.meeting_status = Some(status.key());
            }
        }
        columns
    }
}

/// Logs an activity inside `tx`; returns its id. A meeting goes into the workflow
/// outbox too (Meeting Created or Modified).
pub(in crate::store) async fn insert_activity(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    target: ActivityTarget,
    details: &ActivityDetails,
    now: i64,
) -> Result<i64, StoreError> {
    let (deal, contact, company) = match target {
        ActivityTarget::Opportunity(id) => (Some(id), None, None),
        ActivityTarget::Contact(id) => (None, Some(id), None),
        ActivityTarget::Company(id) => (None, None, Some(id)),
    };
    let (actor_kind, actor_id, actor_step) = actor.columns();
    let c = Columns::of(details);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO activities (opportunity_id, contact_id, company_id, kind, body, actor_kind, actor_id, actor_step, \
         created_at, title, due_date, assignee_id, outcome, duration_minutes, starts_at, ends_at, meeting_status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(deal)
    .bind(contact)
    .bind(company)
    .bind(details.kind_key())
    .bind(c.body)
    .bind(actor_kind)
    .bind(actor_id)
    .bind(actor_step)
    .bind(now)
    .bind(c.title)
    .bind(c.due_date)
    .bind(c.assignee)
    .bind(c.outcome)
    .bind(c.minutes)
    .bind(c.starts_at)
    .bind(c.ends_at)
    .bind(c.meeting_status)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| {
        super::foreign_key_or(
            e,
            "activity",
            "What this was logged on, or the person assigned, no longer exists. Reload the page.",
        )
    })?;
    if let ActivityDetails::Meeting { status, .. } = details {
        enqueue_meeting(tx, id, "created", None, status.key(), actor, now).await?;
    }
    Ok(id)
}

impl Store {
    /// Logs an activity; returns its id.
    pub async fn add_activity(
        &self,
        actor: Actor,
        target: ActivityTarget,
        details: &ActivityDetails,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_transaction().await?;
        let id = insert_activity(&mut tx, actor, target, details, self.now()).await?;
        tx.commit().await?;
        self.wake_workflows();
        Ok(id)
    }

    /// Where an activity was logged (to check the person may see it before changing it).
    pub async fn activity_target(&self, id: i64) -> Result<ActivityTarget, StoreError> {
        let row: Option<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT opportunity_id, contact_id, company_id FROM activities WHERE id = $1 AND kind <> 'system'",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some((Some(deal), _, _)) => Ok(ActivityTarget::Opportunity(deal)),
            Some((None, Some(contact), _)) => Ok(ActivityTarget::Contact(contact)),
            Some((None, None, Some(company))) => Ok(ActivityTarget::Company(company)),
            _ => Err(StoreError::NotFound("activity")),
        }
    }

    /// Ticks a task done, or open again.
    pub async fn set_task_done(&self, id: i64, done: bool) -> Result<(), StoreError> {
        let updated =
            sqlx::query("UPDATE activities SET done = $1 WHERE id = $2 AND kind = 'task'")
                .bind(i64::from(done))
                .bind(id)
                .execute(self.pool())
                .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound("task"));
        }
        Ok(())
    }

    pub async fn delete_activity(&self, id: i64) -> Result<(), StoreError> {
        let deleted = sqlx::query("DELETE FROM activities WHERE id = $1 AND kind <> 'system'")
            .bind(id)
            .execute(self.pool())
            .await?;
        if deleted.rows_affected() == 0 {
            return Err(StoreError::NotFound("activity"));
        }
        Ok(())
    }

    /// A deal's activities, oldest first (whoever may see the deal sees them all).
    pub(super) async fn deal_activities(
        &self,
        id: i64,
        names: &mut ActorNames,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        let mut conditions = Conditions::new(Vec::new());
        conditions.push(
            "a.opportunity_id = ? AND a.kind <> 'system'",
            vec![Bind::Int(id)],
        );
        self.activities_where(conditions, false, names).await
    }

    /// The activities on a contact's or company's timeline, oldest first: its own, and
    /// those of the deals linked to it that `viewer` may see (not the deals' system notes,
    /// such as "Won", which belong to the deal's own log).
    pub async fn record_activities(
        &self,
        target: ActivityTarget,
        viewer: Viewer,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        let (own, link) = match target {
            ActivityTarget::Contact(id) => ("a.contact_id = ?", LinkedTo::Contact(ContactId(id))),
            ActivityTarget::Company(id) => ("a.company_id = ?", LinkedTo::Company(CompanyId(id))),
            ActivityTarget::Opportunity(id) => {
                return self.deal_activities(id, &mut ActorNames::default()).await
            }
        };
        let (links, id) = (link.deal_ids_sql(), link.id());
        let mut binds = vec![Bind::Int(id), Bind::Int(id)];
        let visible_sql = match visibility(viewer) {
            Some((sql, more)) => {
                binds.extend(more);
                format!(" AND {sql}")
            }
            None => String::new(),
        };
        let mut conditions = Conditions::new(Vec::new());
        conditions.push(
            &format!(
                "a.kind <> 'system' AND ({own} OR a.opportunity_id IN (SELECT o.id FROM opportunities o WHERE o.id IN ({links}){visible_sql}))"
            ),
            binds,
        );
        self.activities_where(conditions, true, &mut ActorNames::default())
            .await
    }

    async fn activities_where(
        &self,
        conditions: Conditions,
        on_deal: bool,
        names: &mut ActorNames,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        let sql = format!(
            "{ACTIVITY_SELECT} WHERE {} ORDER BY a.id",
            conditions.clause()
        );
        let rows: Vec<ActivityRow> = conditions
            .bind(sqlx::query_as(&sql))
            .fetch_all(self.pool())
            .await?;
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let actor = Actor::from_columns(&row.actor_kind, row.actor_id, row.actor_step)
                .ok_or_else(|| StoreError::corrupt("actor"))?;
            let who = names.name(self.pool(), actor).await?;
            let activity = ActivityEntry {
                id: row.id,
                details: row.details()?,
                assignee_name: row.assignee_name.clone(),
                deal: if on_deal {
                    row.opportunity_id.zip(row.deal_name.clone())
                } else {
                    None
                },
            };
            entries.push(TimelineEntry {
                at: row.created_at,
                who,
                what: activity.headline(),
                note: true,
                activity: Some(activity),
            });
        }
        Ok(entries)
    }
}
