//! The builder's Test: one record taken through a workflow's steps by the same code a
//! real run uses (planners, the services that apply their effects, the run log), inside
//! a transaction that is rolled back at the end. Every before -> after is what the
//! services really computed; nothing is kept, no board hears of it, no webhook is sent.
use super::place::{Outcome, Place};
use super::step::{step_of, Seen};
use super::{Batch, Guard};
use crate::domain::workflow::condition::all_hold;
use crate::domain::workflow::listing::{RunRecord, StepLog, StepStatus, WorkflowId};
use crate::domain::workflow::trial::{Trial, TrialEnd, TrialOf, TRIAL_STEPS};
use crate::domain::workflow::Definition;
use crate::store::workflows::effects::StepWrite;
use crate::store::workflows::enroll::{refusal, start};
use crate::store::workflows::queue::{guard_limits, Published};
use crate::store::workflows::runs::RunRow;
use crate::store::{Store, StoreError};
use serde_json::{json, Value};
use std::sync::Arc;

/// The run id a Test's log and actor carry: no real run has it.
const TRIAL_RUN: i64 = 0;

/// What `definition` (of workflow `workflow`) would do to `record` now.
pub async fn trial(
    store: &Store,
    workflow: WorkflowId,
    (definition, of): (&Definition, TrialOf),
    record: RunRecord,
) -> Result<Trial, StoreError> {
    let _turn = store.job_turn().await;
    let mut write = store.step_write().await?;
    let worked = work(&mut write, store, workflow, (definition, of), record).await;
    // Whatever the steps wrote goes: a Test keeps nothing.
    write.tx.rollback().await?;
    worked
}

async fn work(
    write: &mut StepWrite,
    store: &Store,
    workflow: WorkflowId,
    (definition, of): (&Definition, TrialOf),
    record: RunRecord,
) -> Result<Trial, StoreError> {
    let now = store.now();
    let record_name = record_name(write, record).await?;
    let (context, facts) =
        start(&mut write.tx, record, Vec::new())
            .await?
            .ok_or(StoreError::NotFound(match record {
                RunRecord::Opportunity(_) => "opportunity",
                RunRecord::Contact(_) => "contact",
            }))?;
    let entry = entry_in_words(write, workflow, definition, record, &facts, now).await?;
    let batch = Batch::read(write, now, Guard::Optimistic).await?;
    let (kind, id) = record.columns();
    let row = RunRow {
        id: TRIAL_RUN,
        workflow_id: workflow.0,
        version_id: 0,
        record_kind: kind.to_string(),
        record_id: id,
        next_step: definition.first_step().map(i64::from),
        context: serde_json::to_string(&context).unwrap_or_default(),
        depth: 1,
        attempts: 0,
        due_at: now,
    };
    let mut seen = Seen::read_ahead(&mut write.tx, std::slice::from_ref(&context)).await?;
    let mut place = Place::claimed(&row)?;
    let mut steps = Vec::new();
    let mut end = TrialEnd::TooLong { steps: TRIAL_STEPS };
    for _ in 0..TRIAL_STEPS {
        if place.next_step.is_none() {
            end = TrialEnd::Finished;
            break;
        }
        let mut outgoing = Vec::new();
        let outcome = step_of(
            write,
            definition,
            &batch,
            (&place, &mut seen),
            now,
            &mut outgoing,
        );
        let outcome = match outcome.await {
            Ok(outcome) => outcome,
            // A real run would be tried again, then fail with this reason.
            Err(err) => {
                end = TrialEnd::Fails {
                    reason: err.to_string(),
                };
                break;
            }
        };
        steps.extend(write.take_logs().into_iter().map(logged));
        if let Some(hook) = outgoing.pop() {
            steps.push(StepLog {
                step: Some(hook.step.key),
                name: hook.step.name.clone(),
                status: StepStatus::Done,
                message: format!(
                    "Would send a POST to {} (not sent in a Test).",
                    hook.request.url
                ),
                resolved: json!({ "url": hook.request.url, "body": hook.request.body }),
                changes: Value::Null,
                started_at: now,
                finished_at: now,
            });
            place = Place {
                run: &row,
                next_step: hook.next,
                context: hook.context,
                attempts: 0,
            };
            continue;
        }
        match outcome {
            Outcome::Next { step, context } => place = place.moved_on(step, context),
            Outcome::Written => {
                end = match write.take_last_place() {
                    Some((status, due_at, message)) => match status {
                        "waiting" => TrialEnd::Waits { until: due_at },
                        "failed" => TrialEnd::Fails {
                            reason: message.unwrap_or_default(),
                        },
                        _ => TrialEnd::Finished,
                    },
                    None => TrialEnd::Finished,
                };
                break;
            }
        }
    }
    Ok(Trial {
        record,
        record_name,
        of,
        entry,
        steps,
        end,
    })
}

fn logged(held: crate::store::workflows::held::HeldLog) -> StepLog {
    StepLog {
        step: held.step.and_then(|s| u32::try_from(s).ok()),
        name: held.name,
        status: StepStatus::from_key(held.status).unwrap_or(StepStatus::Done),
        message: held.message,
        resolved: serde_json::from_str(&held.resolved).unwrap_or(Value::Null),
        changes: serde_json::from_str(&held.changes).unwrap_or(Value::Null),
        started_at: held.started_at,
        finished_at: held.finished_at,
    }
}

async fn record_name(write: &mut StepWrite, record: RunRecord) -> Result<String, StoreError> {
    let (sql, id) = match record {
        RunRecord::Opportunity(id) => ("SELECT name FROM opportunities WHERE id = $1", id),
        RunRecord::Contact(id) => ("SELECT name FROM contacts WHERE id = $1", id),
    };
    let name: Option<(String,)> = sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(&mut *write.tx)
        .await?;
    Ok(name.map(|(n,)| n).unwrap_or_default())
}

/// Whether the record would be let in now, in a sentence.
async fn entry_in_words(
    write: &mut StepWrite,
    workflow: WorkflowId,
    definition: &Definition,
    record: RunRecord,
    facts: &Value,
    now: i64,
) -> Result<String, StoreError> {
    let published = Published {
        workflow,
        version: 0,
        definition: Arc::new(definition.clone()),
        live_since: 0,
    };
    let (_, hourly_limit) = guard_limits(&mut write.tx).await?;
    if let Some(refused) = refusal(&mut write.tx, &published, record, hourly_limit, now).await? {
        return Ok(format!(
            "{refused} The Test shows what the steps would do anyway."
        ));
    }
    let holding = definition
        .triggers
        .iter()
        .find(|t| all_hold(&t.filters, facts, &[]));
    Ok(match holding {
        Some(t) if t.filters.is_empty() => format!(
            "It may enter: nothing stops it, and \u{201c}{}\u{201d} has no filters.",
            t.event.label()
        ),
        Some(t) => format!(
            "It may enter: it passes the filters of \u{201c}{}\u{201d} now.",
            t.event.label()
        ),
        None if definition.triggers.is_empty() => {
            "The workflow has no trigger yet; the Test shows what the steps would do.".into()
        }
        None => "It does not pass any trigger's filters now, so a trigger would not enroll it; the Test shows what the steps would do anyway.".into(),
    })
}
