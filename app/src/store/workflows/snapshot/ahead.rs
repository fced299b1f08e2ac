//! The records of many runs or changes read at once, a few statements a batch.
use super::super::super::StoreError;
use super::{contact_of, ContactRow, DealRow, CONTACT_SELECT, DEAL_SNAPSHOT};
use crate::domain::board::{ContactId, OpportunityId};
use crate::domain::workflow::{ContactSnapshot, DealSnapshot};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// `$1, $2, …`: `n` numbered placeholders.
fn numbered(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ids a batch reads at once, per statement.
const IDS_A_STATEMENT: usize = 500;

/// The deals with these ids as they are now (a deleted one is simply not there).
pub(crate) async fn deals_in(
    conn: &mut AnyConnection,
    ids: &[OpportunityId],
) -> Result<Vec<DealSnapshot>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_A_STATEMENT) {
        let sql = format!(
            "{DEAL_SNAPSHOT} WHERE o.id IN ({}) ORDER BY o.created_at, o.id",
            numbered(chunk.len())
        );
        let mut query = sqlx::query_as::<_, DealRow>(&sql);
        for id in chunk {
            query = query.bind(id.0);
        }
        for row in query.fetch_all(&mut *conn).await? {
            out.push(row.snapshot()?);
        }
    }
    Ok(out)
}

/// The contacts with these ids as they are now (a deleted one is simply not there).
pub(crate) async fn contacts_in(
    conn: &mut AnyConnection,
    ids: &[ContactId],
) -> Result<Vec<ContactSnapshot>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_A_STATEMENT) {
        let sql = format!("{CONTACT_SELECT} WHERE id IN ({})", numbered(chunk.len()));
        let mut query = sqlx::query_as::<_, ContactRow>(&sql);
        for id in chunk {
            query = query.bind(id.0);
        }
        out.extend(
            query
                .fetch_all(&mut *conn)
                .await?
                .into_iter()
                .map(contact_of),
        );
    }
    Ok(out)
}

/// `deal_with_contact` for many deals at once, where nobody else can change them
/// meanwhile (SQLite's writer): each deal that exists, with its primary contact.
pub(crate) async fn deals_with_contacts(
    conn: &mut AnyConnection,
    deals: &[OpportunityId],
) -> Result<HashMap<OpportunityId, Option<ContactId>>, StoreError> {
    let mut out = HashMap::with_capacity(deals.len());
    for chunk in deals.chunks(IDS_A_STATEMENT) {
        let sql = format!(
            "SELECT o.id, (SELECT c.contact_id FROM opportunity_contacts c WHERE c.opportunity_id = o.id \
             ORDER BY c.is_primary DESC, c.contact_id LIMIT 1) FROM opportunities o WHERE o.id IN ({})",
            numbered(chunk.len())
        );
        let mut query = sqlx::query_as::<_, (i64, Option<i64>)>(&sql);
        for id in chunk {
            query = query.bind(id.0);
        }
        for (deal, contact) in query.fetch_all(&mut *conn).await? {
            out.insert(OpportunityId(deal), contact.map(ContactId));
        }
    }
    Ok(out)
}
