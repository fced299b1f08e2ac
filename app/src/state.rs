//! What every request handler shares on the server.
use crate::jobs::{BulkJobs, ImportJobs};
use crate::store::Store;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    /// The largest file `Add a file` accepts, in bytes.
    pub max_upload_bytes: u64,
    /// CSV imports: their uploaded files and background jobs.
    pub imports: ImportJobs,
    /// Bulk actions over more than a page of deals, run as background jobs.
    pub bulk: BulkJobs,
}
