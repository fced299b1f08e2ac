use crate::api::AppError;
use crate::domain::board::Pipeline;
use leptos::prelude::*;

/// Removes an open stage; a stage holding deals needs `move_to`, the stage they go to.
#[server(endpoint = "pipelines/remove_stage")]
pub async fn remove_stage(id: i64, move_to: Option<i64>) -> Result<Pipeline, AppError> {
    use crate::api::context::{require_pipeline_manager, store};
    use crate::domain::change::Actor;
    use crate::domain::pipeline::StageId;
    let user = require_pipeline_manager()?;
    Ok(store()?
        .remove_stage(Actor::User(user.id), StageId(id), move_to.map(StageId))
        .await?)
}

/// Deletes a pipeline, moving its deals to `move_to` or leaving them unattached.
/// Returns how many deals were moved or left.
#[server(endpoint = "pipelines/delete")]
pub async fn delete_pipeline(id: i64, move_to: Option<i64>) -> Result<usize, AppError> {
    use crate::api::context::{require_pipeline_manager, store};
    use crate::domain::change::Actor;
    use crate::domain::pipeline::PipelineId;
    let user = require_pipeline_manager()?;
    Ok(store()?
        .delete_pipeline(
            Actor::User(user.id),
            PipelineId(id),
            move_to.map(PipelineId),
        )
        .await?)
}
