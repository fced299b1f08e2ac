//! The runner: claims due runs (other servers skip them on PostgreSQL), works out each
//! one's next step from its pinned version and the records as they are now, and applies
//! the step's effects with its log entry and the run's new place in one transaction per
//! batch (with no savepoints unless a step fails: see `Guard`). A step that leaves its
//! run due at once is followed by the next one in the same batch, so a run of quick steps
//! takes one claim and one write of its place. Webhooks are sent after that commit.
mod place;
mod step;
mod trial;

pub use trial::trial;

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
use step::Seen;

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
    guard: Guard,
}

impl Batch {
    async fn read(write: &mut StepWrite, now: i64, guard: Guard) -> Result<Batch, StoreError> {
        let workspace = workspace_in(&mut write.tx, now).await?;
        let (currency, time_zone): (String, String) =
            sqlx::query_as("SELECT currency, time_zone FROM workspace WHERE id = 1")
                .fetch_one(&mut *write.tx)
                .await?;
        Ok(Batch {
            workspace,
            currency: Currency::parse(&currency).ok(),
            time_zone,
            guard,
        })
    }
}

/// How a batch guards each step's writes against the step failing part way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// No savepoints: a step that fails stops the batch, which is rolled back whole and
    /// worked again with savepoints. Steps rarely fail, so most batches save the two
    /// statements a step's savepoint costs.
    Optimistic,
    /// Each step in its own savepoint: a failing step's writes are undone and the run
    /// is tried again later or fails with the reason, while the batch goes on.
    Savepoints,
}

/// Why a batch stopped before its commit.
enum Stop {
    /// A step failed in an optimistic batch: work it again with savepoints.
    Guard(StoreError),
    Store(StoreError),
}

impl Stop {
    fn into_error(self) -> StoreError {
        match self {
            Stop::Guard(err) | Stop::Store(err) => err,
        }
    }
}

impl From<StoreError> for Stop {
    fn from(err: StoreError) -> Stop {
        Stop::Store(err)
    }
}

impl From<sqlx::Error> for Stop {
    fn from(err: sqlx::Error) -> Stop {
        Stop::Store(err.into())
    }
}

/// Runs the due steps of up to `limit` due runs; returns how many runs it took.
pub(super) async fn run_once(engine: &WorkflowEngine, limit: i64) -> Result<usize, StoreError> {
    match batch(engine, limit, Guard::Optimistic).await {
        Ok(taken) => Ok(taken),
        // Nothing of it was kept: the same runs are due and claimed again.
        Err(Stop::Guard(_)) => batch(engine, limit, Guard::Savepoints)
            .await
            .map_err(Stop::into_error),
        Err(Stop::Store(err)) => Err(err),
    }
}

async fn batch(engine: &WorkflowEngine, limit: i64, guard: Guard) -> Result<usize, Stop> {
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
        let batch = Batch::read(&mut write, now, guard).await?;
        let contexts = due
            .iter()
            .map(RunRow::context)
            .collect::<Result<Vec<_>, _>>()?;
        let mut seen = Seen::read_ahead(&mut write.tx, &contexts).await?;
        let mut deals: Vec<_> = contexts.iter().filter_map(|c| c.opportunity).collect();
        deals.sort_by_key(|d| d.0);
        deals.dedup();
        write.read_ahead(&deals).await?;
        let mut outgoing = Vec::new();
        for run in &due {
            let worked = work(
                &mut write,
                engine,
                &batch,
                (run, &mut seen),
                now,
                &mut outgoing,
            );
            if let Err(stop) = worked.await {
                // Rolled back now, not when the connection is next used: until then
                // PostgreSQL keeps the claimed runs locked, and the batch worked again
                // with savepoints would skip them.
                write.tx.rollback().await?;
                return Err(stop);
            }
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
    (run, seen): (&RunRow, &mut Seen),
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<(), Stop> {
    let mut place = Place::claimed(run)?;
    for _ in 0..STEPS_IN_A_ROW {
        match guarded_step(write, engine, batch, (&place, seen), now, outgoing).await? {
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
    write.advance(run.id, &to);
    Ok(())
}

/// One step, guarded as the batch says: when it fails, its writes are undone and the
/// run is tried again later (the database was busy) or fails with the reason.
async fn guarded_step(
    write: &mut StepWrite,
    engine: &WorkflowEngine,
    batch: &Batch,
    (place, seen): (&Place<'_>, &mut Seen),
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<Outcome, Stop> {
    if batch.guard == Guard::Optimistic {
        return step::run_step(write, &engine.versions, batch, (place, seen), now, outgoing)
            .await
            .map_err(Stop::Guard);
    }
    sqlx::query("SAVEPOINT workflow_step")
        .execute(&mut *write.tx)
        .await?;
    let mark = write.mark();
    match step::run_step(write, &engine.versions, batch, (place, seen), now, outgoing).await {
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
            *seen = Seen::default();
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
                write.advance(place.run.id, &retry);
                Ok(Outcome::Written)
            } else {
                Ok(fail(write, place, None, &err.to_string(), now).await?)
            }
        }
    }
}
