//! The matcher: takes committed changes from the outbox in order, enrolls each record in
//! every published workflow a trigger of which fires, and removes the outbox rows, all
//! in one transaction, so each change is matched exactly once, also across a crash.
use super::Versions;
use crate::domain::change::Actor;
use crate::domain::workflow::enrollment::Refusal;
use crate::domain::workflow::listing::RunRecord;
use crate::domain::workflow::plan::deal_facts;
use crate::domain::workflow::trigger::{self, Change, Subject as Kind};
use crate::domain::workflow::{FieldChange, RunContext, Trigger};
use crate::store::workflows::enroll;
use crate::store::workflows::outbox::Subject;
use crate::store::workflows::queue::{self, Pending, Published};
use crate::store::workflows::runs::{insert_run, NewRun};
use crate::store::workflows::snapshot::{self, appointment_facts};
use crate::store::{Store, StoreError};
use serde_json::{Map, Value};
use sqlx::{Any, Transaction};

/// One committed change of one record: the outbox rows one transaction wrote for it.
struct Grouped {
    subject: Subject,
    actor: Actor,
    change: Change,
}

fn group(pending: &[Pending]) -> Vec<Grouped> {
    let mut out: Vec<Grouped> = Vec::new();
    let mut last: Option<(Subject, Actor, i64)> = None;
    for row in pending {
        let fields = trigger::field_changes(&row.kind, &row.detail);
        let key = (row.subject, row.actor, row.at);
        match out.last_mut() {
            Some(g) if last == Some(key) => {
                g.change.kinds.push(row.kind.clone());
                g.change.fields.extend(fields);
            }
            _ => out.push(Grouped {
                subject: row.subject,
                actor: row.actor,
                change: Change {
                    subject: match row.subject {
                        Subject::Opportunity(_) => Kind::Opportunity,
                        Subject::Contact(_) => Kind::Contact,
                        Subject::Meeting(_) => Kind::Meeting,
                    },
                    kinds: vec![row.kind.clone()],
                    fields,
                },
            }),
        }
        last = Some(key);
    }
    out
}

/// Matches up to `limit` outbox rows; returns how many it took.
pub(crate) async fn match_once(
    store: &Store,
    versions: &Versions,
    limit: i64,
) -> Result<usize, StoreError> {
    let _turn = store.job_turn().await;
    let mut tx = store.job_transaction().await?;
    let pending = queue::claim_pending(&mut tx, store.engine(), limit).await?;
    if pending.is_empty() {
        tx.commit().await?;
        return Ok(0);
    }
    let published = queue::published(&mut tx, &|v| versions.get(v)).await?;
    let mut enrolled = 0;
    if !published.is_empty() {
        for p in &published {
            versions.put(p.version, p.definition.clone());
        }
        let limits = queue::guard_limits(&mut tx).await?;
        for grouped in group(&pending) {
            enrolled += enroll(&mut tx, &published, &grouped, limits, store.now()).await?;
        }
    }
    let ids: Vec<i64> = pending.iter().map(|p| p.id).collect();
    queue::remove_pending(&mut tx, &ids).await?;
    tx.commit().await?;
    if enrolled > 0 {
        store.wake_workflows();
    }
    Ok(pending.len())
}

/// The records a change starts from: the run's record, its context and the facts
/// trigger filters read. `None` when the record is gone.
struct Start {
    record: RunRecord,
    context: RunContext,
    facts: Value,
    meeting_status: Option<String>,
}

async fn start_of(
    tx: &mut Transaction<'_, Any>,
    grouped: &Grouped,
) -> Result<Option<Start>, StoreError> {
    let changes = grouped.change.fields.clone();
    let record = match grouped.subject {
        Subject::Opportunity(id) => RunRecord::Opportunity(id),
        Subject::Contact(id) => RunRecord::Contact(id),
        Subject::Meeting(id) => return meeting_start(tx, id, changes).await,
    };
    Ok(enroll::start(tx, record, changes)
        .await?
        .map(|(context, facts)| Start {
            record,
            context,
            facts,
            meeting_status: None,
        }))
}

/// A meeting's run is about its deal (else its contact) and brings the meeting along.
async fn meeting_start(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    changes: Vec<FieldChange>,
) -> Result<Option<Start>, StoreError> {
    let Some(meeting) = snapshot::appointment(tx, id).await? else {
        return Ok(None);
    };
    let mut facts = Map::new();
    facts.insert("appointment".into(), appointment_facts(&meeting));
    let mut context = RunContext {
        changes,
        appointment: Some(meeting.id),
        opportunity: meeting.opportunity,
        ..RunContext::default()
    };
    if let Some(deal) = meeting.opportunity {
        if let Some(deal) = snapshot::deal(tx, deal).await? {
            facts.insert("opportunity".into(), deal_facts(&deal));
        }
    }
    context.contact = match (meeting.contact, meeting.opportunity) {
        (Some(c), _) => Some(c),
        (None, Some(deal)) => snapshot::primary_contact(tx, deal).await?,
        (None, None) => None,
    };
    let record = match (meeting.opportunity, context.contact) {
        (Some(deal), _) => RunRecord::Opportunity(deal.0),
        (None, Some(contact)) => RunRecord::Contact(contact.0),
        (None, None) => return Ok(None),
    };
    enroll::add_contact_facts(tx, &context, &mut facts).await?;
    Ok(Some(Start {
        record,
        context,
        facts: Value::Object(facts),
        meeting_status: meeting.status,
    }))
}

/// Enrolls the changed record in each published workflow one of whose triggers fires,
/// unless the re-entry rule or the loop guard says no (then the stop is logged).
async fn enroll(
    tx: &mut Transaction<'_, Any>,
    published: &[Published],
    grouped: &Grouped,
    (depth_limit, hourly_limit): (i64, i64),
    now: i64,
) -> Result<usize, StoreError> {
    let meeting = match grouped.subject {
        Subject::Meeting(id) => snapshot::appointment(tx, id).await?,
        _ => None,
    };
    let status = meeting.as_ref().and_then(|m| m.status.clone());
    let candidates: Vec<&Published> = published
        .iter()
        .filter(|p| {
            p.definition
                .triggers
                .iter()
                .any(|t| trigger::event_fires(&t.event, &grouped.change, status.as_deref()))
        })
        .collect();
    if candidates.is_empty() {
        return Ok(0);
    }
    let Some(start) = start_of(tx, grouped).await? else {
        return Ok(0);
    };
    let source = match grouped.actor {
        Actor::Workflow { run, .. } => queue::source_run(tx, run).await?.map(|s| (run, s)),
        _ => None,
    };
    let mut enrolled = 0;
    for workflow in candidates {
        let fired: Option<&Trigger> = workflow.definition.triggers.iter().find(|t| {
            trigger::fires(
                t,
                &grouped.change,
                &start.facts,
                start.meeting_status.as_deref(),
            )
        });
        let Some(fired) = fired else { continue };
        let depth = source.map_or(1, |(_, (_, d))| d + 1);
        let stopped = match source {
            Some((run, (by, _))) if by == workflow.workflow => Some(Refusal::OwnChange { run }),
            _ if depth > depth_limit => Some(Refusal::ChainTooLong {
                depth,
                limit: depth_limit,
            }),
            _ => enroll::refusal(tx, workflow, start.record, hourly_limit, now).await?,
        };
        let context = RunContext {
            inbound: None,
            ..start.context.clone()
        };
        let run = NewRun {
            workflow: workflow.workflow,
            version: workflow.version,
            record: start.record,
            trigger: fired.event.label(),
            first_step: workflow.definition.first_step(),
            context: &context,
            depth,
            stopped: stopped.as_ref().map(ToString::to_string),
            now,
        };
        insert_run(tx, run).await?;
        enrolled += 1;
    }
    Ok(enrolled)
}
