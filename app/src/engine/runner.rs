//! The runner: claims due runs (other servers skip them on PostgreSQL), works out each
//! one's next step from its pinned version and the records as they are now, and applies
//! the step's effects with its log entry and the run's new place in one transaction per
//! batch, each step inside its own savepoint. Webhooks are sent after that commit.
use super::{Versions, WorkflowEngine};
use crate::domain::change::Actor;
use crate::domain::currency::Currency;
use crate::domain::workflow::listing::StepStatus;
use crate::domain::workflow::merge;
use crate::domain::workflow::plan::{
    self, deal_facts, Applied, Plan, Situation, WebhookRequest, Workspace,
};
use crate::domain::workflow::wait::{describe_wait, wake_at, WakeAt};
use crate::domain::workflow::{Definition, RunContext, Step};
use crate::store::workflows::effects::StepWrite;
use crate::store::workflows::runs::{self, Advance, RunRow, StepEntry};
use crate::store::workflows::snapshot::{self, appointment_facts, contact_facts, merge_values};
use crate::store::workflows::{queue, workspace_in};
use crate::store::writing::is_transient;
use crate::store::StoreError;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// How long a run whose webhook is being sent stays claimed before another try.
const WEBHOOK_LEASE_MS: i64 = 120_000;

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

/// Runs the next step of up to `limit` due runs; returns how many it took.
pub(super) async fn run_once(engine: &WorkflowEngine, limit: i64) -> Result<usize, StoreError> {
    let store = &engine.store;
    let outgoing = {
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
            step_in_savepoint(
                &mut write,
                &engine.versions,
                &batch,
                run,
                now,
                &mut outgoing,
            )
            .await?;
        }
        store.commit_steps(write).await?;
        (outgoing, due.len())
    };
    let (outgoing, taken) = outgoing;
    for hook in outgoing {
        super::deliver::send(engine, hook).await?;
    }
    Ok(taken)
}

async fn step_in_savepoint(
    write: &mut StepWrite,
    versions: &Versions,
    batch: &Batch,
    run: &RunRow,
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<(), StoreError> {
    sqlx::query("SAVEPOINT workflow_step")
        .execute(&mut *write.tx)
        .await?;
    let mark = write.mark();
    match run_step(write, versions, batch, run, now, outgoing).await {
        Ok(()) => {
            sqlx::query("RELEASE SAVEPOINT workflow_step")
                .execute(&mut *write.tx)
                .await?;
            Ok(())
        }
        Err(err) => {
            sqlx::query("ROLLBACK TO SAVEPOINT workflow_step")
                .execute(&mut *write.tx)
                .await?;
            write.rewind(mark);
            let context = run.context()?;
            if is_transient(&err) && run.attempts < 5 {
                let retry = Advance {
                    next_step: run.next_step.and_then(|s| u32::try_from(s).ok()),
                    context: &context,
                    status: "ready",
                    due_at: now + 1_000 * (1 << run.attempts.min(5)),
                    attempts: run.attempts + 1,
                    message: Some(&err.to_string()),
                    now,
                };
                runs::advance(&mut write.tx, run.id, &retry).await
            } else {
                fail(write, run, None, &err.to_string(), &context, now).await
            }
        }
    }
}

async fn fail(
    write: &mut StepWrite,
    run: &RunRow,
    step: Option<&Step>,
    reason: &str,
    context: &RunContext,
    now: i64,
) -> Result<(), StoreError> {
    let key = step
        .map(|s| s.key)
        .or(run.next_step.and_then(|s| u32::try_from(s).ok()));
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
    runs::log_step(&mut write.tx, run.id, &entry).await?;
    let to = Advance {
        next_step: key,
        context,
        status: "failed",
        due_at: now,
        attempts: run.attempts,
        message: Some(reason),
        now,
    };
    runs::advance(&mut write.tx, run.id, &to).await
}

async fn definition_of(
    write: &mut StepWrite,
    versions: &Versions,
    version: i64,
) -> Result<Arc<Definition>, StoreError> {
    if let Some(d) = versions.get(version) {
        return Ok(d);
    }
    let d = Arc::new(queue::version_definition(&mut write.tx, version).await?);
    versions.put(version, d.clone());
    Ok(d)
}

async fn run_step(
    write: &mut StepWrite,
    versions: &Versions,
    batch: &Batch,
    run: &RunRow,
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<(), StoreError> {
    let definition = definition_of(write, versions, run.version_id).await?;
    let context = run.context()?;
    let key = run.next_step.and_then(|s| u32::try_from(s).ok());
    let Some(step) = key.and_then(|k| definition.step(k)) else {
        let done = Advance {
            next_step: None,
            context: &context,
            status: "finished",
            due_at: now,
            attempts: 0,
            message: None,
            now,
        };
        return runs::advance(&mut write.tx, run.id, &done).await;
    };
    let conn = &mut *write.tx;
    let deal = match context.opportunity {
        Some(id) => snapshot::deal(conn, id).await?,
        None => None,
    };
    let shown = match context.shown_opportunity() {
        Some(id) if Some(id) != context.opportunity => snapshot::deal(conn, id).await?,
        _ => deal.clone(),
    };
    let contact = match context.contact {
        Some(id) => snapshot::contact(conn, id).await?,
        None => None,
    };
    let appointment = match context.appointment {
        Some(id) => snapshot::appointment(conn, id).await?,
        None => None,
    };
    let values = merge_values(
        &batch.workspace,
        batch.currency,
        shown.as_ref(),
        contact.as_ref(),
        appointment.as_ref(),
        context.inbound.as_ref(),
    );
    let render = |template: &str| merge::render(template, &values).map_err(|e| e.to_string());
    let contact_deals = match (contact.as_ref(), &step.action) {
        (Some(c), _) if needs_contact_deals(step) => snapshot::contact_deals(conn, c.id).await?,
        (None, crate::domain::workflow::Action::FindOpportunity { filters, .. }) => {
            snapshot::deals_by(conn, &plan::find_lookups(filters, &render)).await?
        }
        _ => Vec::new(),
    };
    let mut facts = Map::new();
    if let Some(d) = &deal {
        facts.insert("opportunity".into(), deal_facts(d));
    }
    if let Some(c) = &contact {
        facts.insert("contact".into(), contact_facts(c));
    }
    if let Some(a) = &appointment {
        facts.insert("appointment".into(), appointment_facts(a));
    }
    let facts = Value::Object(facts);
    let situation = Situation {
        context: &context,
        deal: deal.as_ref(),
        contact: contact.as_ref(),
        contact_deals: &contact_deals,
        facts: &facts,
        merge_values: &values,
        workspace: &batch.workspace,
        render: &render,
    };
    let actor = Actor::Workflow {
        run: run.id,
        step: i64::from(step.key),
    };
    let next_plain = definition.next_after(step.key, None);
    match plan::plan(step, &situation) {
        Plan::Apply(applied) => {
            let next = definition.next_after(step.key, applied.path);
            apply(write, run, step, actor, applied, (&context, next), now).await
        }
        Plan::Skip(reason) => {
            record(
                write,
                run,
                step,
                StepStatus::Skipped,
                &reason,
                (&Value::Null, &Value::Null),
                now,
            )
            .await?;
            go_on(write, run, &context, next_plain, now).await
        }
        Plan::Fail(reason) => fail(write, run, Some(step), &reason, &context, now).await,
        Plan::Wait(until) => {
            let field = |path: &str| {
                crate::domain::workflow::condition::lookup(&facts, path)
                    .as_str()
                    .map(str::to_string)
            };
            match wake_at(&until, now, &batch.time_zone, field) {
                Err(problem) => {
                    fail(write, run, Some(step), &problem.to_string(), &context, now).await
                }
                Ok(WakeAt::AlreadyPast { due_ms }) => {
                    let message = format!(
                        "No wait: {}",
                        describe_wait(WakeAt::AlreadyPast { due_ms }, &batch.time_zone)
                    );
                    record(
                        write,
                        run,
                        step,
                        StepStatus::Done,
                        &message,
                        (&Value::Null, &Value::Null),
                        now,
                    )
                    .await?;
                    go_on(write, run, &context, next_plain, now).await
                }
                Ok(wake @ WakeAt::Later { at_ms }) => {
                    let message = describe_wait(wake, &batch.time_zone);
                    record(
                        write,
                        run,
                        step,
                        StepStatus::Waiting,
                        &message,
                        (&json!({ "until": at_ms }), &Value::Null),
                        now,
                    )
                    .await?;
                    let to = Advance {
                        next_step: next_plain,
                        context: &context,
                        status: "waiting",
                        due_at: at_ms,
                        attempts: 0,
                        message: Some(&message),
                        now,
                    };
                    runs::advance(&mut write.tx, run.id, &to).await
                }
            }
        }
        Plan::Webhook(request) => {
            let lease = Advance {
                next_step: Some(step.key),
                context: &context,
                status: "ready",
                due_at: now + WEBHOOK_LEASE_MS,
                attempts: run.attempts,
                message: Some("Sending the webhook."),
                now,
            };
            runs::advance(&mut write.tx, run.id, &lease).await?;
            outgoing.push(Outgoing {
                run: run.id,
                step: step.clone(),
                next: next_plain,
                context: context.clone(),
                attempts: run.attempts,
                request,
                started_at: now,
            });
            Ok(())
        }
    }
}

/// Steps that read every deal of the contact (duplicates, upserts, removal, search).
fn needs_contact_deals(step: &Step) -> bool {
    use crate::domain::workflow::Action as A;
    matches!(
        step.action,
        A::CreateOpportunity { .. }
            | A::CreateUpdateOpportunity { .. }
            | A::RemoveOpportunity { .. }
            | A::FindOpportunity { .. }
    )
}

async fn apply(
    write: &mut StepWrite,
    run: &RunRow,
    step: &Step,
    actor: Actor,
    applied: Applied,
    (context, next): (&RunContext, Option<u32>),
    now: i64,
) -> Result<(), StoreError> {
    let created_before = write.created.len();
    let mut changes = Vec::new();
    for effect in &applied.effects {
        let result = write.apply(actor, effect, now).await?;
        changes.push(json!({ "effect": effect, "result": result }));
    }
    let mut context = applied.context.unwrap_or_else(|| context.clone());
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
    record(
        write,
        run,
        step,
        StepStatus::Done,
        &summary,
        (&resolved, &Value::Array(changes)),
        now,
    )
    .await?;
    go_on(write, run, &context, next, now).await
}

async fn record(
    write: &mut StepWrite,
    run: &RunRow,
    step: &Step,
    status: StepStatus,
    message: &str,
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
    runs::log_step(&mut write.tx, run.id, &entry).await
}

async fn go_on(
    write: &mut StepWrite,
    run: &RunRow,
    context: &RunContext,
    next: Option<u32>,
    now: i64,
) -> Result<(), StoreError> {
    let to = Advance {
        next_step: next,
        context,
        status: if next.is_some() { "ready" } else { "finished" },
        due_at: now,
        attempts: 0,
        message: None,
        now,
    };
    runs::advance(&mut write.tx, run.id, &to).await
}
