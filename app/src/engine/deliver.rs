//! Send Webhook, after the batch that reached the step committed: the request goes out
//! with an idempotency key that is the same on every try (at least once, never lost),
//! then the outcome is written with the run's next place, if the run is still ours.
use super::runner::Outgoing;
use super::webhook::{deliver, retry_after, Delivery, Outcome};
use super::WorkflowEngine;
use crate::domain::workflow::listing::StepStatus;
use crate::store::workflows::runs::{self, Advance, StepEntry};
use crate::store::StoreError;
use serde_json::json;

pub(super) async fn send(engine: &WorkflowEngine, hook: Outgoing) -> Result<(), StoreError> {
    let delivery = Delivery {
        url: hook.request.url.clone(),
        body: hook.request.body.clone(),
        secret: hook.request.secret.clone(),
        id: format!("run-{}-step-{}", hook.run, hook.step.key),
        timestamp_s: engine.store.now() / 1000,
    };
    let outcome = deliver(&engine.http, &delivery).await;
    let store = &engine.store;
    let _turn = store.job_turn().await;
    let mut tx = store.job_transaction().await?;
    let now = store.now();
    // Another server may have taken the run over after the lease ran out.
    let still_ours = runs::reload(&mut tx, hook.run).await?.is_some_and(|r| {
        r.next_step == Some(i64::from(hook.step.key)) && r.attempts == hook.attempts
    });
    if !still_ours {
        tx.commit().await?;
        return Ok(());
    }
    let attempt = u32::try_from(hook.attempts + 1).unwrap_or(u32::MAX);
    let status = match &outcome {
        Outcome::Delivered { status } => Some(*status),
        Outcome::Transient { status, .. } | Outcome::Permanent { status, .. } => *status,
    };
    let resolved = json!({ "url": delivery.url, "status": status, "attempt": attempt, "webhook_id": delivery.id });
    let (log_status, next_status, due_at, message) = match &outcome {
        Outcome::Delivered { .. } => (
            Some(StepStatus::Done),
            if hook.next.is_some() {
                "ready"
            } else {
                "finished"
            },
            now,
            outcome.to_string(),
        ),
        Outcome::Transient { .. } => match retry_after(attempt) {
            Some(wait) => (
                None,
                "ready",
                now + wait.as_millis() as i64,
                format!("Try {attempt} failed: {outcome} Trying again."),
            ),
            None => (
                Some(StepStatus::Failed),
                "failed",
                now,
                format!("Gave up after {attempt} tries: {outcome}"),
            ),
        },
        Outcome::Permanent { .. } => (Some(StepStatus::Failed), "failed", now, outcome.to_string()),
    };
    if let Some(log_status) = log_status {
        let entry = StepEntry {
            step: Some(hook.step.key),
            name: &hook.step.name,
            status: log_status,
            message: &message,
            resolved: &resolved,
            changes: &serde_json::Value::Null,
            started_at: hook.started_at,
            finished_at: now,
        };
        runs::log_step(&mut tx, hook.run, &entry).await?;
    }
    let next_step = match (&outcome, next_status) {
        (Outcome::Delivered { .. }, _) => hook.next,
        _ => Some(hook.step.key),
    };
    let to = Advance {
        next_step,
        context: &hook.context,
        status: next_status,
        due_at,
        attempts: if log_status.is_none() {
            hook.attempts + 1
        } else {
            0
        },
        message: Some(&message),
        now,
    };
    runs::advance(&mut tx, hook.run, &to).await?;
    tx.commit().await?;
    Ok(())
}
