//! A contact's tags on its profile: chips with a remove button each, and `Add tag`
//! (Enter or the button); each change is saved at once and said in a status line.
use crate::api::records::change_contact_tag;
use crate::ui::dom::focus_later;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

const INPUT_ID: &str = "add-tag";
const ERROR_ID: &str = "add-tag-error";

#[component]
pub fn ContactTags(contact: i64, tags: Vec<String>) -> impl IntoView {
    let tags = RwSignal::new(tags);
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let said = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let change = move |tag: String, add: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_saving(async move {
            match change_contact_tag(contact, tag.clone(), add).await {
                Ok(change) => {
                    error.set(None);
                    said.set(change.summary(tag.trim(), add));
                    tags.set(change.tags);
                    if add {
                        typed.set(String::new());
                    }
                }
                Err(err) => {
                    said.set(String::new());
                    error.set(Some(err.to_string()));
                }
            }
            busy.set(false);
            // A removed chip takes its button with it: focus goes to the input.
            focus_later(INPUT_ID.to_string());
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        change(typed.get_untracked(), true);
    };
    view! {
        <div class="contact-tags">
            <ul class="chips tag-chips" aria-label="Tags">
                {move || {
                    tags.get()
                        .into_iter()
                        .map(|tag| {
                            let removed = tag.clone();
                            view! {
                                <li class="chip tag-chip">
                                    <span>{tag.clone()}</span>
                                    <button
                                        type="button"
                                        class="chip-clear"
                                        aria-label=format!("Remove tag {tag}")
                                        on:click=move |_| change(removed.clone(), false)
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || tags.with(Vec::is_empty).then(|| view! { <p class="empty-note">"No tags yet."</p> })}
            <form class="tag-form" on:submit=submit novalidate>
                <label class="visually-hidden" for=INPUT_ID>"Add tag"</label>
                <input
                    id=INPUT_ID
                    type="text"
                    placeholder="New tag"
                    autocomplete="off"
                    prop:value=typed
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        error.set(None);
                    }
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=move || error.with(Option::is_some).then_some(ERROR_ID)
                />
                <button type="submit" class="button button-small" disabled=busy>"Add tag"</button>
            </form>
            {move || error.get().map(|m| view! { <p class="field-error" id=ERROR_ID role="alert">{m}</p> })}
            <p class="field-hint" role="status">{said}</p>
        </div>
    }
}
