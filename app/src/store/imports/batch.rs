//! Statements that write many rows at once: multi-row inserts and the contact-owner sync
//! of a chunk's new deals, each shaped for its engine.
use super::super::opportunities::edit::SYNCS_CONTACT_OWNER;
use super::super::{Engine, StoreError};
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

/// A value bound into a multi-row insert.
pub(super) enum Param {
    Int(Option<i64>),
    Text(Option<String>),
}

/// Rows per statement on SQLite: short statements prepare fast and stay small in the
/// statement cache.
const SQLITE_ROWS_PER_STATEMENT: usize = 400;

/// Inserts rows of `width` values each (`params` row after row) after `head`
/// ("INSERT INTO t (a, b)").
///
/// SQLite gets `VALUES (?, ?), …` with anonymous placeholders: sqlx looks numbered ones
/// up by name, and SQLite's lookup walks every name, so thousands of `$n` in a statement
/// cost quadratic time (it was 40% of an import). PostgreSQL gets all rows as one JSON
/// parameter, unpacked by `jsonb_array_elements`: one small statement, prepared once,
/// instead of parsing and planning thousands of placeholders per chunk.
pub(super) async fn insert_values(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    head: &str,
    width: usize,
    params: Vec<Param>,
) -> Result<(), StoreError> {
    if params.is_empty() {
        return Ok(());
    }
    let rows: Vec<&[Param]> = params.chunks(width).collect();
    if engine == Engine::Postgres {
        let columns: Vec<String> = rows[0]
            .iter()
            .enumerate()
            .map(|(i, p)| match p {
                Param::Int(_) => format!("(e->>{i})::bigint"),
                Param::Text(_) => format!("e->>{i}"),
            })
            .collect();
        let sql = format!(
            "{head} SELECT {} FROM jsonb_array_elements($1::jsonb) AS r(e)",
            columns.join(", ")
        );
        let json: Vec<Vec<serde_json::Value>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|p| match p {
                        Param::Int(v) => serde_json::json!(v),
                        Param::Text(v) => serde_json::json!(v),
                    })
                    .collect()
            })
            .collect();
        let json = serde_json::to_string(&json).map_err(|_| StoreError::corrupt("import rows"))?;
        sqlx::query(&sql).bind(json).execute(&mut **tx).await?;
        return Ok(());
    }
    for part in rows.chunks(SQLITE_ROWS_PER_STATEMENT) {
        let row = format!("({})", vec!["?"; width].join(", "));
        let sql = format!(
            "{head} VALUES {}",
            vec![row.as_str(); part.len()].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for param in part.iter().flat_map(|row| row.iter()) {
            query = match param {
                Param::Int(v) => query.bind(*v),
                Param::Text(v) => query.bind(v.clone()),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Gives each contact the owner of the last (contact, owner) pair naming it, when the
/// workspace keeps a contact's owner in step with its deals: one statement per chunk
/// where the dialog's path runs one per deal.
pub(super) async fn set_contact_owners(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    pairs: impl Iterator<Item = (i64, i64)>,
    now: i64,
) -> Result<(), StoreError> {
    // Last one wins; ordered by contact so concurrent writers lock rows in one order.
    let owners: BTreeMap<i64, i64> = pairs.collect();
    if owners.is_empty() {
        return Ok(());
    }
    if engine == Engine::Postgres {
        let json: Vec<[i64; 2]> = owners.into_iter().map(|(c, o)| [c, o]).collect();
        let json =
            serde_json::to_string(&json).map_err(|_| StoreError::corrupt("contact owners"))?;
        sqlx::query(&format!(
            "UPDATE contacts SET owner_id = (e->>1)::bigint, updated_at = $2 \
             FROM jsonb_array_elements($1::jsonb) AS r(e) \
             WHERE contacts.id = (e->>0)::bigint AND {SYNCS_CONTACT_OWNER}"
        ))
        .bind(json)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        return Ok(());
    }
    let owners: Vec<(i64, i64)> = owners.into_iter().collect();
    for part in owners.chunks(SQLITE_ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE contacts SET owner_id = v.column2, updated_at = ? FROM (VALUES {}) AS v \
             WHERE contacts.id = v.column1 AND {SYNCS_CONTACT_OWNER}",
            vec!["(?, ?)"; part.len()].join(", ")
        );
        let mut query = sqlx::query(&sql).bind(now);
        for (contact, owner) in part {
            query = query.bind(*contact).bind(*owner);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}
