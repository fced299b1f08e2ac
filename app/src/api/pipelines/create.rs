use crate::api::AppError;
use crate::domain::board::Pipeline;
use leptos::prelude::*;

/// `Set up a pipeline`: the default pipeline of DOMAIN.md.
#[server(endpoint = "pipelines/set_up")]
pub async fn set_up_pipeline() -> Result<Pipeline, AppError> {
    use crate::api::context::{require_pipeline_manager, store};
    use crate::domain::pipeline::default_stages;
    require_pipeline_manager()?;
    Ok(store()?
        .create_pipeline("Sales Pipeline", &default_stages())
        .await?)
}

/// `Create Pipeline`: a new pipeline with the default stages, ready to edit.
#[server(endpoint = "pipelines/create")]
pub async fn create_pipeline(name: String) -> Result<Pipeline, AppError> {
    use crate::api::context::{require_pipeline_manager, store};
    use crate::domain::pipeline::{default_stages, open_stage_name};
    require_pipeline_manager()?;
    let name = open_stage_name(&name)?;
    Ok(store()?.create_pipeline(&name, &default_stages()).await?)
}

#[server(endpoint = "pipelines/rename")]
pub async fn rename_pipeline(id: i64, name: String) -> Result<Pipeline, AppError> {
    use crate::api::context::{require_pipeline_manager, store};
    use crate::domain::pipeline::{open_stage_name, PipelineId};
    require_pipeline_manager()?;
    let name = open_stage_name(&name)?;
    Ok(store()?.rename_pipeline(PipelineId(id), &name).await?)
}
