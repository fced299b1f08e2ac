//! Workflow test set-up: definitions in a few words, publishing, and running the
//! engine until nothing is due.
use app::domain::account::User;
use app::domain::workflow::listing::{RunSummary, StepLog, WorkflowId};
use app::domain::workflow::{Action, Definition, Settings, Step, Trigger, TriggerEvent};
use app::engine::WorkflowEngine;
use app::store::Store;

pub fn step(key: u32, name: &str, action: Action) -> Step {
    Step {
        key,
        name: name.into(),
        action,
    }
}

pub fn when(event: TriggerEvent) -> Trigger {
    Trigger {
        event,
        filters: Vec::new(),
    }
}

pub fn workflow(name: &str, triggers: Vec<Trigger>, steps: Vec<Step>) -> Definition {
    Definition {
        name: name.into(),
        description: String::new(),
        triggers,
        steps,
        settings: Settings::default(),
    }
}

/// Creates and publishes `definition`; panics with the problems if it cannot be.
pub async fn publish(store: &Store, admin: &User, definition: &Definition) -> WorkflowId {
    let id = store.create_workflow(admin.id, definition).await.unwrap();
    store
        .publish_workflow(id, admin.id)
        .await
        .unwrap_or_else(|e| panic!("publish {}: {e}", definition.name));
    id
}

/// Matches and runs until nothing is due now.
pub async fn settle(store: &Store) {
    WorkflowEngine::new(store.clone()).drain().await.unwrap();
}

/// A workflow's runs, oldest first, each with its log.
pub async fn runs_of(store: &Store, id: WorkflowId) -> Vec<(RunSummary, Vec<StepLog>)> {
    let mut out = Vec::new();
    for run in store
        .workflow_runs(id, &Default::default(), None, 1000)
        .await
        .unwrap()
        .into_iter()
        .rev()
    {
        let log = store.run_log(run.id).await.unwrap();
        out.push((run, log));
    }
    out
}

/// Update Opportunity moving the deal to `stage` (forward only, no duplicate toggle).
pub fn move_to(stage: app::domain::pipeline::StageId) -> Action {
    Action::UpdateOpportunity {
        allow_backward: false,
        duplicate_toggle: false,
        fields: app::domain::workflow::OpportunityFields {
            stage: Some(stage),
            ..Default::default()
        },
    }
}
