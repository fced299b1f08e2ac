//! Undoing an import: deals it created are removed, deals it updated get back the values
//! its change-log entries replaced. A deal someone (or something) else changed after the
//! import is left as it is, and the report says who changed it; a later import that was
//! undone already, and its undo, do not count. The undo's own changes are in the change
//! log, made by the person who undid the import and marked with the import undone.
use super::super::opportunities::bulk::{delete_deal, free_unused_files};
use super::super::opportunities::edit::{write_field, FieldEdit};
use super::super::opportunities::links::{link_company, link_contact, make_primary, record_link};
use super::super::opportunities::load_deal;
use super::super::opportunities::log::actor_name;
use super::super::opportunities::service::{change_standing_in, lock, StandingChange};
use super::super::{Store, StoreError};
use super::created::remove_created_records;
use crate::domain::account::UserId;
use crate::domain::board::{ContactId, OpportunityId};
use crate::domain::change::{Actor, EventKind};
use crate::domain::company::CompanyId;
use crate::domain::date::Date;
use crate::domain::import::report::{RowSample, UndoReport, SAMPLES_PER_OUTCOME};
use crate::domain::import::ImportState;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::StageId;
use serde_json::Value;
use sqlx::{Any, Transaction};
use std::collections::HashSet;

/// Deals undone per transaction.
const DEALS_PER_TRANSACTION: i64 = 200;

/// Who changed a deal after the import first changed it, if anyone: not this import,
/// nor an import undone since, nor the undo of one (whose events are marked with it).
async fn changed_since(
    tx: &mut Transaction<'_, Any>,
    deal: i64,
    batch: i64,
) -> Result<Option<Actor>, StoreError> {
    let row: Option<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT actor_kind, actor_id, actor_step FROM opportunity_events WHERE opportunity_id = $1 \
         AND id > (SELECT MIN(id) FROM opportunity_events WHERE opportunity_id = $1 AND actor_kind = 'import' AND actor_id = $2) \
         AND NOT (actor_kind = 'import' AND actor_id = $2) \
         AND NOT (actor_kind = 'import' AND actor_id IN (SELECT id FROM imports WHERE state = 'undone')) \
         AND undoes_import IS NULL ORDER BY id LIMIT 1",
    )
    .bind(deal)
    .bind(batch)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.and_then(|(kind, id, step)| Actor::from_columns(&kind, id, step)))
}

fn id_in(value: &Value) -> Option<i64> {
    value.get("id").and_then(Value::as_i64)
}

/// Puts back what the import's events on one deal replaced, newest change first.
async fn restore(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    deal: OpportunityId,
    batch: i64,
    now: i64,
) -> Result<(), StoreError> {
    let events: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT kind, field, before_value FROM opportunity_events WHERE opportunity_id = $1 \
         AND actor_kind = 'import' AND actor_id = $2 ORDER BY id DESC",
    )
    .bind(deal.0)
    .bind(batch)
    .fetch_all(&mut **tx)
    .await?;
    let mut standing = StandingChange::default();
    let mut moved = false;
    for (kind, field, before) in events {
        let before: Value = before
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        let text = before.as_str().map(str::to_string);
        let edit = match (EventKind::from_key(&kind), field.as_deref()) {
            (Some(EventKind::StageChanged), _) => {
                standing.stage = before.get("stage_id").and_then(Value::as_i64).map(StageId);
                moved = true;
                None
            }
            (Some(EventKind::StatusChanged), _) => {
                standing.status = text.as_deref().and_then(Status::from_key);
                moved = true;
                None
            }
            (Some(EventKind::FieldChanged), Some("lost_reason")) => {
                standing.lost_reason = text;
                moved = true;
                None
            }
            (Some(EventKind::OwnerChanged), _) => {
                Some(FieldEdit::Owner(id_in(&before).map(UserId)))
            }
            (Some(EventKind::FieldChanged), Some("name")) => text.map(FieldEdit::Name),
            (Some(EventKind::FieldChanged), Some("value")) => {
                Some(FieldEdit::Value(before.as_i64().unwrap_or(0)))
            }
            (Some(EventKind::FieldChanged), Some("source")) => Some(FieldEdit::Source(text)),
            (Some(EventKind::FieldChanged), Some("external_id")) => {
                Some(FieldEdit::ExternalId(text))
            }
            (Some(EventKind::FieldChanged), Some("expected_close")) => Some(
                FieldEdit::ExpectedClose(text.as_deref().and_then(|t| Date::parse(t).ok())),
            ),
            (Some(EventKind::FieldChanged), Some("contacts")) => {
                if before.is_null() {
                    undo_link(tx, actor, deal, batch, "contacts", now).await?;
                }
                None
            }
            (Some(EventKind::FieldChanged), Some("companies")) => {
                if before.is_null() {
                    undo_link(tx, actor, deal, batch, "companies", now).await?;
                }
                None
            }
            (Some(EventKind::FieldChanged), Some("primary_contact")) => {
                if let Some(id) = id_in(&before) {
                    if let Some(entry) = make_primary(tx, deal, ContactId(id)).await? {
                        record_link(tx, actor, deal, entry, now).await?;
                    }
                }
                None
            }
            (Some(EventKind::FieldChanged), Some(custom)) if custom.starts_with("custom:") => {
                Some(FieldEdit::Custom {
                    key: custom["custom:".len()..].to_string(),
                    label: before
                        .get("label")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    value: before.get("value").cloned().filter(|v| !v.is_null()),
                    text: None,
                })
            }
            _ => None,
        };
        if let Some(edit) = edit {
            write_field(tx, actor, deal, &edit, now).await?;
        }
    }
    if moved {
        let current = load_deal(&mut **tx, deal).await?;
        change_standing_in(tx, actor, &current, standing, now).await?;
    }
    Ok(())
}

/// Unlinks the contacts or companies the import linked to a deal.
async fn undo_link(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    deal: OpportunityId,
    batch: i64,
    field: &str,
    now: i64,
) -> Result<(), StoreError> {
    let linked: Vec<(Option<String>,)> = sqlx::query_as(
        "SELECT after_value FROM opportunity_events WHERE opportunity_id = $1 AND actor_kind = 'import' \
         AND actor_id = $2 AND field = $3",
    )
    .bind(deal.0)
    .bind(batch)
    .bind(field)
    .fetch_all(&mut **tx)
    .await?;
    for (after,) in linked {
        let Some(id) = after
            .as_deref()
            .and_then(|a| serde_json::from_str::<Value>(a).ok())
            .and_then(|v| id_in(&v))
        else {
            continue;
        };
        let entry = match field {
            "contacts" => link_contact(tx, deal, ContactId(id), false).await?,
            _ => link_company(tx, deal, CompanyId(id), false).await?,
        };
        if let Some(entry) = entry {
            record_link(tx, actor, deal, entry, now).await?;
        }
    }
    Ok(())
}

impl Store {
    /// Undoes import `id` as `user`. Refused while it runs or once undone.
    pub async fn undo_import(&self, id: i64, user: UserId) -> Result<UndoReport, StoreError> {
        let state = self.import_state(id).await?;
        if !state.has_written() {
            return Err(StoreError::Refused(match state {
                ImportState::Undone => "This import was already undone.".into(),
                s if s.is_active() => {
                    "This import is still running. Cancel it first, then undo it.".into()
                }
                _ => "This import has not written anything yet; there is nothing to undo.".into(),
            }));
        }
        let actor = Actor::User(user);
        let mut report = UndoReport::default();
        // A deal several rows touched (created then updated, or updated twice) is undone
        // once, as a whole.
        let mut handled: HashSet<i64> = HashSet::new();
        loop {
            let now = self.now();
            let mut tx = self.write_transaction().await?;
            let rows: Vec<(i64, i64, String)> = sqlx::query_as(
                "SELECT row_number, opportunity_id, action FROM import_rows WHERE import_id = $1 \
                 ORDER BY row_number DESC LIMIT $2",
            )
            .bind(id)
            .bind(DEALS_PER_TRANSACTION)
            .fetch_all(&mut *tx)
            .await?;
            if rows.is_empty() {
                break;
            }
            for (row, deal, _) in rows {
                sqlx::query("DELETE FROM import_rows WHERE import_id = $1 AND row_number = $2")
                    .bind(id)
                    .bind(row)
                    .execute(&mut *tx)
                    .await?;
                if !handled.insert(deal) {
                    continue;
                }
                let (created,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM opportunity_events WHERE opportunity_id = $1 AND kind = 'created' \
                     AND actor_kind = 'import' AND actor_id = $2",
                )
                .bind(deal)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                let deal = OpportunityId(deal);
                let Some(current) = lock(&mut tx, deal).await? else {
                    keep(
                        &mut report,
                        row,
                        format!("ID {}", deal.0),
                        "was deleted after the import".into(),
                    );
                    continue;
                };
                if let Some(other) = changed_since(&mut tx, deal.0, id).await? {
                    let who = actor_name(&mut *tx, other).await?;
                    keep(
                        &mut report,
                        row,
                        current.card.name.clone(),
                        format!("was changed by {who} after the import"),
                    );
                    continue;
                }
                if created > 0 {
                    delete_deal(&mut tx, actor, deal, &current.card.name, now).await?;
                    report.removed += 1;
                } else {
                    let (before,): (i64,) = sqlx::query_as(
                        "SELECT COALESCE(MAX(id), 0) FROM opportunity_events WHERE opportunity_id = $1",
                    )
                    .bind(deal.0)
                    .fetch_one(&mut *tx)
                    .await?;
                    restore(&mut tx, actor, deal, id, now).await?;
                    sqlx::query(
                        "UPDATE opportunity_events SET undoes_import = $1 WHERE opportunity_id = $2 AND id > $3",
                    )
                    .bind(id)
                    .bind(deal.0)
                    .bind(before)
                    .execute(&mut *tx)
                    .await?;
                    report.restored += 1;
                }
            }
            tx.commit().await?;
        }
        // The contacts and companies it created go once no deal of it holds them.
        let (finished,): (Option<i64>,) =
            sqlx::query_as("SELECT finished_at FROM imports WHERE id = $1")
                .bind(id)
                .fetch_one(self.pool())
                .await?;
        let mut tx = self.write_transaction().await?;
        let until = finished.unwrap_or_else(|| self.now());
        let (contacts, companies, kept) = remove_created_records(&mut tx, id, until).await?;
        tx.commit().await?;
        report.contacts_removed = contacts;
        report.companies_removed = companies;
        report.records_kept = kept;
        free_unused_files(self.pool()).await?;
        sqlx::query("UPDATE imports SET state = 'undone', undo = $1 WHERE id = $2")
            .bind(serde_json::to_string(&report).unwrap_or_default())
            .bind(id)
            .execute(self.pool())
            .await?;
        self.reload_boards().await?;
        Ok(report)
    }
}

fn keep(report: &mut UndoReport, row: i64, deal: String, reason: String) {
    report.kept_count += 1;
    if report.kept.len() < SAMPLES_PER_OUTCOME * 4 {
        report.kept.push(RowSample {
            row: row.max(0) as u64,
            deal,
            reason: Some(reason),
        });
    }
}
