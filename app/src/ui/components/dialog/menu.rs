//! A `…` button that opens a small menu of actions (a card's `Move to stage`, a list
//! row's actions). Escape closes it and puts focus back on the button.
use leptos::prelude::*;

#[component]
pub fn ActionMenu(
    /// Unique on the page: the button's id; the menu's id derives from it.
    #[prop(into)]
    id: String,
    /// The button's accessible name, e.g. "Move to stage: Globex pilot".
    #[prop(into)]
    label: String,
    /// The button's tooltip, and the menu's name and heading.
    title: &'static str,
    open: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    let menu_id = format!("{id}-items");
    let refocus = id.clone();
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.prevent_default();
            ev.stop_propagation();
            open.set(false);
            crate::ui::dom::focus_later(refocus.clone());
        }
    };
    view! {
        <div class="move-menu" on:keydown=close_on_escape>
            <button
                type="button"
                id=id
                class="icon-button icon-button-small"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                aria-label=label
                title=title
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M5 12h.01M12 12h.01M19 12h.01" />
                </svg>
            </button>
            <div class="move-menu-panel" id=menu_id role="menu" aria-label=title hidden=move || !open.get()>
                <p class="move-menu-title" aria-hidden="true">{title}</p>
                {children()}
            </div>
        </div>
    }
}
