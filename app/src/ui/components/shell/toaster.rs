use leptos::prelude::*;
use std::cell::Cell;
use std::time::Duration;

thread_local! {
    /// The tab's one toaster, for notices raised after an `await`, where no reactive
    /// owner (and so no context) is current. Set only in the browser: a server thread
    /// renders many people's pages.
    static TAB_TOASTER: Cell<Option<Toaster>> = const { Cell::new(None) };
}

#[derive(Clone, PartialEq)]
struct Item {
    id: u64,
    message: String,
    error: bool,
}

/// Short notices in the corner: confirmations and errors, read out by screen readers.
#[derive(Clone, Copy)]
pub struct Toaster {
    items: RwSignal<Vec<Item>>,
    next_id: StoredValue<u64>,
}

/// Shows a notice from anywhere below `<App/>`.
pub struct Toast;

impl Toast {
    pub fn success(message: impl Into<String>) {
        Toaster::push(message.into(), false);
    }

    pub fn error(message: impl Into<String>) {
        Toaster::push(message.into(), true);
    }
}

impl Toaster {
    pub fn provide() {
        let toaster = Toaster {
            items: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        };
        provide_context(toaster);
        if cfg!(feature = "hydrate") {
            TAB_TOASTER.with(|tab| tab.set(Some(toaster)));
        }
    }

    fn push(message: String, error: bool) {
        let Some(toaster) = use_context::<Toaster>().or_else(|| TAB_TOASTER.with(Cell::get)) else {
            return;
        };
        let id = toaster.next_id.get_value();
        toaster.next_id.set_value(id + 1);
        toaster
            .items
            .update(|items| items.push(Item { id, message, error }));
        // Errors stay longer: people need time to read what to do.
        let shown_for = Duration::from_secs(if error { 10 } else { 5 });
        set_timeout(move || toaster.dismiss(id), shown_for);
    }

    fn dismiss(self, id: u64) {
        self.items
            .update(|items| items.retain(|item| item.id != id));
    }
}

#[component]
pub fn Toaster() -> impl IntoView {
    let toaster = expect_context::<Toaster>();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toaster.items.get() key=|item| item.id let:item>
                <div class=if item.error { "toast toast-error" } else { "toast" }>
                    <p>{item.message.clone()}</p>
                    <button
                        type="button"
                        class="toast-close"
                        aria-label="Dismiss"
                        on:click=move |_| toaster.dismiss(item.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
