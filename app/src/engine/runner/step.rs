//! One step of one run: the records in its context read as they are now, the step
//! planned from them (pure), and the plan carried out or logged.
use super::place::{apply, fail, go_on, log_and_go_on, record, Outcome, Place};
use super::{Batch, Outgoing};
use crate::domain::change::Actor;
use crate::domain::workflow::listing::StepStatus;
use crate::domain::workflow::merge;
use crate::domain::workflow::plan::{self, deal_facts, Plan, Situation};
use crate::domain::workflow::wait::{describe_wait, wake_at, WakeAt};
use crate::domain::workflow::{Action, Definition, Step};
use crate::engine::Versions;
use crate::store::workflows::effects::StepWrite;
use crate::store::workflows::queue;
use crate::store::workflows::runs::{self, Advance};
use crate::store::workflows::snapshot::{self, appointment_facts, contact_facts, merge_values};
use crate::store::StoreError;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// How long a run whose webhook is being sent stays claimed before another try.
const WEBHOOK_LEASE_MS: i64 = 120_000;

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

pub(super) async fn run_step(
    write: &mut StepWrite,
    versions: &Versions,
    batch: &Batch,
    place: &Place<'_>,
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<Outcome, StoreError> {
    let definition = definition_of(write, versions, place.run.version_id).await?;
    let context = &place.context;
    let Some(step) = place.next_step.and_then(|k| definition.step(k)) else {
        return go_on(write, place, context.clone(), None, now).await;
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
        (None, Action::FindOpportunity { filters, .. }) => {
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
        context,
        deal: deal.as_ref(),
        contact: contact.as_ref(),
        contact_deals: &contact_deals,
        facts: &facts,
        merge_values: &values,
        workspace: &batch.workspace,
        render: &render,
    };
    let actor = Actor::Workflow {
        run: place.run.id,
        step: i64::from(step.key),
    };
    let next_plain = definition.next_after(step.key, None);
    match plan::plan(step, &situation) {
        Plan::Apply(applied) => {
            let next = definition.next_after(step.key, applied.path);
            apply(write, place, (step, actor), applied, next, now).await
        }
        Plan::Skip(reason) => {
            let logged = (StepStatus::Skipped, reason.as_str());
            log_and_go_on(write, place, step, logged, next_plain, now).await
        }
        Plan::Fail(reason) => fail(write, place, Some(step), &reason, now).await,
        Plan::Wait(until) => {
            let field = |path: &str| {
                crate::domain::workflow::condition::lookup(&facts, path)
                    .as_str()
                    .map(str::to_string)
            };
            match wake_at(&until, now, &batch.time_zone, field) {
                Err(problem) => fail(write, place, Some(step), &problem.to_string(), now).await,
                Ok(past @ WakeAt::AlreadyPast { .. }) => {
                    let message = format!("No wait: {}", describe_wait(past, &batch.time_zone));
                    let logged = (StepStatus::Done, message.as_str());
                    log_and_go_on(write, place, step, logged, next_plain, now).await
                }
                Ok(wake @ WakeAt::Later { at_ms }) => {
                    let message = describe_wait(wake, &batch.time_zone);
                    let logged = (StepStatus::Waiting, message.as_str());
                    let until = json!({ "until": at_ms });
                    record(write, place, step, logged, (&until, &Value::Null), now).await?;
                    let to = Advance {
                        next_step: next_plain,
                        context,
                        status: "waiting",
                        due_at: at_ms,
                        attempts: 0,
                        message: Some(&message),
                        now,
                    };
                    runs::advance(&mut write.tx, place.run.id, &to).await?;
                    Ok(Outcome::Written)
                }
            }
        }
        Plan::Webhook(request) => {
            let lease = Advance {
                next_step: Some(step.key),
                context,
                status: "ready",
                due_at: now + WEBHOOK_LEASE_MS,
                attempts: place.attempts,
                message: Some("Sending the webhook."),
                now,
            };
            runs::advance(&mut write.tx, place.run.id, &lease).await?;
            outgoing.push(Outgoing {
                run: place.run.id,
                step: step.clone(),
                next: next_plain,
                context: context.clone(),
                attempts: place.attempts,
                request,
                started_at: now,
            });
            Ok(Outcome::Written)
        }
    }
}

/// Steps that read every deal of the contact (duplicates, upserts, removal, search).
fn needs_contact_deals(step: &Step) -> bool {
    matches!(
        step.action,
        Action::CreateOpportunity { .. }
            | Action::CreateUpdateOpportunity { .. }
            | Action::RemoveOpportunity { .. }
            | Action::FindOpportunity { .. }
    )
}
