//! Run history: a workflow's runs and one run's log (admins), and the runs of one
//! opportunity or contact (whoever may see that record).
use crate::api::AppError;
use crate::domain::workflow::listing::{RunSummary, StepLog};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Runs shown at once; `older` fetches the next page.
pub const RUNS_PER_PAGE: i64 = 50;

/// A page of runs, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunPage {
    pub runs: Vec<RunSummary>,
    /// Pass as `before` for the next, older page; `None` on the last page.
    pub older: Option<i64>,
    /// Whether the person may open each run's log (admins).
    #[serde(default)]
    pub can_open_runs: bool,
}

/// One run with its log, in the order its steps ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunDetail {
    pub run: RunSummary,
    pub log: Vec<StepLog>,
}

#[cfg(feature = "ssr")]
impl RunPage {
    /// Made from up to one run more than a page: that one says an older page exists.
    fn from_fetched(mut runs: Vec<RunSummary>, can_open_runs: bool) -> RunPage {
        let more = runs.len() as i64 > RUNS_PER_PAGE;
        runs.truncate(RUNS_PER_PAGE as usize);
        RunPage {
            older: more.then(|| runs.last().map(|r| r.id)).flatten(),
            runs,
            can_open_runs,
        }
    }
}

/// A workflow's runs, newest first, filtered as History's controls say: `status` a
/// `RunFilterStatus` key or empty, `record` part of the record's name, `from` and `to`
/// days (`YYYY-MM-DD`, both included) in the workspace time zone.
#[server(endpoint = "workflows/runs")]
pub async fn workflow_runs(
    id: i64,
    #[server(default)] status: String,
    #[server(default)] record: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    before: Option<i64>,
) -> Result<RunPage, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::workflow::listing::{RunFilter, RunFilterStatus, WorkflowId};
    let admin = require_admin()?;
    let store = store()?;
    store.workflow(WorkflowId(id)).await?;
    let status = match status.trim() {
        "" => None,
        key => Some(RunFilterStatus::from_key(key).ok_or_else(|| {
            AppError::invalid("status", format!("'{key}' is not a run status; use active, waiting, finished, failed or stopped."))
        })?),
    };
    let zone = store.workflow_settings().await?.time_zone;
    let filter = RunFilter {
        status,
        record,
        from: day_start("from", &from, &zone, 0)?,
        to: day_start("to", &to, &zone, 1)?,
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if to <= from {
            return Err(AppError::invalid(
                "to",
                "The last day comes before the first; swap them.",
            ));
        }
    }
    let runs = store
        .workflow_runs(WorkflowId(id), &filter, before, RUNS_PER_PAGE + 1)
        .await?;
    let mut runs = hide_unseen(&store, &admin, runs).await?;
    if !filter.record.trim().is_empty() {
        // A name search says nothing about deals the admin may not see.
        runs.retain(|r| !r.record_hidden);
    }
    Ok(RunPage::from_fetched(runs, true))
}

/// For a person with `Only assigned data`: the runs of deals they may not see keep
/// their place in the list, without the deal's name.
#[cfg(feature = "ssr")]
async fn hide_unseen(
    store: &crate::store::Store,
    user: &crate::domain::account::User,
    mut runs: Vec<RunSummary>,
) -> Result<Vec<RunSummary>, AppError> {
    use crate::api::context::viewer;
    use crate::domain::board::OpportunityId;
    use crate::domain::workflow::listing::RunRecord;
    use crate::store::StoreError;
    if !user.only_assigned_data {
        return Ok(runs);
    }
    let mut seen = std::collections::HashMap::new();
    for run in &mut runs {
        let RunRecord::Opportunity(id) = run.record else {
            continue;
        };
        let visible = match seen.get(&id) {
            Some(v) => *v,
            None => {
                let v = match store.card(OpportunityId(id), viewer(user)).await {
                    Ok(_) => true,
                    Err(StoreError::NotFound(_)) => false,
                    Err(err) => return Err(err.into()),
                };
                seen.insert(id, v);
                v
            }
        };
        if !visible {
            run.record_name.clear();
            run.record_hidden = true;
        }
    }
    Ok(runs)
}

/// The first moment (ms) of `day` plus `days_after` in `zone`; empty: no bound.
#[cfg(feature = "ssr")]
fn day_start(field: &str, day: &str, zone: &str, days_after: i64) -> Result<Option<i64>, AppError> {
    use jiff::ToSpan;
    let day = day.trim();
    if day.is_empty() {
        return Ok(None);
    }
    let bad = || {
        AppError::invalid(
            field,
            format!("'{day}' is not a date; pick one as YYYY-MM-DD."),
        )
    };
    let date: jiff::civil::Date = day.parse().map_err(|_| bad())?;
    let date = date.checked_add(days_after.days()).map_err(|_| bad())?;
    let zone =
        crate::domain::workflow::wait::time_zone_named(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let start = date.to_zoned(zone).map_err(|_| bad())?;
    Ok(Some(start.timestamp().as_millisecond()))
}

/// `Remove from workflow`: stops a record's run that is running or waiting.
#[server(endpoint = "workflows/runs/remove")]
pub async fn remove_run(run: i64) -> Result<RunSummary, AppError> {
    use crate::api::context::{require_admin, store};
    let admin = require_admin()?;
    let store = store()?;
    seen_run(&store, &admin, run).await?;
    Ok(store.remove_run(run, &admin.name).await?)
}

/// Retries a failed run from the step it failed at.
#[server(endpoint = "workflows/runs/retry")]
pub async fn retry_run(run: i64) -> Result<RunSummary, AppError> {
    use crate::api::context::{require_admin, store};
    let admin = require_admin()?;
    let store = store()?;
    seen_run(&store, &admin, run).await?;
    Ok(store.retry_run(run, &admin.name).await?)
}

/// The run, when the person may see its record; else it is answered as missing.
#[cfg(feature = "ssr")]
async fn seen_run(
    store: &crate::store::Store,
    user: &crate::domain::account::User,
    id: i64,
) -> Result<RunSummary, AppError> {
    use crate::store::StoreError;
    let run = store.run(id).await?;
    match hide_unseen(store, user, vec![run]).await?.pop() {
        Some(run) if !run.record_hidden => Ok(run),
        _ => Err(StoreError::NotFound("workflow run").into()),
    }
}

/// The workflow runs of an opportunity (`record_kind` opportunity) or a contact: a deal
/// the person may not see is answered as missing, as its page is.
#[server(endpoint = "workflows/record-runs")]
pub async fn record_runs(
    record_kind: String,
    id: i64,
    before: Option<i64>,
) -> Result<RunPage, AppError> {
    use crate::api::context::{require_user, store};
    let user = require_user()?;
    let store = store()?;
    let record = visible_record(&store, &user, &record_kind, id).await?;
    let runs = store.record_runs(record, before, RUNS_PER_PAGE + 1).await?;
    Ok(RunPage::from_fetched(runs, user.role.can_manage_users()))
}

/// One run with its log; a run of a deal the admin may not see (`Only assigned data`) is
/// answered as missing, as the deal's page is.
#[server(endpoint = "workflows/run")]
pub async fn workflow_run(id: i64) -> Result<RunDetail, AppError> {
    use crate::api::context::{require_admin, store};
    let admin = require_admin()?;
    let store = store()?;
    let run = seen_run(&store, &admin, id).await?;
    Ok(RunDetail {
        run,
        log: store.run_log(id).await?,
    })
}

/// The record, when it exists and the person may see it (as its page would).
#[cfg(feature = "ssr")]
pub(super) async fn visible_record(
    store: &crate::store::Store,
    user: &crate::domain::account::User,
    kind: &str,
    id: i64,
) -> Result<crate::domain::workflow::listing::RunRecord, AppError> {
    use crate::api::context::viewer;
    use crate::domain::board::{ContactId, OpportunityId};
    use crate::domain::workflow::listing::RunRecord;
    match kind {
        "opportunity" => {
            store.card(OpportunityId(id), viewer(user)).await?;
            Ok(RunRecord::Opportunity(id))
        }
        "contact" => {
            store.contact(ContactId(id)).await?;
            Ok(RunRecord::Contact(id))
        }
        other => Err(not_a_record(other)),
    }
}

/// The answer to a record kind that is neither `opportunity` nor `contact`.
#[cfg(feature = "ssr")]
pub(super) fn not_a_record(kind: &str) -> AppError {
    AppError::invalid(
        "record_kind",
        format!("'{kind}' is not a kind of record a workflow runs on; use opportunity or contact."),
    )
}
