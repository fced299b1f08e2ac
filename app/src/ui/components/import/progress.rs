//! A running import's progress (rows done of all, rows per second) with `Cancel`, and a
//! finished one's counts, its failed rows as CSV, `Undo import` with how long the file
//! and the undo are kept, and `Resume import` for one a passing error stopped.
use super::review::{CountTiles, ReasonTable};
use crate::api::imports::{cancel_import, resume_import, undo_import};
use crate::domain::currency::group_thousands;
use crate::domain::import::tally::ReasonCount;
use crate::domain::import::{ImportState, ImportSummary};
use crate::ui::components::dialog::Modal;
use crate::ui::components::shell::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A bar filled to `percent`, named `name` for assistive technology, with `label`
/// beneath it (announced as it changes).
#[component]
pub fn ProgressBar(name: &'static str, percent: u32, label: String) -> impl IntoView {
    view! {
        <div class="progress" role="progressbar" aria-label=name aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent>
            <div class="progress-bar" style=format!("width: {percent}%")></div>
        </div>
        <p class="progress-label" aria-live="polite">{label}</p>
    }
}

#[component]
pub fn ImportProgress(
    summary: ImportSummary,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let id = summary.id;
    let percent = summary.percent_done();
    let cancelling = summary.state == ImportState::Cancelling;
    let speed = summary
        .rows_per_second
        .map(|r| format!(" · {} rows per second", group_thousands(r)))
        .unwrap_or_default();
    let cancel = move |_| {
        spawn_local(async move {
            if let Err(err) = cancel_import(id).await {
                Toast::error(err.to_string());
            }
            on_changed.run(());
        });
    };
    view! {
        <section class="card import-progress" aria-labelledby="progress-heading">
            <h2 id="progress-heading">{if cancelling { "Stopping the import…" } else { "Importing…" }}</h2>
            <ProgressBar
                name="Import progress"
                percent=u32::from(percent)
                label=format!(
                    "{} of {} rows{speed}",
                    group_thousands(summary.rows_done),
                    group_thousands(summary.total_rows),
                )
            />
            <CountTiles counts=summary.counts planned=false />
            <div class="form-actions">
                <button type="button" class="button" on:click=cancel disabled=cancelling>"Cancel import"</button>
                <span class="field-hint">"Rows already imported stay; undo them afterwards if you want."</span>
            </div>
        </section>
    }
}

#[component]
pub fn ImportResult(
    summary: ImportSummary,
    /// Why rows failed and why some were skipped, grouped.
    failed: Vec<ReasonCount>,
    skipped: Vec<ReasonCount>,
    #[prop(into)] on_changed: Callback<()>,
) -> impl IntoView {
    let id = summary.id;
    let confirming = RwSignal::new(false);
    let undoing = RwSignal::new(false);
    let state = summary.state;
    let heading = match state {
        ImportState::Done => "Import finished".to_string(),
        ImportState::Cancelled => format!(
            "Import cancelled after row {}",
            group_thousands(summary.rows_done)
        ),
        ImportState::Failed => format!(
            "Import stopped after row {}",
            group_thousands(summary.rows_done)
        ),
        _ => "Import undone".to_string(),
    };
    let undo = move |_| {
        undoing.set(true);
        spawn_local(async move {
            match undo_import(id).await {
                Ok(report) => Toast::success(format!(
                    "Import undone: {} deals removed, {} restored.",
                    group_thousands(report.removed),
                    group_thousands(report.restored)
                )),
                Err(err) => Toast::error(err.to_string()),
            }
            undoing.set(false);
            confirming.set(false);
            on_changed.run(());
        });
    };
    let resuming = RwSignal::new(false);
    let resume = move |_| {
        resuming.set(true);
        spawn_local(async move {
            if let Err(err) = resume_import(id).await {
                Toast::error(err.to_string());
                resuming.set(false);
            }
            on_changed.run(());
        });
    };
    let writes = summary.counts.created + summary.counts.updated;
    let undo_open = !summary.undo_closed(crate::ui::dom::now_ms());
    let file_kept = summary.file_deleted_at.is_none();
    let file_note = summary.file_note();
    let report = summary.undo.clone();
    view! {
        <section class="card import-result" aria-labelledby="result-heading">
            <h2 id="result-heading">{heading}</h2>
            {summary.error.clone().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <CountTiles counts=summary.counts planned=false />
            <ReasonTable title="Why rows failed" reasons=failed />
            <ReasonTable title="Why rows were skipped" reasons=skipped />
            {summary
                .resumable
                .then(|| {
                    view! {
                        <p>"The database was busy or out of reach for too long. The rows written so far are kept: Resume import goes on after them."</p>
                    }
                })}
            <div class="form-actions">
                {summary
                    .resumable
                    .then(|| {
                        view! {
                            <button type="button" class="button button-primary" on:click=resume disabled=resuming>
                                "Resume import"
                            </button>
                        }
                    })}
                {(summary.counts.failed > 0 && file_kept)
                    .then(|| {
                        view! {
                            <a class="button" href=format!("/api/imports/{id}/failed.csv") download="">
                                "Download failed rows (CSV)"
                            </a>
                        }
                    })}
                {(state.has_written() && writes > 0 && undo_open)
                    .then(|| view! { <button type="button" class="button button-danger" on:click=move |_| confirming.set(true)>"Undo import"</button> })}
                <a class="button" href="/opportunities?view=list">"Open the list"</a>
            </div>
            {file_note.map(|note| view! { <p class="field-hint">{note}</p> })}
            {report
                .map(|r| {
                    view! {
                        <p>
                            {format!(
                                "Undo removed {} deals and restored {}.",
                                group_thousands(r.removed),
                                group_thousands(r.restored),
                            )}
                            {(r.contacts_removed + r.companies_removed > 0)
                                .then(|| {
                                    format!(
                                        " It removed the {} contacts and {} companies the import created.",
                                        group_thousands(r.contacts_removed),
                                        group_thousands(r.companies_removed),
                                    )
                                })}
                            {(r.records_kept > 0)
                                .then(|| {
                                    format!(
                                        " {} contacts or companies it created are kept: they are in use or were changed since.",
                                        group_thousands(r.records_kept),
                                    )
                                })}
                            {(r.kept_count > 0).then(|| format!(" {} deals were left as they are:", group_thousands(r.kept_count)))}
                        </p>
                        <ul class="kept-list">
                            {r.kept.into_iter().map(|k| view! { <li>{format!("{} (row {}) {}", k.deal, k.row, k.reason.unwrap_or_default())}</li> }).collect_view()}
                        </ul>
                    }
                })}
            <Modal open=confirming on_close=move |_| confirming.set(false) id="undo-import" title=Signal::derive(|| "Undo this import?".to_string())>
                <p>
                    {format!(
                        "The {} deals it created will be removed and the {} it updated get their previous values back. Deals someone changed since the import are left as they are.",
                        group_thousands(summary.counts.created),
                        group_thousands(summary.counts.updated),
                    )}
                </p>
                <div class="modal-actions">
                    <button type="button" class="button button-danger" on:click=undo disabled=undoing>
                        {move || if undoing.get() { "Undoing…" } else { "Undo import" }}
                    </button>
                    <button type="button" class="button" on:click=move |_| confirming.set(false)>"Keep the import"</button>
                </div>
            </Modal>
        </section>
    }
}
