use super::delete_dialog::DeletePipelineDialog;
use super::remove_stage_dialog::RemoveStageDialog;
use super::stage_row::{field_problem, ClosedStageRow, StageRow};
use crate::api::pipelines::{add_stage, rename_pipeline, reorder_stages, PipelineSettings};
use crate::api::usage::Removal;
use crate::api::AppError;
use crate::domain::board::{Pipeline, Stage};
use crate::domain::pipeline::StageId;
use crate::ui::components::dialog::{ask_usage, Usage};
use crate::ui::components::forms::FormError;
use crate::ui::components::shell::Toast;
use crate::ui::dom::{focus_later, is_focused};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// What the editor shares with its stage rows.
#[derive(Clone, Copy)]
pub(super) struct EditorState {
    pub pipeline: RwSignal<Pipeline>,
    /// The stage whose removal is waiting for its confirmation.
    pub removing: RwSignal<Option<RemovingStage>>,
    /// Read out to screen readers after a keyboard reorder.
    pub announcement: RwSignal<String>,
    /// While a stage is dragged: the position it would drop at.
    pub drop_at: RwSignal<Option<usize>>,
    /// The latest order not yet sent, while an earlier one is being saved. Orders are
    /// saved one at a time, newest last, so quick key presses cannot land out of order.
    unsaved: StoredValue<Option<Vec<i64>>>,
    /// The handle of the stage moved last, to keep focus on.
    moved_handle: StoredValue<String>,
    saving: StoredValue<bool>,
}

/// A stage removal that needs the person first: published workflows name the stage, or
/// it holds deals and they need somewhere to go.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RemovingStage {
    pub stage: Stage,
    /// "Proposal holds 2 deals. Choose the stage they move to.", once the server asked.
    pub question: Option<String>,
    pub usage: Usage,
}

impl EditorState {
    /// Moves an open stage to `to` (an index among the open stages) and saves the order.
    pub fn reorder(self, stage: StageId, to: usize) {
        let pipeline = self.pipeline.get_untracked();
        let mut open: Vec<Stage> = pipeline
            .stages
            .iter()
            .filter(|s| !s.kind.is_closed())
            .cloned()
            .collect();
        let Some(from) = open.iter().position(|s| s.id == stage) else {
            return;
        };
        let to = to.min(open.len() - 1);
        if from == to {
            return;
        }
        let moved = open.remove(from);
        let name = moved.name.clone();
        open.insert(to, moved);
        let order: Vec<i64> = open.iter().map(|s| s.id.0).collect();
        let count = open.len();
        let closed = pipeline
            .stages
            .iter()
            .filter(|s| s.kind.is_closed())
            .cloned();
        self.pipeline.set(Pipeline {
            stages: open.into_iter().chain(closed).collect(),
            ..pipeline.clone()
        });
        self.announcement
            .set(format!("{name} moved to position {} of {count}.", to + 1));
        // Moving a row in the page takes focus off its handle; give it back.
        let handle = format!("stage-{}-handle", stage.0);
        focus_later(handle.clone());
        self.unsaved.set_value(Some(order));
        self.moved_handle.set_value(handle);
        if !self.saving.get_value() {
            self.save_order(pipeline);
        }
    }

    /// Sends the newest unsaved order, then any that arrived meanwhile; on a refusal the
    /// list goes back to `before`, the order last known to be saved.
    fn save_order(self, before: Pipeline) {
        self.saving.set_value(true);
        spawn_saving(async move {
            let mut last = None;
            while let Some(order) = self.unsaved.try_update_value(Option::take).flatten() {
                match reorder_stages(before.id.0, order).await {
                    Ok(saved) => last = Some(saved),
                    Err(err) => {
                        self.unsaved.set_value(None);
                        self.pipeline.set(before.clone());
                        Toast::error(err.to_string());
                        last = None;
                        break;
                    }
                }
            }
            self.saving.set_value(false);
            if let Some(saved) = last {
                let handle = self.moved_handle.get_value();
                let focused = is_focused(&handle);
                self.pipeline.set(saved);
                self.announcement.update(|a| a.push_str(" Saved."));
                if focused {
                    focus_later(handle);
                }
            }
        });
    }
}

#[component]
pub fn PipelineEditor(
    settings: PipelineSettings,
    /// Every pipeline (to offer as a destination when this one is deleted).
    all: Vec<Pipeline>,
    /// Called after this pipeline is deleted.
    #[prop(into)]
    on_deleted: Callback<()>,
) -> impl IntoView {
    let state = EditorState {
        pipeline: RwSignal::new(settings.pipeline.clone()),
        removing: RwSignal::new(None),
        announcement: RwSignal::new(String::new()),
        drop_at: RwSignal::new(None),
        unsaved: StoredValue::new(None),
        saving: StoredValue::new(false),
        moved_handle: StoredValue::new(String::new()),
    };
    let pipeline = state.pipeline;
    let id = settings.pipeline.id.0;
    let rename_error = RwSignal::new(None::<String>);
    let deleting = RwSignal::new(None::<Usage>);
    let heading_id = format!("pipeline-{id}-heading");
    let labelled_by = heading_id.clone();
    let others: Vec<Pipeline> = all.into_iter().filter(|p| p.id.0 != id).collect();

    let rename = move |name: String| {
        spawn_saving(async move {
            match rename_pipeline(id, name).await {
                Ok(saved) => {
                    rename_error.set(None);
                    Toast::success(format!("Pipeline renamed to {}.", saved.name));
                    pipeline.set(saved);
                }
                Err(err) => rename_error.set(Some(err.to_string())),
            }
        });
    };
    let open_stages = move || {
        pipeline.with(|p| {
            p.stages
                .iter()
                .filter(|s| !s.kind.is_closed())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let closed_stages = move || {
        pipeline.with(|p| {
            p.stages
                .iter()
                .filter(|s| s.kind.is_closed())
                .cloned()
                .collect::<Vec<_>>()
        })
    };

    view! {
        <section class="card pipeline-editor" aria-labelledby=labelled_by>
            <div class="pipeline-editor-head">
                <h2 id=heading_id>{move || pipeline.with(|p| p.name.clone())}</h2>
                <button
                    type="button"
                    class="button button-small button-danger"
                    aria-label=move || format!("Delete {}", pipeline.with(|p| p.name.clone()))
                    on:click=move |_| {
                        leptos::task::spawn_local(async move {
                            deleting.set(Some(ask_usage(Removal::Pipeline, id).await));
                        });
                    }
                >
                    "Delete"
                </button>
            </div>
            <div class="field field-inline">
                <label for=format!("pipeline-{id}-name")>"Pipeline name"</label>
                <input
                    id=format!("pipeline-{id}-name")
                    type="text"
                    prop:value=move || pipeline.with(|p| p.name.clone())
                    aria-invalid=move || rename_error.with(Option::is_some).then_some("true")
                    on:change=move |ev| rename(event_target_value(&ev))
                />
                {move || rename_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <p class="hint" id=format!("pipeline-{id}-reorder-help")>
                "Drag a stage by its handle, or focus the handle and press the Up and Down arrow keys, to change the order."
            </p>
            <ol class="stage-list" aria-label=move || format!("Stages of {}", pipeline.with(|p| p.name.clone()))>
                <For
                    each=open_stages
                    key=|s| s.id
                    children=move |stage| view! { <StageRow stage state /> }
                />
                <For each=closed_stages key=|s| s.id children=move |stage| view! { <ClosedStageRow stage /> } />
            </ol>
            <p class="visually-hidden" role="status" aria-live="polite">{move || state.announcement.get()}</p>
            <AddStageForm pipeline />
            <RemoveStageDialog state />
            <DeletePipelineDialog
                pipeline
                deal_count=settings.deal_count
                others
                deleting
                on_deleted
            />
        </section>
    }
}

#[component]
fn AddStageForm(pipeline: RwSignal<Pipeline>) -> impl IntoView {
    let id = pipeline.with_untracked(|p| p.id.0);
    let name = RwSignal::new(String::new());
    let probability = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        spawn_saving(async move {
            match add_stage(id, name.get_untracked(), probability.get_untracked()).await {
                Ok(saved) => {
                    Toast::success(format!("{} added.", name.get_untracked().trim()));
                    error.set(None);
                    name.set(String::new());
                    probability.set(String::new());
                    pipeline.set(saved);
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let field_error =
        move |field: &'static str| move || error.get().and_then(|e| e.for_field(field));
    view! {
        <form class="add-stage" on:submit=submit>
            <div class="field">
                <label for=format!("pipeline-{id}-new-stage")>"New stage name"</label>
                <input
                    id=format!("pipeline-{id}-new-stage")
                    type="text"
                    prop:value=name
                    on:input=move |ev| name.set(event_target_value(&ev))
                    aria-invalid=move || field_error("name")().is_some().then_some("true")
                    aria-describedby=move || field_error("name")().map(|_| format!("pipeline-{id}-new-stage-error"))
                />
            </div>
            <div class="field field-probability">
                <label for=format!("pipeline-{id}-new-probability")>"Close probability (%)"</label>
                <input
                    id=format!("pipeline-{id}-new-probability")
                    type="text"
                    inputmode="numeric"
                    placeholder="1-99"
                    prop:value=probability
                    on:input=move |ev| probability.set(event_target_value(&ev))
                    aria-invalid=move || field_error("probability")().is_some().then_some("true")
                    aria-describedby=move || field_error("probability")().map(|_| format!("pipeline-{id}-new-probability-error"))
                />
            </div>
            <button type="submit" class="button" disabled=pending>"Add Stage"</button>
            {move || field_error("name")().map(|m| field_problem(format!("pipeline-{id}-new-stage-error"), m))}
            {move || field_error("probability")().map(|m| field_problem(format!("pipeline-{id}-new-probability-error"), m))}
            <FormError errors=error.into() fields=&["name", "probability"] />
        </form>
    }
}
