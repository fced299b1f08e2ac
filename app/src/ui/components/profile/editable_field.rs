//! A field on the profile page: click (or Enter) to edit, saved on Enter or when focus
//! leaves, Escape cancels; a refusal is shown at the field and the typing is kept.
use crate::api::opportunities::edit_opportunity;
use crate::api::records::set_contact_field;
use crate::api::AppError;
use crate::ui::dom::focus_later;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Editor {
    Text,
    Date,
    /// A pick from `(value, label)` pairs; the first may be "Nobody" with an empty value.
    Choice(Vec<(String, String)>),
    /// Several lines (a multi select: one choice per line); Enter adds a line, Ctrl+Enter saves.
    Lines,
}

/// Where an edited field is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveTo {
    /// A deal's field, based on the deal's `version`.
    Deal { id: i64, version: i64 },
    /// A contact's custom field.
    Contact(i64),
}

impl SaveTo {
    async fn save(self, field: String, value: String) -> Result<(), AppError> {
        match self {
            SaveTo::Deal { id, version } => edit_opportunity(id, version, field, value)
                .await
                .map(|_| ()),
            SaveTo::Contact(id) => {
                let key = field.trim_start_matches("custom:").to_string();
                set_contact_field(id, key, value).await
            }
        }
    }
}

#[component]
pub fn EditableField(
    #[prop(into)] label: String,
    /// The server's name for the field (name, value, source, expected_close, owner,
    /// custom:<key>).
    #[prop(into)]
    field: String,
    /// The value as shown.
    shown: String,
    /// The value to start editing from.
    raw: String,
    editor: Editor,
    /// Where the edit is saved (for a deal, with the version it is based on).
    to: SaveTo,
    #[prop(into)] on_saved: Callback<()>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(raw.clone());
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let slug = field.replace(':', "-");
    let input_id = format!("edit-{slug}");
    let button_id = format!("edit-{slug}-button");
    let field = StoredValue::new(field);
    let label = StoredValue::new(label);

    let save = move || {
        if !editing.get_untracked() || saving.get_untracked() {
            return;
        }
        saving.set(true);
        spawn_local(async move {
            match to.save(field.get_value(), draft.get_untracked()).await {
                Ok(_) => {
                    editing.set(false);
                    error.set(None);
                    on_saved.run(());
                }
                Err(err) => error.set(Some(err)),
            }
            saving.set(false);
        });
    };
    let start = {
        let input_id = input_id.clone();
        move |_| {
            draft.set(raw.clone());
            error.set(None);
            editing.set(true);
            focus_later(input_id.clone());
        }
    };
    let editor_lines = StoredValue::new(editor == Editor::Lines);
    let on_key = {
        let button_id = button_id.clone();
        move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
            "Enter" if editor_lines.get_value() && !ev.ctrl_key() => {}
            "Enter" => {
                ev.prevent_default();
                save();
            }
            "Escape" => {
                ev.prevent_default();
                editing.set(false);
                error.set(None);
                focus_later(button_id.clone());
            }
            _ => {}
        }
    };
    let message = move || {
        error
            .get()
            .map(|e| e.for_field("value").unwrap_or_else(|| e.to_string()))
    };
    let label_text = move || label.get_value();
    let input = move || {
        let input_id = input_id.clone();
        let on_key = on_key.clone();
        match editor.clone() {
            Editor::Choice(options) => view! {
                <select
                    id=input_id
                    aria-label=label_text
                    on:change=move |ev| {
                        draft.set(event_target_value(&ev));
                        save();
                    }
                    on:keydown=on_key
                    on:blur=move |_| save()
                >
                    {options
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = draft.get_untracked() == value;
                            view! { <option value=value selected=selected>{text}</option> }
                        })
                        .collect_view()}
                </select>
            }
            .into_any(),
            Editor::Lines => view! {
                <textarea
                    id=input_id
                    rows="4"
                    aria-label=label_text
                    aria-describedby="lines-hint"
                    prop:value=draft
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=on_key
                    on:blur=move |_| save()
                ></textarea>
                <p class="field-hint" id="lines-hint">"One choice per line. Ctrl+Enter saves."</p>
            }
            .into_any(),
            kind => view! {
                <input
                    id=input_id
                    type=if kind == Editor::Date { "date" } else { "text" }
                    aria-label=label_text
                    prop:value=draft
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=on_key
                    on:blur=move |_| save()
                />
            }
            .into_any(),
        }
    };
    view! {
        <dt>{label_text}</dt>
        <dd class="editable">
            <Show
                when=move || editing.get()
                fallback={
                    let (shown, button_id, start) = (shown.clone(), button_id.clone(), start.clone());
                    move || {
                        view! {
                            <button
                                type="button"
                                id=button_id.clone()
                                class="field-button"
                                aria-label=format!("Edit {}: {shown}", label.get_value())
                                on:click=start.clone()
                            >
                                {shown.clone()}
                            </button>
                        }
                    }
                }
            >
                {input.clone()}
                {move || message().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </Show>
        </dd>
    }
}
