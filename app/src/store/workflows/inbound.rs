//! Inbound Webhook: a POST to a published trigger's own URL finds or creates its contact
//! (by the email or phone the trigger maps from the body) and writes the outbox row that
//! enrolls it, with the body for `{{inbound_webhook.*}}`, in one transaction.
use super::super::contacts::record_contact_change_created;
use super::super::{Store, StoreError};
use super::outbox::{self, Subject};
use super::queue::version_definition;
use crate::domain::board::ContactId;
use crate::domain::change::Actor;
use crate::domain::contact::split_name;
use crate::domain::workflow::inbound::value_at;
use crate::domain::workflow::TriggerEvent;
use serde_json::{json, Value};
use sqlx::{Any, Transaction};

/// What became of a delivery: the contact it is for, if the trigger maps one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub contact: Option<ContactId>,
    pub created: bool,
}

/// Why a delivery was turned away.
#[derive(Debug, thiserror::Error)]
pub enum InboundRefusal {
    #[error("This webhook URL is not known, or its workflow is not published. Copy the URL from the workflow's Inbound Webhook trigger again.")]
    UnknownToken,
    #[error("The body has no contact email or phone where the trigger looks for them ({0}). Send one, or change the trigger's mapping.")]
    NoContact(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    pub async fn receive_inbound(
        &self,
        token: &str,
        body: Value,
    ) -> Result<Received, InboundRefusal> {
        let mut tx = self.write_transaction().await?;
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT t.version_id, t.position FROM workflow_triggers t JOIN workflows w ON w.id = t.workflow_id \
             WHERE t.token = $1 AND w.state = 'published'",
        )
        .bind(token)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        let Some((version, position)) = row else {
            return Err(InboundRefusal::UnknownToken);
        };
        let definition = version_definition(&mut tx, version).await?;
        let trigger = usize::try_from(position)
            .ok()
            .and_then(|p| definition.triggers.get(p));
        let Some(TriggerEvent::InboundWebhook {
            email_path,
            phone_path,
            name_path,
            ..
        }) = trigger.map(|t| &t.event)
        else {
            return Err(InboundRefusal::UnknownToken);
        };
        let now = self.now();
        let read = |path: &Option<String>| path.as_deref().and_then(|p| value_at(&body, p));
        let (email, phone, name) = (read(email_path), read(phone_path), read(name_path));
        let mapped = email_path.is_some() || phone_path.is_some();
        let (contact, created) = match (mapped, email.as_deref(), phone.as_deref()) {
            (false, _, _) => (None, false),
            (true, None, None) => {
                let paths: Vec<&str> = [email_path, phone_path]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                return Err(InboundRefusal::NoContact(paths.join(", ")));
            }
            (true, email, phone) => {
                let email = email.map(str::to_lowercase);
                match find_contact(&mut tx, email.as_deref(), phone).await? {
                    Some(id) => (Some(id), false),
                    None => (
                        Some(create_contact(&mut tx, name, email, phone, now).await?),
                        true,
                    ),
                }
            }
        };
        let detail = json!({ "field": "token", "before": null, "after": token, "body": body });
        let subject = Subject::Inbound(contact.map_or(0, |c| c.0));
        outbox::enqueue(&mut tx, subject, "received", &detail, Actor::System, now).await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.wake_workflows();
        Ok(Received { contact, created })
    }
}

async fn find_contact(
    tx: &mut Transaction<'_, Any>,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<Option<ContactId>, StoreError> {
    if let Some(email) = email {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM contacts WHERE lower(email) = $1 ORDER BY id LIMIT 1")
                .bind(email)
                .fetch_optional(&mut **tx)
                .await?;
        if let Some((id,)) = row {
            return Ok(Some(ContactId(id)));
        }
    }
    if let Some(phone) = phone {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM contacts WHERE phone = $1 ORDER BY id LIMIT 1")
                .bind(phone)
                .fetch_optional(&mut **tx)
                .await?;
        return Ok(row.map(|(id,)| ContactId(id)));
    }
    Ok(None)
}

async fn create_contact(
    tx: &mut Transaction<'_, Any>,
    name: Option<String>,
    email: Option<String>,
    phone: Option<&str>,
    now: i64,
) -> Result<ContactId, StoreError> {
    let name = name
        .or_else(|| email.clone())
        .or_else(|| phone.map(str::to_string))
        .unwrap_or_default();
    let (first, last) = split_name(&name);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO contacts (name, first_name, last_name, email, phone, source, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'Inbound webhook', $6, $6) RETURNING id",
    )
    .bind(&name)
    .bind(first)
    .bind(last)
    .bind(email)
    .bind(phone)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id = ContactId(id);
    record_contact_change_created(tx, id, now).await?;
    Ok(id)
}
