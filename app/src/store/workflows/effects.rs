//! The writes a workflow step makes, through the same service functions as people's
//! changes (status/stage rules, duplicate rule, change log, system notes), inside the
//! step's transaction; open boards hear of them once it commits.
use super::super::activities::insert_activity;
use super::super::contact_tags::set_tag;
use super::super::opportunities::bulk::{delete_deal, set_follower};
use super::super::opportunities::create::{insert_new, ContactChoice, NewOpportunity};
use super::super::opportunities::edit::{write_field, write_locked_field, FieldEdit};
use super::super::opportunities::service::{
    change_standing_in, lock, Announcement, StandingChange,
};
use super::super::opportunities::{load_deals, Deal};
use super::super::pipelines::load_pipeline;
use super::super::{Store, StoreError};
use super::held::{self, HeldAdvance, HeldLog};
use super::runs::{Advance, StepEntry};
use crate::domain::activity::ActivityTarget;
use crate::domain::board::{Card, OpportunityId};
use crate::domain::change::Actor;
use crate::domain::currency::Currency;
use crate::domain::custom_field::{CustomField, FieldEntity, FieldKind};
use crate::domain::deal::DealFields;
use crate::domain::workflow::plan::{Attach, Effect};
use serde_json::{json, Value};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// A step's transaction with what open boards must hear after it commits.
pub struct StepWrite {
    pub tx: Transaction<'static, Any>,
    announcements: Vec<Announcement>,
    /// Cards of deals as they were before the batch changed them: read back all at once
    /// before the commit, rather than once a step.
    changed: Vec<Card>,
    /// Deals the step created, for `merge_opportunity`.
    pub created: Vec<OpportunityId>,
    /// The workspace currency, read by the batch's first custom field edit.
    currency: Option<Currency>,
    /// Step log entries and run places, written all at once before the commit.
    logs: Vec<HeldLog>,
    advances: Vec<HeldAdvance>,
    /// Deals read for the batch before its steps (SQLite, whose writer the batch is):
    /// each serves as the lock of its first write, then is read afresh.
    ahead: HashMap<OpportunityId, Deal>,
    /// The last change-log event of each deal `said` put in words.
    described: HashMap<OpportunityId, i64>,
}

impl Store {
    /// A transaction for one batch of workflow steps (a background job's).
    pub async fn step_write(&self) -> Result<StepWrite, StoreError> {
        Ok(StepWrite {
            tx: self.job_transaction().await?,
            announcements: Vec::new(),
            changed: Vec::new(),
            created: Vec::new(),
            currency: None,
            logs: Vec::new(),
            advances: Vec::new(),
            ahead: HashMap::new(),
            described: HashMap::new(),
        })
    }

    /// Commits the batch, then tells open boards and this process's engine.
    pub async fn commit_steps(&self, mut write: StepWrite) -> Result<(), StoreError> {
        held::log_steps(&mut write.tx, &write.logs).await?;
        held::advance_all(&mut write.tx, &write.advances).await?;
        let changed = Announcement::changed_all(&mut write.tx, write.changed).await?;
        write.announcements.extend(changed);
        self.commit_and_announce(write.tx, Actor::System, write.announcements)
            .await
    }
}

/// How far a step's writes had got, to undo its part of the batch after a failure.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    announcements: usize,
    changed: usize,
    created: usize,
    logs: usize,
    advances: usize,
}

impl StepWrite {
    pub fn mark(&self) -> Mark {
        Mark {
            announcements: self.announcements.len(),
            changed: self.changed.len(),
            created: self.created.len(),
            logs: self.logs.len(),
            advances: self.advances.len(),
        }
    }

    /// Reads the deals the batch's steps will write, at once, where the batch holds the
    /// database (SQLite); PostgreSQL locks each deal as a step writes it.
    pub async fn read_ahead(&mut self, deals: &[OpportunityId]) -> Result<(), StoreError> {
        if self.tx.backend_name() != "SQLite" {
            return Ok(());
        }
        for deal in load_deals(&mut self.tx, deals).await? {
            self.ahead.insert(deal.card.id, deal);
        }
        Ok(())
    }

    /// A deal to write, locked: read ahead for the batch, or read and locked now.
    async fn locked(&mut self, id: OpportunityId) -> Result<Option<Deal>, StoreError> {
        if let Some(deal) = self.ahead.remove(&id) {
            return Ok(Some(deal));
        }
        lock(&mut self.tx, id).await
    }

    /// Holds a step's log entry for the batch's commit.
    pub fn log(&mut self, run: i64, entry: &StepEntry<'_>) {
        self.logs.push(HeldLog::new(run, entry));
    }

    /// Holds a run's new place for the batch's commit (a run is placed once a batch).
    pub fn advance(&mut self, run: i64, to: &Advance<'_>) {
        self.advances.push(HeldAdvance::new(run, to));
    }

    /// The log entries held so far, taken out (a Test reads them instead of writing).
    pub fn take_logs(&mut self) -> Vec<HeldLog> {
        std::mem::take(&mut self.logs)
    }

    /// The last run place held, taken out: its status, when it is due, its message.
    pub fn take_last_place(&mut self) -> Option<(&'static str, i64, Option<String>)> {
        let last = self.advances.pop()?;
        self.advances.clear();
        Some((last.status, last.due_at, last.message))
    }

    /// Forgets what happened after `mark` (its savepoint was rolled back).
    pub fn rewind(&mut self, mark: Mark) {
        self.announcements.truncate(mark.announcements);
        self.changed.truncate(mark.changed);
        self.created.truncate(mark.created);
        self.logs.truncate(mark.logs);
        self.advances.truncate(mark.advances);
    }

    /// Applies one effect as `actor` (the run and step); returns what changed, for the log.
    pub async fn apply(
        &mut self,
        actor: Actor,
        effect: &Effect,
        now: i64,
    ) -> Result<Value, StoreError> {
        match effect {
            Effect::Standing {
                deal,
                stage,
                status,
            } => {
                let change = StandingChange {
                    stage: *stage,
                    status: *status,
                    lost_reason: None,
                };
                self.on_deal((actor, now), *deal, |tx, d| {
                    Box::pin(async move { change_standing_in(tx, actor, &d, change, now).await })
                })
                .await
            }
            Effect::Name { deal, name } => {
                self.field(actor, *deal, FieldEdit::Name(name.clone()), now)
                    .await
            }
            Effect::Value { deal, value_minor } => {
                self.field(actor, *deal, FieldEdit::Value(*value_minor), now)
                    .await
            }
            Effect::Source { deal, source } => {
                self.field(actor, *deal, FieldEdit::Source(source.clone()), now)
                    .await
            }
            Effect::Owner { deal, owner } => {
                self.field(actor, *deal, FieldEdit::Owner(*owner), now)
                    .await
            }
            Effect::Custom { deal, key, value } => {
                let currency = self.currency().await?;
                let edit = custom_edit(&mut self.tx, key, value, currency).await?;
                self.field(actor, *deal, edit, now).await
            }
            Effect::Follow { deal, user, follow } => {
                let (user, follow) = (*user, *follow);
                self.on_deal((actor, now), *deal, |tx, d| {
                    Box::pin(
                        async move { set_follower(tx, actor, d.card.id, user, follow, now).await },
                    )
                })
                .await
            }
            Effect::CreateDeal(new) => {
                let pipeline = load_pipeline(&mut self.tx, new.pipeline).await?;
                let opportunity = NewOpportunity {
                    fields: DealFields {
                        name: new.name.clone(),
                        value_minor: new.value_minor,
                        source: new.source.clone(),
                        expected_close: None,
                    },
                    stage: Some(new.stage),
                    status: new.status,
                    contact: Some(ContactChoice::Existing(new.contact)),
                    owner: None,
                };
                let id = insert_new(
                    &mut self.tx,
                    actor,
                    Some(&pipeline),
                    &opportunity,
                    Some(new.contact),
                    now,
                )
                .await?;
                for (key, value) in &new.custom {
                    let currency = self.currency().await?;
                    let edit = custom_edit(&mut self.tx, key, value, currency).await?;
                    write_field(&mut self.tx, actor, id, &edit, now).await?;
                }
                let card = super::super::opportunities::load_deal(&mut *self.tx, id)
                    .await?
                    .card;
                self.announcements.push(Announcement::created(card));
                self.created.push(id);
                Ok(json!({ "created": id.0, "name": new.name }))
            }
            Effect::DeleteDeal { deal, name } => {
                let Some(d) = self.locked(*deal).await? else {
                    return Ok(Value::Null);
                };
                delete_deal(&mut self.tx, actor, *deal, name, now).await?;
                self.announcements.push(Announcement::deleted(d.card));
                Ok(json!({ "removed": deal.0, "name": name }))
            }
            Effect::Activity { on, details } => {
                let target = match on {
                    Attach::Opportunity(id) => ActivityTarget::Opportunity(id.0),
                    Attach::Contact(id) => ActivityTarget::Contact(id.0),
                };
                let id = insert_activity(&mut self.tx, actor, target, details, now).await?;
                Ok(json!({ "activity": id, "kind": details.kind_key() }))
            }
            Effect::Tag { contact, tag, add } => {
                let change = set_tag(&mut self.tx, actor, *contact, tag, *add, now)
                    .await
                    .map_err(|e| match e {
                        StoreError::NotFound(_) => StoreError::Refused(
                            "The contact in context was deleted before this step ran.".into(),
                        ),
                        other => other,
                    })?;
                Ok(match change.changed {
                    true => json!({ "field": "tags", "tag": tag, "added": add }),
                    false => json!({ "changed": false }),
                })
            }
        }
    }

    /// What the change log says `actor` just changed on the deal, in the timeline's
    /// words with before and after ("Moved from Qualified to Negotiation"): the events
    /// written since the last time this batch asked about the deal.
    async fn said(
        &mut self,
        actor: Actor,
        id: OpportunityId,
        now: i64,
    ) -> Result<Vec<String>, StoreError> {
        let (kind, run, step) = actor.columns();
        let after = self.described.get(&id).copied().unwrap_or(0);
        type Row = (i64, String, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, kind, field, before_value, after_value FROM opportunity_events \
             WHERE opportunity_id = $1 AND id > $2 AND at = $3 AND actor_kind = $4 AND actor_id = $5 \
             AND actor_step = $6 ORDER BY id",
        )
        .bind(id.0)
        .bind(after)
        .bind(now)
        .bind(kind)
        .bind(run)
        .bind(step)
        .fetch_all(&mut *self.tx)
        .await?;
        let currency = self.currency().await?;
        let parse = |v: &Option<String>| v.as_deref().and_then(|t| serde_json::from_str(t).ok());
        let mut said = Vec::with_capacity(rows.len());
        for (event, kind, field, before, after) in rows {
            self.described.insert(id, event);
            let Some(kind) = crate::domain::change::EventKind::from_key(&kind) else {
                continue;
            };
            let (before, after): (Option<Value>, Option<Value>) = (parse(&before), parse(&after));
            said.push(crate::domain::timeline::describe(
                kind,
                field.as_deref(),
                before.as_ref(),
                after.as_ref(),
                currency,
            ));
        }
        Ok(said)
    }

    /// The workspace currency custom amounts are read in, read once a batch.
    async fn currency(&mut self) -> Result<Currency, StoreError> {
        if let Some(currency) = self.currency {
            return Ok(currency);
        }
        let (code,): (String,) = sqlx::query_as("SELECT currency FROM workspace WHERE id = 1")
            .fetch_one(&mut *self.tx)
            .await?;
        let currency = Currency::parse(&code).map_err(|_| StoreError::corrupt("currency"))?;
        self.currency = Some(currency);
        Ok(currency)
    }

    async fn field(
        &mut self,
        actor: Actor,
        deal: OpportunityId,
        edit: FieldEdit,
        now: i64,
    ) -> Result<Value, StoreError> {
        self.on_deal((actor, now), deal, |tx, d| {
            Box::pin(async move { write_locked_field(tx, actor, &d, &edit, now).await })
        })
        .await
    }

    /// Locks a deal, runs `write` on it, and queues the board announcement when it changed.
    async fn on_deal<F>(
        &mut self,
        (actor, now): (Actor, i64),
        id: OpportunityId,
        write: F,
    ) -> Result<Value, StoreError>
    where
        F: for<'t> FnOnce(
            &'t mut Transaction<'static, Any>,
            super::super::opportunities::Deal,
        ) -> std::pin::Pin<
            Box<dyn std::future::Future<Output = Result<bool, StoreError>> + Send + 't>,
        >,
    {
        let deal = self.locked(id).await?.ok_or_else(|| {
            StoreError::Refused(
                "The opportunity in context was deleted before this step ran.".into(),
            )
        })?;
        let before = deal.card.clone();
        if write(&mut self.tx, deal).await? {
            // Boards hear of a deal once a batch: as it was first, as it is at the end.
            if !self.changed.iter().any(|c| c.id == id) {
                self.changed.push(before);
            }
            let said = self.said(actor, id, now).await?;
            return Ok(json!({ "changed": true, "said": said }));
        }
        Ok(json!({ "changed": false }))
    }
}

/// A custom field's value as text from a step, read by the field's own rules.
async fn custom_edit(
    tx: &mut Transaction<'static, Any>,
    key: &str,
    value: &Value,
    currency: Currency,
) -> Result<FieldEdit, StoreError> {
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, label, kind, options FROM custom_fields WHERE entity = 'opportunity' AND key = $1",
    )
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((id, label, kind, options)) = row else {
        return Err(StoreError::Refused(format!(
            "The custom field \u{201c}{key}\u{201d} no longer exists. Remove it from the step."
        )));
    };
    let field = CustomField {
        id: crate::domain::custom_field::CustomFieldId(id),
        entity: FieldEntity::Opportunity,
        key: key.to_string(),
        label: label.clone(),
        kind: FieldKind::from_key(&kind).ok_or_else(|| StoreError::corrupt("field type"))?,
        options: serde_json::from_str(&options).unwrap_or_default(),
    };
    let raw = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    let parsed = field
        .parse_value(&raw, currency)
        .map_err(|e| StoreError::Refused(format!("{label}: {e}")))?;
    let text = parsed.as_ref().map(|v| field.display(v, currency));
    Ok(FieldEdit::Custom {
        key: key.to_string(),
        label,
        value: parsed,
        text,
    })
}
