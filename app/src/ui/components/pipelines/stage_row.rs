use super::editor::{EditorState, RemovingStage};
use crate::api::pipelines::{remove_stage, update_stage};
use crate::api::usage::Removal;
use crate::api::AppError;
use crate::domain::board::Stage;
use crate::ui::components::dialog::{ask_usage, needs_warning};
use crate::ui::components::forms::FormError;
use crate::ui::components::shell::Toast;
use crate::ui::dom::{attribute_at_point, scroll_window_near_edge};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// An open stage: drag handle, name, close probability, and the X that removes it.
#[component]
pub(super) fn StageRow(stage: Stage, state: EditorState) -> impl IntoView {
    let id = stage.id;
    let name = stage.name.clone();
    let pipeline_id = stage.pipeline_id.0;
    let draft_name = RwSignal::new(stage.name.clone());
    let draft_probability = RwSignal::new(stage.probability.percent().to_string());
    let error = RwSignal::new(None::<AppError>);
    let dragging = RwSignal::new(false);
    let over = state.drop_at;
    let handle_id = format!("stage-{}-handle", id.0);
    let index = move || {
        state
            .pipeline
            .with(|p| {
                p.stages
                    .iter()
                    .filter(|s| !s.kind.is_closed())
                    .position(|s| s.id == id)
            })
            .unwrap_or(0)
    };

    let save = move || {
        let (name, probability) = (
            draft_name.get_untracked(),
            draft_probability.get_untracked(),
        );
        spawn_saving(async move {
            match update_stage(id.0, name, probability).await {
                Ok(saved) => {
                    error.set(None);
                    state.pipeline.set(saved);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    // Published workflows that name the stage are named before it goes; a stage with
    // deals asks where they go. Otherwise it is removed at once.
    let remove = {
        let name = name.clone();
        let stage = stage.clone();
        move |_| {
            let (name, stage) = (name.clone(), stage.clone());
            spawn_saving(async move {
                let usage = ask_usage(Removal::Stage, id.0).await;
                if needs_warning(&usage) {
                    let question = None;
                    state.removing.set(Some(RemovingStage {
                        stage,
                        question,
                        usage,
                    }));
                    return;
                }
                match remove_stage(id.0, None).await {
                    Ok(saved) => {
                        Toast::success(format!("{name} removed."));
                        state.pipeline.set(saved);
                    }
                    Err(err) => match err.for_field("move_to") {
                        Some(question) => state.removing.set(Some(RemovingStage {
                            stage,
                            question: Some(question),
                            usage,
                        })),
                        None => Toast::error(err.to_string()),
                    },
                }
            });
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let to = match ev.key().as_str() {
            "ArrowUp" => index().checked_sub(1),
            "ArrowDown" => Some(index() + 1),
            _ => None,
        };
        if let Some(to) = to {
            ev.prevent_default();
            state.reorder(id, to);
        }
    };
    let row_at = |ev: &leptos::ev::PointerEvent| {
        attribute_at_point(
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
            "data-open-stage-index",
        )
        .and_then(|i| i.parse::<usize>().ok())
    };
    let field_error =
        move |field: &'static str| move || error.get().and_then(|e| e.for_field(field));

    view! {
        <li
            class="stage-row"
            class:dragging=dragging
            class:drop-here=move || over.get().is_some_and(|at| at == index()) && !dragging.get()
            aria-label=name.clone()
            data-open-stage-index=index
            data-stage-row=id.0
        >
            <button
                type="button"
                id=handle_id
                class="drag-handle"
                aria-label=format!("Reorder {name}")
                aria-describedby=format!("pipeline-{pipeline_id}-reorder-help")
                on:keydown=on_key
                on:pointerdown=move |ev| {
                    if ev.button() == 0 {
                        dragging.set(true);
                        #[cfg(feature = "hydrate")]
                        {
                            use wasm_bindgen::JsCast;
                            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                let _ = el.set_pointer_capture(ev.pointer_id());
                            }
                        }
                    }
                }
                on:pointermove=move |ev| {
                    if dragging.get_untracked() {
                        scroll_window_near_edge(f64::from(ev.client_y()));
                        over.set(row_at(&ev));
                    }
                }
                on:pointerup=move |_| {
                    if dragging.get_untracked() {
                        dragging.set(false);
                        if let Some(to) = over.get_untracked() {
                            state.reorder(id, to);
                        }
                        over.set(None);
                    }
                }
                on:pointercancel=move |_| {
                    dragging.set(false);
                    over.set(None);
                }
            >
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M9 5h.01M15 5h.01M9 12h.01M15 12h.01M9 19h.01M15 19h.01" />
                </svg>
            </button>
            <div class="stage-fields">
                <div class="field">
                    <label class="visually-hidden" for=format!("stage-{}-name", id.0)>"Stage name"</label>
                    <input
                        id=format!("stage-{}-name", id.0)
                        type="text"
                        prop:value=draft_name
                        on:input=move |ev| draft_name.set(event_target_value(&ev))
                        on:change=move |_| save()
                        aria-invalid=move || field_error("name")().is_some().then_some("true")
                        aria-describedby=move || field_error("name")().map(|_| format!("stage-{}-name-error", id.0))
                    />
                </div>
                <div class="field field-probability">
                    <label class="visually-hidden" for=format!("stage-{}-probability", id.0)>"Close probability"</label>
                    <div class="input-suffix">
                        <input
                            id=format!("stage-{}-probability", id.0)
                            type="text"
                            inputmode="numeric"
                            prop:value=draft_probability
                            on:input=move |ev| draft_probability.set(event_target_value(&ev))
                            on:change=move |_| save()
                            aria-invalid=move || field_error("probability")().is_some().then_some("true")
                            aria-describedby=move || field_error("probability")().map(|_| format!("stage-{}-probability-error", id.0))
                        />
                        <span aria-hidden="true">"%"</span>
                    </div>
                </div>
                // Under both fields, across the row: a narrow column would break the sentence into scraps.
                {move || field_error("name")().map(|m| field_problem(format!("stage-{}-name-error", id.0), m))}
                {move || field_error("probability")().map(|m| field_problem(format!("stage-{}-probability-error", id.0), m))}
                <FormError errors=error.into() fields=&["name", "probability"] />
            </div>
            <button type="button" class="icon-button" aria-label=format!("Remove {name}") on:click=remove>
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M6 6l12 12M18 6L6 18" />
                </svg>
            </button>
        </li>
    }
}

/// What is wrong with a stage's name or probability, under the row's fields and as wide as
/// all of them (the fields it names point at it with `aria-describedby`).
pub(super) fn field_problem(id: String, message: String) -> impl IntoView {
    view! { <p class="field-error field-problem" id=id role="alert">{message}</p> }
}

/// `Closed Won` or `Closed Lost`: fixed, shown for completeness.
#[component]
pub(super) fn ClosedStageRow(stage: Stage) -> impl IntoView {
    view! {
        <li class="stage-row stage-row-fixed" aria-label=stage.name.clone()>
            <span class="drag-handle-placeholder" aria-hidden="true"></span>
            <div class="stage-fields">
                <span class="stage-fixed-name">{stage.name.clone()}</span>
                <span class="stage-fixed-probability">{format!("{}%", stage.probability.percent())}</span>
            </div>
            <span class="badge badge-muted" title="Every pipeline ends with Closed Won and Closed Lost.">"Fixed"</span>
        </li>
    }
}
