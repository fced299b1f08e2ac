//! A card's `Move to stage` menu: every move the board allows, without dragging.
use super::state::BoardState;
use crate::domain::board::Card;
use crate::ui::components::dialog::ActionMenu;
use leptos::prelude::*;

#[component]
pub fn MoveMenu(card: Card) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let open = RwSignal::new(false);
    let stages: Vec<_> = state
        .stages()
        .into_iter()
        .filter(|s| Some(s.id) != card.stage_id)
        .collect();
    view! {
        <ActionMenu
            id=format!("deal-{}-move-button", card.id.0)
            label=format!("Move to stage: {}", card.name)
            title="Move to stage"
            open
        >
            {stages
                .into_iter()
                .map(|stage| {
                    let card = card.clone();
                    view! {
                        <button
                            type="button"
                            role="menuitem"
                            class="menu-button"
                            on:click=move |_| {
                                open.set(false);
                                state.drop_on(card.clone(), stage.id);
                            }
                        >
                            {stage.name.clone()}
                        </button>
                    }
                })
                .collect_view()}
        </ActionMenu>
    }
}
