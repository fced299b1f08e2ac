//! The action picker a `+` opens: a search box over the actions, grouped by category
//! (the nine Opportunity actions first). Choosing one adds it there as a new step and
//! opens it in the side panel.
use super::canvas::Node;
use super::state::Builder;
use crate::domain::workflow::edit::Lane;
use crate::domain::workflow::palette::{blank_action, matching, Category};
use crate::domain::workflow::Step;
use crate::ui::components::dialog::Modal;
use crate::ui::components::shell::Toast;
use crate::ui::dom::{focus_later, reveal_later};
use leptos::prelude::*;

#[component]
pub fn ActionPicker(adding: RwSignal<Option<(Lane, usize)>>) -> impl IntoView {
    let builder = Builder::expect();
    let search = RwSignal::new(String::new());
    let close = move || {
        adding.set(None);
        search.set(String::new());
    };
    Effect::new(move |_| {
        if adding.with(Option::is_some) {
            focus_later("action-search".into());
        }
    });
    let choose = move |label: &'static str| {
        let Some((lane, index)) = adding.get_untracked() else {
            return;
        };
        close();
        let action = builder
            .workspace
            .with_value(|w| blank_action(label, &w.pipelines, w.me));
        let Some(action) = action else {
            Toast::error(format!(
                "{label} needs a pipeline: set one up in Pipelines first."
            ));
            return;
        };
        let published = builder.published.get_value();
        // Worked out before saving: the picker's own reactive values may be gone by then.
        let key = builder
            .draft
            .with_untracked(|d| d.next_key(published.as_ref()));
        builder.edit(
            move |d| {
                d.insert_step(
                    lane,
                    index,
                    Step {
                        key,
                        name: label.to_string(),
                        action,
                    },
                )
            },
            move || {
                builder.selected.set(Some(Node::Step(key)));
                reveal_later(Node::Step(key).element_id());
                focus_later("panel-title".into());
            },
        );
    };
    view! {
        <Modal id="action-picker" open=Signal::derive(move || adding.with(Option::is_some)) on_close=move |_| close() title="Add an action">
            <div class="field">
                <label for="action-search">"Search actions"</label>
                <input id="action-search" type="search" autocomplete="off" prop:value=search on:input=move |ev| search.set(event_target_value(&ev)) />
            </div>
            <div class="picker-groups">
                {move || {
                    let found = matching(&search.get());
                    if found.is_empty() {
                        return view! { <p class="empty-note">"No action matches. Try another word, such as deal, task or webhook."</p> }.into_any();
                    }
                    Category::ALL
                        .into_iter()
                        .filter_map(|category| {
                            let kinds: Vec<_> = found.iter().filter(|k| k.category == category).copied().collect();
                            (!kinds.is_empty()).then(|| {
                                let heading = format!("picker-{}", category.label().to_lowercase().replace(' ', "-"));
                                let labelled_by = heading.clone();
                                view! {
                                    <section class="picker-group" aria-labelledby=labelled_by>
                                        <h3 id=heading>{category.label()}</h3>
                                        <ul class="picker-list">
                                            {kinds
                                                .into_iter()
                                                .map(|kind| view! {
                                                    <li>
                                                        <button type="button" class="picker-item" on:click=move |_| choose(kind.label)>
                                                            <span class="picker-name">{kind.label}</span>
                                                            <span class="picker-help">{kind.help}</span>
                                                        </button>
                                                    </li>
                                                })
                                                .collect_view()}
                                        </ul>
                                    </section>
                                }
                            })
                        })
                        .collect_view()
                        .into_any()
                }}
            </div>
            <div class="modal-actions">
                <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
            </div>
        </Modal>
    }
}
