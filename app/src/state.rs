//! What every request handler shares on the server.
use crate::auth::network::{PublicOrigin, TrustedProxies};
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
    /// The proxies whose `X-Forwarded-For` names the caller (`DEALFLOW_TRUSTED_PROXY`).
    pub trusted_proxies: TrustedProxies,
    /// Where people open Dealflow (`DEALFLOW_PUBLIC_URL`): writes must come from its pages.
    pub public_origin: Option<PublicOrigin>,
}
