//! Where a step leaves its run: its log entry, then the run's next place, written at
//! once when the run stops, waits, fails or ends, or handed back to the batch when the
//! next step is due now (the batch writes the place once the run stops moving).
use crate::domain::change::Actor;
use crate::domain::workflow::listing::StepStatus;
use crate::domain::workflow::plan::Applied;
use crate::domain::workflow::{RunContext, Step};
use crate::store::workflows::effects::StepWrite;
use crate::store::workflows::runs::{Advance, RunRow, StepEntry};
use crate::store::StoreError;
use serde_json::{json, Value};

/// A run as the batch works on it: as claimed, then after each step it went on from.
pub(super) struct Place<'r> {
    pub run: &'r RunRow,
    pub next_step: Option<u32>,
    pub context: RunContext,
    pub attempts: i64,
}

impl<'r> Place<'r> {
    pub fn claimed(run: &'r RunRow) -> Result<Place<'r>, StoreError> {
        Ok(Place {
            run,
            next_step: run.next_step.and_then(|s| u32::try_from(s).ok()),
            context: run.context()?,
            attempts: run.attempts,
        })
    }

    /// The place after a step that went well and left `step` due now.
    pub fn moved_on(self, step: u32, context: RunContext) -> Place<'r> {
        Place {
            run: self.run,
            next_step: Some(step),
            context,
            attempts: 0,
        }
    }
}

/// What the batch does with a run after a step.
pub(super) enum Outcome {
    /// The run's new place is written: it ended, failed, waits, or was leased.
    Written,
    /// Its next step is due now, with this context: the batch goes straight on.
    Next { step: u32, context: RunContext },
}

/// Writes where a run goes after a step that went well: on to `next` (due now, so
/// left to the batch) or, with no step after it, finished.
pub(super) async fn go_on(
    write: &mut StepWrite,
    place: &Place<'_>,
    context: RunContext,
    next: Option<u32>,
    now: i64,
) -> Result<Outcome, StoreError> {
    if let Some(step) = next {
        return Ok(Outcome::Next { step, context });
    }
    let done = Advance {
        next_step: None,
        context: &context,
        status: "finished",
        due_at: now,
        attempts: 0,
        message: None,
        now,
    };
    write.advance(place.run.id, &done);
    Ok(Outcome::Written)
}

/// Logs a step that changed nothing (skipped, or a wait already past) and goes on.
pub(super) async fn log_and_go_on(
    write: &mut StepWrite,
    place: &Place<'_>,
    step: &Step,
    (status, message): (StepStatus, &str),
    next: Option<u32>,
    now: i64,
) -> Result<Outcome, StoreError> {
    let nothing = (&Value::Null, &Value::Null);
    record(write, place, step, (status, message), nothing, now).await?;
    go_on(write, place, place.context.clone(), next, now).await
}

pub(super) async fn record(
    write: &mut StepWrite,
    place: &Place<'_>,
    step: &Step,
    (status, message): (StepStatus, &str),
    (resolved, changes): (&Value, &Value),
    now: i64,
) -> Result<(), StoreError> {
    let entry = StepEntry {
        step: Some(step.key),
        name: &step.name,
        status,
        message,
        resolved,
        changes,
        started_at: now,
        finished_at: now,
    };
    write.log(place.run.id, &entry);
    Ok(())
}

/// Logs the failure and leaves the run failed at the step.
pub(super) async fn fail(
    write: &mut StepWrite,
    place: &Place<'_>,
    step: Option<&Step>,
    reason: &str,
    now: i64,
) -> Result<Outcome, StoreError> {
    let key = step.map(|s| s.key).or(place.next_step);
    let entry = StepEntry {
        step: key,
        name: step.map_or("Step", |s| s.name.as_str()),
        status: StepStatus::Failed,
        message: reason,
        resolved: &Value::Null,
        changes: &Value::Null,
        started_at: now,
        finished_at: now,
    };
    write.log(place.run.id, &entry);
    let to = Advance {
        next_step: key,
        context: &place.context,
        status: "failed",
        due_at: now,
        attempts: place.attempts,
        message: Some(reason),
        now,
    };
    write.advance(place.run.id, &to);
    Ok(Outcome::Written)
}

/// Applies a step's effects as `actor`, logs what changed and goes on to `next`.
pub(super) async fn apply(
    write: &mut StepWrite,
    place: &Place<'_>,
    (step, actor): (&Step, Actor),
    applied: Applied,
    next: Option<u32>,
    now: i64,
) -> Result<Outcome, StoreError> {
    let created_before = write.created.len();
    let mut changes = Vec::new();
    for effect in &applied.effects {
        let result = write.apply(actor, effect, now).await?;
        changes.push(json!({ "effect": effect, "result": result }));
    }
    let mut context = applied.context.unwrap_or_else(|| place.context.clone());
    if let Some(created) = write.created[created_before..].last() {
        context.merge_opportunity = Some(*created);
    }
    let summary = match (applied.effects.is_empty(), applied.summary.is_empty()) {
        (_, true) => "Done.".to_string(),
        (true, false) if applied.path.is_none() => {
            format!("{} Nothing needed changing.", applied.summary)
        }
        _ => applied.summary.clone(),
    };
    let resolved = Value::Object(applied.resolved);
    let logged = (&resolved, &Value::Array(changes));
    record(
        write,
        place,
        step,
        (StepStatus::Done, &summary),
        logged,
        now,
    )
    .await?;
    go_on(write, place, context, next, now).await
}
