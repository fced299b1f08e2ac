//! The `companies` table. Deleting a company unlinks it from its deals through the
//! opportunity service (each deal's log says so); its contacts stay, without a company.
use super::opportunities::board::Viewer;
use super::opportunities::conditions::visible_sql;
use super::opportunities::list::LinkedTo;
use super::{search_pattern, RecordSql, Store, StoreError};
use crate::domain::board::Named;
use crate::domain::change::Actor;
use crate::domain::company::{CompanyFields, CompanyId, CompanyRecord};
use crate::domain::records::{RecordPage, RecordQuery};
use sqlx::FromRow;

#[derive(FromRow)]
struct CompanyRow {
    id: i64,
    name: String,
    domain: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    contacts: i64,
    deals: i64,
    created_at: i64,
}

impl From<CompanyRow> for CompanyRecord {
    fn from(row: CompanyRow) -> CompanyRecord {
        CompanyRecord {
            id: CompanyId(row.id),
            name: row.name,
            domain: row.domain,
            phone: row.phone,
            address: row.address,
            contacts: row.contacts,
            deals: row.deals,
            created_at: row.created_at,
        }
    }
}

/// Companies with their counts of contacts and of the deals `viewer` may see.
fn company_select(viewer: Viewer) -> String {
    format!(
        "SELECT co.id, co.name, co.domain, co.phone, co.address, \
         (SELECT COUNT(*) FROM contacts cc WHERE cc.company_id = co.id) AS contacts, \
         (SELECT COUNT(*) FROM opportunity_companies cd JOIN opportunities o ON o.id = cd.opportunity_id \
          WHERE cd.company_id = co.id AND {}) AS deals, \
         co.created_at FROM companies co",
        visible_sql(viewer)
    )
}

fn order_by(query: &RecordQuery) -> String {
    let dir = if query.descending { "DESC" } else { "ASC" };
    let expr = match query.sort.as_str() {
        "domain" => "co.domain",
        "created" => "co.created_at",
        _ => "LOWER(co.name)",
    };
    format!("({expr} IS NULL), {expr} {dir}, co.id {dir}")
}

impl Store {
    pub async fn company(
        &self,
        id: CompanyId,
        viewer: Viewer,
    ) -> Result<CompanyRecord, StoreError> {
        let sql = format!("{} WHERE co.id = $1", company_select(viewer));
        let row: Option<CompanyRow> = sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        row.map(CompanyRecord::from)
            .ok_or(StoreError::NotFound("company"))
    }

    /// A page of companies whose name or domain contains the search, in the chosen order.
    pub async fn company_page(
        &self,
        query: &RecordQuery,
        viewer: Viewer,
    ) -> Result<RecordPage<CompanyRecord>, StoreError> {
        let select = company_select(viewer);
        let sql = RecordSql {
            select: &select,
            from: "companies co",
            filter: "(LOWER(co.name) LIKE $1 ESCAPE '\\' OR LOWER(COALESCE(co.domain, '')) LIKE $1 ESCAPE '\\')",
            also: None,
            order_by: order_by(query),
        };
        self.record_page(sql, query, <CompanyRecord as From<CompanyRow>>::from)
            .await
    }

    /// Companies whose name starts with `query` (any case), for pickers.
    pub async fn search_companies(
        &self,
        query: &str,
        limit: i64,
    ) -> Result<Vec<Named>, StoreError> {
        let pattern = search_pattern(query, false)?;
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM companies WHERE LOWER(name) LIKE $1 ESCAPE '\\' OR domain LIKE $1 ESCAPE '\\' \
             ORDER BY name, id LIMIT $2",
        )
        .bind(pattern)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| Named { id, name })
            .collect())
    }

    /// The contacts who work at a company, by name.
    pub async fn company_contacts(&self, id: CompanyId) -> Result<Vec<Named>, StoreError> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM contacts WHERE company_id = $1 ORDER BY name, id LIMIT 500",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| Named { id, name })
            .collect())
    }

    /// Creates a company, or saves every field of an existing one (`id`).
    pub async fn save_company(
        &self,
        id: Option<CompanyId>,
        fields: &CompanyFields,
    ) -> Result<CompanyId, StoreError> {
        let query = match id {
            None => sqlx::query_as::<_, (i64,)>(
                "INSERT INTO companies (name, domain, phone, address, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            ),
            Some(_) => sqlx::query_as::<_, (i64,)>(
                "UPDATE companies SET name = $1, domain = $2, phone = $3, address = $4, updated_at = $5 \
                 WHERE id = $6 RETURNING id",
            ),
        }
        .bind(&fields.name)
        .bind(fields.domain.clone())
        .bind(fields.phone.clone())
        .bind(fields.address.clone())
        .bind(self.now());
        let query = match id {
            Some(id) => query.bind(id.0),
            None => query,
        };
        let row = query.fetch_optional(self.pool()).await?;
        row.map(|(id,)| CompanyId(id))
            .ok_or(StoreError::NotFound("company"))
    }

    /// Deletes a company; its deals stay, each unlinked with an entry in its log.
    pub async fn delete_company(&self, actor: Actor, id: CompanyId) -> Result<(), StoreError> {
        self.delete_linked(actor, LinkedTo::Company(id)).await
    }
}
