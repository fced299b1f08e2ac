//! The records a workflow step sees, read inside its transaction: the deal and contact
//! in context, the contact's deals, the meeting, and their merge-field values.
use super::super::StoreError;
use crate::domain::account::UserId;
use crate::domain::board::{ContactId, OpportunityId};
use crate::domain::currency::Currency;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId};
use crate::domain::workflow::plan::Workspace;
use crate::domain::workflow::{ContactSnapshot, DealSnapshot};
use serde_json::{json, Map, Value};
use sqlx::{AnyConnection, FromRow};

mod ahead;
pub(crate) use ahead::{contacts_in, deals_in, deals_with_contacts};

#[derive(FromRow)]
struct DealRow {
    id: i64,
    name: String,
    value_minor: i64,
    pipeline_id: Option<i64>,
    stage_id: Option<i64>,
    status: String,
    source: Option<String>,
    owner_id: Option<i64>,
    expected_close_date: Option<String>,
    external_id: Option<String>,
    created_at: i64,
    custom_fields: String,
    /// The followers' user ids, comma-separated (read with the deal: one statement).
    followers: Option<String>,
}

impl DealRow {
    fn snapshot(self) -> Result<DealSnapshot, StoreError> {
        let mut followers: Vec<UserId> = self
            .followers
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter_map(|id| id.trim().parse().ok())
            .map(UserId)
            .collect();
        followers.sort_by_key(|u| u.0);
        Ok(DealSnapshot {
            id: OpportunityId(self.id),
            name: self.name,
            value_minor: self.value_minor,
            pipeline: self.pipeline_id.map(PipelineId),
            stage: self.stage_id.map(StageId),
            status: Status::from_key(&self.status).ok_or_else(|| StoreError::corrupt("status"))?,
            source: self.source,
            owner: self.owner_id.map(UserId),
            followers,
            expected_close_date: self.expected_close_date,
            external_id: self.external_id,
            created_at: self.created_at,
            custom: serde_json::from_str(&self.custom_fields).unwrap_or_default(),
        })
    }
}

// `string_agg` is both engines' (SQLite since 3.44, which sqlx bundles).
const DEAL_SNAPSHOT: &str =
    "SELECT o.id, o.name, o.value_minor, o.pipeline_id, o.stage_id, o.status, o.source, \
     o.owner_id, o.expected_close_date, o.external_id, o.created_at, o.custom_fields, \
     (SELECT string_agg(CAST(f.user_id AS TEXT), ',') FROM opportunity_followers f \
     WHERE f.opportunity_id = o.id) AS followers \
     FROM opportunities o";

async fn deals_where<T>(
    conn: &mut AnyConnection,
    filter: &str,
    key: T,
) -> Result<Vec<DealSnapshot>, StoreError>
where
    T: for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Send,
{
    let sql = format!("{DEAL_SNAPSHOT} WHERE {filter} ORDER BY o.created_at, o.id");
    let rows: Vec<DealRow> = sqlx::query_as(&sql).bind(key).fetch_all(&mut *conn).await?;
    rows.into_iter().map(DealRow::snapshot).collect()
}

/// A deal as it is now; `None` when it was deleted.
pub(crate) async fn deal(
    conn: &mut AnyConnection,
    id: OpportunityId,
) -> Result<Option<DealSnapshot>, StoreError> {
    Ok(deals_where(conn, "o.id = $1", id.0).await?.pop())
}

/// Every deal linked to a contact, oldest first.
pub(crate) async fn contact_deals(
    conn: &mut AnyConnection,
    contact: ContactId,
) -> Result<Vec<DealSnapshot>, StoreError> {
    deals_where(
        conn,
        "o.id IN (SELECT opportunity_id FROM opportunity_contacts WHERE contact_id = $1)",
        contact.0,
    )
    .await
}

/// The deals a Find Opportunity without a contact points at (see `find_lookups`).
pub(crate) async fn deals_by(
    conn: &mut AnyConnection,
    lookups: &[(&str, String)],
) -> Result<Vec<DealSnapshot>, StoreError> {
    let mut out: Vec<DealSnapshot> = Vec::new();
    for (column, value) in lookups {
        let found = match *column {
            "id" => match value.parse::<i64>() {
                Ok(id) => deals_where(conn, "o.id = $1", id).await?,
                Err(_) => Vec::new(),
            },
            "external_id" => deals_where(conn, "o.external_id = $1", value.clone()).await?,
            _ => deals_where(conn, "o.name = $1", value.clone()).await?,
        };
        for deal in found {
            if !out.iter().any(|d| d.id == deal.id) {
                out.push(deal);
            }
        }
    }
    Ok(out)
}

/// A deal's primary contact.
pub(crate) async fn primary_contact(
    conn: &mut AnyConnection,
    deal: OpportunityId,
) -> Result<Option<ContactId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT contact_id FROM opportunity_contacts WHERE opportunity_id = $1 ORDER BY is_primary DESC, contact_id LIMIT 1",
    )
    .bind(deal.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(c,)| ContactId(c)))
}

/// Whether a deal still exists, with its primary contact: what enrolling it needs when
/// no trigger filter reads its fields (one statement instead of three or four).
pub(crate) async fn deal_with_contact(
    conn: &mut AnyConnection,
    deal: OpportunityId,
) -> Result<Option<Option<ContactId>>, StoreError> {
    // PostgreSQL locks the deal's row as it reads it: see `queue::hold_record`.
    let lock = match conn.backend_name() {
        "PostgreSQL" => " FOR UPDATE OF o",
        _ => "",
    };
    let row: Option<(i64, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT o.id, (SELECT c.contact_id FROM opportunity_contacts c WHERE c.opportunity_id = o.id \
         ORDER BY c.is_primary DESC, c.contact_id LIMIT 1) FROM opportunities o WHERE o.id = $1{lock}"
    ))
    .bind(deal.0)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(_, contact)| contact.map(ContactId)))
}

/// Contact rows: id, name, first, last, email, phone, source, tags, owner, custom fields.
type ContactRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<i64>,
    String,
);

fn contact_of(
    (id, name, first_name, last_name, email, phone, source, tags, owner, custom): ContactRow,
) -> ContactSnapshot {
    ContactSnapshot {
        id: ContactId(id),
        name,
        first_name,
        last_name,
        email,
        phone,
        source,
        tags: tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        owner: owner.map(UserId),
        custom: serde_json::from_str(&custom).unwrap_or_default(),
    }
}

const CONTACT_SELECT: &str = "SELECT id, name, first_name, last_name, email, phone, source, tags, owner_id, custom_fields FROM contacts";

pub(crate) async fn contact(
    conn: &mut AnyConnection,
    id: ContactId,
) -> Result<Option<ContactSnapshot>, StoreError> {
    let row: Option<ContactRow> = sqlx::query_as(&format!("{CONTACT_SELECT} WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(contact_of))
}

/// A meeting: its title, start, status, and the deal or contact it was logged on.
#[derive(Debug, Clone)]
pub struct Appointment {
    pub id: i64,
    pub title: String,
    pub starts_at: Option<String>,
    pub status: Option<String>,
    pub opportunity: Option<OpportunityId>,
    pub contact: Option<ContactId>,
}

/// A meeting row: id, title, start, status, deal, contact.
type MeetingRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
);

pub(crate) async fn appointment(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<Appointment>, StoreError> {
    let row: Option<MeetingRow> = sqlx::query_as(
        "SELECT id, title, starts_at, meeting_status, opportunity_id, contact_id FROM activities WHERE id = $1 AND kind = 'meeting'",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(
        |(id, title, starts_at, status, opportunity, contact)| Appointment {
            id,
            title: title.unwrap_or_default(),
            starts_at,
            status,
            opportunity: opportunity.map(OpportunityId),
            contact: contact.map(ContactId),
        },
    ))
}

pub fn contact_facts(contact: &ContactSnapshot) -> Value {
    let mut facts = json!({
        "id": contact.id.0,
        "name": contact.name,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email,
        "phone": contact.phone,
        "source": contact.source,
        "tags": contact.tags,
        "owner": contact.owner.map(|o| o.0),
        "custom": contact.custom,
    });
    merge_custom(&mut facts, &contact.custom);
    facts
}

pub fn appointment_facts(a: &Appointment) -> Value {
    json!({ "id": a.id, "title": a.title, "starts_at": a.starts_at, "status": a.status })
}

fn merge_custom(target: &mut Value, custom: &Map<String, Value>) {
    if let Some(map) = target.as_object_mut() {
        for (key, value) in custom {
            map.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
}

/// Merge-field values: names and formatted amounts, as `{{opportunity.pipeline_stage}}`
/// and friends print them.
pub fn merge_values(
    workspace: &Workspace,
    currency: Option<Currency>,
    deal: Option<&DealSnapshot>,
    contact: Option<&ContactSnapshot>,
    appointment: Option<&Appointment>,
    inbound: Option<&Value>,
) -> Value {
    let mut values = Map::new();
    if let Some(c) = contact {
        let mut v = json!({
            "name": c.name, "first_name": c.first_name, "last_name": c.last_name,
            "email": c.email, "phone": c.phone, "source": c.source, "tags": c.tags.join(", "),
        });
        merge_custom(&mut v, &c.custom);
        values.insert("contact".into(), v);
    }
    if let Some(d) = deal {
        let stage = d.stage.and_then(|s| workspace.stage(s));
        let owner = d.owner.and_then(|o| workspace.user(o));
        let lead_value = currency.map_or_else(
            || d.value_minor.to_string(),
            |c| c.format_minor(d.value_minor),
        );
        let mut v = json!({
            "name": d.name,
            "pipeline_stage": stage.map(|(_, s)| s.name.clone()),
            "status": d.status.label(),
            "lead_value": lead_value,
            "source": d.source,
            "assigned_user": owner.map(|u| u.name.clone()),
            "expected_close_date": d.expected_close_date,
        });
        merge_custom(&mut v, &d.custom);
        values.insert("opportunity".into(), v);
        values.insert(
            "pipeline".into(),
            json!({ "name": stage.map(|(p, _)| p.name.clone()) }),
        );
        values.insert(
            "user".into(),
            json!({ "name": owner.map(|u| u.name.clone()) }),
        );
    }
    if let Some(a) = appointment {
        values.insert(
            "appointment".into(),
            json!({ "title": a.title, "starts_at": a.starts_at, "status": a.status }),
        );
    }
    if let Some(body) = inbound {
        values.insert("inbound_webhook".into(), body.clone());
    }
    Value::Object(values)
}
