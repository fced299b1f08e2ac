//! The runner: claims due runs (other servers skip them on PostgreSQL), works out each
//! one's next step from its pinned version and the records as they are now, and applies
//! the step's effects with its log entry and the run's new place in one transaction per
//! batch, each step inside its own savepoint. A step that leaves its run due at once is
//! followed by the next one in the same batch, so a run of quick steps takes one claim
//! and one write of its place. Webhooks are sent after that commit.
mod place;
mod step;

use super::WorkflowEngine;
use crate::domain::currency::Currency;
use crate::domain::workflow::plan::{WebhookRequest, Workspace};
use crate::domain::workflow::{RunContext, Step};
use crate::store::workflows::effects::StepWrite;
use crate::store::workflows::runs::{self, Advance, RunRow};
use crate::store::workflows::workspace_in;
use crate::store::writing::is_transient;
use crate::store::StoreError;
use place::{fail, Outcome, Place};

/// The most steps of one run a batch takes in a row, so one long run cannot hold a
/// batch (and the writer) for long; the next batch goes on where it stopped.
const STEPS_IN_A_ROW: usize = 20;

/// A webhook to send once the batch commits.
pub(super) struct Outgoing {
    pub run: i64,
    pub step: Step,
    pub next: Option<u32>,
    pub context: RunContext,
    pub attempts: i64,
    pub request: WebhookRequest,
    pub started_at: i64,
}

/// What a batch knows once: the workspace and its settings.
struct Batch {
    workspace: Workspace,
    currency: Option<Currency>,
    time_zone: String,
}

/// Runs the due steps of up to `limit` due runs; returns how many runs it took.
pub(super) async fn run_once(engine: &WorkflowEngine, limit: i64) -> Result<usize, StoreError> {
    let store = &engine.store;
    let (outgoing, taken) = {
        let _turn = store.job_turn().await;
        let mut write = store.step_write().await?;
        let now = store.now();
        let due = runs::claim_due(&mut write.tx, store.engine(), now, limit).await?;
        if due.is_empty() {
            write.tx.commit().await?;
            return Ok(0);
        }
        let workspace = workspace_in(&mut write.tx, now).await?;
        let (currency, time_zone): (String, String) =
            sqlx::query_as("SELECT currency, time_zone FROM workspace WHERE id = 1")
                .fetch_one(&mut *write.tx)
                .await?;
        let batch = Batch {
            workspace,
            currency: Currency::parse(&currency).ok(),
            time_zone,
        };
        let mut outgoing = Vec::new();
        for run in &due {
            work(&mut write, engine, &batch, run, now, &mut outgoing).await?;
        }
        store.commit_steps(write).await?;
        (outgoing, due.len())
    };
    for hook in outgoing {
        super::deliver::send(engine, hook).await?;
    }
    Ok(taken)
}

/// Takes one claimed run through its steps for as long as each leaves it due now.
async fn work(
    write: &mut StepWrite,
    engine: &WorkflowEngine,
    batch: &Batch,
    run: &RunRow,
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<(), StoreError> {
    let mut place = Place::claimed(run)?;
    for _ in 0..STEPS_IN_A_ROW {
        match step_in_savepoint(write, engine, batch, &place, now, outgoing).await? {
            Outcome::Written => return Ok(()),
            Outcome::Next { step, context } => place = place.moved_on(step, context),
        }
    }
    let to = Advance {
        next_step: place.next_step,
        context: &place.context,
        status: "ready",
        due_at: now,
        attempts: 0,
        message: None,
        now,
    };
    runs::advance(&mut write.tx, run.id, &to).await
}

/// One step in a savepoint: when it fails, its writes are undone and the run is tried
/// again later (the database was busy) or fails with the reason.
async fn step_in_savepoint(
    write: &mut StepWrite,
    engine: &WorkflowEngine,
    batch: &Batch,
    place: &Place<'_>,
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<Outcome, StoreError> {
    sqlx::query("SAVEPOINT workflow_step")
        .execute(&mut *write.tx)
        .await?;
    let mark = write.mark();
    match step::run_step(write, &engine.versions, batch, place, now, outgoing).await {
        Ok(outcome) => {
            sqlx::query("RELEASE SAVEPOINT workflow_step")
                .execute(&mut *write.tx)
                .await?;
            Ok(outcome)
        }
        Err(err) => {
            sqlx::query("ROLLBACK TO SAVEPOINT workflow_step")
                .execute(&mut *write.tx)
                .await?;
            write.rewind(mark);
            if is_transient(&err) && place.attempts < 5 {
                let retry = Advance {
                    next_step: place.next_step,
                    context: &place.context,
                    status: "ready",
                    due_at: now + 1_000 * (1 << place.attempts.min(5)),
                    attempts: place.attempts + 1,
                    message: Some(&err.to_string()),
                    now,
                };
                runs::advance(&mut write.tx, place.run.id, &retry).await?;
                Ok(Outcome::Written)
            } else {
                fail(write, place, None, &err.to_string(), now).await
            }
        }
    }
}
