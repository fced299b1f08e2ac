//! Pipeline settings: one editor per pipeline, its stage rows, and the questions asked
//! before a stage or pipeline that holds deals goes away.
mod delete_dialog;
mod editor;
mod remove_stage_dialog;
mod stage_row;

pub use editor::PipelineEditor;

use crate::api::pipelines::SetUpPipeline;
use leptos::prelude::*;

/// `Set up a pipeline`: creates the default pipeline; works without JavaScript too.
#[component]
pub fn SetUpPipelineButton(set_up: ServerAction<SetUpPipeline>) -> impl IntoView {
    view! {
        <ActionForm action=set_up>
            <button type="submit" class="button button-primary" disabled=move || set_up.pending().get()>
                "Set up a pipeline"
            </button>
        </ActionForm>
    }
}
