//! Start-up: open and migrate the database, bind the port, serve until Ctrl-C or SIGTERM.
use crate::config::{ServeConfig, StorageConfig};
use crate::router;
use app::jobs::ImportJobs;
use app::state::AppState;
use app::store::{self, now_ms, Store};
use leptos::config::{Env, LeptosOptions};
use std::net::SocketAddr;
use std::time::Duration;

pub async fn open_store(storage: &StorageConfig) -> Result<Store, String> {
    let store = store::connect(&storage.store_options())
        .await
        .map_err(|e| e.to_string())?;
    store.migrate().await.map_err(|e| e.to_string())?;
    Ok(store)
}

pub fn leptos_options(serve: &ServeConfig) -> LeptosOptions {
    let env = match std::env::var("LEPTOS_ENV")
        .unwrap_or_default()
        .to_lowercase()
        .as_str()
    {
        "dev" | "development" => Env::DEV,
        _ => Env::PROD,
    };
    LeptosOptions::builder()
        .output_name("dealflow")
        .site_root(serve.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(serve.addr)
        .env(env)
        .build()
}

/// What every request handler shares, from the serve settings.
pub fn app_state(
    serve: &ServeConfig,
    store: Store,
    imports: ImportJobs,
    bulk: app::jobs::BulkJobs,
) -> AppState {
    AppState {
        imports,
        bulk,
        max_upload_bytes: serve.max_upload_bytes(),
        leptos_options: leptos_options(serve),
        trusted_proxies: serve.trusted_proxy.clone().unwrap_or_default(),
        public_origin: serve.public_url.clone(),
        store,
    }
}

pub async fn serve(storage: StorageConfig, serve: ServeConfig) -> Result<(), String> {
    let store = open_store(&storage).await?;
    let listener = tokio::net::TcpListener::bind(serve.addr).await.map_err(|err| {
        if err.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "Port {} on {} is already in use. Stop the program using it, or choose another address with --addr or DEALFLOW_ADDR.",
                serve.addr.port(),
                serve.addr.ip()
            )
        } else {
            format!("Cannot listen on {}: {err}.", serve.addr)
        }
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("Cannot read the listening address: {e}"))?;
    let import_dir = storage.data_dir.join("imports");
    std::fs::create_dir_all(&import_dir).map_err(|e| {
        format!(
            "Cannot create {} for uploaded imports: {e}. Choose another --data-dir or fix its permissions.",
            import_dir.display()
        )
    })?;
    match crate::imports::remove_unfinished_uploads(&import_dir) {
        Ok(0) => {}
        Ok(removed) => tracing::info!("removed {removed} unfinished uploads"),
        Err(err) => tracing::warn!("could not remove unfinished uploads: {err}"),
    }
    let imports = ImportJobs::new(import_dir);
    if let Err(err) = imports.resume_all(&store).await {
        tracing::warn!("could not resume imports: {err}");
    }
    let bulk = app::jobs::BulkJobs::default();
    if let Err(err) = bulk.resume_all(&store).await {
        tracing::warn!("could not resume bulk actions: {err}");
    }
    let state = app_state(&ServeConfig { addr, ..serve }, store.clone(), imports, bulk);
    let pkg = std::path::Path::new(&*state.leptos_options.site_root)
        .join(&*state.leptos_options.site_pkg_dir);
    // In development `cargo leptos watch` replaces the bundle under a running server, so
    // copies could go stale: there, old copies are removed and none are made.
    let prod = state.leptos_options.env == leptos::config::Env::PROD;
    let work = move || match prod {
        true => crate::precompress::precompress(&pkg).map(drop),
        false => crate::precompress::remove_copies(&pkg),
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(())) => {}
        // A read-only or missing bundle directory: responses are compressed as they go.
        Ok(Err(err)) => tracing::warn!("could not write compressed copies of the bundle: {err}"),
        Err(err) => tracing::warn!("compressing the bundle failed: {err}"),
    }
    tokio::spawn(sweep_expired(store.clone(), state.imports.clone()));
    // Waits that came due while the server was down run now; runs interrupted by a
    // crash resume at their next step (each step committed with its log entry).
    app::engine::WorkflowEngine::new(store.clone()).start();
    let engine = format!("{:?}", store.engine());
    println!("Dealflow is ready at http://{addr} (database: {engine})");
    axum::serve(
        listener,
        router::build(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown({
        let store = store.clone();
        async move {
            shutdown_signal().await;
            // Live board streams never end by themselves; end them so shutdown completes.
            store.feed().close();
        }
    })
    .await
    .map_err(|e| format!("The server stopped: {e}"))?;
    store.close().await;
    Ok(())
}

/// Hourly, from start-up: forget expired sessions and sign-in failures older than the
/// throttle window, and delete the files of imports whose undo window has closed.
async fn sweep_expired(store: Store, imports: app::jobs::ImportJobs) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = now_ms();
        if let Err(err) = store.delete_expired_sessions(now).await {
            tracing::warn!("could not delete expired sessions: {err}");
        }
        if let Err(err) = store
            .delete_sign_in_failures_before(now - app::auth::throttle::WINDOW_MS)
            .await
        {
            tracing::warn!("could not delete old sign-in failures: {err}");
        }
        if let Err(err) = crate::retention::delete_expired_import_files(&store, &imports, now).await
        {
            tracing::warn!("could not delete the files of old imports: {err}");
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut sig) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            sig.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
