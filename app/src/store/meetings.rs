//! Meetings changed after they were logged (title, times, status, notes), and the workflow
//! outbox row that both a booked and a changed meeting write (Meeting Created or Modified).
//! Activities carry no version number, so the last save of a meeting wins.
use super::workflows::outbox::{self, Subject};
use super::{Engine, Store, StoreError};
use crate::domain::activity::ActivityDetails;
use crate::domain::change::Actor;
use sqlx::{Any, Transaction};

/// Puts a meeting's change into the workflow outbox inside `tx`: `kind` is `created` or
/// `modified`, and the detail carries its status before (none when booked) and after.
pub(in crate::store) async fn enqueue_meeting(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    kind: &str,
    before: Option<&str>,
    after: &str,
    actor: Actor,
    now: i64,
) -> Result<(), StoreError> {
    let detail = serde_json::json!({ "field": "meeting_status", "before": before, "after": after });
    outbox::enqueue(tx, Subject::Meeting(id), kind, &detail, actor, now).await
}

/// A meeting's stored columns: title, starts, ends, status, notes.
type MeetingColumns = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

impl Store {
    /// Changes a logged meeting to `details` (a meeting's). Saving it unchanged changes
    /// nothing and starts no workflow.
    pub async fn update_meeting(
        &self,
        actor: Actor,
        id: i64,
        details: &ActivityDetails,
    ) -> Result<(), StoreError> {
        let ActivityDetails::Meeting {
            title,
            starts,
            ends,
            status,
            notes,
        } = details
        else {
            return Err(StoreError::invalid(
                "kind",
                "Only a meeting's title, times, status and notes can be changed here.",
            ));
        };
        let after: MeetingColumns = (
            Some(title.clone()),
            Some(starts.input_value()),
            Some(ends.input_value()),
            Some(status.key().to_string()),
            notes.clone().unwrap_or_default(),
        );
        let mut tx = self.write_transaction().await?;
        // Two saves at once: the second reads the first's status as its "before".
        let lock = match self.engine() {
            Engine::Postgres => " FOR UPDATE",
            Engine::Sqlite => "",
        };
        let before: Option<MeetingColumns> = sqlx::query_as(&format!(
            "SELECT title, starts_at, ends_at, meeting_status, body FROM activities \
             WHERE id = $1 AND kind = 'meeting'{lock}"
        ))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let before = before.ok_or(StoreError::NotFound("meeting"))?;
        if before == after {
            tx.commit().await?;
            return Ok(());
        }
        sqlx::query(
            "UPDATE activities SET title = $1, starts_at = $2, ends_at = $3, meeting_status = $4, body = $5 \
             WHERE id = $6",
        )
        .bind(&after.0)
        .bind(&after.1)
        .bind(&after.2)
        .bind(&after.3)
        .bind(&after.4)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let now = self.now();
        enqueue_meeting(
            &mut tx,
            id,
            "modified",
            before.3.as_deref(),
            status.key(),
            actor,
            now,
        )
        .await?;
        tx.commit().await?;
        self.wake_workflows();
        Ok(())
    }
}
