use crate::api::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The error of an action's last run, or (when the form was posted without
/// JavaScript) the one the server put in the page's `?error=` query.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let query = use_query_map();
    Signal::derive(move || match action.value().get() {
        Some(Err(err)) => Some(err),
        Some(Ok(_)) => None,
        None => query.with(|q| q.get("error")).map(AppError::Refused),
    })
}

/// The form-level error: anything not tied to one field, announced at once.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|err| !fields.iter().any(|f| err.for_field(f).is_some()))
            .map(|err| err.to_string())
    };
    view! {
        <div class="form-error" role="alert">
            {move || message().map(|m| view! { <p>{m}</p> })}
        </div>
    }
}
