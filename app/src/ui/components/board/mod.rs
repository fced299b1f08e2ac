//! The pipeline board: columns of deal cards that people drag between stages.
mod card;
mod column;
mod contact_picker;
mod create_dialog;
mod filter_fields;
mod live;
mod lost_dialog;
mod move_menu;
mod pending;
mod state;
mod toolbar;

pub use contact_picker::{ContactPicker, Lookup};
pub use create_dialog::CreateOpportunityDialog;
pub use filter_fields::{
    active_filters, filters_label, in_filter_panel, FilterFields, FilterProblem,
};
pub use state::BoardState;
pub use toolbar::BoardToolbar;

use column::BoardColumn;
use leptos::html;
use leptos::prelude::*;
use lost_dialog::LostReasonDialog;

/// The columns of the pipeline in `state`, with everything a move needs.
#[component]
pub fn Board(state: BoardState) -> impl IntoView {
    provide_context(state);
    live::follow_changes(state);
    // Effects run in the browser only, once the board is on screen.
    Effect::new(move |_| pending::resume(state));
    let board = NodeRef::<html::Div>::new();
    block_scrolling_while_dragging(board, state);
    let ghost = move || {
        state.grab.get().filter(|g| g.by_pointer).map(|g| {
            let (x, y) = state.pointer.get();
            view! {
                <div class="drag-ghost" aria-hidden="true" style=format!("transform: translate({}px, {}px)", x + 8.0, y + 8.0)>
                    {g.card.name}
                </div>
            }
        })
    };
    let stages = state.stages();
    view! {
        <p id="board-drag-help" class="visually-hidden">
            "Press Space to pick up a deal, Left and Right arrows to choose a stage, Space to drop it, Escape to cancel. Each deal's menu also moves it."
        </p>
        <div class="visually-hidden" role="status" aria-live="assertive">{move || state.announcement.get()}</div>
        <div class="board" id="board" node_ref=board class:dragging=move || state.grab.with(|g| g.as_ref().is_some_and(|g| g.by_pointer))>
            {stages.into_iter().map(|s| view! { <BoardColumn stage=s.id /> }).collect_view()}
        </div>
        {ghost}
        <LostReasonDialog />
    }
}

/// On touch screens the page would scroll under a dragged card; while a card is held,
/// touch moves on the board drag it instead. (Needs a non-passive listener.)
fn block_scrolling_while_dragging(board: NodeRef<html::Div>, state: BoardState) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(el) = board.get() else { return };
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if state
                .grab
                .with_untracked(|g| g.as_ref().is_some_and(|g| g.by_pointer))
            {
                ev.prevent_default();
            }
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let _ = el.add_event_listener_with_callback_and_add_event_listener_options(
            "touchmove",
            listener.as_ref().unchecked_ref(),
            &options,
        );
        let attached = send_wrapper::SendWrapper::new((el, listener));
        on_cleanup(move || {
            let (el, listener) = attached.take();
            let _ = el.remove_event_listener_with_callback(
                "touchmove",
                listener.as_ref().unchecked_ref(),
            );
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (board, state);
}
