//! A bulk action running as a background job: its progress, `Cancel`, and going on after
//! a passing error. A job is seen and acted on by the person who started it, and by admins.
use crate::api::AppError;
use crate::domain::bulk::BulkJobSummary;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn owned_job(id: i64) -> Result<(crate::store::Store, BulkJobSummary), AppError> {
    use crate::api::context::{require_user, store};
    let user = require_user()?;
    let store = store()?;
    let (summary, by) = store.bulk_job_owned(id).await?;
    if by != user.id && !user.role.can_manage_users() {
        return Err(AppError::Forbidden);
    }
    Ok((store, summary))
}

#[server(endpoint = "opportunities/bulk-job")]
pub async fn bulk_job(id: i64) -> Result<BulkJobSummary, AppError> {
    Ok(owned_job(id).await?.1)
}

/// The signed-in person's bulk action that still runs (or may go on), for the list to
/// show again after a reload.
#[server(endpoint = "opportunities/bulk-job/current")]
pub async fn current_bulk_job() -> Result<Option<BulkJobSummary>, AppError> {
    use crate::api::context::{require_user, store};
    let user = require_user()?;
    Ok(store()?.current_bulk_job(user.id).await?)
}

/// Asks a running bulk action to stop after the batch it is writing.
#[server(endpoint = "opportunities/bulk-job/cancel")]
pub async fn cancel_bulk_job(id: i64) -> Result<BulkJobSummary, AppError> {
    use crate::api::context::state;
    let (store, _) = owned_job(id).await?;
    state()?.bulk.cancel(&store, id).await?;
    Ok(store.bulk_job_summary(id).await?)
}

/// Goes on with a bulk action a passing error stopped, after its last batch.
#[server(endpoint = "opportunities/bulk-job/resume")]
pub async fn resume_bulk_job(id: i64) -> Result<BulkJobSummary, AppError> {
    use crate::api::context::state;
    let (store, _) = owned_job(id).await?;
    state()?.bulk.resume(&store, id).await?;
    Ok(store.bulk_job_summary(id).await?)
}
