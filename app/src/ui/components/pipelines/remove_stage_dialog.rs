use super::editor::EditorState;
use crate::api::pipelines::remove_stage;
use crate::ui::components::dialog::Modal;
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// Asks where the deals of a stage go before the stage is removed.
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
    let options = move || {
        let removing = state.removing.get().map(|(s, _)| s.id);
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
        let Some((stage, _)) = state.removing.get_untracked() else {
            return;
        };
        let move_to = target.get_untracked().parse::<i64>().ok();
        pending.set(true);
        spawn_saving(async move {
            match remove_stage(stage.id.0, move_to).await {
                Ok(saved) => {
                    Toast::success(format!("{} removed; its deals moved.", stage.name));
                    state.pipeline.set(saved);
                    close();
                }
                Err(err) => error.set(Some(err.to_string())),
            }
            pending.set(false);
        });
    };
    let title = Signal::derive(move || {
        state
            .removing
            .get()
            .map(|(s, _)| format!("Remove {}?", s.name))
            .unwrap_or_default()
    });
    view! {
        <Modal id=dialog_id open=Signal::derive(move || state.removing.with(Option::is_some)) on_close=move |_| close() title>
            <form class="form" on:submit=confirm>
                <p>{move || state.removing.get().map(|(_, question)| question)}</p>
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
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                    <button type="submit" class="button button-danger" disabled=pending>"Move deals and remove"</button>
                </div>
            </form>
        </Modal>
    }
}
