//! One step of one run: the records in its context read as they are now, the step
//! planned from them (pure), and the plan carried out or logged.
use super::place::{apply, fail, go_on, log_and_go_on, record, Outcome, Place};
use super::{Batch, Outgoing};
use crate::domain::board::{ContactId, OpportunityId};
use crate::domain::change::Actor;
use crate::domain::workflow::listing::StepStatus;
use crate::domain::workflow::merge;
use crate::domain::workflow::plan::{self, deal_facts, Effect, Plan, Situation};
use crate::domain::workflow::wait::{describe_wait, wake_at, WakeAt};
use crate::domain::workflow::{
    Action, ContactSnapshot, DealSnapshot, Definition, RunContext, Step,
};
use crate::engine::Versions;
use crate::store::workflows::effects::StepWrite;
use crate::store::workflows::queue;
use crate::store::workflows::runs::Advance;
use crate::store::workflows::snapshot::{
    self, appointment_facts, contact_facts, merge_values, Appointment,
};
use crate::store::StoreError;
use serde_json::{json, Map, Value};
use sqlx::AnyConnection;
use std::collections::HashMap;
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

/// The records a batch's steps read, kept for its later steps: read at once for all the
/// batch's runs when it starts, then a step reads again only what an earlier step
/// changed in a way not copied here. On SQLite the batch holds the database, so this is
/// what a fresh read would give. On PostgreSQL someone else's change committed during
/// the batch's milliseconds may be seen only by the next batch; a step's writes lock
/// the deal and apply their rules to it as it is then.
#[derive(Default)]
pub(super) struct Seen {
    deals: HashMap<OpportunityId, Option<DealSnapshot>>,
    contacts: HashMap<ContactId, Option<ContactSnapshot>>,
    appointments: HashMap<i64, Option<Appointment>>,
}

impl Seen {
    /// Reads the deals and contacts of these contexts, a few statements for a batch.
    pub(super) async fn read_ahead(
        conn: &mut AnyConnection,
        contexts: &[RunContext],
    ) -> Result<Seen, StoreError> {
        let mut seen = Seen::default();
        let mut deals: Vec<OpportunityId> = contexts.iter().filter_map(|c| c.opportunity).collect();
        let mut contacts: Vec<ContactId> = contexts.iter().filter_map(|c| c.contact).collect();
        deals.sort_by_key(|d| d.0);
        deals.dedup();
        contacts.sort_by_key(|c| c.0);
        contacts.dedup();
        seen.deals = deals.iter().map(|id| (*id, None)).collect();
        for deal in snapshot::deals_in(conn, &deals).await? {
            seen.deals.insert(deal.id, Some(deal));
        }
        seen.contacts = contacts.iter().map(|id| (*id, None)).collect();
        for contact in snapshot::contacts_in(conn, &contacts).await? {
            seen.contacts.insert(contact.id, Some(contact));
        }
        Ok(seen)
    }

    async fn deal(
        &mut self,
        conn: &mut AnyConnection,
        id: OpportunityId,
    ) -> Result<Option<DealSnapshot>, StoreError> {
        if let Some(deal) = self.deals.get(&id) {
            return Ok(deal.clone());
        }
        let deal = snapshot::deal(conn, id).await?;
        self.deals.insert(id, deal.clone());
        Ok(deal)
    }

    async fn contact(
        &mut self,
        conn: &mut AnyConnection,
        id: ContactId,
    ) -> Result<Option<ContactSnapshot>, StoreError> {
        if let Some(contact) = self.contacts.get(&id) {
            return Ok(contact.clone());
        }
        let contact = snapshot::contact(conn, id).await?;
        self.contacts.insert(id, contact.clone());
        Ok(contact)
    }

    async fn appointment(
        &mut self,
        conn: &mut AnyConnection,
        id: i64,
    ) -> Result<Option<Appointment>, StoreError> {
        if let Some(meeting) = self.appointments.get(&id) {
            return Ok(meeting.clone());
        }
        let meeting = snapshot::appointment(conn, id).await?;
        self.appointments.insert(id, meeting.clone());
        Ok(meeting)
    }

    /// What a step's effects change: copied where a field is written as given,
    /// forgotten where rules or other rows decide the result.
    fn after(&mut self, effects: &[Effect]) {
        for effect in effects {
            match effect {
                Effect::Name { deal, name } => self.patch(*deal, |d| d.name.clone_from(name)),
                Effect::Value { deal, value_minor } => {
                    self.patch(*deal, |d| d.value_minor = *value_minor);
                }
                Effect::Source { deal, source } => {
                    self.patch(*deal, |d| d.source.clone_from(source));
                }
                Effect::Owner { deal, owner } => {
                    self.patch(*deal, |d| d.owner = *owner);
                    // The deal's owner can become its contacts' too.
                    self.contacts.clear();
                }
                Effect::Follow { deal, user, follow } => self.patch(*deal, |d| {
                    d.followers.retain(|u| u != user);
                    if *follow {
                        d.followers.push(*user);
                        d.followers.sort_by_key(|u| u.0);
                    }
                }),
                Effect::Standing { deal, .. }
                | Effect::Custom { deal, .. }
                | Effect::DeleteDeal { deal, .. } => {
                    self.deals.remove(deal);
                }
                Effect::CreateDeal(new) => {
                    self.contacts.remove(&new.contact);
                }
                Effect::Tag { contact, .. } => {
                    self.contacts.remove(contact);
                }
                Effect::Activity { .. } => {}
            }
        }
    }

    fn patch(&mut self, id: OpportunityId, change: impl FnOnce(&mut DealSnapshot)) {
        if let Some(Some(deal)) = self.deals.get_mut(&id) {
            change(deal);
        }
    }
}

pub(super) async fn run_step(
    write: &mut StepWrite,
    versions: &Versions,
    batch: &Batch,
    (place, seen): (&Place<'_>, &mut Seen),
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<Outcome, StoreError> {
    let definition = definition_of(write, versions, place.run.version_id).await?;
    step_of(write, &definition, batch, (place, seen), now, outgoing).await
}

/// The next step of `place` in `definition`: its run's pinned version, or the version a
/// Test tries.
pub(super) async fn step_of(
    write: &mut StepWrite,
    definition: &Definition,
    batch: &Batch,
    (place, seen): (&Place<'_>, &mut Seen),
    now: i64,
    outgoing: &mut Vec<Outgoing>,
) -> Result<Outcome, StoreError> {
    let context = &place.context;
    let Some(step) = place.next_step.and_then(|k| definition.step(k)) else {
        return go_on(write, place, context.clone(), None, now).await;
    };
    let conn = &mut *write.tx;
    let deal = match context.opportunity {
        Some(id) => seen.deal(conn, id).await?,
        None => None,
    };
    let shown = match context.shown_opportunity() {
        Some(id) if Some(id) != context.opportunity => seen.deal(conn, id).await?,
        _ => deal.clone(),
    };
    let contact = match context.contact {
        Some(id) => seen.contact(conn, id).await?,
        None => None,
    };
    let appointment = match context.appointment {
        Some(id) => seen.appointment(conn, id).await?,
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
            seen.after(&applied.effects);
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
                    write.advance(place.run.id, &to);
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
            write.advance(place.run.id, &lease);
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
