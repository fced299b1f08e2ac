//! The History tab: every run of the workflow, newest first, filtered by status, record
//! and day, fifty at a time; a run opens to its step log, and a failed one can be
//! retried from the step it failed at.
use super::run_log::RunLog;
use super::state::Builder;
use super::tabs::{tab_href, Tab};
use crate::api::workflows::{retry_run, workflow_run, workflow_runs, RunDetail};
use crate::api::AppError;
use crate::domain::change::time_ago;
use crate::domain::workflow::listing::{RunFilterStatus, RunRecord, RunStatus, RunSummary};
use crate::domain::workflow::wait::moment_in;
use crate::ui::components::shell::Toast;
pub use crate::ui::components::workflows::run_badge;
use crate::ui::dom::now_ms;
use crate::ui::loaded::Loaded;
use leptos::prelude::*;

pub fn record_href(record: RunRecord) -> String {
    match record {
        RunRecord::Opportunity(id) => format!("/opportunities/{id}"),
        RunRecord::Contact(id) => format!("/contacts/{id}"),
    }
}

/// The record's name as a link to its page (or that it was deleted).
pub fn record_link(run: &RunSummary) -> AnyView {
    if run.record_hidden {
        return view! { <span class="muted">"A deal you cannot see"</span> }.into_any();
    }
    if run.record_name.is_empty() {
        let what = match run.record {
            RunRecord::Opportunity(_) => "A deleted opportunity",
            RunRecord::Contact(_) => "A deleted contact",
        };
        return view! { <span class="muted">{what}</span> }.into_any();
    }
    view! { <a href=record_href(run.record)>{run.record_name.clone()}</a> }.into_any()
}

/// Where a run is, in words: "Waiting until …, then Send Webhook", "Failed at Send
/// Webhook", "Finished".
pub fn where_it_is(run: &RunSummary, time_zone: &str) -> String {
    let step = run.at_step_name.clone().unwrap_or_else(|| "a step".into());
    match run.status {
        RunStatus::Waiting { until } => match &run.at_step_name {
            Some(next) => format!("Waiting until {}, then {next}", moment_in(until, time_zone)),
            None => format!(
                "Waiting until {}, then it ends",
                moment_in(until, time_zone)
            ),
        },
        RunStatus::Running => format!("Running: {step} next"),
        RunStatus::Failed => format!("Failed at {step}"),
        RunStatus::Stopped => "Stopped".into(),
        RunStatus::Finished => "Finished".into(),
    }
}

#[component]
pub fn HistoryTab(run: Memo<Option<i64>>) -> impl IntoView {
    move || match run.get() {
        Some(id) => view! { <RunPage id /> }.into_any(),
        None => view! { <RunList /> }.into_any(),
    }
}

#[derive(Clone, Default, PartialEq)]
struct Filters {
    status: String,
    record: String,
    from: String,
    to: String,
}

#[component]
fn RunList() -> impl IntoView {
    let builder = Builder::expect();
    let id = builder.id;
    let filters = RwSignal::new(Filters::default());
    let first = Loaded::new(
        move || filters.get(),
        move |f| workflow_runs(id, f.status, f.record, f.from, f.to, None),
    );
    // Older pages, fetched with `Older runs`; forgotten when the filters change.
    let more = RwSignal::new(Vec::<RunSummary>::new());
    let older = RwSignal::new(None::<Option<i64>>);
    Effect::new(move |_| {
        filters.track();
        more.set(Vec::new());
        older.set(None);
    });
    let load_older = move |before: i64| {
        let f = filters.get_untracked();
        leptos::task::spawn_local(async move {
            match workflow_runs(id, f.status, f.record, f.from, f.to, Some(before)).await {
                Ok(page) => {
                    more.update(|m| m.extend(page.runs));
                    older.set(Some(page.older));
                }
                Err(err) => Toast::error(err.to_string()),
            }
        });
    };
    let set = move |change: fn(&mut Filters, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            filters.update(|f| change(f, value));
        }
    };
    let time_zone = builder
        .workspace
        .with_value(|w| w.settings.time_zone.clone());
    view! {
        <section class="card history" aria-labelledby="history-title">
            <div class="history-head">
                <h2 id="history-title">"Run history"</h2>
                <button type="button" class="button button-small" on:click=move |_| first.reload()>"Refresh"</button>
            </div>
            <form class="history-filters" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="history-status">"Status"</label>
                    <select id="history-status" on:change=set(|f, v| f.status = v)>
                        <option value="">"All runs"</option>
                        {RunFilterStatus::ALL.into_iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="history-record">"Record"</label>
                    <input id="history-record" type="search" placeholder="Deal or contact name" on:change=set(|f, v| f.record = v) />
                </div>
                <div class="field">
                    <label for="history-from">"From"</label>
                    <input id="history-from" type="date" on:change=set(|f, v| f.from = v) />
                </div>
                <div class="field">
                    <label for="history-to">"To"</label>
                    <input id="history-to" type="date" on:change=set(|f, v| f.to = v) />
                </div>
            </form>
            <p class="hint">{format!("Times are in the workspace time zone, {time_zone}.")}</p>
            {move || match first.value.get() {
                None => view! { <div class="skeleton list-skeleton" aria-busy="true"></div> }.into_any(),
                Some(Ok(page)) => {
                    let filtered = filters.with_untracked(|f| *f != Filters::default());
                    view! { <RunTable first=page.runs first_older=page.older more older filtered load_older /> }.into_any()
                }
                Some(Err(err)) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn RunTable(
    first: Vec<RunSummary>,
    first_older: Option<i64>,
    more: RwSignal<Vec<RunSummary>>,
    older: RwSignal<Option<Option<i64>>>,
    filtered: bool,
    load_older: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let builder = Builder::expect();
    if first.is_empty() {
        let said = if filtered {
            "No run matches these filters. Clear them to see every run."
        } else {
            "No runs yet. Once the workflow is published, each record it enrolls appears here with its step log. Use Test to try it on a record first."
        };
        return view! { <p class="empty-state-inline">{said}</p> }.into_any();
    }
    let time_zone = builder
        .workspace
        .with_value(|w| w.settings.time_zone.clone());
    let now = now_ms();
    let row = move |run: RunSummary, time_zone: &str| {
        let href = tab_href(builder.id, Tab::History, Some(run.id));
        let label = format!("Run #{}", run.id);
        view! {
            <tr>
                <td class="cell-name"><a href=href>{label}</a></td>
                <td data-label="Record">{record_link(&run)}</td>
                <td data-label="Status"><span class=run_badge(run.status)>{run.status.label()}</span></td>
                <td data-label="Where">{where_it_is(&run, time_zone)}</td>
                <td data-label="Version">{format!("v{}", run.version)}</td>
                <td data-label="Started" title=moment_in(run.started_at, time_zone)>{time_ago(run.started_at, now)}</td>
            </tr>
        }
    };
    let zone = time_zone.clone();
    let first_rows = first.into_iter().map(|r| row(r, &zone)).collect_view();
    let next = move || older.get().unwrap_or(first_older);
    view! {
        <div class="table-wrap">
            <table class="table list-table run-table">
                <thead>
                    <tr>
                        <th scope="col">"Run"</th>
                        <th scope="col">"Record"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Where"</th>
                        <th scope="col">"Version"</th>
                        <th scope="col">"Started"</th>
                    </tr>
                </thead>
                <tbody>
                    {first_rows}
                    {move || more.get().into_iter().map(|r| row(r, &time_zone)).collect_view()}
                </tbody>
            </table>
        </div>
        {move || next().map(|before| view! {
            <div class="pager">
                <button type="button" class="button" on:click=move |_| load_older(before)>"Older runs"</button>
            </div>
        })}
    }
    .into_any()
}

#[component]
fn RunPage(id: i64) -> impl IntoView {
    let builder = Builder::expect();
    let detail = Loaded::new(|| (), move |_| workflow_run(id));
    view! {
        <section class="card run-page" aria-labelledby="run-title">
            <a class="back-link" href=tab_href(builder.id, Tab::History, None)>"All runs"</a>
            {move || match detail.value.get() {
                None => view! {
                    <h2 id="run-title">{format!("Run #{id}")}</h2>
                    <div class="skeleton list-skeleton" aria-busy="true"></div>
                }.into_any(),
                Some(Ok(run)) => view! { <RunDetailView detail=run retried=move || detail.reload() /> }.into_any(),
                Some(Err(err)) => view! {
                    <h2 id="run-title">{format!("Run #{id}")}</h2>
                    <p class="form-error" role="alert">{err.to_string()}</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn RunDetailView(
    detail: RunDetail,
    retried: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let builder = Builder::expect();
    let RunDetail { run, log } = detail;
    let time_zone = builder
        .workspace
        .with_value(|w| w.settings.time_zone.clone());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let run_id = run.id;
    let retry = move |_| {
        pending.set(true);
        error.set(None);
        crate::ui::unsaved::spawn_saving(async move {
            match retry_run(run_id).await {
                Ok(_) => {
                    Toast::success(format!(
                        "Run #{run_id} is running again from its failed step."
                    ));
                    retried();
                }
                Err(err) => {
                    error.try_set(Some(err));
                }
            }
            pending.try_set(false);
        });
    };
    let failed = run.status == RunStatus::Failed;
    let retry_label = format!(
        "Retry from \u{201c}{}\u{201d}",
        run.at_step_name
            .clone()
            .unwrap_or_else(|| "the failed step".into())
    );
    let finished = run
        .finished_at
        .map(|at| format!("Ended {}", moment_in(at, &time_zone)));
    view! {
        <div class="run-detail-head">
            <div>
                <h2 id="run-title">{format!("Run #{}", run.id)}" · "{record_link(&run)}</h2>
                <p class="lead">
                    <span class=run_badge(run.status)>{run.status.label()}</span>
                    " "{where_it_is(&run, &time_zone)}
                </p>
                <p class="muted">
                    {format!("Version {} · started by {} · {}", run.version, run.trigger, moment_in(run.started_at, &time_zone))}
                    {finished.map(|f| format!(" · {f}"))}
                </p>
                {run.message.clone().filter(|_| matches!(run.status, RunStatus::Failed | RunStatus::Stopped)).map(|m| view! { <p class="run-message">{m}</p> })}
            </div>
            {failed.then(|| view! {
                <button type="button" class="button button-primary" disabled=pending on:click=retry>{retry_label}</button>
            })}
        </div>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
        <h3 class="run-log-title">"Step log"</h3>
        <RunLog log time_zone />
    }
}
