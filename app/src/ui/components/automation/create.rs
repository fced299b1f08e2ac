//! `Create automation`: name the workflow and `Start from Scratch`, or start from a
//! template; either opens in the builder as a draft.
use super::gallery::TemplateGallery;
use crate::api::workflows::create_workflow;
use crate::api::AppError;
use crate::domain::workflow::Definition;
use crate::ui::components::dialog::Modal;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn CreateAutomation(open: RwSignal<bool>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let close = move || {
        open.set(false);
        error.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_string();
        if typed.is_empty() {
            error.set(Some(AppError::invalid(
                "name",
                "Give the automation a name, such as \u{201c}Move to Appointment set when a meeting is booked\u{201d}.",
            )));
            return;
        }
        pending.set(true);
        let navigate = navigate.clone();
        spawn_saving(async move {
            let definition = Definition {
                name: typed,
                ..Definition::default()
            };
            match create_workflow(definition).await {
                Ok(id) => {
                    open.set(false);
                    name.set(String::new());
                    error.set(None);
                    navigate(&format!("/automations/{}", id.0), Default::default());
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let name_error = Signal::derive(move || error.get().and_then(|e| e.for_field("name")));
    let other_error = move || {
        error
            .get()
            .filter(|e| e.for_field("name").is_none())
            .map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })
    };
    view! {
        <Modal id="create-automation" open=open on_close=move |_| close() title="Create automation">
            <form class="form" on:submit=submit novalidate=true>
                <div class="field">
                    <label for="automation-name">"Name"</label>
                    <input
                        id="automation-name"
                        type="text"
                        autocomplete="off"
                        prop:value=name
                        on:input=move |ev| name.set(event_target_value(&ev))
                        aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                        aria-describedby="automation-name-hint"
                    />
                    <p class="hint" id="automation-name-hint">"Shown in the list and in each run's history. You can change it later."</p>
                    {move || name_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                {other_error}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=pending>"Start from Scratch"</button>
                </div>
            </form>
            {move || open.get().then(|| view! { <TemplateGallery open /> })}
        </Modal>
    }
}
