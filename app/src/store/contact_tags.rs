//! A contact's tags, one at a time: added or removed on its profile or by a workflow
//! step, each change with its outbox row (Contact Tag Added / Removed); and the tags in
//! use, for the contacts list's filter.
use super::workflows::outbox::{self, Subject};
use super::{Store, StoreError};
use crate::domain::board::ContactId;
use crate::domain::change::Actor;
use crate::domain::tag::{find_tag, parse_tag, stored_tags, TagChange, TagProblem, MAX_TAGS};
use serde_json::json;
use sqlx::{Any, Transaction};

/// A contact's tags as stored; `NotFound` when there is no such contact.
async fn tags_of(
    tx: &mut Transaction<'_, Any>,
    contact: ContactId,
) -> Result<Vec<String>, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT tags FROM contacts WHERE id = $1")
        .bind(contact.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|(tags,)| stored_tags(&tags))
        .ok_or(StoreError::NotFound("contact"))
}

/// Adds `tag` (checked by `parse_tag`) to a contact, or removes it in whatever case the
/// contact holds it, with its outbox row. Adding a tag the contact has, or removing one it
/// has not, changes nothing.
pub(in crate::store) async fn set_tag(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    contact: ContactId,
    tag: &str,
    add: bool,
    now: i64,
) -> Result<TagChange, StoreError> {
    let mut tags = tags_of(tx, contact).await?;
    let held = find_tag(&tags, tag).map(str::to_string);
    if held.is_some() == add {
        return Ok(TagChange {
            tags,
            changed: false,
        });
    }
    // A removal names the tag as the contact held it, for triggers and merge fields.
    let named = held.unwrap_or_else(|| tag.to_string());
    match add {
        true => tags.push(named.clone()),
        false => tags.retain(|t| *t != named),
    }
    sqlx::query("UPDATE contacts SET tags = $1, updated_at = $2 WHERE id = $3")
        .bind(tags.join(","))
        .bind(now)
        .bind(contact.0)
        .execute(&mut **tx)
        .await?;
    let kind = if add { "tag_added" } else { "tag_removed" };
    let detail = json!({ "field": "tags", "before": null, "after": named });
    outbox::enqueue(tx, Subject::Contact(contact.0), kind, &detail, actor, now).await?;
    Ok(TagChange {
        tags,
        changed: true,
    })
}

impl Store {
    /// Adds or removes one tag of a contact, as typed on its profile: trimmed, 1 to 40
    /// characters, no comma, compared without regard to case, at most 20 per contact.
    pub async fn change_contact_tag(
        &self,
        actor: Actor,
        contact: ContactId,
        tag: &str,
        add: bool,
    ) -> Result<TagChange, StoreError> {
        let refused = |problem: TagProblem| StoreError::invalid("tag", problem.to_string());
        let tag = parse_tag(tag).map_err(refused)?;
        let now = self.now();
        let mut tx = self.write_transaction().await?;
        if add {
            let tags = tags_of(&mut tx, contact).await?;
            if tags.len() >= MAX_TAGS && find_tag(&tags, &tag).is_none() {
                return Err(refused(TagProblem::TooMany));
            }
        }
        let change = set_tag(&mut tx, actor, contact, &tag, add, now).await?;
        tx.commit().await?;
        if change.changed {
            self.wake_workflows();
        }
        Ok(change)
    }

    /// Every tag some contact has, once whatever its case (the first spelling found),
    /// in alphabetical order.
    pub async fn contact_tags_in_use(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT tags FROM contacts WHERE tags <> '' ORDER BY tags")
                .fetch_all(self.pool())
                .await?;
        let mut in_use: Vec<String> = Vec::new();
        for tag in rows.iter().flat_map(|(tags,)| stored_tags(tags)) {
            if find_tag(&in_use, &tag).is_none() {
                in_use.push(tag);
            }
        }
        in_use.sort_by_cached_key(|t| t.to_lowercase());
        Ok(in_use)
    }
}
