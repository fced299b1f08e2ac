//! Workflows for the benchmarks: the two-step workflow the figures are about, workflows
//! whose triggers never match, deals to move, and waiting for a started engine.
use app::domain::account::User;
use app::domain::board::{OpportunityId, Pipeline};
use app::domain::change::Actor;
use app::domain::contact::NewContact;
use app::domain::deal::DealFields;
use app::domain::opportunity::Status;
use app::domain::pipeline::StageId;
use app::domain::workflow::listing::WorkflowId;
use app::domain::workflow::{
    Action, Assignee, Definition, OpportunityFields, Settings, Step, Trigger, TriggerEvent,
};
use app::store::opportunities::create::{ContactChoice, NewOpportunity};
use app::store::opportunities::service::StandingChange;
use app::store::Store;
use std::time::{Duration, Instant};

pub fn stage(pipeline: &Pipeline, name: &str) -> StageId {
    pipeline
        .stages
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no stage {name}"))
        .id
}

/// Update Opportunity (source), then Create Task, on `event`.
pub fn two_steps(name: &str, event: TriggerEvent, admin: &User) -> Definition {
    two_steps_marking(name, event, admin, "Workflow")
}

/// `two_steps`, its Update Opportunity setting the deal's source to `source`: a deal that
/// already has it would change nothing, so each round of a bench marks with its own.
pub fn two_steps_marking(
    name: &str,
    event: TriggerEvent,
    admin: &User,
    source: &str,
) -> Definition {
    Definition {
        name: name.into(),
        description: String::new(),
        triggers: vec![Trigger {
            event,
            filters: Vec::new(),
        }],
        steps: vec![
            Step {
                key: 1,
                name: "Mark source".into(),
                action: Action::UpdateOpportunity {
                    allow_backward: false,
                    duplicate_toggle: false,
                    fields: OpportunityFields {
                        source: Some(source.into()),
                        ..Default::default()
                    },
                },
            },
            Step {
                key: 2,
                name: "Call them".into(),
                action: Action::CreateTask {
                    title: "Call about {{opportunity.name}}".into(),
                    description: String::new(),
                    due_in: None,
                    assignee: Assignee::User(admin.id),
                },
            },
        ],
        settings: Settings::default(),
    }
}

pub async fn publish(store: &Store, admin: &User, definition: &Definition) -> WorkflowId {
    let id = store.create_workflow(admin.id, definition).await.unwrap();
    store.publish_workflow(id, admin.id).await.unwrap();
    id
}

/// `count` workflows that a move inside another pipeline never triggers: stage changes
/// in `other`, status changes to Abandoned, value and name changes, in turn.
pub async fn publish_unmatched(
    store: &Store,
    admin: &User,
    other: &Pipeline,
    count: usize,
) -> Vec<WorkflowId> {
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let event = match i % 4 {
            0 => TriggerEvent::PipelineStageChanged {
                pipeline: Some(other.id),
                from_stage: None,
                to_stage: Some(other.stages[i % other.stages.len()].id),
            },
            1 => TriggerEvent::OpportunityStatusChanged {
                from: None,
                to: Some(Status::Abandoned),
            },
            2 => TriggerEvent::OpportunityChanged {
                fields: vec!["value".into()],
            },
            _ => TriggerEvent::OpportunityChanged {
                fields: vec!["name".into()],
            },
        };
        ids.push(
            publish(
                store,
                admin,
                &two_steps(&format!("Unmatched {i}"), event, admin),
            )
            .await,
        );
    }
    ids
}

/// `count` deals in `stage`, each with a contact of its own; their ids, oldest first.
pub async fn deals_in(
    store: &Store,
    stage: StageId,
    count: usize,
    tag: &str,
) -> Vec<OpportunityId> {
    let (before,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) FROM opportunities")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let deals: Vec<NewOpportunity> = (0..count)
        .map(|i| NewOpportunity {
            fields: DealFields::parse(&format!("{tag} deal {i}"), "1000", "", "", 2).unwrap(),
            stage: Some(stage),
            status: Status::Open,
            contact: Some(ContactChoice::New(NewContact {
                name: format!("{tag} contact {i}"),
                email: None,
                phone: None,
            })),
            owner: None,
        })
        .collect();
    store
        .create_opportunities_in_bulk(Actor::System, &deals, 1_000)
        .await
        .unwrap();
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM opportunities WHERE id > $1 ORDER BY id")
        .bind(before)
        .fetch_all(store.pool())
        .await
        .unwrap();
    ids.into_iter().map(|(id,)| OpportunityId(id)).collect()
}

/// Moves `deal` to `to` as `admin`, at its current version; how long the move took.
pub async fn move_deal(store: &Store, admin: &User, deal: OpportunityId, to: StageId) -> Duration {
    let (version,): (i64,) = sqlx::query_as("SELECT version FROM opportunities WHERE id = $1")
        .bind(deal.0)
        .fetch_one(store.pool())
        .await
        .unwrap();
    let change = StandingChange {
        stage: Some(to),
        ..StandingChange::default()
    };
    let t = Instant::now();
    store
        .change_standing(Actor::User(admin.id), deal, version, change)
        .await
        .unwrap();
    t.elapsed()
}

async fn count(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(store.pool()).await.unwrap();
    n
}

/// Waits until the outbox is empty and no run is ready (a started engine caught up).
pub async fn caught_up(store: &Store) {
    loop {
        let outbox = count(store, "SELECT COUNT(*) FROM workflow_events").await;
        let open = count(
            store,
            "SELECT COUNT(*) FROM workflow_runs WHERE status IN ('ready', 'waiting')",
        )
        .await;
        if outbox + open == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn finished_runs(store: &Store) -> i64 {
    count(
        store,
        "SELECT COUNT(*) FROM workflow_runs WHERE status = 'finished'",
    )
    .await
}
