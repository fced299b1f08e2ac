//! A card's `Move to stage` menu: every move the board allows, without dragging.
use super::state::BoardState;
use crate::domain::board::Card;
use leptos::prelude::*;

#[component]
pub fn MoveMenu(card: Card) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let open = RwSignal::new(false);
    let menu_id = format!("deal-{}-move-menu", card.id.0);
    let button_id = format!("deal-{}-move-button", card.id.0);
    let stages: Vec<_> = state
        .stages()
        .into_iter()
        .filter(|s| Some(s.id) != card.stage_id)
        .collect();
    let button_focus = button_id.clone();
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            crate::ui::dom::focus_later(button_focus.clone());
        }
    };
    let close_on_escape = {
        let close = close.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" && open.get_untracked() {
                ev.prevent_default();
                ev.stop_propagation();
                close(true);
            }
        }
    };
    view! {
        <div class="move-menu" on:keydown=close_on_escape>
            <button
                type="button"
                id=button_id
                class="icon-button icon-button-small"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=menu_id.clone()
                aria-label=format!("Move to stage: {}", card.name)
                title="Move to stage"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true">
                    <path d="M5 12h.01M12 12h.01M19 12h.01" />
                </svg>
            </button>
            <div class="move-menu-panel" id=menu_id role="menu" aria-label="Move to stage" hidden=move || !open.get()>
                <p class="move-menu-title" aria-hidden="true">"Move to stage"</p>
                {stages
                    .into_iter()
                    .map(|stage| {
                        let card = card.clone();
                        let close = close.clone();
                        view! {
                            <button
                                type="button"
                                role="menuitem"
                                class="menu-button"
                                on:click=move |_| {
                                    close(false);
                                    state.drop_on(card.clone(), stage.id);
                                }
                            >
                                {stage.name.clone()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}
