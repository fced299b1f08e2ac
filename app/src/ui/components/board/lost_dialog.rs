//! Dropping a deal on `Closed Lost` asks why; Cancel leaves the card where it was.
use super::state::BoardState;
use crate::ui::components::dialog::LostReasonModal;
use leptos::prelude::*;

#[component]
pub fn LostReasonDialog() -> impl IntoView {
    let state = expect_context::<BoardState>();
    let cancel = move |_| {
        if let Some((card, _)) = state.lost.get_untracked() {
            state
                .announcement
                .set(format!("Move cancelled. {} stays where it was.", card.name));
        }
        state.lost.set(None);
    };
    let confirm = move |reason: Option<String>| {
        if let Some((card, stage)) = state.lost.get_untracked() {
            state.lost.set(None);
            state.move_card(card, stage, reason);
        }
    };
    view! {
        <LostReasonModal
            deal=Signal::derive(move || state.lost.get().map(|(card, _)| card.name))
            on_confirm=confirm
            on_cancel=cancel
        />
    }
}
