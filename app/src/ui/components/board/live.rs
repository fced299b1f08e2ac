//! Live updates: the board listens to `/api/live/board` (server-sent events) and applies
//! other people's creates, moves and closes as they happen.
use super::state::BoardState;

/// Starts listening for as long as the board is on screen.
pub fn follow_changes(state: BoardState) {
    #[cfg(feature = "hydrate")]
    {
        use crate::domain::board::BoardChange;
        use leptos::prelude::*;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;

        // From the mark the board was read at: a change in between reloads it at once.
        let url = format!("/api/live/board?since={}", state.as_of);
        let Ok(source) = web_sys::EventSource::new(&url) else {
            return;
        };
        let on_change =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let Some(text) = ev.data().as_string() else {
                    return;
                };
                let Ok(change) = serde_json::from_str::<BoardChange>(&text) else {
                    return;
                };
                match change {
                    BoardChange::Deal { before, after, .. } => {
                        match (after, before) {
                            (Some(card), _) => state.place(*card),
                            (None, Some(card)) => state.remove(card.id),
                            (None, None) => return,
                        }
                        state.refresh_totals();
                    }
                    BoardChange::Pipeline(id) => {
                        if state.pipeline.with_value(|p| p.id == id) {
                            state.reload();
                        }
                    }
                }
            });
        let on_reload = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| state.reload());
        let _ =
            source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        let _ =
            source.add_event_listener_with_callback("reload", on_reload.as_ref().unchecked_ref());
        let source = send_wrapper::SendWrapper::new((source, on_change, on_reload));
        on_cleanup(move || source.0.close());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}
