//! Creating, editing, publishing, deactivating workflows and restoring versions: admins
//! only, checked here on every call.
use crate::api::AppError;
use crate::domain::account::UserId;
use crate::domain::board::Pipeline;
use crate::domain::workflow::listing::{
    SavedDraft, VersionSummary, Workflow, WorkflowId, WorkflowOverview, WorkflowSummary,
};
use crate::domain::workflow::merge::CustomFieldKeys;
use crate::domain::workflow::validate::Problem;
use crate::domain::workflow::Definition;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A workflow as the builder opens it: the draft, the version that runs, every version,
/// what stops the draft from being published, and the names its steps refer to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowDetail {
    pub workflow: Workflow,
    /// Newest first.
    pub versions: Vec<VersionSummary>,
    pub problems: Vec<Problem>,
    /// Worth a look before publishing, but not stopping it.
    pub warnings: Vec<Problem>,
    pub pipelines: Vec<Pipeline>,
    pub users: Vec<(UserId, String)>,
    pub keys: CustomFieldKeys,
    /// The workspace's time zone and loop-guard limits, which every workflow runs by.
    pub settings: crate::domain::settings::WorkflowSettings,
}

#[server(endpoint = "workflows/list")]
pub async fn list_workflows() -> Result<Vec<WorkflowSummary>, AppError> {
    use crate::api::context::{require_admin, store};
    require_admin()?;
    Ok(store()?.workflows().await?)
}

/// The Automation list: every workflow with its triggers in words and its last week;
/// with `search`, those whose name or a trigger's words contain it (any case).
#[server(endpoint = "workflows/overview")]
pub async fn list_automations(search: String) -> Result<Vec<WorkflowOverview>, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::text::search_text;
    require_admin()?;
    let wanted = search_text(&search)
        .map_err(|e| AppError::invalid("q", e))?
        .to_lowercase();
    let mut all = store()?.workflow_overviews().await?;
    if !wanted.is_empty() {
        all.retain(|w| {
            w.summary.name.to_lowercase().contains(&wanted)
                || w.triggers
                    .iter()
                    .any(|t| t.to_lowercase().contains(&wanted))
        });
    }
    Ok(all)
}

#[server(endpoint = "workflows/get")]
pub async fn load_workflow(id: i64) -> Result<WorkflowDetail, AppError> {
    use crate::api::context::{require_admin, store};
    require_admin()?;
    let store = store()?;
    let id = WorkflowId(id);
    let context = store.builder_context(id).await?;
    Ok(WorkflowDetail {
        workflow: context.workflow,
        versions: store.workflow_versions(id).await?,
        problems: context.problems,
        warnings: context.warnings,
        pipelines: context.workspace.pipelines,
        users: context
            .workspace
            .users
            .into_iter()
            .filter(|u| u.active)
            .map(|u| (u.id, u.name))
            .collect(),
        keys: context.keys,
        settings: store.workflow_settings().await?,
    })
}

/// Creates a draft; it runs once published.
#[server(endpoint = "workflows/create", input = Json)]
pub async fn create_workflow(definition: Definition) -> Result<WorkflowId, AppError> {
    use crate::api::context::{require_admin, store};
    let admin = require_admin()?;
    Ok(store()?.create_workflow(admin.id, &definition).await?)
}

/// Saves the draft, refused with each problem at its field when a step's merge fields,
/// wait or webhook address cannot work; answers with what still stops publishing. A
/// published workflow keeps running its published version.
#[server(endpoint = "workflows/save", input = Json)]
pub async fn save_workflow_draft(id: i64, definition: Definition) -> Result<SavedDraft, AppError> {
    use crate::api::context::{require_admin, store};
    let admin = require_admin()?;
    Ok(store()?
        .save_workflow(WorkflowId(id), admin.id, &definition)
        .await?)
}

/// Publishes the draft as the next version; returns its number. Refused with every
/// problem at its field (`steps.<key>.<field>` for a step's).
#[server(endpoint = "workflows/publish")]
pub async fn publish_workflow(id: i64) -> Result<i64, AppError> {
    use crate::api::context::{require_admin, store};
    let admin = require_admin()?;
    Ok(store()?.publish_workflow(WorkflowId(id), admin.id).await?)
}

/// Stops enrolling records; runs already going finish.
#[server(endpoint = "workflows/deactivate")]
pub async fn deactivate_workflow(id: i64) -> Result<(), AppError> {
    use crate::api::context::{require_admin, store};
    let admin = require_admin()?;
    Ok(store()?
        .deactivate_workflow(WorkflowId(id), admin.id)
        .await?)
}

/// Every published version, newest first, with what changed since the one before.
#[server(endpoint = "workflows/versions")]
pub async fn workflow_version_history(
    id: i64,
) -> Result<Vec<crate::domain::workflow::listing::VersionEntry>, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::workflow::describe::Names;
    use crate::domain::workflow::diff::version_changes;
    use crate::domain::workflow::listing::VersionEntry;
    require_admin()?;
    let store = store()?;
    let versions = store.workflow_version_definitions(WorkflowId(id)).await?;
    let workspace = store.workflow_workspace().await?;
    let users: Vec<(UserId, String)> = workspace
        .users
        .iter()
        .map(|u| (u.id, u.name.clone()))
        .collect();
    let names = Names {
        pipelines: &workspace.pipelines,
        users: &users,
    };
    let mut entries = Vec::with_capacity(versions.len());
    let mut before: Option<&Definition> = None;
    for (summary, definition) in &versions {
        let changes = match before {
            Some(before) => version_changes(before, definition, &names),
            None => vec!["First version".to_string()],
        };
        entries.push(VersionEntry {
            summary: summary.clone(),
            changes,
        });
        before = Some(definition);
    }
    entries.reverse();
    Ok(entries)
}

/// Makes version `version` the draft again (publish to run it); returns that draft.
#[server(endpoint = "workflows/restore")]
pub async fn restore_workflow_version(id: i64, version: i64) -> Result<Definition, AppError> {
    use crate::api::context::{require_admin, store};
    let admin = require_admin()?;
    Ok(store()?
        .restore_workflow_version(WorkflowId(id), admin.id, version)
        .await?)
}

/// What the template gallery offers to choose from: the pipelines with their stages and
/// the active users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GalleryChoices {
    pub pipelines: Vec<Pipeline>,
    pub users: Vec<(UserId, String)>,
}

#[server(endpoint = "workflows/template-choices")]
pub async fn template_choices() -> Result<GalleryChoices, AppError> {
    use crate::api::context::{require_admin, store};
    require_admin()?;
    let workspace = store()?.workflow_workspace().await?;
    Ok(GalleryChoices {
        pipelines: workspace.pipelines,
        users: workspace
            .users
            .into_iter()
            .filter(|u| u.active)
            .map(|u| (u.id, u.name))
            .collect(),
    })
}

/// Creates a draft from the template called `name` with the answers to its inputs;
/// refused with what is missing, or when the template cannot be created yet.
#[server(endpoint = "workflows/from-template")]
pub async fn create_from_template(
    name: String,
    pipeline: Option<i64>,
    stage: Option<i64>,
    user: Option<i64>,
    url: String,
) -> Result<WorkflowId, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::pipeline::{PipelineId, StageId};
    use crate::domain::workflow::templates::{by_name, Answers};
    let admin = require_admin()?;
    let template = by_name(&name)
        .ok_or_else(|| AppError::NotFound(format!("There is no template called {name}.")))?;
    let answers = Answers {
        pipeline: pipeline.map(PipelineId),
        stage: stage.map(StageId),
        user: user.map(UserId),
        url,
    };
    let definition = template
        .draft(&answers)
        .map_err(|(field, message)| AppError::invalid(field, message))?;
    Ok(store()?.import_workflow(admin.id, &definition).await?)
}
