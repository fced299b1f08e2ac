//! A workflow's definition as a JSON file: export the draft, import one as a new draft
//! (admins only).
use crate::api::AppError;
use crate::domain::workflow::listing::WorkflowId;
use leptos::prelude::*;

/// The draft's definition as indented JSON.
#[server(endpoint = "workflows/export")]
pub async fn export_workflow(id: i64) -> Result<String, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::workflow::exchange::export_json;
    require_admin()?;
    let workflow = store()?.workflow(WorkflowId(id)).await?;
    Ok(export_json(&workflow.draft))
}

/// Creates a draft from exported JSON, once every pipeline, stage, user and custom field
/// it names exists here. JSON that does not read says where (line and column).
#[server(endpoint = "workflows/import")]
pub async fn import_workflow(json: String) -> Result<WorkflowId, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::workflow::exchange::import_json;
    let admin = require_admin()?;
    let definition = import_json(&json).map_err(|e| AppError::invalid("json", e))?;
    Ok(store()?.import_workflow(admin.id, &definition).await?)
}
