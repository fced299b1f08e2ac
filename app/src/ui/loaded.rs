//! Data a part of a page loads in the browser once it is on screen (a builder tab, a
//! profile's workflow runs). The server sends its skeleton: a resource read inside the
//! page's own `<Transition>` would be serialized in an order the browser does not
//! create resources in, and hydration would fail. What was shown stays while a reload
//! is on its way.
use crate::api::AppError;
use leptos::prelude::*;
use std::future::Future;

pub struct Loaded<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<Result<T, AppError>>>,
    again: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Send + Sync + 'static> Loaded<T> {
    /// Loads `fetch(source())` now and whenever what `source` reads changes.
    pub fn new<S, Fut>(
        source: impl Fn() -> S + Send + Sync + 'static,
        fetch: impl Fn(S) -> Fut + Send + Sync + 'static,
    ) -> Loaded<T>
    where
        S: 'static,
        Fut: Future<Output = Result<T, AppError>> + 'static,
    {
        let value = RwSignal::new(None);
        let again = RwSignal::new(0u32);
        // The newest request; an older answer arriving late is dropped.
        let asked = StoredValue::new(0u32);
        Effect::new(move |_| {
            again.track();
            let wanted = source();
            let ticket = asked.try_update_value(|n| {
                *n += 1;
                *n
            });
            let answer = fetch(wanted);
            leptos::task::spawn_local(async move {
                let answer = answer.await;
                if asked.try_get_value() == ticket {
                    value.try_set(Some(answer));
                }
            });
        });
        Loaded { value, again }
    }

    /// Loads again, keeping what is shown until the answer comes.
    pub fn reload(self) {
        self.again.update(|n| *n = n.wrapping_add(1));
    }
}
