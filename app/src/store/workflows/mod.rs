//! Workflows: drafts, immutable published versions and the index of published triggers
//! the matcher reads; runs and their step log (`runs`); the outbox (`outbox`);
//! enrollment by triggers and by hand (`enroll`); the writes a step makes (`effects`);
//! which published workflows name what (`usage`); and the Automation list (`overview`).
pub mod candidates;
pub mod effects;
pub mod enroll;
pub mod held;
pub mod history;
pub mod inbound;
pub mod outbox;
pub mod overview;
pub mod queue;
pub mod runs;
pub mod snapshot;
mod usage;
mod versions;

use super::pipelines::load_pipelines;
use super::{Store, StoreError};
use crate::domain::account::UserId;
use crate::domain::currency::Currency;
use crate::domain::custom_field::FieldEntity;
use crate::domain::workflow::listing::{
    SavedDraft, Workflow, WorkflowId, WorkflowState, WorkflowSummary,
};
use crate::domain::workflow::merge::CustomFieldKeys;
use crate::domain::workflow::plan::{UserView, Workspace};
use crate::domain::workflow::validate::{
    publish_problems, reference_problems, save_problems, Problem,
};
use crate::domain::workflow::{Definition, TriggerEvent};
use sqlx::{Any, FromRow, Transaction};

#[derive(FromRow)]
struct WorkflowRow {
    id: i64,
    name: String,
    state: String,
    draft: String,
    draft_changed: i64,
    published_version: Option<i64>,
    version_number: Option<i64>,
    published: Option<String>,
    updated_at: i64,
}

/// A `WorkflowRow`'s columns, read from `WORKFLOW_FROM`.
const WORKFLOW_COLUMNS: &str =
    "w.id, w.name, w.state, w.draft, w.draft_changed, w.published_version, \
     v.number AS version_number, v.definition AS published, w.updated_at";
const WORKFLOW_FROM: &str =
    "FROM workflows w LEFT JOIN workflow_versions v ON v.id = w.published_version";

pub(crate) fn parse_definition(json: &str) -> Result<Definition, StoreError> {
    serde_json::from_str(json).map_err(|_| StoreError::corrupt("workflow definition"))
}

impl WorkflowRow {
    fn summary(&self) -> Result<WorkflowSummary, StoreError> {
        Ok(WorkflowSummary {
            id: WorkflowId(self.id),
            name: self.name.clone(),
            state: WorkflowState::from_key(&self.state)
                .ok_or_else(|| StoreError::corrupt("workflow state"))?,
            published_version: self
                .version_number
                .filter(|_| self.published_version.is_some()),
            draft_changed: self.draft_changed != 0,
            updated_at: self.updated_at,
        })
    }

    fn workflow(self) -> Result<Workflow, StoreError> {
        Ok(Workflow {
            summary: self.summary()?,
            draft: parse_definition(&self.draft)?,
            published: self
                .published
                .as_deref()
                .map(parse_definition)
                .transpose()?,
        })
    }
}

/// The key a trigger is indexed under: its `type` as saved (`pipeline_stage_changed`).
pub(crate) fn event_key(event: &TriggerEvent) -> String {
    serde_json::to_value(event)
        .ok()
        .and_then(|v| v.get("type").and_then(|t| t.as_str()).map(str::to_string))
        .unwrap_or_default()
}

impl Store {
    /// The workspace as workflow steps see it now: pipelines, users, settings.
    pub async fn workflow_workspace(&self) -> Result<Workspace, StoreError> {
        let mut conn = self.pool().acquire().await?;
        workspace_in(&mut conn, self.now()).await
    }

    /// Creates a draft; refused, with each thing to fix, when a step's merge fields,
    /// wait or webhook address cannot work (`save_problems`).
    pub async fn create_workflow(
        &self,
        by: UserId,
        definition: &Definition,
    ) -> Result<WorkflowId, StoreError> {
        let mut conn = self.pool().acquire().await?;
        refuse(save_problems(
            definition,
            &custom_field_keys(&mut conn).await?,
        ))?;
        drop(conn);
        let now = self.now();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO workflows (name, state, draft, draft_changed, created_by, updated_by, created_at, updated_at) \
             VALUES ($1, 'draft', $2, 1, $3, $3, $4, $4) RETURNING id",
        )
        .bind(definition.name.trim())
        .bind(to_json(definition))
        .bind(by.0)
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        Ok(WorkflowId(id))
    }

    /// Saves the draft, refused like `create_workflow`; returns it with what still
    /// stops it from being published (a draft may lack a trigger or an action). A
    /// published workflow keeps running its published version.
    pub async fn save_workflow(
        &self,
        id: WorkflowId,
        by: UserId,
        definition: &Definition,
    ) -> Result<SavedDraft, StoreError> {
        // Read before taking the writer (SQLite has one): publishing checks again.
        let mut conn = self.pool().acquire().await?;
        let keys = custom_field_keys(&mut conn).await?;
        let workspace = workspace_in(&mut conn, self.now()).await?;
        drop(conn);
        refuse(save_problems(definition, &keys))?;
        let hourly = self.workflow_settings().await?.hourly_entries;
        let mut tx = self.write_transaction().await?;
        let summary = write_draft(&mut tx, id, by, definition, self.now()).await?;
        tx.commit().await?;
        Ok(SavedDraft {
            summary,
            before_publishing: before_publishing(definition, &workspace, &keys),
            warnings: crate::domain::workflow::reach::flow_warnings(definition, &workspace, hourly),
        })
    }

    /// Freezes the draft as the next version and runs it from now on; runs already
    /// going finish on the version they started on. Refused, with each thing to fix,
    /// when the draft lacks a trigger or an action, names what does not exist, uses a
    /// merge field its step cannot fill, or has a Wait that cannot be timed.
    pub async fn publish_workflow(&self, id: WorkflowId, by: UserId) -> Result<i64, StoreError> {
        let mut tx = self.write_transaction().await?;
        let workflow = load(&mut tx, id).await?;
        let workspace = workspace_in(&mut tx, self.now()).await?;
        let keys = custom_field_keys(&mut tx).await?;
        refuse(publish_refusals(&workflow.draft, &workspace, &keys))?;
        let (number,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM workflow_versions WHERE workflow_id = $1",
        )
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
        let now = self.now();
        let (version,): (i64,) = sqlx::query_as(
            "INSERT INTO workflow_versions (workflow_id, number, definition, published_by, published_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id.0)
        .bind(number)
        .bind(to_json(&workflow.draft))
        .bind(by.0)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        // Changes from before it went live never enroll in it (see migration 0014).
        sqlx::query("UPDATE workflows SET state = 'published', published_version = $1, draft_changed = 0, updated_at = $2, \
             updated_by = $3, live_since = CASE WHEN state = 'published' THEN live_since ELSE $2 END WHERE id = $4")
            .bind(version)
            .bind(now)
            .bind(by.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        index_triggers(&mut tx, id, Some((version, &workflow.draft))).await?;
        tx.commit().await?;
        Ok(number)
    }

    /// Stops enrolling records; runs already going finish on their version.
    pub async fn deactivate_workflow(&self, id: WorkflowId, by: UserId) -> Result<(), StoreError> {
        let mut tx = self.write_transaction().await?;
        load(&mut tx, id).await?;
        sqlx::query("UPDATE workflows SET state = 'deactivated', updated_at = $1, updated_by = $2, live_since = NULL WHERE id = $3")
            .bind(self.now())
            .bind(by.0)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        index_triggers(&mut tx, id, None).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn workflow(&self, id: WorkflowId) -> Result<Workflow, StoreError> {
        let mut conn = self.pool().acquire().await?;
        load(&mut conn, id).await
    }

    pub async fn workflows(&self) -> Result<Vec<WorkflowSummary>, StoreError> {
        let rows: Vec<WorkflowRow> = sqlx::query_as(&format!(
            "SELECT {WORKFLOW_COLUMNS} {WORKFLOW_FROM} ORDER BY lower(w.name), w.id"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(WorkflowRow::summary).collect()
    }

    /// Creates a draft from an exported definition, once every pipeline, stage, user
    /// and custom field it names exists here.
    pub async fn import_workflow(
        &self,
        by: UserId,
        definition: &Definition,
    ) -> Result<WorkflowId, StoreError> {
        let workspace = self.workflow_workspace().await?;
        let mut conn = self.pool().acquire().await?;
        let keys = custom_field_keys(&mut conn).await?;
        refuse(reference_problems(definition, &workspace, &keys))?;
        drop(conn);
        self.create_workflow(by, definition).await
    }
}

/// What stops a draft that saves from being published: no trigger or action
/// (`publish_problems`), or a name of what does not exist (`reference_problems`).
fn before_publishing(
    definition: &Definition,
    workspace: &Workspace,
    keys: &CustomFieldKeys,
) -> Vec<Problem> {
    let mut problems = publish_problems(definition);
    problems.extend(reference_problems(definition, workspace, keys));
    problems
}

/// Everything that refuses publishing `definition`: what `before_publishing` lists and
/// what would refuse saving it.
fn publish_refusals(
    definition: &Definition,
    workspace: &Workspace,
    keys: &CustomFieldKeys,
) -> Vec<Problem> {
    let mut problems = before_publishing(definition, workspace, keys);
    problems.extend(save_problems(definition, keys));
    problems
}

fn refuse(problems: Vec<Problem>) -> Result<(), StoreError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Problems(problems))
    }
}

async fn write_draft(
    conn: &mut sqlx::AnyConnection,
    id: WorkflowId,
    by: UserId,
    definition: &Definition,
    now: i64,
) -> Result<WorkflowSummary, StoreError> {
    let current = load(&mut *conn, id).await?;
    let changed = current.published.as_ref() != Some(definition);
    sqlx::query("UPDATE workflows SET name = $1, draft = $2, draft_changed = $3, updated_at = $4, updated_by = $5 WHERE id = $6")
        .bind(definition.name.trim())
        .bind(to_json(definition))
        .bind(i64::from(changed))
        .bind(now)
        .bind(by.0)
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    Ok(load(&mut *conn, id).await?.summary)
}

fn to_json(definition: &Definition) -> String {
    serde_json::to_string(definition).unwrap_or_default()
}

async fn load(conn: &mut sqlx::AnyConnection, id: WorkflowId) -> Result<Workflow, StoreError> {
    let row: Option<WorkflowRow> = sqlx::query_as(&format!(
        "SELECT {WORKFLOW_COLUMNS} {WORKFLOW_FROM} WHERE w.id = $1"
    ))
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?;
    row.ok_or(StoreError::NotFound("workflow"))?.workflow()
}

/// The keys of every custom field, which steps, conditions and merge fields name.
pub(crate) async fn custom_field_keys(
    conn: &mut sqlx::AnyConnection,
) -> Result<CustomFieldKeys, StoreError> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT entity, key FROM custom_fields")
        .fetch_all(&mut *conn)
        .await?;
    let mut keys = CustomFieldKeys::default();
    for (entity, key) in rows {
        match FieldEntity::from_key(&entity) {
            Some(FieldEntity::Opportunity) => keys.opportunity.push(key),
            Some(FieldEntity::Contact) => keys.contact.push(key),
            None => return Err(StoreError::corrupt("custom field entity")),
        }
    }
    Ok(keys)
}

pub(crate) async fn workspace_in(
    conn: &mut sqlx::AnyConnection,
    now_ms: i64,
) -> Result<Workspace, StoreError> {
    let pipelines = load_pipelines(&mut *conn, None).await?;
    let users: Vec<(i64, String, i64)> = sqlx::query_as("SELECT id, name, active FROM users")
        .fetch_all(&mut *conn)
        .await?;
    let (allow, currency): (i64, String) = sqlx::query_as(
        "SELECT allow_multiple_opportunities_per_contact, currency FROM workspace WHERE id = 1",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Workspace {
        pipelines,
        users: users
            .into_iter()
            .map(|(id, name, active)| UserView {
                id: UserId(id),
                name,
                active: active != 0,
            })
            .collect(),
        allow_multiple_per_contact: allow != 0,
        currency_digits: Currency::parse(&currency).map_or(2, |c| c.minor_digits()),
        now_ms,
    })
}

/// Rewrites the trigger index of a workflow: the published version's triggers, or none.
async fn index_triggers(
    tx: &mut Transaction<'_, Any>,
    id: WorkflowId,
    published: Option<(i64, &Definition)>,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM workflow_triggers WHERE workflow_id = $1")
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    let Some((version, definition)) = published else {
        return Ok(());
    };
    for (position, trigger) in definition.triggers.iter().enumerate() {
        let token = match &trigger.event {
            TriggerEvent::InboundWebhook { token, .. } => Some(token.clone()),
            _ => None,
        };
        sqlx::query("INSERT INTO workflow_triggers (workflow_id, version_id, position, event, token) VALUES ($1, $2, $3, $4, $5)")
            .bind(id.0)
            .bind(version)
            .bind(position as i64)
            .bind(event_key(&trigger.event))
            .bind(token)
            .execute(&mut **tx)
            .await
            .map_err(|e| super::unique_or(e, StoreError::invalid("triggers", "Another workflow's Inbound Webhook uses this URL; add the trigger again to get a new one.")))?;
    }
    Ok(())
}
