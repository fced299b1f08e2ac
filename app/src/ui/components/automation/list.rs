//! `/automations`: every workflow with its state, its triggers in words, its runs and
//! failures of the last 7 days and who last edited it; searchable.
use super::create::CreateAutomation;
use super::import::ImportWorkflow;
use crate::api::workflows::list_automations;
use crate::domain::change::time_ago;
use crate::domain::workflow::listing::{WorkflowOverview, WorkflowState};
use crate::ui::components::records::{record_query, RecordSearch};
use crate::ui::dom::now_ms;
use leptos::prelude::*;

const PATH: &str = "/automations";

#[component]
pub fn AutomationList() -> impl IntoView {
    let query = record_query();
    let automations = Resource::new(move || query.get().search, list_automations);
    let creating = RwSignal::new(false);
    view! {
        <header class="page-header page-header-row">
            <div>
                <h1>"Automation"</h1>
                <p class="lead">"Workflows that move deals, assign owners and follow up for your team, the moment something happens."</p>
            </div>
            <div class="page-actions">
                <ImportWorkflow />
                <button type="button" class="button button-primary" on:click=move |_| creating.set(true)>
                    "Create automation"
                </button>
            </div>
        </header>
        <div class="list-toolbar">
            <RecordSearch path=PATH label="Search by name or trigger" query />
        </div>
        <Transition fallback=|| view! { <div class="card skeleton list-skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match automations.await {
                    Ok(list) if list.is_empty() && query.with(|q| q.search.is_empty()) => {
                        view! { <NoAutomations creating /> }.into_any()
                    }
                    Ok(list) => view! { <AutomationTable list /> }.into_any(),
                    Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
        <CreateAutomation open=creating />
    }
}

#[component]
fn NoAutomations(creating: RwSignal<bool>) -> impl IntoView {
    view! {
        <section class="card empty-state">
            <h2>"No automations yet"</h2>
            <p>"An automation starts when something happens to a deal or contact, such as a deal entering a stage or a meeting being booked, and then does the follow-up for you: move the deal, assign an owner, create a task, call a webhook."</p>
            <button type="button" class="button button-primary" on:click=move |_| creating.set(true)>
                "Create automation"
            </button>
        </section>
    }
}

#[component]
fn AutomationTable(list: Vec<WorkflowOverview>) -> impl IntoView {
    let now = now_ms();
    let empty = list.is_empty();
    view! {
        <div class="card table-wrap">
            <table class="table list-table automation-table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Triggers"</th>
                        <th scope="col" class="cell-number">"Runs (7 days)"</th>
                        <th scope="col" class="cell-number">"Failed (7 days)"</th>
                        <th scope="col">"Last edited"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{list.into_iter().map(|w| automation_row(w, now)).collect_view()}</tbody>
            </table>
            {empty.then(|| view! { <p class="empty-state-inline">"No automation matches this search. Clear the search to see them all."</p> })}
        </div>
    }
}

fn automation_row(overview: WorkflowOverview, now: i64) -> impl IntoView {
    let WorkflowOverview {
        summary,
        triggers,
        runs_week,
        failed_week,
        edited_by,
    } = overview;
    let id = summary.id.0;
    let name = summary.name.clone();
    let (badge, state) = match (summary.state, summary.published_version) {
        (WorkflowState::Published, Some(v)) => ("badge badge-ok", format!("Published · v{v}")),
        (WorkflowState::Published, None) => ("badge badge-ok", "Published".to_string()),
        (WorkflowState::Draft, _) => ("badge", "Draft".to_string()),
        (WorkflowState::Deactivated, _) => ("badge badge-muted", "Deactivated".to_string()),
    };
    let unpublished_edits = summary.draft_changed && summary.state != WorkflowState::Draft;
    let edited = match edited_by {
        Some(who) => format!("{} by {who}", time_ago(summary.updated_at, now)),
        None => time_ago(summary.updated_at, now),
    };
    view! {
        <tr>
            <td class="cell-name">
                <a href=format!("/automations/{id}")>{name.clone()}</a>
            </td>
            <td data-label="State">
                <span class=badge>{state}</span>
                {unpublished_edits.then(|| view! { <span class="cell-sub">"Draft has unpublished edits"</span> })}
            </td>
            <td data-label="Triggers">
                {if triggers.is_empty() {
                    view! { <span class="muted">"No trigger yet"</span> }.into_any()
                } else {
                    view! { <ul class="trigger-words">{triggers.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul> }.into_any()
                }}
            </td>
            <td class="cell-number" data-label="Runs (7 days)">{runs_week}</td>
            <td class="cell-number" data-label="Failed (7 days)">
                {if failed_week > 0 {
                    view! { <span class="badge badge-danger">{failed_week}</span> }.into_any()
                } else {
                    view! { <span>"0"</span> }.into_any()
                }}
            </td>
            <td data-label="Last edited">{edited}</td>
            <td class="actions">
                <a
                    class="button button-small"
                    href=format!("/api/workflows/{id}/export.json")
                    download=""
                    aria-label=format!("Export {name} as JSON")
                >
                    "Export"
                </a>
            </td>
        </tr>
    }
}
