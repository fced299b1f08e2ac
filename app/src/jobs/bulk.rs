//! Bulk actions from the list. A page of deals or fewer changes at once, in one
//! transaction; more run as a background job that changes a batch of deals per
//! transaction, with its progress, so people's own changes go on between batches. A job
//! stops after a batch when cancelled, resumes after a restart, and goes on after a
//! passing error when asked to.
use super::running::Running;
use crate::domain::account::User;
use crate::domain::board::OpportunityId;
use crate::domain::bulk::{
    delete_confirmed, runs_in_background, BulkJobState, BulkOutcome, DEALS_PER_BATCH,
};
use crate::domain::change::Actor;
use crate::domain::currency::group_thousands;
use crate::store::opportunities::board::Viewer;
use crate::store::opportunities::bulk::{BulkAction, Selection};
use crate::store::writing::{retry_busy, Backoff};
use crate::store::{Store, StoreError};
use std::time::Instant;

/// What one person asks of a bulk action: which deals, what to do (and its label), and,
/// for a large delete, the count they typed to confirm it.
pub struct BulkRequest<'a> {
    pub selection: &'a Selection,
    pub action: BulkAction,
    pub label: &'a str,
    pub confirm: &'a str,
}

/// The bulk jobs this process runs.
#[derive(Clone, Default)]
pub struct BulkJobs {
    running: Running,
}

impl BulkJobs {
    /// Applies `request` for `user` to the deals they may see: at once, or as a job.
    pub async fn apply(
        &self,
        store: &Store,
        user: &User,
        request: BulkRequest<'_>,
    ) -> Result<BulkOutcome, StoreError> {
        let viewer = Viewer {
            user: user.id,
            only_assigned: user.only_assigned_data,
        };
        let deals = store.selected_deals(viewer, request.selection).await?;
        if request.action == BulkAction::Delete {
            store.refuse_deleting_others(&deals, user).await?;
            if !delete_confirmed(deals.len(), request.confirm) {
                return Err(StoreError::invalid(
                    "confirm",
                    format!(
                        "Type {} to confirm deleting {} deals.",
                        deals.len(),
                        group_thousands(deals.len() as u64)
                    ),
                ));
            }
        }
        if !runs_in_background(deals.len()) {
            let actor = Actor::User(user.id);
            let changed = store.change_deals(actor, &deals, &request.action).await?;
            return Ok(BulkOutcome::Changed(changed));
        }
        let job = store
            .create_bulk_job(user.id, &request.action, request.label, &deals)
            .await?;
        self.spawn(store.clone(), job.id);
        Ok(BulkOutcome::Started(job))
    }

    /// Goes on with a job a passing error stopped, after its last batch.
    pub async fn resume(&self, store: &Store, id: i64) -> Result<(), StoreError> {
        if !store.resume_failed_bulk_job(id).await? {
            return Err(StoreError::Refused(
                "Only a bulk action stopped by a passing error can be resumed; this one cannot."
                    .into(),
            ));
        }
        self.spawn(store.clone(), id);
        Ok(())
    }

    /// Asks a running job to stop after the batch it is writing.
    pub async fn cancel(&self, store: &Store, id: i64) -> Result<(), StoreError> {
        let running = [BulkJobState::Running];
        if !store
            .move_bulk_job(id, &running, BulkJobState::Cancelling)
            .await?
        {
            return Err(StoreError::Refused(
                "This bulk action is not running any more.".into(),
            ));
        }
        Ok(())
    }

    /// Resumes the jobs that were running when the server stopped.
    pub async fn resume_all(&self, store: &Store) -> Result<(), StoreError> {
        for id in store.active_bulk_jobs().await? {
            tracing::info!("resuming bulk action {id}");
            self.spawn(store.clone(), id);
        }
        Ok(())
    }

    fn spawn(&self, store: Store, id: i64) {
        let running = store.clone();
        let job = async move { run(&running, id).await };
        self.running
            .spawn("bulk action", id, job, move |error, resumable| {
                let store = store.clone();
                async move { store.fail_bulk_job(id, &error, resumable).await }
            });
    }
}

/// Works through job `id`'s deals after those already done, a batch per transaction.
async fn run(store: &Store, id: i64) -> Result<(), StoreError> {
    let record = store.bulk_job(id).await?;
    let actor = Actor::User(record.created_by);
    let mut done = (record.summary.done as usize).min(record.deals.len());
    let remaining: &[OpportunityId] = &record.deals[done..];
    let mut cancelled = false;
    for batch in remaining.chunks(DEALS_PER_BATCH) {
        if store.bulk_job_summary(id).await?.state == BulkJobState::Cancelling {
            cancelled = true;
            break;
        }
        done += batch.len();
        let mut backoff = Backoff::default();
        let turn = store.job_turn().await;
        let started = Instant::now();
        while let Err(err) = store
            .apply_bulk_batch(id, actor, &record.action, batch, done)
            .await
        {
            backoff.after(err).await?;
        }
        store.make_way(turn, started.elapsed()).await;
    }
    let running = [BulkJobState::Running];
    let finished = || store.move_bulk_job(id, &running, BulkJobState::Done);
    if cancelled || !retry_busy(finished).await? {
        let cancelling = [BulkJobState::Cancelling];
        retry_busy(|| store.move_bulk_job(id, &cancelling, BulkJobState::Cancelled)).await?;
    }
    Ok(())
}
