//! A modal dialog on the native `<dialog>` element: focus stays inside, Escape closes it;
//! the small action menus that open from a `…` button; and the warning before removing
//! what published workflows name.
mod lost_reason;
mod menu;
mod used_by;

pub use lost_reason::{lost_reason_options, LostReasonModal};
pub use menu::ActionMenu;
pub use used_by::{
    ask_usage, needs_warning, ConfirmUsedRemoval, PendingRemoval, Usage, UsedByWarning,
};

use leptos::html;
use leptos::prelude::*;

#[component]
pub fn Modal(
    /// Shown while true.
    #[prop(into)]
    open: Signal<bool>,
    /// Called when the person closes it (Escape, Cancel, or the form's own close).
    #[prop(into)]
    on_close: Callback<()>,
    /// Unique on the page; the heading's id derives from it.
    #[prop(into)]
    id: String,
    /// The dialog's heading, also its accessible name.
    #[prop(into)]
    title: Signal<String>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let title_id = format!("{id}-title");
    let title_id_ref = title_id.clone();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            id=id
            class="modal"
            aria-labelledby=title_id_ref
            on:close=move |_| {
                if open.get_untracked() {
                    on_close.run(());
                }
            }
        >
            <h2 id=title_id.clone() class="modal-title">{title}</h2>
            {children()}
        </dialog>
    }
}
