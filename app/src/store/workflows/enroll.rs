//! Enrolling records in workflows: the rules every enrollment passes, whether the matcher
//! or a person starts it (one active run, re-entry, the hourly loop guard), the records a
//! run starts with, and "Add to workflow".
use super::super::{Engine, Store, StoreError};
use super::queue::{self, Published};
use super::runs::{insert_run, NewRun};
use super::snapshot::{self, contact_facts};
use crate::domain::board::{ContactId, OpportunityId};
use crate::domain::workflow::condition::all_hold;
use crate::domain::workflow::enrollment::{
    EnrollOutcome, Enrollment, ManualWorkflow, Refusal, MAX_MANUAL_RECORDS,
};
use crate::domain::workflow::listing::{RunRecord, WorkflowId};
use crate::domain::workflow::plan::deal_facts;
use crate::domain::workflow::{FieldChange, RunContext, TriggerEvent};
use serde_json::{Map, Value};
use sqlx::{Any, Transaction};
use std::sync::Arc;

/// Why `record` may not enter `workflow` now: already in it, entered before without
/// Allow re-entry, or too often in the last hour. `None`: it may.
pub(crate) async fn refusal(
    tx: &mut Transaction<'_, Any>,
    workflow: &Published,
    record: RunRecord,
    hourly_limit: i64,
    now: i64,
) -> Result<Option<Refusal>, StoreError> {
    let history = queue::history(tx, workflow.workflow, record, now).await?;
    if let Some(run) = history.active_run {
        return Ok(Some(Refusal::AlreadyIn { run }));
    }
    if history.ever_entered && !workflow.definition.settings.allow_reentry {
        return Ok(Some(Refusal::EnteredBefore));
    }
    if history.entries_last_hour >= hourly_limit {
        return Ok(Some(Refusal::TooOften {
            entries: history.entries_last_hour,
            limit: hourly_limit,
        }));
    }
    Ok(None)
}

/// A published workflow, locked so two people adding the same record at once cannot
/// both start a run: its name, version and the version's definition.
async fn published_for_enrolling(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    workflow: WorkflowId,
) -> Result<(String, i64, crate::domain::workflow::Definition), StoreError> {
    let lock = match engine {
        Engine::Postgres => " FOR UPDATE",
        Engine::Sqlite => "",
    };
    let row: Option<(String, String, Option<i64>)> = sqlx::query_as(&format!(
        "SELECT name, state, published_version FROM workflows WHERE id = $1{lock}"
    ))
    .bind(workflow.0)
    .fetch_optional(&mut **tx)
    .await?;
    let (name, state, version) = row.ok_or(StoreError::NotFound("workflow"))?;
    let Some(version) = version.filter(|_| state == "published") else {
        return Err(StoreError::Refused(format!(
            "\u{201c}{name}\u{201d} is not published, so nothing can be added to it. An admin publishes it first."
        )));
    };
    let definition = queue::version_definition(tx, version).await?;
    Ok((name, version, definition))
}

/// How records are let into a version: the trigger the runs are said to start by, and
/// the filter sets of which one must hold (none: any record of the right kind).
struct Gate<'a> {
    trigger: &'a str,
    filters: &'a [&'a [crate::domain::workflow::Condition]],
}

/// Enrolls each record by the rules (its gate's filters, one active run, re-entry, the
/// hourly loop guard); a record refused gets a stopped run saying why.
async fn enroll_in_version(
    tx: &mut Transaction<'_, Any>,
    (workflow, version, definition): (WorkflowId, i64, &crate::domain::workflow::Definition),
    records: &[RunRecord],
    gate: Gate<'_>,
    now: i64,
) -> Result<Vec<Enrollment>, StoreError> {
    let (_, hourly_limit) = queue::guard_limits(tx).await?;
    let published = Published {
        workflow,
        version,
        definition: Arc::new(definition.clone()),
        live_since: 0,
    };
    let mut enrollments = Vec::with_capacity(records.len());
    let mut seen = std::collections::HashSet::new();
    for &record in records.iter().filter(|r| seen.insert(**r)) {
        let (context, refused, entered) = match start(tx, record, Vec::new()).await? {
            None => (RunContext::default(), Some(Refusal::Gone), false),
            Some((context, facts)) => {
                let passes = gate.filters.is_empty()
                    || gate.filters.iter().any(|f| all_hold(f, &facts, &[]));
                if passes {
                    let refused = refusal(tx, &published, record, hourly_limit, now).await?;
                    (context, refused, true)
                } else {
                    (context, Some(Refusal::OutsideFilters), false)
                }
            }
        };
        let run = NewRun {
            workflow,
            version,
            record,
            trigger: gate.trigger,
            first_step: definition.first_step(),
            context: &context,
            depth: 1,
            stopped: refused.as_ref().map(ToString::to_string),
            entered,
            now,
        };
        let run = insert_run(tx, run).await?;
        enrollments.push(Enrollment {
            record,
            run,
            refused,
        });
    }
    Ok(enrollments)
}

/// What a run about `record` starts with: the records in context (a deal brings its
/// primary contact) and the facts trigger filters read. `None` when the record is gone.
pub(crate) async fn start(
    tx: &mut Transaction<'_, Any>,
    record: RunRecord,
    changes: Vec<FieldChange>,
) -> Result<Option<(RunContext, Value)>, StoreError> {
    let mut facts = Map::new();
    let mut context = RunContext {
        changes,
        ..RunContext::default()
    };
    match record {
        RunRecord::Opportunity(id) => {
            let Some(deal) = snapshot::deal(tx, OpportunityId(id)).await? else {
                return Ok(None);
            };
            facts.insert("opportunity".into(), deal_facts(&deal));
            context.opportunity = Some(deal.id);
            context.contact = snapshot::primary_contact(tx, deal.id).await?;
        }
        RunRecord::Contact(id) => {
            if snapshot::contact(tx, ContactId(id)).await?.is_none() {
                return Ok(None);
            }
            context.contact = Some(ContactId(id));
        }
    }
    add_contact_facts(tx, &context, &mut facts).await?;
    Ok(Some((context, Value::Object(facts))))
}

/// Adds the facts of the contact in `context`, when there is one and it still exists.
pub(crate) async fn add_contact_facts(
    tx: &mut Transaction<'_, Any>,
    context: &RunContext,
    facts: &mut Map<String, Value>,
) -> Result<(), StoreError> {
    if let Some(contact) = context.contact {
        if let Some(c) = snapshot::contact(tx, contact).await? {
            facts.insert("contact".into(), contact_facts(&c));
        }
    }
    Ok(())
}

impl Store {
    /// The published workflows with a Manual trigger that takes records of `kind`
    /// (`opportunity`, `contact`), by name: what "Add to workflow" offers.
    pub async fn manual_workflows(&self, kind: &str) -> Result<Vec<ManualWorkflow>, StoreError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT w.id, w.name, v.definition FROM workflows w \
             JOIN workflow_versions v ON v.id = w.published_version WHERE w.state = 'published' \
             AND EXISTS (SELECT 1 FROM workflow_triggers t WHERE t.workflow_id = w.id AND t.event = 'manual') \
             ORDER BY lower(w.name), w.id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut offered = Vec::new();
        for (id, name, definition) in rows {
            let definition = super::parse_definition(&definition)?;
            if definition.started_by_hand_on(kind) {
                offered.push(ManualWorkflow {
                    id: WorkflowId(id),
                    name,
                    description: definition.description,
                });
            }
        }
        Ok(offered)
    }

    /// "Add to workflow": enrolls each record in the workflow's published version, by
    /// the rules a trigger enrolls by (its Manual trigger's filters, one active run,
    /// re-entry, the hourly loop guard). Each record refused gets a stopped run saying
    /// why. Refused as a whole when the workflow is not published or has no Manual
    /// trigger. The caller checks the person may see the records.
    pub async fn enroll_manually(
        &self,
        workflow: WorkflowId,
        records: &[RunRecord],
    ) -> Result<EnrollOutcome, StoreError> {
        if records.len() > MAX_MANUAL_RECORDS {
            return Err(StoreError::invalid(
                "selection",
                format!("Add at most {MAX_MANUAL_RECORDS} records to a workflow at once; narrow the filters and add the rest after."),
            ));
        }
        let mut tx = self.write_transaction().await?;
        let (name, version, definition) =
            published_for_enrolling(&mut tx, self.engine(), workflow).await?;
        let manual: Vec<_> = definition
            .triggers
            .iter()
            .filter(|t| matches!(t.event, TriggerEvent::Manual { .. }))
            .collect();
        if manual.is_empty() {
            return Err(StoreError::Refused(format!(
                "\u{201c}{name}\u{201d} cannot be started by hand: its published version has no Manual trigger. An admin adds one and publishes again."
            )));
        }
        if let Some(other) = records
            .iter()
            .find(|r| !definition.started_by_hand_on(r.columns().0))
        {
            let (kind, _) = other.columns();
            let offered = manual
                .iter()
                .find_map(|t| match t.event {
                    TriggerEvent::Manual { records } => Some(records.label()),
                    _ => None,
                })
                .unwrap_or("deals and contacts");
            return Err(StoreError::Refused(format!(
                "\u{201c}{name}\u{201d} is started by hand on {offered} only, so a {} cannot be added to it. Choose another workflow.",
                if kind == "contact" { "contact" } else { "deal" }
            )));
        }
        let gate = Gate {
            trigger: manual[0].event.label(),
            filters: &manual
                .iter()
                .map(|t| t.filters.as_slice())
                .collect::<Vec<_>>(),
        };
        let enrollments = enroll_in_version(
            &mut tx,
            (workflow, version, &definition),
            records,
            gate,
            self.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(self.enrolled(workflow, name, enrollments))
    }

    /// What an enrollment did; the engine is woken when a run started.
    fn enrolled(
        &self,
        workflow: WorkflowId,
        workflow_name: String,
        enrollments: Vec<Enrollment>,
    ) -> EnrollOutcome {
        let outcome = EnrollOutcome {
            workflow,
            workflow_name,
            enrollments,
        };
        if outcome.enrolled() > 0 {
            self.wake_workflows();
        }
        outcome
    }

    /// The builder's `Run for real`: enrolls one record in the published version by the
    /// rules every enrollment passes (one active run, re-entry, the hourly loop guard),
    /// whatever its triggers listen to: the admin chose the record after testing it.
    pub async fn run_for_real(
        &self,
        workflow: WorkflowId,
        record: RunRecord,
    ) -> Result<EnrollOutcome, StoreError> {
        let mut tx = self.write_transaction().await?;
        let (name, version, definition) =
            published_for_enrolling(&mut tx, self.engine(), workflow).await?;
        let gate = Gate {
            trigger: "Run for real (builder Test)",
            filters: &[],
        };
        let enrollments = enroll_in_version(
            &mut tx,
            (workflow, version, &definition),
            &[record],
            gate,
            self.now(),
        )
        .await?;
        tx.commit().await?;
        Ok(self.enrolled(workflow, name, enrollments))
    }
}
