//! Editing a deal's fields (profile page, the list's `Edit opportunity`): the version
//! check, the writes and their `field_changed` / `owner_changed` events together.
use super::super::{Store, StoreError};
use super::load_deal;
use super::log::{self, actor_name, Entry};
use super::service::{change_standing_in, lock_at_version, StandingChange};
use crate::domain::account::UserId;
use crate::domain::board::{Card, OpportunityId};
use crate::domain::change::{Actor, EventKind};
use crate::domain::date::Date;
use serde_json::{json, Value};
use sqlx::{Any, Transaction};

/// One field of a deal, with its new value (already checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldEdit {
    Name(String),
    Value(i64),
    Source(Option<String>),
    ExpectedClose(Option<Date>),
    Owner(Option<UserId>),
    /// The ID the deal has in another system (unique when present).
    ExternalId(Option<String>),
    /// A custom field: its key and label, the canonical value and how it reads.
    Custom {
        key: String,
        label: String,
        value: Option<Value>,
        text: Option<String>,
    },
}

impl FieldEdit {
    /// The column it writes and the name its event records.
    fn column(&self) -> (&'static str, &'static str) {
        match self {
            FieldEdit::Name(_) => ("name", "name"),
            FieldEdit::Value(_) => ("value_minor", "value"),
            FieldEdit::Source(_) => ("source", "source"),
            FieldEdit::ExpectedClose(_) => ("expected_close_date", "expected_close"),
            FieldEdit::Owner(_) => ("owner_id", "owner"),
            FieldEdit::ExternalId(_) => ("external_id", "external_id"),
            FieldEdit::Custom { .. } => ("custom_fields", "custom"),
        }
    }
}

/// Writes one field of a locked deal, with its event, inside `tx`. Returns `false` when
/// the field already had that value.
pub(in crate::store) async fn write_field(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    id: OpportunityId,
    edit: &FieldEdit,
    now: i64,
) -> Result<bool, StoreError> {
    if let FieldEdit::Custom {
        key,
        label,
        value,
        text,
    } = edit
    {
        return write_custom(tx, actor, id, (key, label), (value, text), now).await;
    }
    let (column, _) = edit.column();
    let sql = format!("SELECT CAST({column} AS TEXT) FROM opportunities WHERE id = $1");
    let (before,): (Option<String>,) = sqlx::query_as(&sql).bind(id.0).fetch_one(&mut **tx).await?;
    write_from(tx, actor, id, edit, before, now).await
}

/// `write_field` on a deal just locked (`service::lock`): the value it replaces is read
/// off the locked deal where it has it, instead of again from the database.
pub(in crate::store) async fn write_locked_field(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    deal: &super::Deal,
    edit: &FieldEdit,
    now: i64,
) -> Result<bool, StoreError> {
    let before = match edit {
        FieldEdit::Name(_) => Some(deal.card.name.clone()),
        FieldEdit::Value(_) => Some(deal.card.value_minor.to_string()),
        FieldEdit::Source(_) => deal.source.clone(),
        _ => return write_field(tx, actor, deal.card.id, edit, now).await,
    };
    write_from(tx, actor, deal.card.id, edit, before, now).await
}

/// Writes a plain field whose current value, as text, is `before`.
async fn write_from(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    id: OpportunityId,
    edit: &FieldEdit,
    before: Option<String>,
    now: i64,
) -> Result<bool, StoreError> {
    let (column, field) = edit.column();
    let update = format!("UPDATE opportunities SET {column} = $1, version = version + 1, updated_at = $2 WHERE id = $3");
    let query = sqlx::query(&update);
    let (query, after): (_, Option<String>) = match edit {
        FieldEdit::Name(name) => (query.bind(name.clone()), Some(name.clone())),
        FieldEdit::Value(minor) => (query.bind(*minor), Some(minor.to_string())),
        FieldEdit::Source(text) | FieldEdit::ExternalId(text) => {
            (query.bind(text.clone()), text.clone())
        }
        FieldEdit::ExpectedClose(date) => {
            let text = date.map(|d| d.to_string());
            (query.bind(text.clone()), text)
        }
        FieldEdit::Owner(owner) => (
            query.bind(owner.map(|o| o.0)),
            owner.map(|o| o.0.to_string()),
        ),
        FieldEdit::Custom { .. } => return Ok(false),
    };
    if before == after {
        return Ok(false);
    }
    let taken = || {
        StoreError::invalid(
            "external_id",
            "That external ID already belongs to another deal.",
        )
    };
    query
        .bind(now)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .map_err(|e| super::super::unique_or(e, taken()))?;
    if let FieldEdit::Owner(owner) = edit {
        sync_contact_owner(tx, id, *owner, now).await?;
    }
    let entry = match edit {
        FieldEdit::Owner(owner) => {
            let before_owner = before.as_deref().and_then(|b| b.parse().ok()).map(UserId);
            Entry {
                kind: EventKind::OwnerChanged,
                field: Some(field),
                before: Some(person(tx, before_owner).await?),
                after: Some(person(tx, *owner).await?),
            }
        }
        FieldEdit::Value(minor) => Entry {
            kind: EventKind::FieldChanged,
            field: Some(field),
            before: Some(json!(before.as_deref().and_then(|b| b.parse::<i64>().ok()))),
            after: Some(json!(minor)),
        },
        _ => Entry {
            kind: EventKind::FieldChanged,
            field: Some(field),
            before: Some(json!(before)),
            after: Some(json!(after)),
        },
    };
    log::record(tx, id, actor, now, entry).await?;
    Ok(true)
}

/// Writes one custom field into the deal's values. The event records the label and the
/// value as read ("text") besides the stored value, so the timeline reads well even
/// after the field is renamed or deleted.
async fn write_custom(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    id: OpportunityId,
    (key, label): (&str, &str),
    (value, text): (&Option<Value>, &Option<String>),
    now: i64,
) -> Result<bool, StoreError> {
    let (json,): (String,) =
        sqlx::query_as("SELECT custom_fields FROM opportunities WHERE id = $1")
            .bind(id.0)
            .fetch_one(&mut **tx)
            .await?;
    let mut values: serde_json::Map<String, Value> =
        serde_json::from_str(&json).unwrap_or_default();
    let before = values.get(key).cloned();
    if before == *value {
        return Ok(false);
    }
    crate::domain::custom_field::set_value(&mut values, key, value.clone());
    sqlx::query("UPDATE opportunities SET custom_fields = $1, version = version + 1, updated_at = $2 WHERE id = $3")
        .bind(Value::Object(values).to_string())
        .bind(now)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    let field = format!("custom:{key}");
    let entry = Entry {
        kind: EventKind::FieldChanged,
        field: Some(&field),
        before: Some(json!({ "label": label, "value": before })),
        after: Some(json!({ "label": label, "value": value, "text": text })),
    };
    log::record(tx, id, actor, now, entry).await?;
    Ok(true)
}

/// True in SQL when the workspace keeps a contact's owner in step with its deals.
pub(in crate::store) const SYNCS_CONTACT_OWNER: &str =
    "(SELECT sync_contact_owner FROM workspace WHERE id = 1) = 1";

/// With `Sync contact and opportunity owner` on, gives the deal's primary contact the
/// deal's owner too.
pub(in crate::store) async fn sync_contact_owner(
    tx: &mut Transaction<'_, Any>,
    id: OpportunityId,
    owner: Option<UserId>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "UPDATE contacts SET owner_id = $1, updated_at = $2 \
         WHERE id IN (SELECT oc.contact_id FROM opportunity_contacts oc WHERE oc.opportunity_id = $3 AND oc.is_primary = 1) \
         AND {SYNCS_CONTACT_OWNER}"
    ))
    .bind(owner.map(|o| o.0))
    .bind(now)
    .bind(id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A user as the change log records them: id and name, or null.
pub(super) async fn person(
    tx: &mut Transaction<'_, Any>,
    id: Option<UserId>,
) -> Result<Value, StoreError> {
    Ok(match id {
        Some(id) => json!({ "id": id.0, "name": actor_name(&mut **tx, Actor::User(id)).await? }),
        None => Value::Null,
    })
}

/// Everything the `Edit opportunity` dialog saves at once.
#[derive(Debug, Clone, Default)]
pub struct DealUpdate {
    pub fields: Vec<FieldEdit>,
    pub standing: StandingChange,
}

impl Store {
    /// Sets one field of a deal, if it is still at `base_version`.
    pub async fn edit_opportunity(
        &self,
        actor: Actor,
        id: OpportunityId,
        base_version: i64,
        edit: FieldEdit,
    ) -> Result<Card, StoreError> {
        self.update_opportunity(
            actor,
            id,
            base_version,
            DealUpdate {
                fields: vec![edit],
                standing: StandingChange::default(),
            },
        )
        .await
    }

    /// Sets several fields and where the deal stands in one transaction, if it is still
    /// at `base_version`: all of it is saved, or none.
    pub async fn update_opportunity(
        &self,
        actor: Actor,
        id: OpportunityId,
        base_version: i64,
        update: DealUpdate,
    ) -> Result<Card, StoreError> {
        let now = self.now();
        let mut tx = self.write_transaction().await?;
        let deal = lock_at_version(&mut tx, id, base_version, now).await?;
        let mut changed = false;
        for edit in &update.fields {
            changed |= write_field(&mut tx, actor, id, edit, now).await?;
        }
        let standing = update.standing;
        if standing.stage.is_some() || standing.status.is_some() || standing.lost_reason.is_some() {
            let current = load_deal(&mut *tx, id).await?;
            changed |= change_standing_in(&mut tx, actor, &current, standing, now).await?;
        }
        if !changed {
            return Ok(deal.card);
        }
        self.commit_one(tx, actor, deal.card).await
    }
}
