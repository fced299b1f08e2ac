//! The `contacts` table: the people deals are for.
use super::{Store, StoreError};
use crate::domain::account::UserId;
use crate::domain::board::ContactId;
use crate::domain::contact::{ContactSummary, NewContact};
use sqlx::{Any, Transaction};

pub(super) async fn insert_contact(
    tx: &mut Transaction<'_, Any>,
    contact: &NewContact,
    owner: Option<UserId>,
    now: i64,
) -> Result<ContactId, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO contacts (name, email, phone, owner_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(&contact.name)
    .bind(contact.email.as_ref().map(|e| e.as_str().to_string()))
    .bind(contact.phone.clone())
    .bind(owner.map(|o| o.0))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(ContactId(id))
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
        let pattern = format!("{}%", super::like_escape(&query.trim().to_lowercase()));
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, name, email FROM contacts WHERE LOWER(name) LIKE $1 ESCAPE '\\' OR email LIKE $1 ESCAPE '\\' \
             ORDER BY name, id LIMIT $2",
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
}
