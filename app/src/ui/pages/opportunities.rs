use crate::api::opportunities::{load_board, load_list, BoardView};
use crate::api::pipelines::SetUpPipeline;
use crate::domain::board::FilterInput;
use crate::domain::list::ListInput;
use crate::ui::components::board::{
    Board, BoardState, BoardToolbar, CreateOpportunityDialog, FilterProblem,
};
use crate::ui::components::list::OpportunityList;
use crate::ui::components::pipelines::SetUpPipelineButton;
use crate::ui::unsaved::ask_before_leaving_while;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/opportunities`: the pipeline view (drag deals between stages) or, with `?view=list`,
/// the list view (a table across pipelines).
#[component]
pub fn OpportunitiesPage() -> impl IntoView {
    let query = use_query_map();
    let is_list = Memo::new(move |_| query.with(|q| q.get("view").as_deref() == Some("list")));
    let lead = move || {
        if is_list.get() {
            "Every deal across pipelines, unattached ones too. Sort by any column and change many at once."
        } else {
            "Drag deals between stages as they progress. Figures count every matching deal."
        }
    };
    view! {
        <Title text="Opportunities" />
        <header class="page-header page-header-row">
            <div>
                <h1>"Opportunities"</h1>
                <p class="lead lead-optional">{lead}</p>
            </div>
            <div class="page-actions">
            <a class="button" href="/opportunities/import">
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M12 4v11M7 10l5 5 5-5M5 19h14" />
                </svg>
                "Import"
            </a>
            <nav class="view-switch" aria-label="View">
                <a href="/opportunities" aria-current=move || (!is_list.get()).then_some("page")>
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M4 5h4v14H4zM10 5h4v9h-4zM16 5h4v6h-4z" />
                    </svg>
                    "Pipeline"
                </a>
                <a href="/opportunities?view=list" aria-current=move || is_list.get().then_some("page")>
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M4 6h16M4 12h16M4 18h16" />
                    </svg>
                    "List"
                </a>
            </nav>
            </div>
        </header>
        {move || if is_list.get() { view! { <ListScreen /> }.into_any() } else { view! { <BoardScreen /> }.into_any() }}
    }
}

#[component]
fn ListScreen() -> impl IntoView {
    let query = use_query_map();
    let reload = RwSignal::new(0u32);
    let creating = RwSignal::new(false);
    let list = Resource::new(
        move || {
            (
                query.with(|q| {
                    q.latest_values()
                        .map(|(k, v)| (k.as_ref(), v))
                        .collect::<ListInput>()
                }),
                reload.get(),
            )
        },
        |(input, _)| async move { (load_list(input.clone()).await, input) },
    );
    let reload = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    view! {
        <Transition fallback=|| view! { <div class="board-placeholder" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                let (result, input) = list.await;
                match result {
                    Ok(view) => {
                        let dialog = view.clone();
                        view! {
                            <OpportunityList view input reload on_create=move |_| creating.set(true) />
                            <CreateOpportunityDialog
                                open=creating
                                pipelines=dialog.pipelines
                                users=dialog.users
                                me=dialog.me
                                currency=dialog.currency
                                pipeline=None
                                on_created=move |_| reload.run(())
                            />
                        }
                            .into_any()
                    }
                    Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn BoardScreen() -> impl IntoView {
    let query = use_query_map();
    let reload = RwSignal::new(0u32);
    let set_up = ServerAction::<SetUpPipeline>::new();
    ask_before_leaving_while(move || set_up.pending().get());
    let request = move || {
        query.with(|q| {
            let mut filter = FilterInput::default();
            for key in FilterInput::KEYS {
                filter.set(key, q.get(key).unwrap_or_default());
            }
            let pipeline = q.get("pipeline").and_then(|p| p.parse::<i64>().ok());
            (pipeline, filter)
        })
    };
    let board = Resource::new(
        move || (request(), reload.get(), set_up.version().get()),
        |((pipeline, filter), _, _)| async move { (load_board(pipeline, filter.clone()).await, filter) },
    );
    view! {
        <Transition fallback=|| view! { <div class="board-placeholder" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                let (result, filter) = board.await;
                match result {
                    Ok(view) if view.pipeline.is_none() => view! { <NoPipeline view set_up /> }.into_any(),
                    Ok(view) => view! { <PipelineView view filter reload /> }.into_any(),
                    Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PipelineView(view: BoardView, filter: FilterInput, reload: RwSignal<u32>) -> impl IntoView {
    let creating = RwSignal::new(false);
    let error = view.filter_error.clone();
    let parsed = filter.parse(view.currency.minor_digits()).ok();
    let toolbar_view = view.clone();
    let dialog_view = view.clone();
    let reload = Callback::new(move |_| reload.update(|n| *n += 1));
    let state = parsed.and_then(|parsed| BoardState::new(view, filter.clone(), parsed, reload));
    let body = state
        .filter(|_| error.is_none())
        .map(|state| view! { <Board state /> });
    let problem = error
        .clone()
        .map(|(_, message)| view! { <FilterProblem message /> });
    view! {
        {problem}
        <BoardToolbar view=toolbar_view filter error on_create=move |_| creating.set(true) />
        {body}
        <CreateOpportunityDialog
            open=creating
            pipelines=dialog_view.pipelines
            users=dialog_view.users
            me=dialog_view.me
            currency=dialog_view.currency
            pipeline=dialog_view.pipeline.map(|p| p.id.0)
            on_created=move |card| match state {
                Some(state) => {
                    state.place(card);
                    state.refresh_totals();
                }
                None => reload.run(()),
            }
        />
    }
}

#[component]
fn NoPipeline(view: BoardView, set_up: ServerAction<SetUpPipeline>) -> impl IntoView {
    view! {
        <section class="card empty-state">
            <h2>"No pipeline yet"</h2>
            {if view.can_configure {
                view! {
                    <p>
                        "A pipeline is the list of stages your deals move through. Start with the usual ones: Prospecting, Qualification, Proposal, Negotiation, Closed Won and Closed Lost."
                    </p>
                    <SetUpPipelineButton set_up />
                }
                    .into_any()
            } else {
                view! { <p>"Ask a manager or admin of your workspace to set up a pipeline; your deals will appear here."</p> }
                    .into_any()
            }}
        </section>
    }
}
