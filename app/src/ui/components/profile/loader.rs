//! What every `/…/{id}` profile page does around its record: read the id from the URL,
//! load the record (again whenever `reload` is bumped), and show it, a not-found page
//! (404) for an unknown id or one the person may not see, or the error. It keeps the
//! activity composer's draft above the reloaded view.
use crate::api::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

#[component]
pub fn ProfileLoader<T, Fut, L, S, N>(
    /// Loads the record with this id.
    load: L,
    /// The record's page; bumping the signal loads it again.
    show: S,
    not_found: N,
) -> impl IntoView
where
    T: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    L: Fn(i64) -> Fut + Copy + Send + Sync + 'static,
    S: Fn(T, RwSignal<u32>) -> AnyView + Copy + Send + Sync + 'static,
    N: Fn() -> AnyView + Copy + Send + Sync + 'static,
{
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    super::activity_composer::ComposerDraft::provide();
    let reload = RwSignal::new(0u32);
    let profile = Resource::new(
        move || (id(), reload.get()),
        move |(id, _)| async move {
            match id {
                Some(id) => load(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <div class="page-header skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(Some(record)) => show(record, reload),
                    Ok(None) | Err(AppError::NotFound(_) | AppError::Refused(_)) => not_found(),
                    Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
