//! The matcher: takes committed changes from the outbox in order, enrolls each record in
//! every published workflow a trigger of which fires, and removes the outbox rows, all
//! in one transaction, so each change is matched exactly once, also across a crash.
use super::Versions;
use crate::domain::board::{ContactId, OpportunityId};
use crate::domain::change::Actor;
use crate::domain::workflow::enrollment::Refusal;
use crate::domain::workflow::listing::RunRecord;
use crate::domain::workflow::plan::deal_facts;
use crate::domain::workflow::trigger::{self, Change, Subject as Kind};
use crate::domain::workflow::{RunContext, Trigger};
use crate::store::workflows::enroll;
use crate::store::workflows::outbox::Subject;
use crate::store::workflows::queue::{self, Pending, Published};
use crate::store::workflows::runs::{insert_run, NewRun};
use crate::store::workflows::snapshot::{self, appointment_facts, contact_facts, Appointment};
use crate::store::{Store, StoreError};
use serde_json::{Map, Value};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// One committed change of one record: the outbox rows one transaction wrote for it.
struct Grouped {
    subject: Subject,
    actor: Actor,
    change: Change,
    /// An Inbound Webhook delivery's body.
    body: Option<Value>,
    /// When the change was made.
    at: i64,
}

fn group(pending: &[Pending]) -> Vec<Grouped> {
    let mut out: Vec<Grouped> = Vec::new();
    let mut last: Option<(Subject, Actor, i64)> = None;
    for row in pending {
        let fields = trigger::field_changes(&row.kind, &row.detail);
        let key = (row.subject, row.actor, row.at);
        match out.last_mut() {
            // Each inbound delivery is its own event, whatever arrived with it.
            Some(g) if last == Some(key) && !matches!(row.subject, Subject::Inbound(_)) => {
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
                        Subject::Inbound(_) => Kind::Inbound,
                    },
                    kinds: vec![row.kind.clone()],
                    fields,
                },
                body: row.detail.get("body").cloned(),
                at: row.at,
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
        let changes = group(&pending);
        let known = read_ahead(&mut tx, store.engine(), &changes).await?;
        for grouped in &changes {
            let facts = (published.as_slice(), grouped, known.as_ref());
            enrolled += enroll(&mut tx, store.engine(), facts, limits, store.now()).await?;
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

/// Deals read ahead for a batch, each with its primary contact; a deal not in it is gone.
type Known = HashMap<OpportunityId, Option<ContactId>>;

/// On SQLite, whose writer this transaction is, the changed deals and their contacts
/// read at once for the batch (PostgreSQL reads and locks each deal as it enrolls it).
async fn read_ahead(
    tx: &mut Transaction<'_, Any>,
    engine: crate::store::Engine,
    changes: &[Grouped],
) -> Result<Option<Known>, StoreError> {
    if engine != crate::store::Engine::Sqlite {
        return Ok(None);
    }
    let mut deals: Vec<OpportunityId> = changes
        .iter()
        .filter_map(|g| match g.subject {
            Subject::Opportunity(id) => Some(OpportunityId(id)),
            _ => None,
        })
        .collect();
    deals.sort_by_key(|d| d.0);
    deals.dedup();
    Ok(Some(snapshot::deals_with_contacts(tx, &deals).await?))
}

/// The records a change starts from: the run's record, its context and the facts
/// trigger filters read (only read when a filter needs them: `with_facts`). `None`
/// when the record is gone. A meeting's change comes with the meeting, read once by
/// `enroll` for its status.
struct Start {
    record: RunRecord,
    context: RunContext,
    facts: Value,
    meeting_status: Option<String>,
    /// The record's row was locked as it was read (`deal_with_contact` on PostgreSQL).
    held: bool,
}

async fn start_of(
    tx: &mut Transaction<'_, Any>,
    (grouped, known): (&Grouped, Option<&Known>),
    with_facts: bool,
    meeting: Option<Appointment>,
) -> Result<Option<Start>, StoreError> {
    let mut facts = Map::new();
    let mut context = RunContext {
        changes: grouped.change.fields.clone(),
        ..RunContext::default()
    };
    let mut held = false;
    let (record, meeting_status) = match grouped.subject {
        Subject::Opportunity(id) if !with_facts => {
            let found = match known {
                Some(known) => known.get(&OpportunityId(id)).copied(),
                None => {
                    held = tx.backend_name() == "PostgreSQL";
                    snapshot::deal_with_contact(tx, OpportunityId(id)).await?
                }
            };
            let Some(contact) = found else {
                return Ok(None);
            };
            context.opportunity = Some(OpportunityId(id));
            context.contact = contact;
            (RunRecord::Opportunity(id), None)
        }
        Subject::Opportunity(id) => {
            let Some(deal) = snapshot::deal(tx, OpportunityId(id)).await? else {
                return Ok(None);
            };
            facts.insert("opportunity".into(), deal_facts(&deal));
            context.opportunity = Some(deal.id);
            context.contact = snapshot::primary_contact(tx, deal.id).await?;
            (RunRecord::Opportunity(id), None)
        }
        Subject::Contact(id) => {
            context.contact = Some(ContactId(id));
            (RunRecord::Contact(id), None)
        }
        Subject::Inbound(id) => {
            // The token that chose the trigger is a secret: it stays out of the run.
            context.changes.clear();
            context.inbound = grouped.body.clone();
            context.contact = (id != 0).then_some(ContactId(id));
            (RunRecord::Contact(id), None)
        }
        Subject::Meeting(_) => {
            let Some(meeting) = meeting else {
                return Ok(None);
            };
            facts.insert("appointment".into(), appointment_facts(&meeting));
            context.appointment = Some(meeting.id);
            context.opportunity = meeting.opportunity;
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
            (record, meeting.status)
        }
    };
    if let Some(contact) = context.contact.filter(|_| with_facts) {
        if let Some(c) = snapshot::contact(tx, contact).await? {
            facts.insert("contact".into(), contact_facts(&c));
        }
    }
    Ok(Some(Start {
        record,
        context,
        facts: Value::Object(facts),
        meeting_status,
        held,
    }))
}

/// Enrolls the changed record in each published workflow one of whose triggers fires,
/// unless the re-entry rule or the loop guard says no (then the stop is logged).
async fn enroll(
    tx: &mut Transaction<'_, Any>,
    engine: crate::store::Engine,
    (published, grouped, known): (&[Published], &Grouped, Option<&Known>),
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
        .filter(|p| grouped.at >= p.live_since)
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
    let with_facts = candidates
        .iter()
        .any(|p| p.definition.triggers.iter().any(|t| !t.filters.is_empty()));
    let Some(start) = start_of(tx, (grouped, known), with_facts, meeting).await? else {
        return Ok(0);
    };
    // Two servers matching two changes of one record at once: the second waits here for
    // the first to commit, so its re-entry and active-run checks see the first's run.
    if !start.held {
        queue::hold_record(tx, engine, start.record).await?;
    }
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
        let (stopped, entered) = match source {
            Some((run, (by, _))) if by == workflow.workflow => {
                (Some(Refusal::OwnChange { run }), false)
            }
            _ if depth > depth_limit => (
                Some(Refusal::ChainTooLong {
                    depth,
                    limit: depth_limit,
                }),
                false,
            ),
            // A delivery with no contact is about no record: nothing to keep from re-entering.
            _ if start.record == RunRecord::Contact(0) => (None, false),
            _ => (
                enroll::refusal(tx, workflow, start.record, hourly_limit, now).await?,
                true,
            ),
        };
        let context = start.context.clone();
        let run = NewRun {
            workflow: workflow.workflow,
            version: workflow.version,
            record: start.record,
            trigger: fired.event.label(),
            first_step: workflow.definition.first_step(),
            context: &context,
            depth,
            stopped: stopped.as_ref().map(ToString::to_string),
            entered,
            now,
        };
        insert_run(tx, run).await?;
        enrolled += 1;
    }
    Ok(enrolled)
}
