//! Above the list: pipeline (or unattached deals) and stage, search, the shared filter
//! panel (with custom fields), `Columns`, `Export` and `Create Opportunity`. Applying goes
//! back to the first page.
use super::custom_filters::CustomFilterFields;
use super::export_menu::ExportMenu;
use super::ListContext;
use crate::domain::list::ListInput;
use crate::ui::components::board::{active_filters, filters_label, in_filter_panel, FilterFields};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ListToolbar(
    #[prop(into)] on_create: Callback<()>,
    #[prop(into)] on_columns: Callback<()>,
) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let input = context.input.get_value();
    let draft = RwSignal::new(input.filter.clone());
    let custom = RwSignal::new(input.clone());
    let pipeline = RwSignal::new(input.pipeline.clone());
    let stage = RwSignal::new(input.stage.clone());
    let navigate = use_navigate();
    let apply = {
        let input = input.clone();
        move || {
            let mut next = input.with_page(1);
            next.filter = draft.get_untracked();
            next.custom = custom.with_untracked(|c| c.custom.clone());
            next.pipeline = pipeline.get_untracked();
            next.stage = stage.get_untracked();
            navigate(&next.href(), Default::default());
        }
    };
    let submit = {
        let apply = apply.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    let choose_pipeline = {
        let apply = apply.clone();
        move |ev: leptos::ev::Event| {
            pipeline.set(event_target_value(&ev));
            stage.set(String::new());
            apply();
        }
    };
    let choose_stage = move |ev: leptos::ev::Event| {
        stage.set(event_target_value(&ev));
        apply();
    };
    let view = context.view.get_value();
    let stages = view
        .pipelines
        .iter()
        .find(|p| p.id.0.to_string() == input.pipeline)
        .map(|p| p.stages.clone());
    let error = view.filter_error.clone();
    let open = error
        .as_ref()
        .is_some_and(|(field, _)| in_filter_panel(field));
    let custom_invalid = error.as_ref().is_some_and(|(field, _)| field == "custom");
    let active = active_filters(&input.filter) + input.custom_filters();
    let cleared = ListInput {
        sort: input.sort.clone(),
        dir: input.dir.clone(),
        ..ListInput::default()
    };
    view! {
        <form class="board-toolbar" method="get" action="/opportunities" on:submit=submit>
            <input type="hidden" name="view" value="list" />
            <div class="field field-inline">
                <label for="list-pipeline">"Pipeline"</label>
                <select id="list-pipeline" name="pipeline" on:change=choose_pipeline>
                    <option value="" selected=input.pipeline.is_empty()>"All pipelines"</option>
                    {view
                        .pipelines
                        .iter()
                        .map(|p| {
                            let value = p.id.0.to_string();
                            let selected = value == input.pipeline;
                            view! { <option value=value selected=selected>{p.name.clone()}</option> }
                        })
                        .collect_view()}
                    <option value="none" selected=input.pipeline == "none">"Unattached deals"</option>
                </select>
            </div>
            {stages
                .map(|stages| {
                    view! {
                        <div class="field field-inline">
                            <label for="list-stage">"Stage"</label>
                            <select id="list-stage" name="stage" on:change=choose_stage>
                                <option value="">"Any stage"</option>
                                {stages
                                    .into_iter()
                                    .map(|s| {
                                        let value = s.id.0.to_string();
                                        let selected = value == input.stage;
                                        view! { <option value=value selected=selected>{s.name}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                })}
            <div class="field search-field">
                <label class="visually-hidden" for="filter-q">"Search deals"</label>
                <input
                    id="filter-q"
                    name="q"
                    type="search"
                    placeholder="Search deals by name"
                    prop:value=move || draft.with(|d| d.q.clone())
                    on:input=move |ev| draft.update(|d| d.q = event_target_value(&ev))
                />
            </div>
            <details class="filter-panel" open=open>
                <summary class="button">{filters_label(active)}</summary>
                <div class="filter-panel-body">
                    <FilterFields
                        draft
                        filter=input.filter.clone()
                        users=view.users.clone()
                        contact=view.contact_filter.clone()
                        error
                    />
                    <CustomFilterFields draft=custom fields=view.custom_fields.clone() invalid=custom_invalid />
                    <div class="filter-actions">
                        <button type="submit" class="button button-primary">"Apply filters"</button>
                        <a class="button" href=cleared.href()>"Clear"</a>
                    </div>
                </div>
            </details>
            <button type="submit" class="visually-hidden" tabindex="-1">"Search"</button>
            <button type="button" class="button" on:click=move |_| on_columns.run(())>"Columns"</button>
            <ExportMenu input=input.clone() />
            <button type="button" class="button button-primary toolbar-create" on:click=move |_| on_create.run(())>
                "Create Opportunity"
            </button>
        </form>
    }
}
