//! Everything a chunk of rows refers to, read in a few queries per chunk rather than per
//! row: the deals they match (by ID or external ID, only those the importer may see),
//! the contacts and companies they name, and which contacts already have a deal in a
//! pipeline (the duplicate rule).
use super::super::opportunities::board::Viewer;
use super::super::opportunities::conditions::visible_sql;
use super::super::StoreError;
use crate::domain::company::parse_domain;
use crate::domain::import::row::RowValues;
use crate::domain::import::{CompanyKey, ContactKey};
use serde_json::{Map, Value};
use sqlx::AnyConnection;
use sqlx::{Any, FromRow};
use std::collections::{HashMap, HashSet};

/// A deal a row matches, as the update plan compares against it.
#[derive(Debug, Clone, FromRow)]
pub struct ExistingDeal {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub value_minor: i64,
    pub pipeline_id: Option<i64>,
    pub stage_id: Option<i64>,
    pub status: String,
    pub stage_before_close: Option<i64>,
    pub source: Option<String>,
    pub expected_close_date: Option<String>,
    pub owner_id: Option<i64>,
    pub lost_reason: Option<String>,
    pub external_id: Option<String>,
    pub custom_fields: String,
    pub primary_contact: Option<i64>,
    #[sqlx(skip)]
    pub companies: Vec<i64>,
}

impl ExistingDeal {
    pub fn custom_values(&self) -> Map<String, Value> {
        serde_json::from_str(&self.custom_fields).unwrap_or_default()
    }
}

/// A contact or company a row names: the one found, or why several are. A key that
/// finds none is not in the lookups.
pub type Found = Result<(i64, String), String>;

/// A deal a contact already has in a pipeline: its id, and its name unless the importer
/// may not see it.
pub type HeldDeal = (i64, Option<String>);

/// The answers for one chunk of rows.
#[derive(Debug, Default)]
pub struct ChunkLookups {
    pub deals: HashMap<i64, ExistingDeal>,
    pub external_ids: HashMap<String, i64>,
    /// External IDs of the chunk that belong to deals the importer may not see: such a
    /// row can neither update that deal nor create another with its ID.
    pub hidden_external_ids: HashSet<String>,
    pub contacts: HashMap<(ContactKey, String), Found>,
    pub companies: HashMap<(CompanyKey, String), Found>,
    /// (contact, pipeline) -> the deals the contact already has there.
    pub contact_deals: HashMap<(i64, i64), Vec<HeldDeal>>,
}

/// How a looked-up key is normalised: ids and external IDs as typed, the rest case-blind.
pub fn contact_key(key: ContactKey, raw: &str) -> String {
    match key {
        ContactKey::Id | ContactKey::ExternalId => raw.trim().to_string(),
        ContactKey::Email | ContactKey::Name => raw.trim().to_lowercase(),
    }
}

/// How messages name a contact key: "no contact has the email ‘…’".
pub fn contact_by(key: ContactKey) -> &'static str {
    match key {
        ContactKey::Id => "ID",
        ContactKey::ExternalId => "external ID",
        ContactKey::Email => "email",
        ContactKey::Name => "name",
    }
}

pub fn company_by(key: CompanyKey) -> &'static str {
    match key {
        CompanyKey::Id => "ID",
        CompanyKey::Name => "name",
        CompanyKey::Domain => "domain",
    }
}

pub fn company_key(key: CompanyKey, raw: &str) -> String {
    match key {
        CompanyKey::Id => raw.trim().to_string(),
        CompanyKey::Name => raw.trim().to_lowercase(),
        CompanyKey::Domain => parse_domain(raw).unwrap_or_else(|| raw.trim().to_lowercase()),
    }
}

/// Runs `SELECT ... WHERE <column> IN ({in})` for text or integer values. SQLite gets
/// one anonymous `?` per value (numbered ones are looked up by name, in quadratic time);
/// PostgreSQL gets the values as one JSON array, so the statement stays the same
/// whatever the chunk holds.
pub(super) async fn select_in<T>(
    conn: &mut AnyConnection,
    sql: &str,
    values: &[String],
    as_int: bool,
) -> Result<Vec<T>, StoreError>
where
    T: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let ints = || values.iter().map(|v| v.parse::<i64>().unwrap_or(-1));
    if !conn.backend_name().eq_ignore_ascii_case("sqlite") {
        let (list, json) = match as_int {
            true => (
                "SELECT (jsonb_array_elements_text($1::jsonb))::bigint",
                serde_json::json!(ints().collect::<Vec<_>>()),
            ),
            false => (
                "SELECT jsonb_array_elements_text($1::jsonb)",
                serde_json::json!(values),
            ),
        };
        let sql = sql.replace("{in}", list);
        let query = sqlx::query_as::<Any, T>(&sql).bind(json.to_string());
        return Ok(query.fetch_all(&mut *conn).await?);
    }
    let sql = sql.replace("{in}", &vec!["?"; values.len()].join(", "));
    let mut query = sqlx::query_as::<Any, T>(&sql);
    match as_int {
        true => {
            for value in ints() {
                query = query.bind(value);
            }
        }
        false => {
            for value in values {
                query = query.bind(value.as_str());
            }
        }
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

fn unique<I: IntoIterator<Item = String>>(items: I) -> Vec<String> {
    let mut all: Vec<String> = items.into_iter().collect();
    all.sort();
    all.dedup();
    all
}

const DEAL_COLUMNS: &str = "o.id, o.version, o.name, o.value_minor, o.pipeline_id, o.stage_id, o.status, \
     o.stage_before_close, o.source, o.expected_close_date, o.owner_id, o.lost_reason, o.external_id, o.custom_fields, \
     (SELECT oc.contact_id FROM opportunity_contacts oc WHERE oc.opportunity_id = o.id AND oc.is_primary = 1) AS primary_contact";

/// The deals `viewer` may see among those with these ids or external IDs.
async fn deals(
    conn: &mut AnyConnection,
    ids: &[String],
    external: &[String],
    viewer: Viewer,
) -> Result<Vec<ExistingDeal>, StoreError> {
    let mut found: Vec<ExistingDeal> = Vec::new();
    // The rule's placeholders would be numbered after the chunk's keys.
    let visible = visible_sql(viewer);
    for (column, keys, as_int) in [("o.id", ids, true), ("o.external_id", external, false)] {
        let sql = format!(
            "SELECT {DEAL_COLUMNS} FROM opportunities o WHERE {column} IN ({{in}}) AND {visible}"
        );
        found.extend(select_in::<ExistingDeal>(conn, &sql, keys, as_int).await?);
    }
    found.sort_by_key(|d| d.id);
    found.dedup_by_key(|d| d.id);
    let ids: Vec<String> = found.iter().map(|d| d.id.to_string()).collect();
    let links: Vec<(i64, i64)> = select_in(
        conn,
        "SELECT opportunity_id, company_id FROM opportunity_companies WHERE opportunity_id IN ({in})",
        &ids,
        true,
    )
    .await?;
    for (deal, company) in links {
        if let Some(d) = found.iter_mut().find(|d| d.id == deal) {
            d.companies.push(company);
        }
    }
    Ok(found)
}

/// Each key that finds records with them: one is found, several say why not.
fn resolve<K: Copy + Eq + std::hash::Hash>(
    key: K,
    rows: Vec<(i64, String, String)>,
    what: &str,
    by: &str,
) -> Vec<((K, String), Found)> {
    let mut hits: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for (id, name, matched) in rows {
        hits.entry(matched).or_default().push((id, name));
    }
    hits.into_iter()
        .map(|(w, found)| {
            let found = match found.as_slice() {
                [one] => Ok(one.clone()),
                several => Err(format!(
                    "{} {what}s have the {by} \u{2018}{w}\u{2019}: map them by ID instead",
                    several.len()
                )),
            };
            ((key, w), found)
        })
        .collect()
}

/// The contacts or companies (`table`, one of them called `what`) that each wanted key
/// names: by the column `by` (an SQL expression and how messages name it), or by id.
async fn find<K: Copy + Eq + std::hash::Hash>(
    conn: &mut AnyConnection,
    (table, what): (&str, &str),
    by: Option<(&str, &str)>,
    key: K,
    wanted: &[String],
) -> Result<Vec<((K, String), Found)>, StoreError> {
    let (sql, label) = match by {
        Some((column, label)) => (
            format!("SELECT id, name, {column} FROM {table} WHERE {column} IN ({{in}})"),
            label,
        ),
        None => (
            format!("SELECT id, name, CAST(id AS TEXT) FROM {table} WHERE id IN ({{in}})"),
            "ID",
        ),
    };
    let rows = select_in(conn, &sql, wanted, by.is_none()).await?;
    Ok(resolve(key, rows, what, label))
}

impl ChunkLookups {
    /// Reads what `rows` refer to. Unreadable rows (`Err`) refer to nothing.
    pub async fn read(
        conn: &mut AnyConnection,
        rows: &[&RowValues],
        viewer: Viewer,
    ) -> Result<ChunkLookups, StoreError> {
        let ids = unique(rows.iter().filter_map(|r| r.id).map(|id| id.0.to_string()));
        let external = unique(rows.iter().filter_map(|r| r.external_id.clone()));
        let mut lookups = ChunkLookups::default();
        for deal in deals(conn, &ids, &external, viewer).await? {
            if let Some(ext) = &deal.external_id {
                lookups.external_ids.insert(ext.clone(), deal.id);
            }
            lookups.deals.insert(deal.id, deal);
        }
        if viewer.only_assigned {
            // Not `NOT rule`: the rule is NULL for a deal without an owner.
            let sql = format!(
                "SELECT o.external_id FROM opportunities o WHERE o.external_id IN ({{in}}) \
                 AND CASE WHEN {} THEN 0 ELSE 1 END = 1",
                visible_sql(viewer)
            );
            let hidden: Vec<(String,)> = select_in(conn, &sql, &external, false).await?;
            lookups.hidden_external_ids = hidden.into_iter().map(|(ext,)| ext).collect();
        }
        for key in ContactKey::ALL {
            let wanted = unique(
                rows.iter()
                    .filter_map(|r| r.contact_key().filter(|(k, _)| *k == key))
                    .map(|(_, raw)| contact_key(key, raw)),
            );
            let by = match key {
                ContactKey::Id => None,
                ContactKey::ExternalId => Some("external_id"),
                ContactKey::Email => Some("lower(email)"),
                ContactKey::Name => Some("lower(name)"),
            };
            let by = by.map(|column| (column, contact_by(key)));
            let found = find(conn, ("contacts", "contact"), by, key, &wanted).await?;
            lookups.contacts.extend(found);
        }
        for key in CompanyKey::ALL {
            let wanted = unique(
                rows.iter()
                    .filter_map(|r| r.company_key().filter(|(k, _)| *k == key))
                    .map(|(_, raw)| company_key(key, raw)),
            );
            let by = match key {
                CompanyKey::Id => None,
                CompanyKey::Name => Some("lower(name)"),
                CompanyKey::Domain => Some("lower(domain)"),
            };
            let by = by.map(|column| (column, company_by(key)));
            let found = find(conn, ("companies", "company"), by, key, &wanted).await?;
            lookups.companies.extend(found);
        }
        let contact_ids = unique(
            lookups
                .contacts
                .values()
                .filter_map(|f| f.as_ref().ok())
                .map(|(id, _)| id.to_string()),
        );
        let sql = format!(
            "SELECT oc.contact_id, o.pipeline_id, o.id, CASE WHEN {} THEN o.name END \
             FROM opportunity_contacts oc JOIN opportunities o ON o.id = oc.opportunity_id \
             WHERE o.pipeline_id IS NOT NULL AND oc.contact_id IN ({{in}})",
            visible_sql(viewer)
        );
        let taken: Vec<(i64, i64, i64, Option<String>)> =
            select_in(conn, &sql, &contact_ids, true).await?;
        for (contact, pipeline, deal, name) in taken {
            lookups
                .contact_deals
                .entry((contact, pipeline))
                .or_default()
                .push((deal, name));
        }
        Ok(lookups)
    }
}
