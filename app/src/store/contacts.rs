//! The `contacts` table: the people deals are for. Deleting a contact unlinks it from
//! its deals through the opportunity service, so each deal's log says so.
use super::opportunities::list::LinkedTo;
use super::workflows::outbox::{self, Subject};
use super::{search_pattern, RecordSql, Store, StoreError};
use crate::domain::account::UserId;
use crate::domain::board::{ContactId, Named};
use crate::domain::change::Actor;
use crate::domain::contact::{
    split_name, ContactFields, ContactRecord, ContactSummary, NewContact,
};
use crate::domain::records::{RecordPage, RecordQuery};
use crate::domain::tag::{find_tag, stored_tags};
use serde_json::json;
use sqlx::{Any, FromRow, Transaction};

pub(super) async fn insert_contact(
    tx: &mut Transaction<'_, Any>,
    contact: &NewContact,
    owner: Option<UserId>,
    now: i64,
) -> Result<ContactId, StoreError> {
    let (first, last) = split_name(&contact.name);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO contacts (name, first_name, last_name, email, phone, owner_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(&contact.name)
    .bind(first)
    .bind(last)
    .bind(contact.email.as_ref().map(|e| e.as_str().to_string()))
    .bind(contact.phone.clone())
    .bind(owner.map(|o| o.0))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ContactId(id))
}

/// The fields of a contact that Contact Changed triggers watch, by name.
async fn watched(
    tx: &mut Transaction<'_, Any>,
    id: ContactId,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, StoreError> {
    type Row = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
        String,
        String,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT name, first_name, last_name, email, phone, source, owner_id, tags, custom_fields FROM contacts WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(
        |(name, first, last, email, phone, source, owner, tags, custom)| {
            let mut map = serde_json::Map::new();
            map.insert("name".into(), json!(name));
            map.insert("first_name".into(), json!(first));
            map.insert("last_name".into(), json!(last));
            map.insert("email".into(), json!(email));
            map.insert("phone".into(), json!(phone));
            map.insert("source".into(), json!(source));
            map.insert("owner".into(), json!(owner));
            map.insert("tags".into(), json!(stored_tags(&tags)));
            let custom: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&custom).unwrap_or_default();
            for (key, value) in custom {
                map.entry(key).or_insert(value);
            }
            map
        },
    ))
}

/// Writes a contact's change into the workflow outbox: `created`, or one `changed` row
/// per field and one `tag_added` / `tag_removed` row per tag.
pub(super) async fn record_contact_change(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    id: ContactId,
    before: Option<&serde_json::Map<String, serde_json::Value>>,
    after: &serde_json::Map<String, serde_json::Value>,
    now: i64,
) -> Result<(), StoreError> {
    let subject = Subject::Contact(id.0);
    let Some(before) = before else {
        let detail = json!({ "field": null, "before": null, "after": after });
        return outbox::enqueue(tx, subject, "created", &detail, actor, now).await;
    };
    let tags = |m: &serde_json::Map<String, serde_json::Value>| -> Vec<String> {
        m.get("tags")
            .and_then(|t| t.as_array())
            .map(|t| {
                t.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_tags, new_tags) = (tags(before), tags(after));
    let null = serde_json::Value::Null;
    for (field, value) in after {
        let old = before.get(field).unwrap_or(&null);
        if old != value {
            let detail = json!({ "field": field, "before": old, "after": value });
            outbox::enqueue(tx, subject, "changed", &detail, actor, now).await?;
        }
    }
    for tag in new_tags.iter().filter(|t| find_tag(&old_tags, t).is_none()) {
        let detail = json!({ "field": "tags", "before": null, "after": tag });
        outbox::enqueue(tx, subject, "tag_added", &detail, actor, now).await?;
    }
    for tag in old_tags.iter().filter(|t| find_tag(&new_tags, t).is_none()) {
        let detail = json!({ "field": "tags", "before": null, "after": tag });
        outbox::enqueue(tx, subject, "tag_removed", &detail, actor, now).await?;
    }
    Ok(())
}

/// Writes a new contact's Contact Created row into the outbox (made by Dealflow itself).
pub(super) async fn record_contact_change_created(
    tx: &mut Transaction<'_, Any>,
    id: ContactId,
    now: i64,
) -> Result<(), StoreError> {
    let after = watched(tx, id)
        .await?
        .ok_or(StoreError::NotFound("contact"))?;
    record_contact_change(tx, Actor::System, id, None, &after, now).await
}

pub(super) async fn contact_name(
    tx: &mut Transaction<'_, Any>,
    id: ContactId,
) -> Result<String, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT name FROM contacts WHERE id = $1")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|(name,)| name)
        .ok_or(StoreError::NotFound("contact"))
}

#[derive(FromRow)]
struct ContactRow {
    id: i64,
    first_name: String,
    last_name: String,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    company_id: Option<i64>,
    company_name: Option<String>,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    source: Option<String>,
    tags: String,
    custom_fields: String,
    created_at: i64,
    updated_at: i64,
}

const CONTACT_SELECT: &str = "SELECT c.id, c.first_name, c.last_name, c.name, c.email, c.phone, \
     c.company_id, co.name AS company_name, c.owner_id, u.name AS owner_name, c.source, c.tags, \
     c.custom_fields, c.created_at, c.updated_at FROM contacts c \
     LEFT JOIN companies co ON co.id = c.company_id LEFT JOIN users u ON u.id = c.owner_id";

fn named(id: Option<i64>, name: Option<String>) -> Option<Named> {
    id.zip(name).map(|(id, name)| Named { id, name })
}

impl ContactRow {
    fn record(self) -> ContactRecord {
        ContactRecord {
            id: ContactId(self.id),
            first_name: self.first_name,
            last_name: self.last_name,
            name: self.name,
            email: self.email,
            phone: self.phone,
            company: named(self.company_id, self.company_name),
            owner: named(self.owner_id, self.owner_name),
            source: self.source,
            tags: stored_tags(&self.tags),
            custom: serde_json::from_str(&self.custom_fields).unwrap_or_default(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

/// The condition that keeps contacts with `tag` (any case), and its LIKE pattern: the
/// stored tags are comma-joined, so the tag is looked for between commas.
fn tag_filter(tag: &str) -> Result<Option<(&'static str, String)>, StoreError> {
    let tag = crate::domain::text::search_text(tag).map_err(|m| StoreError::invalid("tag", m))?;
    Ok((!tag.is_empty()).then(|| {
        (
            "(',' || LOWER(c.tags) || ',') LIKE $2 ESCAPE '\\'",
            format!("%,{},%", super::like_escape(&tag.to_lowercase())),
        )
    }))
}

/// The ORDER BY of the contacts list; empty values last, the id keeps pages stable.
fn order_by(query: &RecordQuery) -> String {
    let dir = if query.descending { "DESC" } else { "ASC" };
    let expr = match query.sort.as_str() {
        "email" => "c.email",
        "company" => "co.name",
        "owner" => "u.name",
        "created" => "c.created_at",
        _ => "LOWER(c.name)",
    };
    format!("({expr} IS NULL), {expr} {dir}, c.id {dir}")
}

impl Store {
    pub async fn contact(&self, id: ContactId) -> Result<ContactSummary, StoreError> {
        let row: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT name, email FROM contacts WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.pool())
                .await?;
        let (name, email) = row.ok_or(StoreError::NotFound("contact"))?;
        Ok(ContactSummary { id, name, email })
    }

    /// Contacts whose name or email starts with `query` (any case), or the first few by name.
    pub async fn search_contacts(
        &self,
        query: &str,
        limit: i64,
    ) -> Result<Vec<ContactSummary>, StoreError> {
        let pattern = search_pattern(query, false)?;
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, name, email FROM contacts WHERE LOWER(name) LIKE $1 ESCAPE '\\' OR email LIKE $1 ESCAPE '\\' \
             OR LOWER(last_name) LIKE $1 ESCAPE '\\' ORDER BY name, id LIMIT $2",
        )
        .bind(pattern)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, email)| ContactSummary {
                id: ContactId(id),
                name,
                email,
            })
            .collect())
    }

    /// One contact with every field.
    pub async fn contact_record(&self, id: ContactId) -> Result<ContactRecord, StoreError> {
        let sql = format!("{CONTACT_SELECT} WHERE c.id = $1");
        let row: Option<ContactRow> = sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        row.map(ContactRow::record)
            .ok_or(StoreError::NotFound("contact"))
    }

    /// Another contact than `except` with this email, in any case, if there is one.
    pub async fn contact_with_email(
        &self,
        email: &crate::domain::account::EmailAddress,
        except: Option<ContactId>,
    ) -> Result<Option<Named>, StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM contacts WHERE lower(email) = $1 AND id <> $2 ORDER BY id LIMIT 1",
        )
        .bind(email.as_str())
        .bind(except.map_or(0, |c| c.0))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(id, name)| Named { id, name }))
    }

    /// A page of contacts matching the search (name, email or company) and having the
    /// query's tag (in any case) when it names one, in the chosen order.
    pub async fn contact_page(
        &self,
        query: &RecordQuery,
    ) -> Result<RecordPage<ContactRecord>, StoreError> {
        let sql = RecordSql {
            select: CONTACT_SELECT,
            from: "contacts c LEFT JOIN companies co ON co.id = c.company_id",
            filter: "(LOWER(c.name) LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(c.email, '')) LIKE $1 ESCAPE '\\' \
                     OR LOWER(COALESCE(co.name, '')) LIKE $1 ESCAPE '\\')",
            also: tag_filter(&query.tag)?,
            order_by: order_by(query),
        };
        self.record_page(sql, query, ContactRow::record).await
    }

    /// Creates a contact, or saves every field of an existing one (`id`). What changed
    /// goes into the workflow outbox with the save (Contact Created / Changed / Tag
    /// Added / Tag Removed).
    pub async fn save_contact(
        &self,
        actor: Actor,
        id: Option<ContactId>,
        fields: &ContactFields,
        custom: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<ContactId, StoreError> {
        let now = self.now();
        let tags = fields.tags.join(",");
        let custom = serde_json::Value::Object(custom.clone()).to_string();
        let email = fields.email.as_ref().map(|e| e.as_str().to_string());
        let mut tx = self.write_transaction().await?;
        let before = match id {
            Some(id) => Some(
                watched(&mut tx, id)
                    .await?
                    .ok_or(StoreError::NotFound("contact"))?,
            ),
            None => None,
        };
        let query = match id {
            None => sqlx::query_as::<_, (i64,)>(
                "INSERT INTO contacts (name, first_name, last_name, email, phone, company_id, owner_id, source, tags, custom_fields, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
            ),
            Some(_) => sqlx::query_as::<_, (i64,)>(
                "UPDATE contacts SET name = $1, first_name = $2, last_name = $3, email = $4, phone = $5, company_id = $6, \
                 owner_id = $7, source = $8, tags = $9, custom_fields = $10, updated_at = $11 WHERE id = $12 RETURNING id",
            ),
        };
        let query = query
            .bind(fields.name())
            .bind(&fields.first_name)
            .bind(&fields.last_name)
            .bind(email)
            .bind(fields.phone.clone())
            .bind(fields.company)
            .bind(fields.owner.map(|o| o.0))
            .bind(fields.source.clone())
            .bind(tags)
            .bind(custom)
            .bind(now);
        let query = match id {
            Some(id) => query.bind(id.0),
            None => query,
        };
        let row = query.fetch_optional(&mut *tx).await.map_err(|e| {
            super::foreign_key_or(
                e,
                "company",
                "The company or owner chosen no longer exists. Pick again.",
            )
        })?;
        let saved = row
            .map(|(id,)| ContactId(id))
            .ok_or(StoreError::NotFound("contact"))?;
        let after = watched(&mut tx, saved)
            .await?
            .ok_or(StoreError::NotFound("contact"))?;
        record_contact_change(&mut tx, actor, saved, before.as_ref(), &after, now).await?;
        tx.commit().await?;
        self.wake_workflows();
        Ok(saved)
    }

    /// Deletes a contact; its deals stay, each unlinked with an entry in its log.
    pub async fn delete_contact(&self, actor: Actor, id: ContactId) -> Result<(), StoreError> {
        self.delete_linked(actor, LinkedTo::Contact(id)).await
    }
}
