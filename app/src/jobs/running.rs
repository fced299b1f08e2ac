//! Which jobs of one kind this process runs, so a job never runs twice at once, and the
//! end of a job an error stopped: recorded with the error, resumable when it may pass.
use crate::store::writing::{is_transient, retry_busy};
use crate::store::StoreError;
use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub(super) struct Running(Arc<Mutex<HashSet<i64>>>);

impl Running {
    /// Runs `job` (the `what` numbered `id`) in the background unless it already runs
    /// here. An error that stops it is recorded by `failed(error, resumable)`.
    pub(super) fn spawn<Job, Failed, Recorded>(
        &self,
        what: &'static str,
        id: i64,
        job: Job,
        failed: Failed,
    ) where
        Job: Future<Output = Result<(), StoreError>> + Send + 'static,
        Failed: Fn(String, bool) -> Recorded + Send + Sync + 'static,
        Recorded: Future<Output = Result<(), StoreError>> + Send,
    {
        if !self.0.lock().map(|mut r| r.insert(id)).unwrap_or(false) {
            return;
        }
        let running = self.clone();
        tokio::spawn(async move {
            if let Err(err) = job.await {
                tracing::error!("{what} {id} stopped: {err}");
                let (error, resumable) = (err.to_string(), is_transient(&err));
                if let Err(err) = retry_busy(|| failed(error.clone(), resumable)).await {
                    tracing::error!("{what} {id} could not be marked as stopped: {err}");
                }
            }
            if let Ok(mut running) = running.0.lock() {
                running.remove(&id);
            }
        });
    }
}
