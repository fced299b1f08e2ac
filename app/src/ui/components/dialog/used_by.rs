//! "Used by 2 published workflows: …": the warning a confirmation shows before removing
//! something published workflows name. It is asked before the confirmation opens, so
//! the dialog never grows under the person's pointer once it is on screen.
use super::Modal;
use crate::api::usage::{published_workflows_using, Removal};
use crate::domain::workflow::references::{used_by, USED_BY_CONSEQUENCE};
use leptos::prelude::*;

/// What the workflows said: their names, or why they could not be asked.
pub type Usage = Result<Vec<String>, String>;

/// The published workflows that name `what` `id`.
pub async fn ask_usage(what: Removal, id: i64) -> Usage {
    published_workflows_using(what, id)
        .await
        .map_err(|e| e.to_string())
}

/// Whether the removal needs the warning: a workflow names it, or nobody could say.
pub fn needs_warning(usage: &Usage) -> bool {
    !matches!(usage, Ok(names) if names.is_empty())
}

/// The warning block, placed above a confirmation's buttons; nothing when no published
/// workflow names the thing.
#[component]
pub fn UsedByWarning(#[prop(into)] usage: Signal<Usage>) -> impl IntoView {
    move || {
        let (headline, detail) = match usage.get() {
            Ok(names) => (used_by(&names)?, USED_BY_CONSEQUENCE.to_string()),
            Err(problem) => (
                "Dealflow could not check which published workflows name it.".to_string(),
                problem,
            ),
        };
        Some(view! {
            <div class="field-warning used-by" role="alert">
                <p><strong>{headline}</strong></p>
                <p>{detail}</p>
            </div>
        })
    }
}

/// A removal waiting for its confirmation because published workflows name it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRemoval {
    pub id: i64,
    /// What is removed, for the message once it is: "Fox Mulder", "Budget".
    pub name: String,
    /// The dialog's heading: "Deactivate Fox Mulder?".
    pub title: String,
    /// What else the removal does, in a sentence.
    pub detail: String,
    pub usage: Usage,
}

/// Asks before a removal that published workflows name: open while `pending` holds one,
/// which `on_confirm` gets.
#[component]
pub fn ConfirmUsedRemoval(
    /// Unique on the page.
    id: &'static str,
    pending: RwSignal<Option<PendingRemoval>>,
    /// The confirm button: "Deactivate", "Delete field".
    confirm_label: &'static str,
    #[prop(into)] on_confirm: Callback<PendingRemoval>,
) -> impl IntoView {
    let close = move || pending.set(None);
    let title = Signal::derive(move || {
        pending.with(|p| p.as_ref().map(|p| p.title.clone()).unwrap_or_default())
    });
    let usage = Signal::derive(move || {
        pending.with(|p| p.as_ref().map_or(Ok(Vec::new()), |p| p.usage.clone()))
    });
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(removal) = pending.get_untracked() {
            pending.set(None);
            on_confirm.run(removal);
        }
    };
    view! {
        <Modal id open=Signal::derive(move || pending.with(Option::is_some)) on_close=move |_| close() title>
            <form class="form" on:submit=confirm>
                <p>{move || pending.with(|p| p.as_ref().map(|p| p.detail.clone()))}</p>
                <UsedByWarning usage />
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                    <button type="submit" class="button button-danger">{confirm_label}</button>
                </div>
            </form>
        </Modal>
    }
}
