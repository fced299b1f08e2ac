//! Statements that write many rows at once: multi-row inserts, and contacts' columns set
//! for a chunk (the owner sync of its new deals, the tags it adds), each shaped for its
//! engine.
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
    // Last one wins.
    let owners: BTreeMap<i64, Param> = pairs.map(|(c, o)| (c, Param::Int(Some(o)))).collect();
    let change = ContactColumn {
        column: "owner_id",
        only_when: SYNCS_CONTACT_OWNER,
    };
    update_contacts(tx, engine, change, owners, now).await
}

/// A column of `contacts` that a chunk sets, and the SQL condition under which it does.
pub(super) struct ContactColumn {
    pub column: &'static str,
    pub only_when: &'static str,
}

/// Sets `change.column` of each contact in `values` to its value (and `updated_at` to
/// `now`) in a few statements, in the order of the contacts' ids so concurrent writers
/// lock rows in one order. The values are all `Int` or all `Text`.
pub(super) async fn update_contacts(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    change: ContactColumn,
    values: BTreeMap<i64, Param>,
    now: i64,
) -> Result<(), StoreError> {
    let Some(first) = values.values().next() else {
        return Ok(());
    };
    let ContactColumn { column, only_when } = change;
    if engine == Engine::Postgres {
        let cast = match first {
            Param::Int(_) => "::bigint",
            Param::Text(_) => "",
        };
        let json: Vec<serde_json::Value> = values
            .into_iter()
            .map(|(contact, value)| match value {
                Param::Int(v) => serde_json::json!([contact, v]),
                Param::Text(v) => serde_json::json!([contact, v]),
            })
            .collect();
        let json = serde_json::to_string(&json).map_err(|_| StoreError::corrupt("contacts"))?;
        sqlx::query(&format!(
            "UPDATE contacts SET {column} = (e->>1){cast}, updated_at = $2 \
             FROM jsonb_array_elements($1::jsonb) AS r(e) \
             WHERE contacts.id = (e->>0)::bigint AND {only_when}"
        ))
        .bind(json)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        return Ok(());
    }
    let values: Vec<(i64, Param)> = values.into_iter().collect();
    for part in values.chunks(SQLITE_ROWS_PER_STATEMENT) {
        let sql = format!(
            "UPDATE contacts SET {column} = v.column2, updated_at = ? FROM (VALUES {}) AS v \
             WHERE contacts.id = v.column1 AND {only_when}",
            vec!["(?, ?)"; part.len()].join(", ")
        );
        let mut query = sqlx::query(&sql).bind(now);
        for (contact, value) in part {
            query = query.bind(*contact);
            query = match value {
                Param::Int(v) => query.bind(*v),
                Param::Text(v) => query.bind(v.clone()),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}
