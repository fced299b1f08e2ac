use crate::api::AppError;
use crate::domain::board::Pipeline;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A pipeline on the settings page, with how many of its deals the manager may see (asked
/// about on delete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineSettings {
    pub pipeline: Pipeline,
    pub deal_count: i64,
}

#[server(endpoint = "pipelines/settings")]
pub async fn list_pipeline_settings() -> Result<Vec<PipelineSettings>, AppError> {
    use crate::api::context::{require_pipeline_manager, store, viewer};
    let manager = require_pipeline_manager()?;
    let store = store()?;
    let mut out = Vec::new();
    for pipeline in store.pipelines().await? {
        let deal_count = store
            .pipeline_deal_count(pipeline.id, viewer(&manager))
            .await?;
        out.push(PipelineSettings {
            pipeline,
            deal_count,
        });
    }
    Ok(out)
}
