//! CSV imports: the record of each upload and its life (`records`), the lookups that
//! resolve a chunk of rows (`lookup`), the planning of each row (`plan`), the writes of
//! a chunk with its progress (`write`), the undo of a whole import (`undo`), and the
//! uploaded file's encoding and deletion (`files`).
mod batch;
mod files;
pub mod lookup;
pub mod plan;
mod records;
pub mod undo;
pub mod write;

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
}
