//! The Versions tab: each published version, who published it and when, what changed
//! since the one before, and `Restore as draft`.
use super::state::Builder;
use crate::api::workflows::{restore_workflow_version, workflow_version_history};
use crate::api::AppError;
use crate::domain::workflow::listing::VersionEntry;
use crate::domain::workflow::wait::moment_in;
use crate::ui::components::dialog::Modal;
use crate::ui::components::shell::Toast;
use crate::ui::loaded::Loaded;
use leptos::prelude::*;

#[component]
pub fn VersionsTab() -> impl IntoView {
    let builder = Builder::expect();
    let id = builder.id;
    let versions = Loaded::new(
        move || builder.versions.get(),
        move |_| workflow_version_history(id),
    );
    let restoring = RwSignal::new(None::<i64>);
    view! {
        <section class="card history" aria-labelledby="versions-title">
            <h2 id="versions-title">"Versions"</h2>
            <p class="hint">"Publishing freezes a version. Each run finishes on the version it started on, even after you publish another."</p>
            {move || match versions.value.get() {
                None => view! { <div class="skeleton list-skeleton" aria-busy="true"></div> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="empty-state-inline">"Not published yet. Each time you publish, the version appears here with what changed."</p>
                }.into_any(),
                Some(Ok(list)) => view! { <VersionList list restoring /> }.into_any(),
                Some(Err(err)) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
            }}
        </section>
        <RestoreDialog restoring />
    }
}

#[component]
fn VersionList(list: Vec<VersionEntry>, restoring: RwSignal<Option<i64>>) -> impl IntoView {
    let builder = Builder::expect();
    let time_zone = builder
        .workspace
        .with_value(|w| w.settings.time_zone.clone());
    let items = list
        .into_iter()
        .map(|entry| {
            let number = entry.summary.number;
            let runs_now = move || builder.summary.with(|s| s.published_version == Some(number));
            let by = entry.summary.published_by.clone().unwrap_or_else(|| "a removed user".into());
            let when = moment_in(entry.summary.published_at, &time_zone);
            let label = format!("Restore version {number} as draft");
            view! {
                <li class="version">
                    <div class="version-head">
                        <h3>{format!("Version {number}")}</h3>
                        {move || runs_now().then(|| view! { <span class="badge badge-ok">"Runs now"</span> })}
                        <span class="muted">{format!("Published by {by}, {when}")}</span>
                        <button type="button" class="button button-small" aria-label=label on:click=move |_| restoring.set(Some(number))>
                            "Restore as draft"
                        </button>
                    </div>
                    <ul class="version-changes">
                        {entry.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                    </ul>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="versions">{items}</ol> }
}

#[component]
fn RestoreDialog(restoring: RwSignal<Option<i64>>) -> impl IntoView {
    let builder = Builder::expect();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let open = Signal::derive(move || restoring.with(Option::is_some));
    let close = move || {
        restoring.set(None);
        error.set(None);
    };
    let confirm = move |_| {
        let Some(number) = restoring.get_untracked() else {
            return;
        };
        pending.set(true);
        crate::ui::unsaved::spawn_saving(async move {
            match restore_workflow_version(builder.id, number).await {
                Ok(_) => {
                    builder.refresh().await;
                    Toast::success(format!(
                        "Version {number} is the draft now. Publish changes to run it."
                    ));
                    restoring.try_set(None);
                }
                Err(err) => {
                    error.try_set(Some(err));
                }
            }
            pending.try_set(false);
        });
    };
    let title = Signal::derive(move || {
        format!(
            "Restore version {} as the draft?",
            restoring.get().unwrap_or_default()
        )
    });
    view! {
        <Modal id="restore-version" open on_close=move |_| close() title>
            <p>"The draft is replaced by this version's steps and settings. The version that runs does not change until you publish."</p>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            <div class="modal-actions">
                <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                <button type="button" class="button button-primary" disabled=pending on:click=confirm>"Restore as draft"</button>
            </div>
        </Modal>
    }
}
