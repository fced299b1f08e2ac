//! Above the board: the pipeline switcher, search, filters (all kept in the URL), and
//! `Create Opportunity`.
use super::filter_fields::{active_filters, filters_label, in_filter_panel, FilterFields};
use crate::api::opportunities::BoardView;
use crate::domain::board::FilterInput;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// `/opportunities?...` for a pipeline and filters, leaving out what is empty.
pub fn board_href(pipeline: Option<i64>, filter: &FilterInput) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    if let Some(p) = pipeline {
        query.append_pair("pipeline", &p.to_string());
    }
    for key in FilterInput::KEYS {
        let value = filter.get(key).trim();
        if !value.is_empty() {
            query.append_pair(key, value);
        }
    }
    let query = query.finish();
    if query.is_empty() {
        "/opportunities".to_string()
    } else {
        format!("/opportunities?{query}")
    }
}

#[component]
pub fn BoardToolbar(
    view: BoardView,
    filter: FilterInput,
    /// A filter the server could not read: (field, what to fix).
    error: Option<(String, String)>,
    #[prop(into)] on_create: Callback<()>,
) -> impl IntoView {
    let pipeline = RwSignal::new(view.pipeline.as_ref().map(|p| p.id.0));
    let draft = RwSignal::new(filter.clone());
    let navigate = use_navigate();
    let apply = move || {
        navigate(
            &board_href(pipeline.get_untracked(), &draft.get_untracked()),
            Default::default(),
        )
    };
    let submit = {
        let apply = apply.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    let switch = {
        let apply = apply.clone();
        move |ev: leptos::ev::Event| {
            pipeline.set(event_target_value(&ev).parse().ok());
            apply();
        }
    };
    let active = active_filters(&filter);
    let (q_value, q_input) = (
        move || draft.with(|d| d.q.clone()),
        move |ev: leptos::ev::Event| draft.update(|d| d.q = event_target_value(&ev)),
    );
    let open = error
        .as_ref()
        .is_some_and(|(field, _)| in_filter_panel(field));
    let clear_href = board_href(
        view.pipeline.as_ref().map(|p| p.id.0),
        &FilterInput::default(),
    );
    view! {
        <form class="board-toolbar" method="get" action="/opportunities" on:submit=submit>
            <div class="field field-inline">
                <label for="board-pipeline">"Pipeline"</label>
                <select id="board-pipeline" name="pipeline" on:change=switch>
                    {view
                        .pipelines
                        .iter()
                        .map(|p| {
                            let selected = Some(p.id) == view.pipeline.as_ref().map(|c| c.id);
                            view! { <option value=p.id.0.to_string() selected=selected>{p.name.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field search-field">
                <label class="visually-hidden" for="filter-q">"Search deals"</label>
                <input id="filter-q" name="q" type="search" placeholder="Search deals by name" prop:value=q_value on:input=q_input />
            </div>
            <details class="filter-panel" open=open>
                <summary class="button">{filters_label(active)}</summary>
                <div class="filter-panel-body">
                    <FilterFields draft filter users=view.users.clone() contact=view.contact_filter.clone() error />
                    <div class="filter-actions">
                        <button type="submit" class="button button-primary">"Apply filters"</button>
                        <a class="button" href=clear_href>"Clear"</a>
                    </div>
                </div>
            </details>
            <button type="submit" class="visually-hidden" tabindex="-1">"Search"</button>
            <button type="button" class="button button-primary toolbar-create" on:click=move |_| on_create.run(())>
                "Create Opportunity"
            </button>
        </form>
    }
}
