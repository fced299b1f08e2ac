//! The Enrolled tab: the records in the workflow now, the step each is at and until when
//! it waits, with `Remove from workflow`.
use super::history::{record_link, run_badge, where_it_is};
use super::state::Builder;
use super::tabs::{tab_href, Tab};
use crate::api::workflows::{remove_run, workflow_runs};
use crate::api::AppError;
use crate::domain::change::time_ago;
use crate::domain::workflow::listing::{RunFilterStatus, RunSummary};
use crate::ui::components::dialog::Modal;
use crate::ui::components::shell::Toast;
use crate::ui::dom::now_ms;
use crate::ui::loaded::Loaded;
use leptos::prelude::*;

#[component]
pub fn EnrolledTab() -> impl IntoView {
    let builder = Builder::expect();
    let id = builder.id;
    let runs = Loaded::new(
        || (),
        move |_| {
            let active = RunFilterStatus::Active.key().to_string();
            workflow_runs(
                id,
                active,
                String::new(),
                String::new(),
                String::new(),
                None,
            )
        },
    );
    let removing = RwSignal::new(None::<RunSummary>);
    view! {
        <section class="card history" aria-labelledby="enrolled-title">
            <div class="history-head">
                <h2 id="enrolled-title">"In this workflow now"</h2>
                <button type="button" class="button button-small" on:click=move |_| runs.reload()>"Refresh"</button>
            </div>
            {move || match runs.value.get() {
                None => view! { <div class="skeleton list-skeleton" aria-busy="true"></div> }.into_any(),
                Some(Ok(page)) if page.runs.is_empty() => view! {
                    <p class="empty-state-inline">"No record is in this workflow now. Records appear here while a run is going or waiting, such as on a Wait step."</p>
                }.into_any(),
                Some(Ok(page)) => view! { <EnrolledTable runs=page.runs more=page.older.is_some() removing /> }.into_any(),
                Some(Err(err)) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
            }}
        </section>
        <RemoveDialog removing removed=move || runs.reload() />
    }
}

#[component]
fn EnrolledTable(
    runs: Vec<RunSummary>,
    more: bool,
    removing: RwSignal<Option<RunSummary>>,
) -> impl IntoView {
    let builder = Builder::expect();
    let time_zone = builder
        .workspace
        .with_value(|w| w.settings.time_zone.clone());
    let now = now_ms();
    let rows = runs
        .into_iter()
        .map(|run| {
            let label = format!("Remove {} from workflow", run.record_name);
            let href = tab_href(builder.id, Tab::History, Some(run.id));
            let shown = run.clone();
            view! {
                <tr>
                    <td class="cell-name">{record_link(&run)}</td>
                    <td data-label="Where">
                        <span class=run_badge(run.status)>{run.status.label()}</span>" "
                        {where_it_is(&run, &time_zone)}
                    </td>
                    <td data-label="Entered">{time_ago(run.started_at, now)}</td>
                    <td data-label="Run"><a href=href>{format!("Run #{}", run.id)}</a></td>
                    <td class="actions">
                        <button type="button" class="button button-small" aria-label=label on:click=move |_| removing.set(Some(shown.clone()))>
                            "Remove from workflow"
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table list-table run-table">
                <thead>
                    <tr>
                        <th scope="col">"Record"</th>
                        <th scope="col">"Where"</th>
                        <th scope="col">"Entered"</th>
                        <th scope="col">"Run"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {more.then(|| view! { <p class="hint">"Showing the 50 newest. Filter History by \u{201c}In the workflow now\u{201d} to page through the rest."</p> })}
    }
}

#[component]
fn RemoveDialog(
    removing: RwSignal<Option<RunSummary>>,
    removed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let open = Signal::derive(move || removing.with(Option::is_some));
    let close = move || {
        removing.set(None);
        error.set(None);
    };
    let confirm = move |_| {
        let Some(run) = removing.get_untracked() else {
            return;
        };
        pending.set(true);
        crate::ui::unsaved::spawn_saving(async move {
            match remove_run(run.id).await {
                Ok(_) => {
                    Toast::success(format!(
                        "{} was removed from the workflow.",
                        run.record_name
                    ));
                    removing.try_set(None);
                    removed();
                }
                Err(err) => {
                    error.try_set(Some(err));
                }
            }
            pending.try_set(false);
        });
    };
    let name = move || {
        removing.with(|r| {
            r.as_ref()
                .map(|r| r.record_name.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <Modal id="remove-run" open on_close=move |_| close() title=Signal::derive(move || format!("Remove {} from this workflow?", name()))>
            <p>"The run stops where it is. What its steps already did stays done, and nothing after this step will happen to this record."</p>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <div class="modal-actions">
                <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                <button type="button" class="button button-danger" disabled=pending on:click=confirm>"Remove from workflow"</button>
            </div>
        </Modal>
    }
}
