//! What every side-panel form reads: the step's key (its fields' errors are named
//! `steps.<key>.<field>`), the merge fields it may use, and the workspace's names.
use super::inputs::FieldError;
use crate::api::AppError;
use crate::domain::account::UserId;
use crate::domain::board::Pipeline;
use crate::domain::pipeline::PipelineId;
use leptos::prelude::*;

#[derive(Clone)]
pub struct FormContext {
    pub key: u32,
    pub merge: Vec<String>,
    pub pipelines: Vec<Pipeline>,
    pub users: Vec<(UserId, String)>,
    pub error: RwSignal<Option<AppError>>,
}

impl FormContext {
    /// The last save's problem with this step's `field`.
    pub fn err(&self, field: &'static str) -> FieldError {
        let (error, name) = (self.error, format!("steps.{}.{field}", self.key));
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.for_field(&name))))
    }

    pub fn pipeline_options(&self) -> Vec<(String, String)> {
        self.pipelines
            .iter()
            .map(|p| (p.id.0.to_string(), p.name.clone()))
            .collect()
    }

    /// The stages of `pipeline`, or of every pipeline ("Sales · Won") when none is
    /// chosen, led by `first` (an empty choice) when given.
    pub fn stage_options(
        &self,
        pipeline: Option<PipelineId>,
        first: Option<&str>,
    ) -> Vec<(String, String)> {
        let mut options: Vec<(String, String)> = first
            .map(|f| (String::new(), f.to_string()))
            .into_iter()
            .collect();
        for p in &self.pipelines {
            if pipeline.is_some_and(|id| id != p.id) {
                continue;
            }
            options.extend(p.stages.iter().map(|s| {
                let label = if pipeline.is_some() {
                    s.name.clone()
                } else {
                    format!("{} · {}", p.name, s.name)
                };
                (s.id.0.to_string(), label)
            }));
        }
        options
    }

    pub fn user_options(&self) -> Vec<(String, String)> {
        self.users
            .iter()
            .map(|(id, name)| (id.0.to_string(), name.clone()))
            .collect()
    }
}
