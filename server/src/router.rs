//! The HTTP router: pages and server functions from the app, static files, and the guards around them.
use crate::guard;
use app::state::AppState;
use app::{shell, App};
use axum::{middleware, Router};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let store = state.store.clone();
    Router::new()
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn_with_state(
            store.clone(),
            guard::page_access,
        ))
        .layer(middleware::from_fn(move |req, next| {
            app::auth::resolve_session(store.clone(), req, next)
        }))
        .layer(middleware::from_fn(guard::same_origin_writes))
        .layer(CompressionLayer::new())
        .with_state(state)
}
