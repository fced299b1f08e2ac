use crate::api::AppError;
use crate::domain::board::Pipeline;
use leptos::prelude::*;

/// A stage's name and close probability as typed, checked.
#[cfg(feature = "ssr")]
fn stage_fields(
    name: &str,
    probability: &str,
) -> Result<(String, crate::domain::pipeline::Probability), AppError> {
    use crate::domain::pipeline::{open_stage_name, Probability};
    Ok((
        open_stage_name(name)?,
        Probability::parse_open(probability)?,
    ))
}

/// `Add Stage`: a new open stage before Closed Won and Closed Lost.
#[server(endpoint = "pipelines/add_stage")]
pub async fn add_stage(
    pipeline_id: i64,
    name: String,
    probability: String,
) -> Result<Pipeline, AppError> {
    use crate::api::context::{require_pipeline_manager, store};
    use crate::domain::pipeline::PipelineId;
    require_pipeline_manager()?;
    let (name, probability) = stage_fields(&name, &probability)?;
    Ok(store()?
        .add_stage(PipelineId(pipeline_id), &name, probability)
        .await?)
}

/// Renames an open stage and sets its close probability.
#[server(endpoint = "pipelines/update_stage")]
pub async fn update_stage(
    id: i64,
    name: String,
    probability: String,
) -> Result<Pipeline, AppError> {
    use crate::api::context::{require_pipeline_manager, store};
    use crate::domain::pipeline::StageId;
    require_pipeline_manager()?;
    let (name, probability) = stage_fields(&name, &probability)?;
    Ok(store()?
        .update_stage(StageId(id), &name, probability)
        .await?)
}

/// Puts the open stages in this order (Closed Won and Closed Lost stay last).
#[server(endpoint = "pipelines/reorder_stages")]
pub async fn reorder_stages(pipeline_id: i64, order: Vec<i64>) -> Result<Pipeline, AppError> {
    use crate::api::context::{require_pipeline_manager, store};
    use crate::domain::pipeline::{PipelineId, StageId};
    require_pipeline_manager()?;
    let order: Vec<StageId> = order.into_iter().map(StageId).collect();
    Ok(store()?
        .reorder_stages(PipelineId(pipeline_id), &order)
        .await?)
}
