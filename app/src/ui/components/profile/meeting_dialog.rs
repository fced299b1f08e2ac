//! `Edit meeting`: a logged meeting's title, times, status and notes in one form.
//! Problems show at their field and nothing typed is lost; saving it starts the
//! workflows that wait for a meeting created or modified.
use crate::api::records::edit_meeting;
use crate::api::AppError;
use crate::domain::activity::{ActivityForm, MeetingStatus};
use crate::ui::components::dialog::Modal;
use crate::ui::components::forms::{BoundField, BoundTextArea, FormError, FormErrors};
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// The fields whose problems show beside them; any other shows under the form.
const FIELDS: &[&str] = &["title", "starts_at", "ends_at", "meeting_status", "body"];

#[component]
pub fn MeetingDialog(
    open: RwSignal<bool>,
    /// The meeting's activity id.
    id: i64,
    /// The meeting as it is now, as a form.
    start: ActivityForm,
    /// Called once saved.
    #[prop(into)]
    on_saved: Callback<()>,
) -> impl IntoView {
    let form = RwSignal::new(start.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    Effect::new(move |_| {
        if open.get() {
            form.set(start.clone());
            error.set(None);
        }
    });
    let errors = FormErrors::from(error);
    let input_id = move |field: &str| format!("meeting-{id}-{field}");
    let field = move |name: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      get: fn(&ActivityForm) -> String,
                      set: fn(&mut ActivityForm, String)| {
        view! {
            <BoundField
                id=input_id(name)
                label=label
                kind=kind
                value=Signal::derive(move || form.with(get))
                on_input=move |v: String| form.update(|f| set(f, v))
                error=errors.field(name)
            />
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let sent = form.get_untracked();
        spawn_saving(async move {
            match edit_meeting(id, sent).await {
                Ok(()) => {
                    error.set(None);
                    open.set(false);
                    Toast::success("Meeting saved.");
                    on_saved.run(());
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let status_problem = errors.field("meeting_status");
    view! {
        <Modal open=open on_close=move |_| open.set(false) id=input_id("dialog") title="Edit meeting".to_string()>
            <form class="dialog-form" on:submit=submit novalidate>
                {field("title", "Title", "text", |f| f.title.clone(), |f, v| f.title = v)}
                <div class="field-row">
                    {field("starts_at", "Starts", "datetime-local", |f| f.starts_at.clone(), |f, v| f.starts_at = v)}
                    {field("ends_at", "Ends", "datetime-local", |f| f.ends_at.clone(), |f, v| f.ends_at = v)}
                </div>
                <div class="field">
                    <label for=input_id("meeting_status")>"Status"</label>
                    <select
                        id=input_id("meeting_status")
                        on:change=move |ev| form.update(|f| f.meeting_status = event_target_value(&ev))
                        aria-invalid=move || status_problem.with(Option::is_some).then_some("true")
                    >
                        {MeetingStatus::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.key() selected=move || form.with(|f| f.meeting_status == s.key())>{s.label()}</option> })
                            .collect_view()}
                    </select>
                    {move || status_problem.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <BoundTextArea
                    id=input_id("body")
                    label="Notes".to_string()
                    value=Signal::derive(move || form.with(|f| f.body.clone()))
                    on_input=move |v: String| form.update(|f| f.body = v)
                    error=errors.field("body")
                />
                <FormError errors fields=FIELDS />
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=pending>"Save meeting"</button>
                </div>
            </form>
        </Modal>
    }
}
