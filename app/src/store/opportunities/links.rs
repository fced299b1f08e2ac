//! Who and what a deal is linked to: its followers, its contacts (one of them primary)
//! and its companies. Each change is a change to the deal: it bumps the version and is
//! written to the change log like any other.
use super::super::{Store, StoreError};
use super::board::Viewer;
use super::bulk::set_follower;
use super::conditions::{visible_sql, Bind, Conditions};
use super::list::LinkedTo;
use super::log::{self, Entry};
use super::service::{lock, Announcement};
use crate::domain::board::{Card, ContactId, Named, OpportunityId};
use crate::domain::change::{Actor, EventKind};
use crate::domain::company::CompanyId;
pub use crate::domain::links::{DealLinks, LinkChange, LinkedContact};
use serde_json::{json, Value};
use sqlx::{Any, Transaction};

async fn named(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    id: i64,
    what: &'static str,
) -> Result<Value, StoreError> {
    let sql = format!("SELECT name FROM {table} WHERE id = $1");
    let row: Option<(String,)> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let (name,) = row.ok_or(StoreError::NotFound(what))?;
    Ok(json!({ "id": id, "name": name }))
}

/// The contact that becomes primary when the primary one is unlinked: the first linked.
async fn promote_next_contact(
    tx: &mut Transaction<'_, Any>,
    id: OpportunityId,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE opportunity_contacts SET is_primary = 1 WHERE opportunity_id = $1 AND contact_id = \
         (SELECT MIN(contact_id) FROM opportunity_contacts WHERE opportunity_id = $1) \
         AND NOT EXISTS (SELECT 1 FROM opportunity_contacts WHERE opportunity_id = $1 AND is_primary = 1)",
    )
    .bind(id.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(in crate::store) async fn link_contact(
    tx: &mut Transaction<'_, Any>,
    id: OpportunityId,
    contact: ContactId,
    linked: bool,
) -> Result<Option<Entry<'static>>, StoreError> {
    let who = named(tx, "contacts", contact.0, "contact").await?;
    let done = if linked {
        sqlx::query(
            "INSERT INTO opportunity_contacts (opportunity_id, contact_id, is_primary) \
             SELECT $1, $2, CASE WHEN EXISTS (SELECT 1 FROM opportunity_contacts WHERE opportunity_id = $1) THEN 0 ELSE 1 END \
             WHERE NOT EXISTS (SELECT 1 FROM opportunity_contacts WHERE opportunity_id = $1 AND contact_id = $2)",
        )
    } else {
        sqlx::query("DELETE FROM opportunity_contacts WHERE opportunity_id = $1 AND contact_id = $2")
    }
    .bind(id.0)
    .bind(contact.0)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    if !linked {
        promote_next_contact(tx, id).await?;
    }
    Ok(Some(link_entry("contacts", who, linked)))
}

pub(in crate::store) async fn make_primary(
    tx: &mut Transaction<'_, Any>,
    id: OpportunityId,
    contact: ContactId,
) -> Result<Option<Entry<'static>>, StoreError> {
    let current: Option<(i64, i64)> = sqlx::query_as(
        "SELECT contact_id, is_primary FROM opportunity_contacts WHERE opportunity_id = $1 AND contact_id = $2",
    )
    .bind(id.0)
    .bind(contact.0)
    .fetch_optional(&mut **tx)
    .await?;
    match current {
        None => {
            return Err(StoreError::invalid(
                "contact",
                "Link this contact to the deal first.",
            ))
        }
        Some((_, 1)) => return Ok(None),
        Some(_) => {}
    }
    let before: Option<(i64,)> = sqlx::query_as(
        "SELECT contact_id FROM opportunity_contacts WHERE opportunity_id = $1 AND is_primary = 1",
    )
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?;
    let before = match before {
        Some((old,)) => named(tx, "contacts", old, "contact").await?,
        None => Value::Null,
    };
    sqlx::query("UPDATE opportunity_contacts SET is_primary = 0 WHERE opportunity_id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE opportunity_contacts SET is_primary = 1 WHERE opportunity_id = $1 AND contact_id = $2",
    )
    .bind(id.0)
    .bind(contact.0)
    .execute(&mut **tx)
    .await?;
    Ok(Some(Entry {
        kind: EventKind::FieldChanged,
        field: Some("primary_contact"),
        before: Some(before),
        after: Some(named(tx, "contacts", contact.0, "contact").await?),
    }))
}

pub(in crate::store) async fn link_company(
    tx: &mut Transaction<'_, Any>,
    id: OpportunityId,
    company: CompanyId,
    linked: bool,
) -> Result<Option<Entry<'static>>, StoreError> {
    let what = named(tx, "companies", company.0, "company").await?;
    let done = if linked {
        sqlx::query(
            "INSERT INTO opportunity_companies (opportunity_id, company_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
    } else {
        sqlx::query("DELETE FROM opportunity_companies WHERE opportunity_id = $1 AND company_id = $2")
    }
    .bind(id.0)
    .bind(company.0)
    .execute(&mut **tx)
    .await?;
    Ok((done.rows_affected() > 0).then(|| link_entry("companies", what, linked)))
}

fn link_entry(field: &'static str, what: Value, linked: bool) -> Entry<'static> {
    let (before, after) = if linked {
        (Value::Null, what)
    } else {
        (what, Value::Null)
    };
    Entry {
        kind: EventKind::FieldChanged,
        field: Some(field),
        before: Some(before),
        after: Some(after),
    }
}

/// A link change is a change to the deal: a new version and a change-log entry.
pub(in crate::store) async fn record_link(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    id: OpportunityId,
    entry: Entry<'_>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE opportunities SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    log::record(tx, id, actor, now, entry).await
}

impl Store {
    /// Links or unlinks a follower, contact or company, or picks the primary contact.
    /// Returns the deal's card as it is now (unchanged when the link already was so).
    pub async fn change_link(
        &self,
        actor: Actor,
        id: OpportunityId,
        change: LinkChange,
    ) -> Result<Card, StoreError> {
        let now = self.now();
        let mut tx = self.write_transaction().await?;
        let deal = lock(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound("opportunity"))?;
        let entry = match change {
            LinkChange::Follower { user, linked } => {
                // Recorded by the bulk action's own code, which also bumps the version.
                if set_follower(&mut tx, actor, id, user, linked, now).await? {
                    return self.commit_one(tx, actor, deal.card).await;
                }
                None
            }
            LinkChange::Contact { contact, linked } => {
                link_contact(&mut tx, id, contact, linked).await?
            }
            LinkChange::PrimaryContact(contact) => make_primary(&mut tx, id, contact).await?,
            LinkChange::Company { company, linked } => {
                link_company(&mut tx, id, company, linked).await?
            }
        };
        let Some(entry) = entry else {
            return Ok(deal.card);
        };
        record_link(&mut tx, actor, id, entry, now).await?;
        self.commit_one(tx, actor, deal.card).await
    }

    /// A deal's followers, contacts (primary first) and companies, each by name.
    pub async fn deal_links(&self, id: OpportunityId) -> Result<DealLinks, StoreError> {
        let followers: Vec<(i64, String)> = sqlx::query_as(
            "SELECT u.id, u.name FROM opportunity_followers f JOIN users u ON u.id = f.user_id \
             WHERE f.opportunity_id = $1 ORDER BY u.name, u.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let contacts: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT c.id, c.name, c.email, oc.is_primary FROM opportunity_contacts oc JOIN contacts c ON c.id = oc.contact_id \
             WHERE oc.opportunity_id = $1 ORDER BY oc.is_primary DESC, c.name, c.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let companies: Vec<(i64, String)> = sqlx::query_as(
            "SELECT co.id, co.name FROM opportunity_companies l JOIN companies co ON co.id = l.company_id \
             WHERE l.opportunity_id = $1 ORDER BY co.name, co.id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let named = |(id, name): (i64, String)| Named { id, name };
        Ok(DealLinks {
            followers: followers.into_iter().map(named).collect(),
            contacts: contacts
                .into_iter()
                .map(|(id, name, email, primary)| LinkedContact {
                    id: ContactId(id),
                    name,
                    email,
                    primary: primary != 0,
                })
                .collect(),
            companies: companies.into_iter().map(named).collect(),
        })
    }
}

impl Store {
    /// Deletes a contact or company. Its deals stay: each is first unlinked through the
    /// opportunity service, with its change-log entry, in the same transaction.
    pub(in crate::store) async fn delete_linked(
        &self,
        actor: Actor,
        record: LinkedTo,
    ) -> Result<(), StoreError> {
        let (table, what) = match record {
            LinkedTo::Contact(_) => ("contacts", "contact"),
            LinkedTo::Company(_) => ("companies", "company"),
        };
        let now = self.now();
        let mut tx = self.write_transaction().await?;
        // Write first, so SQLite takes its write lock (and waits for others) before reading.
        let locked = sqlx::query(&format!(
            "UPDATE {table} SET updated_at = updated_at WHERE id = $1"
        ))
        .bind(record.id())
        .execute(&mut *tx)
        .await?;
        if locked.rows_affected() == 0 {
            return Err(StoreError::NotFound(what));
        }
        let mut deals = Conditions::new(Vec::new());
        deals.push(
            &format!("o.id IN ({})", record.deal_ids_sql()),
            vec![Bind::Int(record.id())],
        );
        let viewer = Viewer::acting(&mut *tx, actor).await?;
        let sql = format!(
            "SELECT o.id, CASE WHEN {} THEN 1 ELSE 0 END FROM opportunities o WHERE {} ORDER BY o.id",
            visible_sql(viewer),
            deals.clause()
        );
        let ids: Vec<(i64, i64)> = deals.bind(sqlx::query_as(&sql)).fetch_all(&mut *tx).await?;
        let hidden = ids.iter().filter(|(_, visible)| *visible == 0).count();
        if hidden > 0 {
            // Unlinking would change deals they may not see; how many is not said either.
            let deals = if hidden == 1 { "a deal" } else { "deals" };
            return Err(StoreError::Refused(format!(
                "This {what} is linked to {deals} you cannot see, so you cannot delete it. \
                 Ask an admin, or the owner of those deals, to delete it."
            )));
        }
        let mut changes = Vec::new();
        for (deal_id, _) in ids {
            let id = OpportunityId(deal_id);
            let Some(deal) = lock(&mut tx, id).await? else {
                continue;
            };
            let entry = match record {
                LinkedTo::Contact(contact) => link_contact(&mut tx, id, contact, false).await?,
                LinkedTo::Company(company) => link_company(&mut tx, id, company, false).await?,
            };
            if let Some(entry) = entry {
                record_link(&mut tx, actor, id, entry, now).await?;
                changes.push(Announcement::changed(&mut tx, deal.card).await?);
            }
        }
        sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
            .bind(record.id())
            .execute(&mut *tx)
            .await?;
        self.commit_and_announce(tx, actor, changes).await
    }
}
