//! Asking before a contact or company is deleted, saying what happens to its deals.
use crate::ui::components::dialog::Modal;
use leptos::prelude::*;

#[component]
pub fn DeleteDialog(
    open: RwSignal<bool>,
    /// "Delete Ann Lee?"
    title: String,
    /// What deleting does, in a sentence.
    consequence: String,
    #[prop(into)] on_confirm: Callback<()>,
) -> impl IntoView {
    let pending = RwSignal::new(false);
    view! {
        <Modal open=open on_close=move |_| open.set(false) id="delete-record" title=title>
            <p>{consequence}</p>
            <div class="form-actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
                <button
                    type="button"
                    class="button button-danger"
                    disabled=pending
                    on:click=move |_| {
                        pending.set(true);
                        on_confirm.run(());
                    }
                >
                    "Delete"
                </button>
            </div>
        </Modal>
    }
}
