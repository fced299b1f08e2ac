//! `Test`: pick a deal or contact by name and see, step by step, what the draft or the
//! version that runs would do to it now (nothing is written, no webhook is sent); then
//! `Run for real` enrolls it in the version that runs.
use super::run_log::RunLog;
use super::state::Builder;
use super::tabs::{tab_href, Tab};
use crate::api::workflows::{run_for_real, test_workflow, trial_candidates};
use crate::api::AppError;
use crate::domain::workflow::enrollment::EnrollOutcome;
use crate::domain::workflow::trial::{Trial, TrialCandidate, TrialEnd, TrialOf};
use crate::domain::workflow::wait::moment_in;
use crate::ui::components::dialog::Modal;
use leptos::prelude::*;

#[component]
pub fn TestButton() -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button type="button" class="button" on:click=move |_| open.set(true)>"Test"</button>
        {move || open.get().then(|| view! { <TestDialog open /> })}
    }
}

#[component]
fn TestDialog(open: RwSignal<bool>) -> impl IntoView {
    let builder = Builder::expect();
    let published = move || builder.summary.with(|s| s.published_version);
    // The draft is what the admin is working on; with no edits since publishing, the
    // version that runs is the same thing.
    let of = RwSignal::new(
        if builder
            .summary
            .with_untracked(|s| s.published_version.is_some() && !s.draft_changed)
        {
            TrialOf::Published
        } else {
            TrialOf::Draft
        },
    );
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<TrialCandidate>);
    let candidates = Resource::new(
        move || query.get(),
        |q| async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                trial_candidates(q).await
            }
        },
    );
    let result = RwSignal::new(None::<Result<Trial, AppError>>);
    let enrolled = RwSignal::new(None::<Result<EnrollOutcome, AppError>>);
    let pending = RwSignal::new(false);
    let run_test = move |_| {
        let Some(candidate) = chosen.get_untracked() else {
            return;
        };
        let (kind, id) = candidate.record.columns();
        let draft = of.get_untracked() == TrialOf::Draft;
        pending.set(true);
        enrolled.set(None);
        leptos::task::spawn_local(async move {
            let answer = test_workflow(builder.id, draft, kind.to_string(), id).await;
            result.try_set(Some(answer));
            pending.try_set(false);
        });
    };
    let for_real = move |_| {
        let Some(candidate) = chosen.get_untracked() else {
            return;
        };
        let (kind, id) = candidate.record.columns();
        pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = run_for_real(builder.id, kind.to_string(), id).await;
            enrolled.try_set(Some(answer));
            pending.try_set(false);
        });
    };
    let pick = move |candidate: TrialCandidate| {
        chosen.set(Some(candidate));
        result.set(None);
        enrolled.set(None);
    };
    let time_zone = builder
        .workspace
        .with_value(|w| w.settings.time_zone.clone());
    view! {
        <Modal id="test-automation" open=open on_close=move |_| open.set(false) title="Test on a real record">
            <div class="form test-form">
                <p class="hint">"See what the steps would do to one deal or contact now. Nothing is changed and no webhook is sent."</p>
                <fieldset class="field">
                    <legend>"Version"</legend>
                    <label class="checkbox">
                        <input
                            type="radio"
                            name="test-version"
                            prop:checked=move || of.get() == TrialOf::Draft
                            on:change=move |_| of.set(TrialOf::Draft)
                        />
                        "The draft, as saved"
                    </label>
                    {move || published().map(|v| view! {
                        <label class="checkbox">
                            <input
                                type="radio"
                                name="test-version"
                                prop:checked=move || of.get() == TrialOf::Published
                                on:change=move |_| of.set(TrialOf::Published)
                            />
                            {format!("Version {v}, the one that runs")}
                        </label>
                    })}
                </fieldset>
                {move || match chosen.get() {
                    Some(c) => view! {
                        <div class="field">
                            <span class="field-label">"Record"</span>
                            <div class="test-record">
                                <strong>{c.name.clone()}</strong>
                                <span class="muted">{c.detail.clone()}</span>
                                <button type="button" class="button button-small" on:click=move |_| {
                                    chosen.set(None);
                                    result.set(None);
                                    crate::ui::dom::focus_later("test-record-search".into());
                                }>"Change"</button>
                            </div>
                        </div>
                    }.into_any(),
                    None => view! { <RecordPicker query candidates pick /> }.into_any(),
                }}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| open.set(false)>"Close"</button>
                    <button
                        type="button"
                        class="button button-primary"
                        disabled=move || chosen.with(Option::is_none) || pending.get()
                        on:click=run_test
                    >
                        "Run test"
                    </button>
                </div>
                <div aria-live="polite">
                    {move || result.get().map(|answer| match answer {
                        Ok(trial) => view! { <TrialResult trial time_zone=time_zone.clone() /> }.into_any(),
                        Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                    })}
                </div>
                {move || {
                    let tested = result.with(|r| matches!(r, Some(Ok(_))));
                    (tested && published().is_some()).then(|| view! {
                        <div class="test-for-real">
                            <p class="hint">{move || format!(
                                "Run for real enrolls this record in version {} now, by the usual rules (one run at a time, Allow re-entry).",
                                published().unwrap_or_default()
                            )}</p>
                            <button type="button" class="button button-primary" disabled=pending on:click=for_real>
                                "Run for real"
                            </button>
                            <EnrollAnswer enrolled />
                        </div>
                    })
                }}
            </div>
        </Modal>
    }
}

#[component]
fn RecordPicker(
    query: RwSignal<String>,
    candidates: Resource<Result<Vec<TrialCandidate>, AppError>>,
    pick: impl Fn(TrialCandidate) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="test-record-search">"Deal or contact"</label>
            <input
                id="test-record-search"
                type="search"
                autocomplete="off"
                placeholder="Search by name"
                prop:value=query
                on:input=move |ev| query.set(event_target_value(&ev))
                aria-describedby="test-record-hint"
            />
            <p class="hint" id="test-record-hint">"Type part of a deal's or contact's name, then pick it."</p>
            <Transition fallback=|| view! { <div class="skeleton test-candidates-skeleton"></div> }>
                {move || Suspend::new(async move {
                    match candidates.await {
                        Ok(found) if found.is_empty() && !query.with_untracked(|q| q.trim().is_empty()) => {
                            view! { <p class="empty-state-inline">"No deal or contact has that name."</p> }.into_any()
                        }
                        Ok(found) => view! {
                            <ul class="test-candidates" aria-label="Matching records">
                                {found.into_iter().map(|c| {
                                    let shown = c.clone();
                                    view! {
                                        <li>
                                            <button type="button" class="candidate" on:click=move |_| pick(c.clone())>
                                                <strong>{shown.name}</strong>
                                                <span class="muted">{shown.detail}</span>
                                            </button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(err) => view! { <p class="field-error">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn TrialResult(trial: Trial, time_zone: String) -> impl IntoView {
    let of = match trial.of {
        TrialOf::Draft => "the draft",
        TrialOf::Published => "the version that runs",
    };
    let end = match &trial.end {
        TrialEnd::Waits { until } => format!(
            "The run would wait here until {}; the steps after the wait are worked out when it wakes, on the records as they are then.",
            moment_in(*until, &time_zone)
        ),
        other => other.sentence(),
    };
    let failed = matches!(trial.end, TrialEnd::Fails { .. });
    view! {
        <section class="test-result" aria-label="Test result">
            <h3>{format!("What {of} would do to {}", trial.record_name)}</h3>
            <p class="test-entry">{trial.entry}</p>
            <RunLog log=trial.steps trial=true time_zone />
            <p class=if failed { "test-end form-error" } else { "test-end" }>{end}</p>
            <p class="test-nothing">"Nothing was changed and no webhook was sent."</p>
        </section>
    }
}

#[component]
fn EnrollAnswer(enrolled: RwSignal<Option<Result<EnrollOutcome, AppError>>>) -> impl IntoView {
    let builder = Builder::expect();
    move || {
        enrolled.get().map(|answer| match answer {
            Ok(outcome) => match outcome.enrollments.first() {
                Some(e) if e.refused.is_none() => {
                    let href = tab_href(builder.id, Tab::History, Some(e.run));
                    view! {
                        <p class="form-success" role="status">
                            {format!("Enrolled: run #{} has started. ", e.run)}
                            <a href=href>"Open its run log"</a>
                        </p>
                    }
                    .into_any()
                }
                Some(e) => {
                    let why = e
                        .refused
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    view! { <p class="form-error" role="alert">{why}</p> }.into_any()
                }
                None => view! { <p class="form-error" role="alert">"Nothing was enrolled."</p> }
                    .into_any(),
            },
            Err(err) => {
                view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any()
            }
        })
    }
}
