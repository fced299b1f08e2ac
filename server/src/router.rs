//! The HTTP router: pages and server functions from the app, static files, and the guards around them.
use crate::{error_status, export, files, guard, headers, imports, inbound, live, workflow_files};
use app::state::AppState;
use app::{shell, App};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::{Arc, OnceLock};
use tower_http::compression::CompressionLayer;

/// The app's routes, generated once per process.
///
/// Generating them renders the app with resource loading switched off through a
/// process-wide flag; a page render whose resource first polls while that flag is set
/// waits forever (leptos-rs/leptos#4773). Building routers after the first never
/// raises the flag again, so a router built while another serves pages (as tests do)
/// cannot stall its renders.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build(state: AppState) -> Router {
    let routes = routes();
    let options = state.leptos_options.clone();
    let store = state.store.clone();
    let public_origin = state.public_origin.clone();
    let policy: Arc<str> = headers::policy_template(options.reload_port).into();
    Router::new()
        .route("/api/live/board", get(live::board_events))
        .route("/files/{id}", get(files::download))
        .route("/api/imports", post(imports::upload))
        .route("/api/imports/{id}/failed.csv", get(imports::failed_rows))
        .route("/api/opportunities/export.csv", get(export::export))
        .route("/api/hooks/{token}", post(inbound::receive))
        .route(
            "/api/workflows/{id}/export.json",
            get(workflow_files::download),
        )
        .leptos_routes_with_context(&state, routes, headers::provide_request_nonce, move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(headers::provide_request_nonce, shell))
        .layer(middleware::from_fn(error_status::status_from_error))
        .layer(middleware::from_fn(guard::temporary_password_limits))
        .layer(middleware::from_fn_with_state(
            store.clone(),
            guard::page_access,
        ))
        .layer(middleware::from_fn(move |req, next| {
            app::auth::resolve_session(store.clone(), req, next)
        }))
        .layer(middleware::from_fn_with_state(
            public_origin,
            guard::same_origin_writes,
        ))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(move |req, next| {
            headers::security_headers(policy.clone(), req, next)
        }))
        .with_state(state)
}
