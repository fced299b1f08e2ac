use crate::api::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// The error of a form's last submission, readable as a whole or per field.
#[derive(Clone, Copy)]
pub struct FormErrors(Signal<Option<AppError>>);

impl FormErrors {
    pub fn all(self) -> Signal<Option<AppError>> {
        self.0
    }

    /// The message to show beside `field`, if the error is about it.
    pub fn field(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.0.get().and_then(|e| e.for_field(field)))
    }
}

/// Errors kept by a form's own signal (forms that call their server function directly).
impl From<RwSignal<Option<AppError>>> for FormErrors {
    fn from(error: RwSignal<Option<AppError>>) -> Self {
        FormErrors(error.into())
    }
}

/// The error of an action's last run, or (when the form was posted without
/// JavaScript) the one the server put in the page's `?error=` query.
pub fn action_error<S>(action: ServerAction<S>) -> FormErrors
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let query = use_query_map();
    FormErrors(Signal::derive(move || match action.value().get() {
        Some(Err(err)) => Some(err),
        Some(Ok(_)) => None,
        None => query.with(|q| q.get("error")).map(AppError::Refused),
    }))
}

/// The form-level error: anything not tied to one of `fields`, announced at once.
#[component]
pub fn FormError(errors: FormErrors, fields: &'static [&'static str]) -> impl IntoView {
    let message = move || {
        errors
            .all()
            .get()
            .filter(|err| !err.concerns_any(fields))
            .map(|err| err.to_string())
    };
    view! {
        <div class="form-error" role="alert">
            {move || message().map(|m| view! { <p>{m}</p> })}
        </div>
    }
}
