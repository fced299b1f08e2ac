use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Empties a form once its action succeeds, ready for the next entry.
pub fn reset_after_success<S>(action: ServerAction<S>, form: NodeRef<leptos::html::Form>)
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            #[cfg(feature = "hydrate")]
            if let Some(form) = form.get() {
                form.reset();
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = form;
        }
    });
}
