//! "Add to workflow" on a profile and in the list's bulk bar: a button opening a dialog
//! that enrolls the records in a published workflow with a Manual trigger, then tells
//! what happened in a notice.
use super::workflow_choices::{choice_id, WorkflowChoices};
use crate::api::workflows::{add_to_workflow, manual_workflows};
use crate::api::AppError;
use crate::domain::list::ListInput;
use crate::domain::workflow::enrollment::ManualWorkflow;
use crate::ui::components::dialog::Modal;
use crate::ui::components::forms::FormError;
use crate::ui::components::shell::Toast;
use crate::ui::dom::focus_later;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

const CLOSE_ID: &str = "add-to-workflow-close";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Opportunity,
    Contact,
}

impl RecordKind {
    pub fn key(self) -> &'static str {
        match self {
            RecordKind::Opportunity => "opportunity",
            RecordKind::Contact => "contact",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            RecordKind::Opportunity => "deals",
            RecordKind::Contact => "contacts",
        }
    }
}

/// The records one submit enrolls: the ticked ids, or (deals only) every deal matching
/// the list's filters, as the bulk actions take them.
#[derive(Debug, Clone, Default)]
pub struct ChosenRecords {
    pub ids: String,
    pub all_matching: bool,
    pub list: ListInput,
}

impl ChosenRecords {
    pub fn one(id: i64) -> ChosenRecords {
        ChosenRecords {
            ids: id.to_string(),
            ..ChosenRecords::default()
        }
    }
}

#[component]
pub fn AddToWorkflow(
    kind: RecordKind,
    /// What is enrolled, in the dialog's words: "Botox consult", "2 deals".
    #[prop(into)]
    subject: Signal<String>,
    /// Read when the person submits, so a bulk selection counts as it is then.
    #[prop(into)]
    records: Callback<(), ChosenRecords>,
    /// After the server answered with an outcome (the records' timelines may change).
    #[prop(into)]
    on_enrolled: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // None while loading.
    let workflows = RwSignal::new(None::<Result<Vec<ManualWorkflow>, AppError>>);
    let chosen = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    // Loaded in the browser each time the dialog opens (a workflow may have been
    // published meanwhile); not a resource, which would hold up the server's streaming
    // of the whole profile (see `lost_reason_options`).
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        leptos::task::spawn_local(async move {
            let loaded = manual_workflows(kind.key().to_string()).await;
            let offered = loaded.as_ref().map(Vec::as_slice).unwrap_or_default();
            let first = offered.first().map(|w| w.id.0);
            if offered.len() == 1 {
                chosen.try_set(first);
            }
            if let Err(err) = &loaded {
                error.try_set(Some(err.clone()));
            }
            workflows.try_set(Some(loaded));
            focus_later(first.map_or_else(|| CLOSE_ID.to_string(), choice_id));
        });
    });
    let close = Callback::new(move |_: ()| {
        open.set(false);
        workflows.set(None);
        chosen.set(None);
        error.set(None);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second click before the button shows as disabled must not enroll twice.
        let Some(workflow) = chosen.get_untracked() else {
            return;
        };
        if pending.get_untracked() {
            return;
        }
        let ChosenRecords {
            ids,
            all_matching,
            list,
        } = records.run(());
        pending.set(true);
        error.set(None);
        spawn_saving(async move {
            match add_to_workflow(workflow, kind.key().to_string(), ids, all_matching, list).await {
                Ok(outcome) => {
                    let notice = outcome.summary();
                    // Nothing enrolled: the reason stays up longer, to be read.
                    if outcome.enrolled() == 0 {
                        Toast::error(notice);
                    } else {
                        Toast::success(notice);
                    }
                    close.run(());
                    on_enrolled.run(());
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let offered = move || workflows.with(|w| matches!(w, Some(Ok(w)) if !w.is_empty()));
    let title = Signal::derive(move || format!("Add {} to a workflow", subject.get()));
    view! {
        <button type="button" class="button" on:click=move |_| open.set(true)>"Add to workflow"</button>
        <Modal id="add-to-workflow" open on_close=close title>
            <form class="form add-to-workflow" on:submit=submit>
                {move || match workflows.get() {
                    None => view! { <p class="hint" aria-busy="true">"Loading workflows…"</p> }.into_any(),
                    Some(Ok(loaded)) => view! { <WorkflowChoices workflows=loaded chosen records=kind.plural() /> }.into_any(),
                    Some(Err(_)) => ().into_any(),
                }}
                <FormError errors=error.into() fields=&[] />
                <div class="modal-actions">
                    <button type="button" id=CLOSE_ID class="button" on:click=move |_| close.run(())>
                        {move || if offered() { "Cancel" } else { "Close" }}
                    </button>
                    <Show when=offered>
                        <button type="submit" class="button button-primary" disabled=pending>
                            {move || if pending.get() { "Adding…" } else { "Add to workflow" }}
                        </button>
                    </Show>
                </div>
            </form>
        </Modal>
    }
}
