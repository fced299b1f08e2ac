//! Reads for a CSV export: the ids to export in order, then their rows a batch at a time
//! with every field an export column may need, each cell written as an import reads it.
use super::super::{Store, StoreError};
use super::board::Viewer;
use super::conditions::Conditions;
use crate::domain::board::OpportunityId;
use crate::domain::currency::Currency;
use crate::domain::custom_field::{CustomField, FieldKind};
use crate::domain::date::Date;
use crate::domain::import::export::ExportColumn;
use crate::domain::import::{CompanyKey, ContactKey, DealField};
use crate::domain::money::plain_amount;
use crate::domain::opportunity::Status;
use serde_json::{Map, Value};
use sqlx::FromRow;

/// One deal with everything an export column may show.
#[derive(Debug, Clone, FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub external_id: Option<String>,
    pub name: String,
    pub value_minor: i64,
    pub pipeline: Option<String>,
    pub stage: Option<String>,
    pub status: String,
    pub source: Option<String>,
    pub expected_close_date: Option<String>,
    pub owner: Option<String>,
    pub lost_reason: Option<String>,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_external_id: Option<String>,
    pub company_id: Option<i64>,
    pub company_name: Option<String>,
    pub company_domain: Option<String>,
    pub custom_fields: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const EXPORT_SELECT: &str = "SELECT o.id, o.external_id, o.name, o.value_minor, p.name AS pipeline, s.name AS stage, \
     o.status, o.source, o.expected_close_date, u.name AS owner, o.lost_reason, \
     c.id AS contact_id, c.name AS contact_name, c.email AS contact_email, c.external_id AS contact_external_id, \
     co.id AS company_id, co.name AS company_name, co.domain AS company_domain, \
     o.custom_fields, o.created_at, o.updated_at \
     FROM opportunities o \
     LEFT JOIN pipelines p ON p.id = o.pipeline_id \
     LEFT JOIN stages s ON s.id = o.stage_id \
     LEFT JOIN users u ON u.id = o.owner_id \
     LEFT JOIN opportunity_contacts oc ON oc.opportunity_id = o.id AND oc.is_primary = 1 \
     LEFT JOIN contacts c ON c.id = oc.contact_id \
     LEFT JOIN companies co ON co.id = (SELECT MIN(l.company_id) FROM opportunity_companies l WHERE l.opportunity_id = o.id)";

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

/// A custom value as an import reads it back: plain amounts, "Yes", choices by "; ".
fn custom_cell(field: &CustomField, value: Option<&Value>, currency: Currency) -> String {
    match (field.kind, value) {
        (_, None) => String::new(),
        (FieldKind::Checkbox, Some(_)) => "Yes".into(),
        (FieldKind::MultiSelect, Some(Value::Array(items))) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        (_, value) => field.raw(value, currency),
    }
}

fn time(ms: i64) -> String {
    Date::from_unix_ms(ms).to_string()
}

impl ExportRow {
    /// The cell of `column`, written so that importing it gives the same value.
    pub fn cell(&self, column: ExportColumn, fields: &[CustomField], currency: Currency) -> String {
        match column {
            ExportColumn::Field(field) => match field {
                DealField::Id => self.id.to_string(),
                DealField::ExternalId => text(&self.external_id),
                DealField::Name => self.name.clone(),
                DealField::Value => plain_amount(self.value_minor, currency.minor_digits()),
                DealField::Currency => currency.code().to_string(),
                DealField::Pipeline => text(&self.pipeline),
                DealField::Stage => text(&self.stage),
                DealField::Status => Status::from_key(&self.status)
                    .map_or_else(String::new, |s| s.label().to_string()),
                DealField::Source => text(&self.source),
                DealField::ExpectedClose => text(&self.expected_close_date),
                DealField::Owner => text(&self.owner),
                DealField::LostReason => text(&self.lost_reason),
            },
            ExportColumn::Custom(id) => {
                let values: Map<String, Value> =
                    serde_json::from_str(&self.custom_fields).unwrap_or_default();
                fields
                    .iter()
                    .find(|f| f.id == id)
                    .map(|f| custom_cell(f, values.get(&f.key), currency))
                    .unwrap_or_default()
            }
            ExportColumn::Contact(key) => match key {
                ContactKey::Id => self.contact_id.map(|id| id.to_string()).unwrap_or_default(),
                ContactKey::ExternalId => text(&self.contact_external_id),
                ContactKey::Email => text(&self.contact_email),
                ContactKey::Name => text(&self.contact_name),
            },
            ExportColumn::Company(key) => match key {
                CompanyKey::Id => self.company_id.map(|id| id.to_string()).unwrap_or_default(),
                CompanyKey::Name => text(&self.company_name),
                CompanyKey::Domain => text(&self.company_domain),
            },
            ExportColumn::Created => time(self.created_at),
            ExportColumn::Updated => time(self.updated_at),
        }
    }
}

impl Store {
    /// Every deal `viewer` may see, oldest first (an export of everything).
    pub async fn all_visible_ids(&self, viewer: Viewer) -> Result<Vec<OpportunityId>, StoreError> {
        let conditions = Conditions::new(Vec::new()).visible_to(viewer);
        let sql = format!(
            "SELECT o.id FROM opportunities o WHERE {} ORDER BY o.id",
            conditions.clause()
        );
        let ids: Vec<(i64,)> = conditions
            .bind(sqlx::query_as(&sql))
            .fetch_all(self.pool())
            .await?;
        Ok(ids.into_iter().map(|(id,)| OpportunityId(id)).collect())
    }

    /// The export rows of `ids`, in that order (deals deleted meanwhile are left out).
    pub async fn export_rows(&self, ids: &[OpportunityId]) -> Result<Vec<ExportRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{EXPORT_SELECT} WHERE o.id IN ({})",
            placeholders.join(", ")
        );
        let mut query = sqlx::query_as::<_, ExportRow>(&sql);
        for id in ids {
            query = query.bind(id.0);
        }
        let mut rows = query.fetch_all(self.pool()).await?;
        let order: std::collections::HashMap<i64, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.0, i)).collect();
        rows.sort_by_key(|row| order.get(&row.id).copied().unwrap_or(usize::MAX));
        Ok(rows)
    }
}
