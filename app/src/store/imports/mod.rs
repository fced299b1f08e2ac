//! CSV imports: the record of each upload and its life (`records`), the lookups that
//! resolve a chunk of rows (`lookup`), the planning of each row (`plan`), the writes of
//! a chunk with its progress (`write`) and the tags it gives contacts (`tags`), the
//! undo of a whole import (`undo`), and the uploaded file's encoding and deletion
//! (`files`).
mod batch;
pub mod created;
mod files;
pub mod lookup;
mod outcomes;
pub mod plan;
mod records;
mod tags;
pub mod undo;
pub mod write;

pub use outcomes::RowsThat;
pub use records::{ImportRecord, NewImport};

use super::{Store, StoreError};
use crate::domain::custom_field::FieldEntity;
use crate::domain::import::row::Workspace;

impl Store {
    /// The names rows are read against: pipelines, users, custom fields, currency.
    pub async fn import_workspace(&self) -> Result<Workspace, StoreError> {
        let currency = self
            .workspace()
            .await?
            .map(|w| w.currency)
            .ok_or(StoreError::NotFound("workspace"))?;
        Ok(Workspace {
            pipelines: self.pipelines().await?,
            users: self.users().await?,
            fields: self.custom_fields(FieldEntity::Opportunity).await?,
            currency,
        })
    }

    /// Whether every one of `ids` is the ID of a deal here (any text that is not a
    /// whole number is not).
    pub async fn all_deal_ids_exist(&self, ids: &[String]) -> Result<bool, StoreError> {
        let mut wanted: Vec<String> = ids.to_vec();
        wanted.sort();
        wanted.dedup();
        if wanted.iter().any(|id| id.parse::<i64>().is_err()) {
            return Ok(false);
        }
        let mut conn = self.pool().acquire().await?;
        let sql = "SELECT id FROM opportunities WHERE id IN ({in})";
        let found: Vec<(i64,)> = lookup::select_in(&mut conn, sql, &wanted, true).await?;
        Ok(found.len() == wanted.len())
    }
}
