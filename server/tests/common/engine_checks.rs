//! The engine's exactly-once claims, checked in the database after real server processes
//! worked (and were killed): one workflow of three steps on deals moved into Proposal.
use super::deals::{deal, stage, to};
use super::workflows::{step, when, workflow};
use app::domain::account::User;
use app::domain::board::{OpportunityId, Pipeline};
use app::domain::change::Actor;
use app::domain::workflow::{Action, Assignee, Definition, OpportunityFields, TriggerEvent};
use app::store::Store;
use std::time::{Duration, Instant};

/// The steps each run takes, by key.
pub const STEPS: i64 = 3;

/// Pipeline Stage Changed into Proposal: Update Opportunity (source), Create Task, Add Note.
pub fn proposal_workflow(admin: &User, sales: &Pipeline) -> Definition {
    workflow(
        "Proposal follow-up",
        vec![when(TriggerEvent::PipelineStageChanged {
            pipeline: None,
            from_stage: None,
            to_stage: Some(stage(sales, "Proposal")),
        })],
        vec![
            step(
                1,
                "Mark source",
                Action::UpdateOpportunity {
                    allow_backward: false,
                    duplicate_toggle: false,
                    fields: OpportunityFields {
                        source: Some("Proposal sent".into()),
                        ..Default::default()
                    },
                },
            ),
            step(
                2,
                "Call them",
                Action::CreateTask {
                    title: "Call about {{opportunity.name}}".into(),
                    description: String::new(),
                    due_in: None,
                    assignee: Assignee::User(admin.id),
                },
            ),
            step(
                3,
                "Note it",
                Action::AddNote {
                    body: "Proposal sent to {{opportunity.name}}".into(),
                },
            ),
        ],
    )
}

/// Creates `count` deals in Prospecting and moves each into Proposal, as Dana, through
/// the store (each move one committed change, so one outbox row that triggers).
pub async fn move_into_proposal(
    store: &Store,
    admin: &User,
    sales: &Pipeline,
    count: usize,
) -> Vec<OpportunityId> {
    let actor = Actor::User(admin.id);
    let (prospecting, proposal) = (stage(sales, "Prospecting"), stage(sales, "Proposal"));
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let card = store
            .create_opportunity(actor, deal(&format!("Deal {i}"), "100", Some(prospecting)))
            .await
            .unwrap();
        store
            .change_standing(actor, card.id, card.version, to(Some(proposal), None))
            .await
            .unwrap();
        ids.push(card.id);
    }
    ids
}

async fn count(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(store.pool()).await.unwrap();
    n
}

/// How many runs are not finished yet, and how many changes wait in the outbox.
pub async fn unsettled(store: &Store) -> (i64, i64) {
    (
        count(
            store,
            "SELECT COUNT(*) FROM workflow_runs WHERE status IN ('ready', 'waiting')",
        )
        .await,
        count(store, "SELECT COUNT(*) FROM workflow_events").await,
    )
}

/// Polls until `deals` runs exist, none is ready or waiting and the outbox is empty;
/// or says how far it got, with what the database's sessions were doing.
pub async fn wait_until_settled(
    store: &Store,
    deals: usize,
    limit: Duration,
) -> Result<(), String> {
    let started = Instant::now();
    loop {
        let runs = count(store, "SELECT COUNT(*) FROM workflow_runs").await;
        let (open, outbox) = unsettled(store).await;
        if open == 0 && outbox == 0 && runs >= deals as i64 {
            return Ok(());
        }
        if started.elapsed() > limit {
            return Err(format!(
                "not settled within {limit:?}: {runs} runs of {deals}, {open} still open, {outbox} changes in the outbox\n{}",
                sessions(store).await
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// PostgreSQL's sessions on this database (state, wait, query), for a failure message.
async fn sessions(store: &Store) -> String {
    if store.engine() != app::store::Engine::Postgres {
        return String::new();
    }
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT CAST(pid AS TEXT), COALESCE(state, ''), COALESCE(wait_event_type || ':' || wait_event, ''), \
         COALESCE(LEFT(query, 120), '') FROM pg_stat_activity WHERE datname = current_database()",
    )
    .fetch_all(store.pool())
    .await
    .unwrap_or_default();
    rows.iter()
        .map(|r| format!("{r:?}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Ids (and counts) that break a rule: `sql` selects `id, n` rows that should not exist.
async fn offenders(store: &Store, sql: &str) -> Vec<(i64, i64)> {
    sqlx::query_as(sql).fetch_all(store.pool()).await.unwrap()
}

/// Every deal of `deals` has exactly one run, finished; one task, one note and one
/// `source` change by the workflow; each run logged each step once, as done; and each
/// task, note and change was made by the run of its own deal.
pub async fn assert_exactly_once(store: &Store, deals: &[OpportunityId]) {
    let per_deal = |what: &str| {
        format!("SELECT o.id, ({what}) AS n FROM opportunities o WHERE ({what}) <> 1 ORDER BY o.id")
    };
    let rules = [
        (
            "runs per deal",
            per_deal("SELECT COUNT(*) FROM workflow_runs r WHERE r.record_kind = 'opportunity' AND r.record_id = o.id"),
        ),
        (
            "tasks per deal",
            per_deal("SELECT COUNT(*) FROM activities a WHERE a.opportunity_id = o.id AND a.kind = 'task'"),
        ),
        (
            "notes per deal",
            per_deal("SELECT COUNT(*) FROM activities a WHERE a.opportunity_id = o.id AND a.kind = 'note'"),
        ),
        (
            "source changes by the workflow per deal",
            per_deal(
                "SELECT COUNT(*) FROM opportunity_events e WHERE e.opportunity_id = o.id \
                 AND e.kind = 'field_changed' AND e.field = 'source' AND e.actor_kind = 'workflow'",
            ),
        ),
        (
            "runs not finished (id, 0)",
            "SELECT id, CAST(0 AS BIGINT) FROM workflow_runs WHERE status <> 'finished' ORDER BY id".into(),
        ),
        (
            "log entries per run and step",
            "SELECT run_id, COUNT(*) FROM workflow_run_steps GROUP BY run_id, step_key HAVING COUNT(*) <> 1".into(),
        ),
        (
            "steps done per run",
            format!(
                "SELECT r.id, (SELECT COUNT(*) FROM workflow_run_steps s WHERE s.run_id = r.id AND s.status = 'done') AS n \
                 FROM workflow_runs r WHERE (SELECT COUNT(*) FROM workflow_run_steps s WHERE s.run_id = r.id \
                 AND s.status = 'done' AND s.step_key BETWEEN 1 AND {STEPS}) <> {STEPS}"
            ),
        ),
        (
            "activities made by another deal's run (activity, run)",
            "SELECT a.id, r.id FROM activities a JOIN workflow_runs r ON r.id = a.actor_id \
             WHERE a.actor_kind = 'workflow' AND r.record_id <> a.opportunity_id"
                .into(),
        ),
    ];
    let mut broken = Vec::new();
    for (rule, sql) in &rules {
        let found = offenders(store, sql).await;
        if !found.is_empty() {
            let first: Vec<_> = found.iter().take(5).collect();
            broken.push(format!("{rule}: {} wrong, first {first:?}", found.len()));
        }
    }
    let stored = count(store, "SELECT COUNT(*) FROM opportunities").await;
    if stored != deals.len() as i64 {
        broken.push(format!("{stored} deals stored, {} made", deals.len()));
    }
    let (open, outbox) = unsettled(store).await;
    if outbox != 0 {
        broken.push(format!(
            "{outbox} changes left in the outbox ({open} runs open)"
        ));
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
