//! Writes on their way to the server. A reload or a click away aborts them, so while any
//! is in flight, leaving the page asks first (the browser's own `beforeunload` question).

use leptos::prelude::Effect;
use std::future::Future;

/// Runs a write in the background, like `spawn_local`; until it ends, leaving the page
/// asks first.
pub fn spawn_saving(write: impl Future<Output = ()> + 'static) {
    let saving = Saving::start();
    leptos::task::spawn_local(async move {
        write.await;
        drop(saving);
    });
}

/// For a form's `ServerAction`: while `pending` says it is on its way, leaving the page
/// asks first.
pub fn ask_before_leaving_while(pending: impl Fn() -> bool + 'static) {
    Effect::new(move |held: Option<Option<Saving>>| {
        let held = held.flatten();
        pending().then(|| held.unwrap_or_else(Saving::start))
    });
}

/// Held while a write is on its way; leaving the page asks first until every one is dropped.
struct Saving(());

impl Saving {
    fn start() -> Saving {
        #[cfg(feature = "hydrate")]
        browser::started();
        Saving(())
    }
}

impl Drop for Saving {
    fn drop(&mut self) {
        #[cfg(feature = "hydrate")]
        browser::finished();
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;

    thread_local! {
        static IN_FLIGHT: Cell<usize> = const { Cell::new(0) };
        static LISTENING: Cell<bool> = const { Cell::new(false) };
    }

    pub fn started() {
        IN_FLIGHT.with(|n| n.set(n.get() + 1));
        if !LISTENING.with(|l| l.replace(true)) {
            listen();
        }
    }

    pub fn finished() {
        IN_FLIGHT.with(|n| n.set(n.get().saturating_sub(1)));
    }

    /// One listener for the page's whole life: it asks only while writes are in flight.
    fn listen() {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_leave =
            Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(|ev: web_sys::BeforeUnloadEvent| {
                if IN_FLIGHT.with(Cell::get) > 0 {
                    // Browsers show their own wording; both calls are needed for all of them.
                    ev.prevent_default();
                    ev.set_return_value("Changes are still being saved.");
                }
            });
        let _ = window
            .add_event_listener_with_callback("beforeunload", on_leave.as_ref().unchecked_ref());
        on_leave.forget();
    }
}
