//! Choosing a contact (or a company) by typing part of a name or email: an accessible
//! combobox.
use crate::api::opportunities::search_contacts;
use crate::api::records::search_companies;
use crate::api::AppError;
use crate::domain::contact::ContactSummary;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// What the picker looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lookup {
    #[default]
    Contacts,
    Companies,
}

impl Lookup {
    async fn search(self, text: String) -> Result<Vec<ContactSummary>, AppError> {
        match self {
            Lookup::Contacts => search_contacts(text).await,
            Lookup::Companies => Ok(search_companies(text)
                .await?
                .into_iter()
                .map(|c| ContactSummary {
                    id: crate::domain::board::ContactId(c.id),
                    name: c.name,
                    email: None,
                })
                .collect()),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Lookup::Contacts => "contact",
            Lookup::Companies => "company",
        }
    }
}

#[component]
pub fn ContactPicker(
    label: &'static str,
    /// The form field that carries the chosen contact's id.
    name: &'static str,
    #[prop(optional_no_strip)] initial: Option<ContactSummary>,
    #[prop(into)] on_pick: Callback<Option<i64>>,
    /// An error to show under the field.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    #[prop(optional)] lookup: Lookup,
) -> impl IntoView {
    let chosen = RwSignal::new(initial);
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(Vec::<ContactSummary>::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(0usize);
    let searched = StoredValue::new(0u64);
    let input_id = format!("{name}-search");
    let list_id = format!("{name}-options");
    let controls = list_id.clone();

    let search = move |text: String| {
        query.set(text.clone());
        let request = searched.get_value() + 1;
        searched.set_value(request);
        set_timeout(
            move || {
                if searched.get_value() != request {
                    return;
                }
                spawn_local(async move {
                    if let Ok(found) = lookup.search(text).await {
                        if searched.get_value() == request {
                            results.set(found);
                            active.set(0);
                            open.set(true);
                        }
                    }
                });
            },
            Duration::from_millis(150),
        );
    };
    let pick = move |contact: ContactSummary| {
        on_pick.run(Some(contact.id.0));
        chosen.set(Some(contact));
        open.set(false);
        query.set(String::new());
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let count = results.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = (*a + 1).min(count - 1));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = a.saturating_sub(1));
            }
            "Enter" if open.get_untracked() && count > 0 => {
                ev.prevent_default();
                if let Some(contact) = results.with(|r| r.get(active.get_untracked()).cloned()) {
                    pick(contact);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                ev.stop_propagation();
                open.set(false);
            }
            _ => {}
        }
    };
    let option_id = move |i: usize| format!("{name}-option-{i}");
    view! {
        <div class="field contact-picker">
            <label for=input_id.clone()>{label}</label>
            <input type="hidden" name=name prop:value=move || chosen.with(|c| c.as_ref().map(|c| c.id.0.to_string()).unwrap_or_default()) />
            {move || match chosen.get() {
                Some(contact) => {
                    view! {
                        <div class="chip">
                            <span>
                                {contact.name.clone()}
                                {contact.email.clone().map(|e| view! { <span class="chip-sub">{format!(" · {e}")}</span> })}
                            </span>
                            <button
                                type="button"
                                class="chip-clear"
                                id=input_id.clone()
                                aria-label=format!("Clear {label}: {}", contact.name)
                                on:click=move |_| {
                                    chosen.set(None);
                                    on_pick.run(None);
                                }
                            >
                                "×"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <input
                            id=input_id.clone()
                            type="text"
                            role="combobox"
                            autocomplete="off"
                            placeholder=if lookup == Lookup::Contacts { "Type a name or email" } else { "Type a company name" }
                            aria-autocomplete="list"
                            aria-controls=controls.clone()
                            aria-expanded=move || open.get().to_string()
                            aria-activedescendant=move || open.get().then(|| option_id(active.get()))
                            prop:value=query
                            on:input=move |ev| search(event_target_value(&ev))
                            on:focus=move |_| search(query.get_untracked())
                            on:keydown=on_key
                            on:blur=move |_| set_timeout(move || open.set(false), Duration::from_millis(150))
                        />
                    }
                        .into_any()
                }
            }}
            <ul class="listbox" id=list_id role="listbox" aria-label=format!("Matching {}", if lookup == Lookup::Contacts { "contacts" } else { "companies" }) hidden=move || !open.get() || chosen.with(Option::is_some)>
                {move || {
                    let found = results.get();
                    if found.is_empty() {
                        let message = format!("No {} matches. Check the spelling.", lookup.noun());
                        return view! { <li class="listbox-empty">{message}</li> }.into_any();
                    }
                    found
                        .into_iter()
                        .enumerate()
                        .map(|(i, contact)| {
                            let shown = contact.clone();
                            view! {
                                <li
                                    id=option_id(i)
                                    role="option"
                                    aria-selected=move || (active.get() == i).to_string()
                                    class:active=move || active.get() == i
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        pick(contact.clone());
                                    }
                                >
                                    {shown.name}
                                    {shown.email.map(|e| view! { <span class="chip-sub">{format!(" · {e}")}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
    }
}
