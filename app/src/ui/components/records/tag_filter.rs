//! The contacts list's tag filter: a choice of the tags in use, kept in the URL (`tag`)
//! like the list's search and sort.
use crate::api::records::load_contact_tags;
use crate::domain::records::RecordQuery;
use crate::domain::tag::{find_tag, same_tag};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn TagFilter(path: &'static str, query: Memo<RecordQuery>) -> impl IntoView {
    let in_use = Resource::new(|| (), |_| load_contact_tags());
    let navigate = use_navigate();
    let on_change = move |ev: leptos::ev::Event| {
        let next = RecordQuery {
            tag: event_target_value(&ev),
            page: 1,
            ..query.get_untracked()
        };
        navigate(&next.href(path), Default::default());
    };
    view! {
        <Suspense>
            {move || {
                let on_change = on_change.clone();
                Suspend::new(async move {
                    let mut tags = in_use.await.unwrap_or_default();
                    // A tag in the URL that no contact has (any more) stays the one shown.
                    let chosen = query.with_untracked(|q| q.tag.clone());
                    if !chosen.is_empty() && find_tag(&tags, &chosen).is_none() {
                        tags.insert(0, chosen);
                    }
                    view! {
                        <div class="field tag-filter">
                            <label class="visually-hidden" for="tag-filter">"Filter by tag"</label>
                            <select id="tag-filter" on:change=on_change>
                                <option value="" selected=move || query.with(|q| q.tag.is_empty())>"All tags"</option>
                                {tags
                                    .into_iter()
                                    .map(|tag| {
                                        let (value, shown) = (tag.clone(), tag.clone());
                                        let selected = move || query.with(|q| same_tag(&shown, &q.tag));
                                        view! { <option value=value selected=selected>{tag}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                })
            }}
        </Suspense>
    }
}
