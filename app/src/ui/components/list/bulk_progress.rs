//! A bulk action running as a background job: a progress bar with `Cancel` while it
//! runs, then the count of deals it changed (or why it stopped, with `Resume` when a
//! passing error stopped it). Shown again after a reload while the job still runs.
use super::ListContext;
use crate::api::opportunities::{cancel_bulk_job, current_bulk_job, resume_bulk_job};
use crate::domain::bulk::{BulkJobState, BulkJobSummary};
use crate::domain::currency::group_thousands;
use crate::ui::components::import::ProgressBar;
use crate::ui::components::shell::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The person's bulk job the list shows, shared by the bulk bar (which starts one) and
/// the progress panel.
#[derive(Clone, Copy)]
pub struct BulkJob(pub RwSignal<Option<BulkJobSummary>>);

impl BulkJob {
    pub fn new() -> BulkJob {
        BulkJob(RwSignal::new(None))
    }

    /// Shows `job` and follows its progress until it stops.
    pub fn follow(self, job: BulkJobSummary) {
        let active = job.state.is_active();
        self.0.set(Some(job));
        if active {
            self.read_again();
        }
    }

    /// Reads the job's progress again shortly (in the browser only).
    fn read_again(self) {
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || {
                let Some(id) = self.0.with_untracked(|j| j.as_ref().map(|j| j.id)) else {
                    return;
                };
                spawn_local(async move {
                    match crate::api::opportunities::bulk_job(id).await {
                        Ok(job) => self.follow(job),
                        Err(err) => Toast::error(err.to_string()),
                    }
                });
            },
            std::time::Duration::from_millis(700),
        );
    }
}

fn deals(n: u64) -> String {
    format!(
        "{} {}",
        group_thousands(n),
        if n == 1 { "deal" } else { "deals" }
    )
}

/// The heading and the sentence under the bar for `job` as it is now.
fn words(job: &BulkJobSummary) -> (String, String) {
    let progress = format!("{} of {} done", group_thousands(job.done), deals(job.total));
    let changed = format!("{} changed.", deals(job.changed));
    match job.state {
        BulkJobState::Running => (format!("{}…", job.label), progress),
        BulkJobState::Cancelling => (format!("Stopping {}…", job.label), progress),
        BulkJobState::Cancelled => (
            format!("{} cancelled", job.label),
            format!("{progress}; {changed}"),
        ),
        BulkJobState::Done => (format!("{} finished", job.label), changed),
        BulkJobState::Failed => (
            format!("{} stopped", job.label),
            format!("{progress}; {changed}"),
        ),
    }
}

#[component]
pub fn BulkProgress() -> impl IntoView {
    let context = expect_context::<ListContext>();
    let job = expect_context::<BulkJob>();
    // After a reload: the person's job that still runs, if any.
    Effect::new(move |_| {
        spawn_local(async move {
            if let Ok(Some(current)) = current_bulk_job().await {
                if job.0.with_untracked(Option::is_none) {
                    job.follow(current);
                }
            }
        });
    });
    let act = move |cancel: bool| {
        let Some(id) = job.0.with_untracked(|j| j.as_ref().map(|j| j.id)) else {
            return;
        };
        spawn_local(async move {
            let answer = if cancel {
                cancel_bulk_job(id).await
            } else {
                resume_bulk_job(id).await
            };
            match answer {
                Ok(next) => job.follow(next),
                Err(err) => Toast::error(err.to_string()),
            }
        });
    };
    let close = move |_| {
        job.0.set(None);
        context.reload.run(());
    };
    move || {
        job.0.get().map(|current| {
            let (heading, label) = words(&current);
            let state = current.state;
            view! {
                <section class="card bulk-progress" aria-labelledby="bulk-progress-heading">
                    <h2 id="bulk-progress-heading">{heading}</h2>
                    <ProgressBar name="Bulk action progress" percent=current.percent_done() label />
                    {current.error.clone().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <div class="form-actions">
                        {state
                            .is_active()
                            .then(|| {
                                view! {
                                    <button type="button" class="button" on:click=move |_| act(true) disabled=state == BulkJobState::Cancelling>
                                        "Cancel"
                                    </button>
                                    <span class="field-hint">"Deals already changed keep their change."</span>
                                }
                            })}
                        {current
                            .resumable
                            .then(|| view! { <button type="button" class="button button-primary" on:click=move |_| act(false)>"Resume"</button> })}
                        {(!state.is_active()).then(|| view! { <button type="button" class="button" on:click=close>"Close"</button> })}
                    </div>
                </section>
            }
        })
    }
}
