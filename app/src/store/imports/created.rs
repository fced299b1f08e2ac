//! Contacts and companies an import creates for rows that name ones that do not exist:
//! found again if an earlier chunk created them, else created in the chunk's transaction
//! and recorded with the import, so its undo can remove them again.
use super::super::workflows::outbox::{enqueue, Subject};
use super::super::{Engine, StoreError};
use super::batch::{insert_values, Param};
use super::lookup::select_in;
use super::plan::{NewRecord, RecordRef};
use crate::domain::contact::split_name;
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// Which table a record is in, as `import_created_records` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Contact,
    Company,
}

impl RecordKind {
    fn key(self) -> &'static str {
        match self {
            RecordKind::Contact => "contact",
            RecordKind::Company => "company",
        }
    }

    fn table(self) -> &'static str {
        match self {
            RecordKind::Contact => "contacts",
            RecordKind::Company => "companies",
        }
    }
}

/// The ids of the records a chunk's rows create, by (kind, how found, key).
#[derive(Debug, Default)]
pub struct Resolved(HashMap<(&'static str, &'static str, String), i64>);

impl Resolved {
    /// The id a reference stands for: stored, or created (or found) for the chunk.
    pub fn id(&self, kind: RecordKind, record: &RecordRef) -> Option<i64> {
        match record {
            RecordRef::Stored(id) => Some(*id),
            RecordRef::New(new) => self.0.get(&(kind.key(), new.by, new.key.clone())).copied(),
        }
    }
}

async fn insert(
    tx: &mut Transaction<'_, Any>,
    kind: RecordKind,
    record: &NewRecord,
    now: i64,
) -> Result<i64, StoreError> {
    let (id,): (i64,) = match kind {
        RecordKind::Contact => {
            let (first, last) = split_name(&record.name);
            sqlx::query_as(
                "INSERT INTO contacts (name, first_name, last_name, email, owner_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(&record.name)
            .bind(first)
            .bind(last)
            .bind(record.email.clone())
            .bind(record.owner)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?
        }
        RecordKind::Company => {
            sqlx::query_as(
                "INSERT INTO companies (name, domain, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
            )
            .bind(&record.name)
            .bind(record.domain.clone())
            .bind(now)
            .fetch_one(&mut **tx)
            .await?
        }
    };
    Ok(id)
}

/// Finds or creates each record of `kind` in `wanted` (repeats are one record), and
/// records those created as import `import`'s.
pub async fn ensure_records<'r>(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    (import, now): (i64, i64),
    kind: RecordKind,
    wanted: impl Iterator<Item = &'r NewRecord>,
    into: &mut Resolved,
) -> Result<(), StoreError> {
    let mut by_key: HashMap<(&'static str, String), &NewRecord> = HashMap::new();
    for record in wanted {
        by_key
            .entry((record.by, record.key.clone()))
            .or_insert(record);
    }
    let mut lookups: HashMap<&'static str, Vec<String>> = HashMap::new();
    for (by, key) in by_key.keys() {
        lookups.entry(by).or_default().push(key.clone());
    }
    for (by, keys) in lookups {
        let sql = format!(
            "SELECT MIN(id), {by} FROM {} WHERE {by} IN ({{in}}) GROUP BY {by}",
            kind.table()
        );
        let found: Vec<(i64, String)> = select_in(tx, &sql, &keys, false).await?;
        for (id, key) in found {
            into.0.insert((kind.key(), by, key), id);
        }
    }
    let mut created = Vec::new();
    for ((by, key), record) in by_key {
        let slot = (kind.key(), by, key);
        if into.0.contains_key(&slot) {
            continue;
        }
        let id = insert(tx, kind, record, now).await?;
        if kind == RecordKind::Contact {
            // Contact Created workflows see contacts an import makes, as made by it.
            let detail = serde_json::json!({ "field": null, "before": null, "after": { "name": record.name, "email": record.email } });
            let actor = crate::domain::change::Actor::Import { batch: import };
            enqueue(tx, Subject::Contact(id), "created", &detail, actor, now).await?;
        }
        into.0.insert(slot, id);
        created.extend([
            Param::Int(Some(import)),
            Param::Text(Some(kind.key().to_string())),
            Param::Int(Some(id)),
        ]);
    }
    insert_values(
        tx,
        engine,
        "INSERT INTO import_created_records (import_id, record_kind, record_id)",
        3,
        created,
    )
    .await
}

/// Removes the contacts and companies import `import` created that nothing uses now:
/// no deal, activity or contact links to them, and nobody edited them after `until`.
/// Returns (contacts removed, companies removed, records kept).
pub async fn remove_created_records(
    tx: &mut Transaction<'_, Any>,
    import: i64,
    until: i64,
) -> Result<(u64, u64, u64), StoreError> {
    let created =
        "SELECT record_id FROM import_created_records WHERE import_id = $1 AND record_kind = $2";
    let unused = [
        (
            RecordKind::Contact,
            "NOT EXISTS (SELECT 1 FROM opportunity_contacts oc WHERE oc.contact_id = contacts.id) \
             AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = contacts.id)",
        ),
        (
            RecordKind::Company,
            "NOT EXISTS (SELECT 1 FROM opportunity_companies oc WHERE oc.company_id = companies.id) \
             AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.company_id = companies.id) \
             AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.company_id = companies.id)",
        ),
    ];
    let mut removed = [0; 2];
    // Contacts first: a company they belonged to is then free to go.
    for (i, (kind, unused)) in unused.into_iter().enumerate() {
        let table = kind.table();
        removed[i] = sqlx::query(&format!(
            "DELETE FROM {table} WHERE id IN ({created}) AND updated_at <= $3 AND {unused}"
        ))
        .bind(import)
        .bind(kind.key())
        .bind(until)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    }
    let [contacts, companies] = removed;
    let (total,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM import_created_records WHERE import_id = $1")
            .bind(import)
            .fetch_one(&mut **tx)
            .await?;
    sqlx::query("DELETE FROM import_created_records WHERE import_id = $1")
        .bind(import)
        .execute(&mut **tx)
        .await?;
    let kept = (total.max(0) as u64).saturating_sub(contacts + companies);
    Ok((contacts, companies, kept))
}
