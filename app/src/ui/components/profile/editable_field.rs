//! A field on the profile page: click (or Enter) to edit, saved on Enter or when focus
//! leaves, Escape cancels; a refusal is shown at the field and the typing is kept. A save
//! based on an out-of-date deal reloads it: the field then shows the current value, with
//! what the person typed beside it to use again, and saves on the current version.
use super::kept_edit::{KeptEdit, KeptEdits};
use crate::api::opportunities::edit_opportunity;
use crate::api::records::set_contact_field;
use crate::api::AppError;
use crate::ui::components::forms::KeptInput;
use crate::ui::dom::focus_later;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

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
    /// Reloads the record: after a save, and after a save met a newer version.
    #[prop(into)]
    on_saved: Callback<()>,
) -> impl IntoView {
    let slug = field.replace(':', "-");
    let input_id = format!("edit-{slug}");
    let button_id = format!("edit-{slug}-button");
    let kept_edits = use_context::<KeptEdits>();
    // Back from a conflict: editing again, from the current value.
    let kept = kept_edits.and_then(|k| k.take(&field));
    let editing = RwSignal::new(kept.is_some());
    let draft = RwSignal::new(raw.clone());
    let error = RwSignal::new(kept.as_ref().map(|k| AppError::Conflict(k.message.clone())));
    let mine = RwSignal::new(kept.map(|k| k.mine).filter(|m| *m != raw));
    // While the person compares their input with the current value, leaving the field
    // does not save the current value over it.
    let comparing = RwSignal::new(mine.with_untracked(Option::is_some));
    if editing.get_untracked() {
        focus_later(input_id.clone());
    }
    let saving = RwSignal::new(false);
    let field = StoredValue::new(field);
    let label = StoredValue::new(label);

    let save = move || {
        if !editing.get_untracked() || saving.get_untracked() || comparing.get_untracked() {
            return;
        }
        saving.set(true);
        spawn_saving(async move {
            let typed = draft.get_untracked();
            match to.save(field.get_value(), typed.clone()).await {
                Ok(_) => {
                    editing.set(false);
                    error.set(None);
                    on_saved.run(());
                }
                Err(err) => match (err, kept_edits) {
                    (AppError::Conflict(message), Some(kept)) => {
                        kept.keep(KeptEdit {
                            field: field.get_value(),
                            mine: typed,
                            message,
                        });
                        on_saved.run(());
                    }
                    (err, _) => error.set(Some(err)),
                },
            }
            saving.set(false);
        });
    };
    let start = {
        let input_id = input_id.clone();
        move |_| {
            draft.set(raw.clone());
            error.set(None);
            mine.set(None);
            comparing.set(false);
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
                comparing.set(false);
                save();
            }
            "Escape" => {
                ev.prevent_default();
                editing.set(false);
                error.set(None);
                mine.set(None);
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
    let choices = match &editor {
        Editor::Choice(options) => options.clone(),
        _ => Vec::new(),
    };
    // The person's own input, as it reads (a choice by its label).
    let mine_text = move || {
        mine.get().map(|m| {
            choices
                .iter()
                .find(|(value, _)| *value == m)
                .map_or_else(|| m.clone(), |(_, text)| text.clone())
        })
    };
    let use_mine = {
        let input_id = input_id.clone();
        Callback::new(move |_: ()| {
            if let Some(m) = mine.get_untracked() {
                draft.set(m);
            }
            mine.set(None);
            comparing.set(false);
            focus_later(input_id.clone());
        })
    };
    let input = move || {
        let input_id = input_id.clone();
        let on_key = on_key.clone();
        match editor.clone() {
            Editor::Choice(options) => view! {
                <select
                    id=input_id
                    aria-label=label_text
                    prop:value=draft
                    on:change=move |ev| {
                        draft.set(event_target_value(&ev));
                        comparing.set(false);
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
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        comparing.set(false);
                    }
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
                    on:input=move |ev| {
                        draft.set(event_target_value(&ev));
                        comparing.set(false);
                    }
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
                {
                    let mine_text = mine_text.clone();
                    move || {
                        mine_text().map(|text| view! { <KeptInput text label=label.get_value() on_use=use_mine /> })
                    }
                }
            </Show>
        </dd>
    }
}
