//! The list view's reads: one page of matching deals in the chosen order, the count of
//! all of them, and each person's chosen columns. The page's ids come from a query on
//! the deals table alone (sorts on name, value, dates walk an index in order); only
//! those 50 rows are then joined to their stage, owner and contact.
use super::super::{Engine, Store, StoreError};
use super::board::Viewer;
use super::conditions::{custom_number, custom_text, Bind, Conditions};
use super::{DealRow, LIST_SELECT};
use crate::domain::account::UserId;
use crate::domain::board::OpportunityId;
use crate::domain::custom_field::{is_valid_key, CustomField};
use crate::domain::list::{ListColumn, ListPage, ListQuery, ListRow, Sort, ROWS_PER_PAGE};
use crate::domain::paging::{offset, page_shown};
use sqlx::FromRow;

/// A contact or company, as the deals linked to it see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedTo {
    Contact(crate::domain::board::ContactId),
    Company(crate::domain::company::CompanyId),
}

impl LinkedTo {
    pub(in crate::store) fn id(self) -> i64 {
        match self {
            LinkedTo::Contact(id) => id.0,
            LinkedTo::Company(id) => id.0,
        }
    }

    /// The ids of its deals, as a subquery with one `?` for its id.
    pub(in crate::store) fn deal_ids_sql(self) -> &'static str {
        match self {
            LinkedTo::Contact(_) => {
                "SELECT lc.opportunity_id FROM opportunity_contacts lc WHERE lc.contact_id = ?"
            }
            LinkedTo::Company(_) => {
                "SELECT lk.opportunity_id FROM opportunity_companies lk WHERE lk.company_id = ?"
            }
        }
    }
}

#[derive(FromRow)]
struct ListRowDb {
    #[sqlx(flatten)]
    deal: DealRow,
    source: Option<String>,
    created_at: i64,
    updated_at: i64,
    custom_fields: String,
}

/// The ORDER BY of a sort, ending with the id so equal values keep one order across
/// pages. Empty values come last in both directions. `field` is the custom field a
/// custom sort is on.
fn order_by(sort: Sort, field: Option<&CustomField>, engine: Engine) -> String {
    let dir = if sort.descending { "DESC" } else { "ASC" };
    let plain = |expr: &str| format!("{expr} {dir}, o.id {dir}");
    let empty_last = |expr: &str| format!("({expr} IS NULL), {expr} {dir}, o.id {dir}");
    match sort.column {
        ListColumn::Name => plain("o.name"),
        ListColumn::Value => plain("o.value_minor"),
        ListColumn::Created => plain("o.created_at"),
        ListColumn::Updated => plain("o.updated_at"),
        ListColumn::ExpectedClose => empty_last("o.expected_close_date"),
        ListColumn::Source => empty_last("o.source"),
        ListColumn::Status => plain(
            "CASE o.status WHEN 'open' THEN 0 WHEN 'won' THEN 1 WHEN 'lost' THEN 2 ELSE 3 END",
        ),
        ListColumn::Owner => empty_last("(SELECT su.name FROM users su WHERE su.id = o.owner_id)"),
        ListColumn::Contact => empty_last(
            "(SELECT sc.name FROM opportunity_contacts soc JOIN contacts sc ON sc.id = soc.contact_id \
             WHERE soc.opportunity_id = o.id AND soc.is_primary = 1)",
        ),
        ListColumn::Pipeline => {
            empty_last("(SELECT sp.name FROM pipelines sp WHERE sp.id = o.pipeline_id)")
        }
        ListColumn::Stage => format!(
            "(o.stage_id IS NULL), o.pipeline_id {dir}, \
             (SELECT ss.position FROM stages ss WHERE ss.id = o.stage_id) {dir}, o.id {dir}"
        ),
        ListColumn::Custom(_) => match field.filter(|f| is_valid_key(&f.key)) {
            Some(f) if f.kind.is_numeric() => {
                empty_last(&custom_number(engine, &f.key))
            }
            Some(f) => empty_last(&custom_text(engine, &f.key)),
            None => plain("o.updated_at"),
        },
    }
}

impl Store {
    /// One page of the deals matching `query` that `viewer` may see (the last page when
    /// the one asked for is past the end), and how many match.
    pub async fn list_page(
        &self,
        query: &ListQuery,
        viewer: Viewer,
    ) -> Result<ListPage, StoreError> {
        let conditions = Conditions::new(Vec::new()).list(query, viewer, self.engine());
        let count_sql = format!(
            "SELECT COUNT(*) FROM opportunities o WHERE {}",
            conditions.clause()
        );
        let (total,): (i64,) = conditions
            .bind(sqlx::query_as(&count_sql))
            .fetch_one(self.pool())
            .await?;
        let page = page_shown(query.page, total, ROWS_PER_PAGE);
        let ids_sql = format!(
            "SELECT o.id FROM opportunities o WHERE {} ORDER BY {} LIMIT {ROWS_PER_PAGE} OFFSET {}",
            conditions.clause(),
            order_by(query.sort, query.sort_field.as_ref(), self.engine()),
            offset(page, ROWS_PER_PAGE)
        );
        let ids: Vec<(i64,)> = conditions
            .bind(sqlx::query_as(&ids_sql))
            .fetch_all(self.pool())
            .await?;
        let ids: Vec<OpportunityId> = ids.into_iter().map(|(id,)| OpportunityId(id)).collect();
        Ok(ListPage {
            rows: self.list_rows(&ids).await?,
            total,
            page,
        })
    }

    /// The ids of every deal matching `query` that `viewer` may see, in the list's order
    /// (bulk "all matching", export).
    pub async fn list_ids(
        &self,
        query: &ListQuery,
        viewer: Viewer,
    ) -> Result<Vec<OpportunityId>, StoreError> {
        let conditions = Conditions::new(Vec::new()).list(query, viewer, self.engine());
        let sql = format!(
            "SELECT o.id FROM opportunities o WHERE {} ORDER BY {}",
            conditions.clause(),
            order_by(query.sort, query.sort_field.as_ref(), self.engine())
        );
        let ids: Vec<(i64,)> = conditions
            .bind(sqlx::query_as(&sql))
            .fetch_all(self.pool())
            .await?;
        Ok(ids.into_iter().map(|(id,)| OpportunityId(id)).collect())
    }

    /// Of `ids`, those `viewer` may see, in ascending order.
    pub async fn visible_ids(
        &self,
        ids: &[OpportunityId],
        viewer: Viewer,
    ) -> Result<Vec<OpportunityId>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conditions = Conditions::new(Vec::new()).visible_to(viewer);
        let placeholders = vec!["?"; ids.len()].join(", ");
        conditions.push(
            &format!("o.id IN ({placeholders})"),
            ids.iter().map(|id| Bind::Int(id.0)).collect(),
        );
        let sql = format!(
            "SELECT o.id FROM opportunities o WHERE {} ORDER BY o.id",
            conditions.clause()
        );
        let rows: Vec<(i64,)> = conditions
            .bind(sqlx::query_as(&sql))
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(|(id,)| OpportunityId(id)).collect())
    }

    /// The deals linked to a contact or company that `viewer` may see, most recently
    /// changed first (a profile shows up to 200).
    pub async fn linked_deals(
        &self,
        link: LinkedTo,
        viewer: Viewer,
    ) -> Result<Vec<ListRow>, StoreError> {
        let mut conditions = Conditions::new(Vec::new()).visible_to(viewer);
        conditions.push(
            &format!("o.id IN ({})", link.deal_ids_sql()),
            vec![Bind::Int(link.id())],
        );
        let sql = format!(
            "SELECT o.id FROM opportunities o WHERE {} ORDER BY o.updated_at DESC, o.id DESC LIMIT 200",
            conditions.clause()
        );
        let ids: Vec<(i64,)> = conditions
            .bind(sqlx::query_as(&sql))
            .fetch_all(self.pool())
            .await?;
        let ids: Vec<OpportunityId> = ids.into_iter().map(|(id,)| OpportunityId(id)).collect();
        self.list_rows(&ids).await
    }

    /// One deal as a row of the list, if `viewer` may see it (the `Edit opportunity`
    /// dialog's current state after a conflict).
    pub async fn list_row(&self, id: OpportunityId, viewer: Viewer) -> Result<ListRow, StoreError> {
        self.card(id, viewer).await?;
        self.list_rows(&[id])
            .await?
            .pop()
            .ok_or(StoreError::NotFound("opportunity"))
    }

    /// The rows of `ids`, in that order.
    async fn list_rows(&self, ids: &[OpportunityId]) -> Result<Vec<ListRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!("{LIST_SELECT} WHERE o.id IN ({})", placeholders.join(", "));
        let mut query = sqlx::query_as::<_, ListRowDb>(&sql);
        for id in ids {
            query = query.bind(id.0);
        }
        let mut rows = Vec::with_capacity(ids.len());
        for row in query.fetch_all(self.pool()).await? {
            let deal = row.deal.into_deal()?;
            rows.push(ListRow {
                card: deal.card,
                lost_reason: deal.lost_reason,
                source: row.source,
                created_at: row.created_at,
                updated_at: row.updated_at,
                custom: serde_json::from_str(&row.custom_fields).unwrap_or_default(),
            });
        }
        rows.sort_by_key(|row| ids.iter().position(|id| *id == row.card.id));
        Ok(rows)
    }

    /// The columns `user` chose for the list, or the default set. `fields` are the
    /// opportunity custom fields: saved columns of removed fields are dropped.
    pub async fn list_columns(
        &self,
        user: UserId,
        fields: &[CustomField],
    ) -> Result<Vec<ListColumn>, StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT columns FROM list_columns WHERE user_id = $1")
                .bind(user.0)
                .fetch_optional(self.pool())
                .await?;
        Ok(match row {
            Some((json,)) => {
                let keys: Vec<String> =
                    serde_json::from_str(&json).map_err(|_| StoreError::corrupt("list columns"))?;
                ListColumn::chosen(&keys, fields)
            }
            None => ListColumn::DEFAULT.to_vec(),
        })
    }

    /// Remembers `user`'s columns, in their order.
    pub async fn save_list_columns(
        &self,
        user: UserId,
        columns: &[ListColumn],
    ) -> Result<(), StoreError> {
        let keys: Vec<String> = columns.iter().map(|c| c.key().into_owned()).collect();
        let json = serde_json::to_string(&keys).map_err(|_| StoreError::corrupt("list columns"))?;
        sqlx::query(
            "INSERT INTO list_columns (user_id, columns) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET columns = excluded.columns",
        )
        .bind(user.0)
        .bind(json)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
