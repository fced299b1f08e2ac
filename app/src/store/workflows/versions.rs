//! A workflow's published versions: who published each and when, their definitions
//! (for what changed between them), and making an old one the draft again.
use super::super::{Store, StoreError};
use super::{parse_definition, write_draft};
use crate::domain::account::UserId;
use crate::domain::workflow::listing::{VersionSummary, WorkflowId};
use crate::domain::workflow::Definition;

impl Store {
    pub async fn workflow_versions(
        &self,
        id: WorkflowId,
    ) -> Result<Vec<VersionSummary>, StoreError> {
        let rows: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT v.number, v.published_at, u.name FROM workflow_versions v \
             LEFT JOIN users u ON u.id = v.published_by WHERE v.workflow_id = $1 ORDER BY v.number DESC",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(number, published_at, published_by)| VersionSummary {
                number,
                published_at,
                published_by,
            })
            .collect())
    }

    /// Every published version with its definition, oldest first.
    pub async fn workflow_version_definitions(
        &self,
        id: WorkflowId,
    ) -> Result<Vec<(VersionSummary, Definition)>, StoreError> {
        let rows: Vec<(i64, i64, Option<String>, String)> = sqlx::query_as(
            "SELECT v.number, v.published_at, u.name, v.definition FROM workflow_versions v \
             LEFT JOIN users u ON u.id = v.published_by WHERE v.workflow_id = $1 ORDER BY v.number",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(number, published_at, published_by, definition)| {
                let summary = VersionSummary {
                    number,
                    published_at,
                    published_by,
                };
                Ok((summary, parse_definition(&definition)?))
            })
            .collect()
    }

    /// Makes an old version the draft again (publish to run it).
    pub async fn restore_workflow_version(
        &self,
        id: WorkflowId,
        by: UserId,
        number: i64,
    ) -> Result<Definition, StoreError> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT definition FROM workflow_versions WHERE workflow_id = $1 AND number = $2",
        )
        .bind(id.0)
        .bind(number)
        .fetch_optional(self.pool())
        .await?;
        let definition = parse_definition(&row.ok_or(StoreError::NotFound("workflow version"))?.0)?;
        // Unchecked: a version that ran is restored as it was; publishing it checks
        // it against the workspace as it is now.
        let mut tx = self.write_transaction().await?;
        write_draft(&mut tx, id, by, &definition, self.now()).await?;
        tx.commit().await?;
        Ok(definition)
    }
}
