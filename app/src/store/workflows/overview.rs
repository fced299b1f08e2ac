//! The Automation list: every workflow with its triggers in words, its runs and failures
//! of the last 7 days, and who last edited it; and what the builder shows beside one.
use super::{parse_definition, WorkflowRow, WORKFLOW_COLUMNS, WORKFLOW_FROM};
use crate::domain::workflow::describe::trigger_in_words;
use crate::domain::workflow::listing::{Workflow, WorkflowId, WorkflowOverview, WorkflowState};
use crate::domain::workflow::merge::CustomFieldKeys;
use crate::domain::workflow::plan::Workspace;
use crate::domain::workflow::validate::Problem;
use crate::store::pipelines::load_pipelines;
use crate::store::{Store, StoreError};
use sqlx::FromRow;

const WEEK_MS: i64 = 7 * 86_400_000;

#[derive(FromRow)]
struct OverviewRow {
    #[sqlx(flatten)]
    workflow: WorkflowRow,
    edited_by: Option<String>,
    runs_week: i64,
    failed_week: i64,
}

impl Store {
    pub async fn workflow_overviews(&self) -> Result<Vec<WorkflowOverview>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let pipelines = load_pipelines(&mut *conn, None).await?;
        let since = self.now() - WEEK_MS;
        let rows: Vec<OverviewRow> = sqlx::query_as(&format!(
            "SELECT {WORKFLOW_COLUMNS}, u.name AS edited_by, \
             (SELECT COUNT(*) FROM workflow_runs r WHERE r.workflow_id = w.id AND r.started_at >= $1) AS runs_week, \
             (SELECT COUNT(*) FROM workflow_runs r WHERE r.workflow_id = w.id AND r.started_at >= $1 AND r.status = 'failed') AS failed_week \
             {WORKFLOW_FROM} LEFT JOIN users u ON u.id = w.updated_by ORDER BY lower(w.name), w.id"
        ))
        .bind(since)
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(|row| {
                let summary = row.workflow.summary()?;
                let running = match (&row.workflow.published, summary.state) {
                    (Some(published), WorkflowState::Published) => published.as_str(),
                    _ => row.workflow.draft.as_str(),
                };
                let triggers = parse_definition(running)?
                    .triggers
                    .iter()
                    .map(|t| trigger_in_words(t, &pipelines))
                    .collect();
                Ok(WorkflowOverview {
                    summary,
                    triggers,
                    runs_week: row.runs_week,
                    failed_week: row.failed_week,
                    edited_by: row.edited_by,
                })
            })
            .collect()
    }
}

/// What the builder shows beside a workflow: what stops its draft from being published
/// (the checks `publish_workflow` makes), and the workspace's names its steps use.
pub struct BuilderContext {
    pub workflow: Workflow,
    pub problems: Vec<Problem>,
    /// What is worth a look before publishing but does not stop it.
    pub warnings: Vec<Problem>,
    pub workspace: Workspace,
    pub keys: CustomFieldKeys,
}

impl Store {
    pub async fn builder_context(&self, id: WorkflowId) -> Result<BuilderContext, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let workflow = super::load(&mut conn, id).await?;
        let workspace = super::workspace_in(&mut conn, self.now()).await?;
        let keys = super::custom_field_keys(&mut conn).await?;
        drop(conn);
        let hourly = self.workflow_settings().await?.hourly_entries;
        Ok(BuilderContext {
            problems: super::publish_refusals(&workflow.draft, &workspace, &keys),
            warnings: crate::domain::workflow::reach::flow_warnings(
                &workflow.draft,
                &workspace,
                hourly,
            ),
            workflow,
            workspace,
            keys,
        })
    }
}
