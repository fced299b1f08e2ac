//! "Workflows" on a deal's or contact's profile: the workflows the record is in now and
//! where, then every run it had, newest first; admins open each run's log.
use crate::api::workflows::{record_runs, RunPage};
use crate::domain::change::time_ago;
use crate::domain::date::Date;
use crate::domain::workflow::listing::{RunStatus, RunSummary};
use crate::ui::dom::now_ms;
use crate::ui::loaded::Loaded;
use leptos::prelude::*;

use super::RecordKind;

/// The badge a run's status is shown in (here and in the builder's History).
pub fn run_badge(status: RunStatus) -> &'static str {
    match status {
        RunStatus::Finished => "badge badge-ok",
        RunStatus::Failed => "badge badge-danger",
        RunStatus::Stopped => "badge badge-muted",
        RunStatus::Running | RunStatus::Waiting { .. } => "badge",
    }
}

fn where_now(run: &RunSummary) -> String {
    let next = run.at_step_name.clone();
    match (run.status, next) {
        (RunStatus::Waiting { until }, Some(next)) => {
            format!("Waiting until {}, then {next}", Date::from_unix_ms(until))
        }
        (RunStatus::Waiting { until }, None) => {
            format!("Waiting until {}", Date::from_unix_ms(until))
        }
        (RunStatus::Running, Some(next)) => format!("Running: {next} next"),
        (RunStatus::Failed, Some(at)) => format!("Failed at {at}"),
        (status, _) => status.label().to_string(),
    }
}

#[component]
pub fn RecordWorkflows(kind: RecordKind, id: i64) -> impl IntoView {
    let runs = Loaded::new(
        || (),
        move |_| record_runs(kind.key().to_string(), id, None),
    );
    view! {
        <section class="card workflow-runs" aria-labelledby="workflow-runs-heading">
            <h2 id="workflow-runs-heading">"Workflows"</h2>
            {move || match runs.value.get() {
                None => view! { <div class="skeleton list-skeleton" aria-busy="true"></div> }.into_any(),
                Some(Ok(page)) => view! { <RunsOfRecord page /> }.into_any(),
                Some(Err(err)) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn RunsOfRecord(page: RunPage) -> impl IntoView {
    if page.runs.is_empty() {
        return view! { <p class="empty-state-inline">"Not in any workflow yet."</p> }.into_any();
    }
    let now = now_ms();
    let links = page.can_open_runs;
    let row = move |run: RunSummary| {
        let name = run.workflow_name.clone();
        let title = if links {
            let href = format!("/automations/{}?tab=history&run={}", run.workflow.0, run.id);
            view! { <a href=href>{name}</a> }.into_any()
        } else {
            view! { <span>{name}</span> }.into_any()
        };
        view! {
            <li class="record-run">
                <div class="record-run-head">
                    <strong>{title}</strong>
                    <span class=run_badge(run.status)>{run.status.label()}</span>
                </div>
                <span class="muted">{format!("{} · started {}", where_now(&run), time_ago(run.started_at, now))}</span>
            </li>
        }
    };
    let (active, past): (Vec<_>, Vec<_>) = page.runs.into_iter().partition(|r| r.status.active());
    let more = page.older.is_some();
    view! {
        {(!active.is_empty()).then(|| view! {
            <h3 class="record-runs-title">"In now"</h3>
            <ul class="record-runs">{active.into_iter().map(row).collect_view()}</ul>
        })}
        {(!past.is_empty()).then(|| view! {
            <h3 class="record-runs-title">"Runs"</h3>
            <ul class="record-runs">{past.into_iter().map(row).collect_view()}</ul>
        })}
        {more.then(|| view! { <p class="hint">"Showing the 50 newest runs."</p> })}
    }
    .into_any()
}
