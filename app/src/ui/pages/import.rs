//! `/opportunities/import/{id}`: one import. Before it runs: the file (how to read it,
//! when it is UTF-8 but for a few bad bytes), its columns to map and the review of every row; while it runs: its progress (refreshed every moment,
//! also after a reload or a server restart); after: its counts, failed rows and undo.
use crate::api::imports::{load_import, start_import, ImportView};
use crate::domain::currency::group_thousands;
use crate::domain::file::human_size;
use crate::domain::import::ImportState;
use crate::ui::components::import::{
    same_choices, value_choices, Choices, EncodingChoice, ImportProgress, ImportResult,
    MappingForm, ReviewPanel, Reviewing,
};
use crate::ui::components::profile::ProfileLoader;
use crate::ui::components::shell::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <ProfileLoader
            load=load_import
            show=|view: ImportView, reload| view! { <ImportScreen view reload /> }.into_any()
            not_found=|| view! { <NotFound /> }.into_any()
        />
    }
}

#[component]
fn NotFound() -> impl IntoView {
    super::not_found::respond_not_found();
    view! {
        <Title text="Import not found" />
        <section class="card empty-state">
            <h1>"Import not found"</h1>
            <p>"It may belong to someone else. Your imports are listed on the import page."</p>
            <a class="button" href="/opportunities/import">"Back to imports"</a>
        </section>
    }
}

#[component]
fn ImportScreen(view: ImportView, reload: RwSignal<u32>) -> impl IntoView {
    let summary = view.summary.clone();
    let state = summary.state;
    let refresh = Callback::new(move |_: ()| reload.update(|n| *n += 1));
    if state.is_active() {
        // Progress is read again shortly; the page keeps showing the last figures meanwhile.
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || refresh.run(()),
            std::time::Duration::from_millis(700),
        );
    }
    let current = RwSignal::new(view.clone());
    let stale = RwSignal::new(false);
    let starting = RwSignal::new(false);
    let choices = Choices::new(&view);
    let reviewing = Reviewing::default();
    // The value rules the review shown used: choosing others calls for a new review.
    let applied = RwSignal::new(value_choices(&view));
    let on_reviewed = Callback::new(move |view: ImportView| {
        stale.set(false);
        applied.set(value_choices(&view));
        current.set(view);
    });
    let changed = Signal::derive(move || {
        stale.get()
            || !choices
                .values
                .with(|chosen| applied.with(|a| same_choices(chosen, a)))
    });
    let run_review = Callback::new(move |_: ()| reviewing.run(summary.id, choices, on_reviewed));
    let start = move |_| {
        starting.set(true);
        spawn_local(async move {
            match start_import(summary.id).await {
                Ok(()) => refresh.run(()),
                Err(err) => {
                    Toast::error(err.to_string());
                    starting.set(false);
                }
            }
        });
    };
    let details = format!(
        "{} · {} · {} rows · {}",
        human_size(summary.file_size),
        summary.file_shape,
        group_thousands(summary.total_rows),
        state.label()
    );
    let body = match state {
        ImportState::Uploaded if summary.utf8_doubt.is_some() => {
            let doubt = summary.utf8_doubt.clone().unwrap_or_default();
            view! { <EncodingChoice id=summary.id doubt on_chosen=refresh /> }.into_any()
        }
        ImportState::Uploaded | ImportState::Reviewed => view! {
            <MappingForm view=view.clone() choices reviewing stale on_review=run_review />
            {move || {
                current
                    .get()
                    .summary
                    .review
                    .map(|review| {
                        view! {
                            <ReviewPanel
                                review
                                stale=changed
                                starting
                                on_start=start
                                choices
                                pending=reviewing.pending
                                on_review=run_review
                            />
                        }
                    })
            }}
        }
        .into_any(),
        ImportState::Running | ImportState::Cancelling => {
            view! { <ImportProgress summary=summary.clone() on_changed=refresh /> }.into_any()
        }
        _ => view! {
            <ImportResult
                summary=summary.clone()
                failed=view.failed_reasons.clone()
                skipped=view.skipped_reasons.clone()
                on_changed=refresh
            />
        }
        .into_any(),
    };
    view! {
        <Title text=format!("Import {}", summary.file_name) />
        <header class="page-header">
            <p class="breadcrumb">
                <a href="/opportunities">"Opportunities"</a>
                " / "
                <a href="/opportunities/import">"Import"</a>
            </p>
            <h1>{summary.file_name.clone()}</h1>
            <p class="lead">{details}</p>
        </header>
        <div class="import-steps">{body}</div>
    }
}
