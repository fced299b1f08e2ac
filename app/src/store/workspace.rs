//! The `workspace` row: the business this database belongs to, created once with its first admin.
use super::users::{insert, NewUser};
use super::{now_ms, unique_or, Store, StoreError};
use crate::domain::account::{DisplayName, User};
use crate::domain::currency::Currency;
use crate::domain::workspace::Workspace;

impl Store {
    pub async fn workspace(&self) -> Result<Option<Workspace>, StoreError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT business_name, currency FROM workspace WHERE id = 1")
                .fetch_optional(self.pool())
                .await?;
        row.map(|(business_name, code)| {
            let currency = Currency::parse(&code)
                .map_err(|e| StoreError::Database(sqlx::Error::Decode(e.to_string().into())))?;
            Ok(Workspace {
                business_name,
                currency,
            })
        })
        .transpose()
    }

    /// Creates the workspace and its first admin together, or neither.
    pub async fn create_workspace(
        &self,
        business_name: &DisplayName,
        currency: Currency,
        admin: &NewUser,
    ) -> Result<User, StoreError> {
        let mut tx = self.write_transaction().await?;
        sqlx::query("INSERT INTO workspace (id, business_name, currency, created_at) VALUES (1, $1, $2, $3)")
            .bind(business_name.as_str())
            .bind(currency.code())
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .map_err(|err| unique_or(err, StoreError::WorkspaceExists))?;
        let user = insert(&mut *tx, admin).await?;
        tx.commit().await?;
        Ok(user)
    }
}
