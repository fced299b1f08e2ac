//! Logging an activity: a note, a task (due date, assignee), a call (outcome, minutes,
//! notes) or a meeting (title, start, end, status, notes). Problems show at their field
//! and nothing typed is lost: what is typed lives above the profile's loader
//! ([`ComposerDraft`]), so the reload that shows a logged activity neither wipes the
//! next one someone has started nor the answer to a save still on its way.
use crate::api::records::log_activity;
use crate::api::AppError;
use crate::domain::activity::{ActivityForm, ActivityTarget, CallOutcome, MeetingStatus};
use crate::domain::board::Named;
use crate::ui::components::forms::{BoundTextArea, FormError, FormErrors};
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// The fields whose problems show beside them; any other shows under the form.
const FIELDS: &[&str] = &[
    "body",
    "title",
    "starts_at",
    "ends_at",
    "outcome",
    "duration",
    "due_date",
    "assignee",
];

const KINDS: [(&str, &str); 4] = [
    ("note", "Note"),
    ("task", "Task"),
    ("call", "Call"),
    ("meeting", "Meeting"),
];

fn blank(kind: &str) -> ActivityForm {
    ActivityForm {
        kind: kind.into(),
        meeting_status: "scheduled".into(),
        ..ActivityForm::default()
    }
}

/// The composer's state, held by the profile's loader so it outlives the record's view.
#[derive(Debug, Clone, Copy)]
pub struct ComposerDraft {
    /// The record the draft is for; another record starts a blank one.
    target: RwSignal<Option<ActivityTarget>>,
    form: RwSignal<ActivityForm>,
    error: RwSignal<Option<AppError>>,
    pending: RwSignal<bool>,
}

impl ComposerDraft {
    fn new() -> Self {
        Self {
            target: RwSignal::new(None),
            form: RwSignal::new(blank("note")),
            error: RwSignal::new(None),
            pending: RwSignal::new(false),
        }
    }

    /// Makes a place for the composer's draft under the calling component.
    pub fn provide() {
        provide_context(Self::new());
    }

    /// The draft for `target`: the one above the loader (blank if it was for another
    /// record), or a new one where nothing above keeps it.
    fn for_target(target: ActivityTarget) -> Self {
        let Some(draft) = use_context::<Self>() else {
            return Self::new();
        };
        if draft.target.get_untracked() != Some(target) {
            draft.target.set(Some(target));
            draft.form.set(blank("note"));
            draft.error.set(None);
            draft.pending.set(false);
        }
        draft
    }
}

#[component]
pub fn ActivityComposer(
    target: ActivityTarget,
    /// People a task can be assigned to.
    users: Vec<Named>,
    #[prop(into)] on_logged: Callback<()>,
) -> impl IntoView {
    let ComposerDraft {
        form,
        error,
        pending,
        ..
    } = ComposerDraft::for_target(target);
    let kind = move || form.with(|f| f.kind.clone());
    let errors = FormErrors::from(error);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let sent = form.get_untracked();
        spawn_saving(async move {
            match log_activity(target, sent.clone()).await {
                Ok(_) => {
                    let label = KINDS
                        .iter()
                        .find(|(k, _)| *k == sent.kind)
                        .map_or("Activity", |(_, l)| l);
                    Toast::success(format!("{label} logged."));
                    // What was sent is cleared; a kind chosen meanwhile stays chosen, and
                    // anything typed meanwhile stays as typed.
                    form.update(|f| {
                        let same = ActivityForm {
                            kind: sent.kind.clone(),
                            ..f.clone()
                        } == sent;
                        if same {
                            *f = blank(&f.kind);
                        }
                    });
                    error.set(None);
                    on_logged.run(());
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let text_input = move |id: &'static str,
                           label: &'static str,
                           kind_attr: &'static str,
                           get: fn(&ActivityForm) -> String,
                           set: fn(&mut ActivityForm, String)| {
        let problem = errors.field(id);
        view! {
            <div class="field">
                <label for=format!("activity-{id}")>{label}</label>
                <input
                    id=format!("activity-{id}")
                    type=kind_attr
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                    aria-invalid=move || problem.with(Option::is_some).then_some("true")
                />
                {move || problem.get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
        }
    };
    let body_label = move || match kind().as_str() {
        "note" => "Note",
        "task" => "What needs doing",
        _ => "Notes",
    };
    let users = StoredValue::new(users);
    view! {
        <form class="activity-composer" on:submit=submit aria-label="Log activity">
            <div class="segmented" role="radiogroup" aria-label="Activity type">
                {KINDS
                    .iter()
                    .map(|(key, label)| {
                        let key = *key;
                        view! {
                            <label class="segment" class:active=move || kind() == key>
                                <input
                                    type="radio"
                                    name="activity-kind"
                                    value=key
                                    prop:checked=move || kind() == key
                                    on:change=move |_| {
                                        form.update(|f| f.kind = key.to_string());
                                        error.set(None);
                                    }
                                />
                                {*label}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=move || kind() == "meeting">
                {text_input("title", "Title", "text", |f| f.title.clone(), |f, v| f.title = v)}
                <div class="field-row">
                    {text_input("starts_at", "Starts", "datetime-local", |f| f.starts_at.clone(), |f, v| f.starts_at = v)}
                    {text_input("ends_at", "Ends", "datetime-local", |f| f.ends_at.clone(), |f, v| f.ends_at = v)}
                </div>
                <div class="field">
                    <label for="activity-meeting_status">"Status"</label>
                    <select id="activity-meeting_status" on:change=move |ev| form.update(|f| f.meeting_status = event_target_value(&ev))>
                        {MeetingStatus::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.key() selected=move || form.with(|f| f.meeting_status == s.key())>{s.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
            </Show>
            <Show when=move || kind() == "call">
                <div class="field-row">
                    <div class="field">
                        <label for="activity-outcome">"Outcome"</label>
                        <select
                            id="activity-outcome"
                            on:change=move |ev| form.update(|f| f.outcome = event_target_value(&ev))
                            aria-invalid=move || errors.field("outcome").with(Option::is_some).then_some("true")
                        >
                            <option value="" selected=move || form.with(|f| f.outcome.is_empty())>"Choose…"</option>
                            {CallOutcome::ALL
                                .into_iter()
                                .map(|o| view! { <option value=o.key() selected=move || form.with(|f| f.outcome == o.key())>{o.label()}</option> })
                                .collect_view()}
                        </select>
                        {move || errors.field("outcome").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    {text_input("duration", "Minutes", "number", |f| f.duration.clone(), |f, v| f.duration = v)}
                </div>
            </Show>
            <Show when=move || kind() == "task">
                <div class="field-row">
                    {text_input("due_date", "Due date", "date", |f| f.due_date.clone(), |f, v| f.due_date = v)}
                    <div class="field">
                        <label for="activity-assignee">"Assignee"</label>
                        <select id="activity-assignee" on:change=move |ev| form.update(|f| f.assignee = event_target_value(&ev))>
                            <option value="" selected=move || form.with(|f| f.assignee.is_empty())>"Nobody"</option>
                            {users
                                .get_value()
                                .into_iter()
                                .map(|u| {
                                    let value = u.id.to_string();
                                    let chosen = value.clone();
                                    view! { <option value=value selected=move || form.with(|f| f.assignee == chosen)>{u.name}</option> }
                                })
                                .collect_view()}
                        </select>
                        {move || errors.field("assignee").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </div>
            </Show>
            <BoundTextArea
                id="activity-body"
                label=Signal::derive(move || body_label().to_string())
                value=Signal::derive(move || form.with(|f| f.body.clone()))
                on_input=move |v: String| form.update(|f| f.body = v)
                error=errors.field("body")
            />
            <FormError errors fields=FIELDS />
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=pending>
                    {move || match kind().as_str() {
                        "task" => "Add task",
                        "call" => "Log call",
                        "meeting" => "Add meeting",
                        _ => "Add note",
                    }}
                </button>
            </div>
        </form>
    }
}
