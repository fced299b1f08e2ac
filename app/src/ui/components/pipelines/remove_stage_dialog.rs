use super::editor::{EditorState, RemovingStage};
use crate::api::pipelines::remove_stage;
use crate::ui::components::dialog::{Modal, UsedByWarning};
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// Asks before a stage is removed: which published workflows name it, and where its
/// deals go. A stage opened only for the warning asks about its deals if the server
/// finds some when it is confirmed.
#[component]
pub(super) fn RemoveStageDialog(state: EditorState) -> impl IntoView {
    let target = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let dialog_id = format!("remove-stage-{}", state.pipeline.with_untracked(|p| p.id.0));
    let close = move || {
        state.removing.set(None);
        error.set(None);
    };
    let question = move || {
        state
            .removing
            .with(|r| r.as_ref().and_then(|r| r.question.clone()))
    };
    let options = move || {
        let removing = state.removing.with(|r| r.as_ref().map(|r| r.stage.id));
        state.pipeline.with(|p| {
            p.stages
                .iter()
                .filter(|s| Some(s.id) != removing)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    Effect::new(move |_| {
        if state.removing.with(Option::is_some) {
            target.set(
                options()
                    .first()
                    .map(|s| s.id.0.to_string())
                    .unwrap_or_default(),
            );
        }
    });
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(removing) = state.removing.get_untracked() else {
            return;
        };
        let move_to = removing
            .question
            .is_some()
            .then(|| target.get_untracked().parse::<i64>().ok())
            .flatten();
        pending.set(true);
        spawn_saving(async move {
            let stage = removing.stage.clone();
            match remove_stage(stage.id.0, move_to).await {
                Ok(saved) => {
                    let deals = if move_to.is_some() {
                        "; its deals moved"
                    } else {
                        ""
                    };
                    Toast::success(format!("{} removed{deals}.", stage.name));
                    state.pipeline.set(saved);
                    close();
                }
                Err(err) => match err.for_field("move_to") {
                    Some(question) => state.removing.set(Some(RemovingStage {
                        question: Some(question),
                        ..removing
                    })),
                    None => error.set(Some(err.to_string())),
                },
            }
            pending.set(false);
        });
    };
    let title = Signal::derive(move || {
        state
            .removing
            .with(|r| r.as_ref().map(|r| format!("Remove {}?", r.stage.name)))
            .unwrap_or_default()
    });
    let usage = Signal::derive(move || {
        state
            .removing
            .with(|r| r.as_ref().map_or(Ok(Vec::new()), |r| r.usage.clone()))
    });
    view! {
        <Modal id=dialog_id open=Signal::derive(move || state.removing.with(Option::is_some)) on_close=move |_| close() title>
            <form class="form" on:submit=confirm>
                {move || {
                    question()
                        .map(|question| {
                            view! {
                                <p>{question}</p>
                                <div class="field">
                                    <label for="remove-stage-target">"Move its deals to"</label>
                                    <select id="remove-stage-target" on:change=move |ev| target.set(event_target_value(&ev))>
                                        {move || {
                                            options()
                                                .into_iter()
                                                .map(|s| {
                                                    let value = s.id.0.to_string();
                                                    view! { <option value=value.clone() selected=move || target.get() == value>{s.name}</option> }
                                                })
                                                .collect_view()
                                        }}
                                    </select>
                                </div>
                            }
                        })
                }}
                <UsedByWarning usage />
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                    <button type="submit" class="button button-danger" disabled=pending>
                        {move || if question().is_some() { "Move deals and remove" } else { "Remove stage" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
