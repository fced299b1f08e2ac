//! Where things are used, on both databases: which published workflows name a stage,
//! pipeline, user or custom field (the warning before it is removed), and, when it is
//! removed anyway, the step that names it fails with a sentence saying what to fix and
//! changes nothing.
mod common;

use app::domain::activity::ActivityTarget;
use app::domain::board::Card;
use app::domain::change::Actor;
use app::domain::custom_field::FieldEntity;
use app::domain::pipeline::default_stages;
use app::domain::workflow::listing::{RunStatus, StepStatus, WorkflowId};
use app::domain::workflow::references::Reference;
use app::domain::workflow::{
    Action, Assignee, Condition, Operator, OpportunityFields, Trigger, TriggerEvent,
};
use app::store::Store;
use common::custom::{definition, opportunity_field};
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;
use serde_json::json;

async fn names(store: &Store, reference: Reference) -> Vec<String> {
    store.published_workflows_using(&reference).await.unwrap()
}

fn update(fields: OpportunityFields) -> Action {
    Action::UpdateOpportunity {
        allow_backward: false,
        duplicate_toggle: false,
        fields,
    }
}

fn note(body: &str) -> Action {
    Action::AddNote { body: body.into() }
}

/// `first`, then a note that must never be written because `first` fails.
fn on_new_deals(name: &str, first: Action) -> app::domain::workflow::Definition {
    workflow(
        name,
        vec![when(TriggerEvent::OpportunityCreated)],
        vec![step(1, "Act", first), step(2, "Note", note("Done"))],
    )
}

/// The workflow's one run failed at its first step, and no later step ran; returns why.
async fn failed_at_first_step(store: &Store, id: WorkflowId) -> String {
    let runs = runs_of(store, id).await;
    assert_eq!(runs.len(), 1);
    let (run, log) = &runs[0];
    assert_eq!(run.status, RunStatus::Failed);
    let steps: Vec<_> = log.iter().map(|s| (s.step, s.status)).collect();
    assert_eq!(steps, [(Some(1), StepStatus::Failed)]);
    log[0].message.clone()
}

/// The deal is as it was created: same version, no activity logged on it.
async fn untouched(store: &Store, viewer_of: &app::domain::account::User, card: &Card) {
    let now = store.card(card.id, viewer(viewer_of)).await.unwrap();
    assert_eq!(
        (
            now.version,
            now.stage_id,
            now.pipeline_id,
            now.owner.clone()
        ),
        (
            card.version,
            card.stage_id,
            card.pipeline_id,
            card.owner.clone()
        )
    );
    let activities = store
        .record_activities(ActivityTarget::Opportunity(card.id.0), viewer(viewer_of))
        .await
        .unwrap();
    assert!(activities.is_empty(), "{activities:?}");
}

#[tokio::test]
async fn each_kind_of_reference_is_found_in_the_running_version_of_published_workflows() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let renewals = store.create_pipeline("Renewals", &default_stages()).await.unwrap();
        let fox = fox_mulder(&store, false).await;
        let budget = opportunity_field(&store, "Budget", "money", "").await;
        let quoted = definition("contact", "Quoted price", "money", "");
        store.add_custom_field(&quoted).await.unwrap();
        let (negotiation, proposal) = (stage(&sales, "Negotiation"), stage(&sales, "Proposal"));
        let entered = |to| {
            vec![when(TriggerEvent::PipelineStageChanged {
                pipeline: None,
                from_stage: None,
                to_stage: Some(to),
            })]
        };
        let give_to = |user| Action::AddOwner { user, only_unassigned: false };
        let mut closers = workflow("Assign closers", entered(negotiation), vec![step(1, "Give it to Fox", give_to(fox.id))]);
        let closers_id = publish(&store, &dana, &closers).await;
        let in_renewals = Trigger {
            event: TriggerEvent::OpportunityCreated,
            filters: vec![Condition {
                field: "opportunity.pipeline".into(),
                operator: Operator::Is,
                value: json!(renewals.id.0),
            }],
        };
        let web = workflow("Web leads", vec![in_renewals], vec![step(1, "Budget", note("Budget: {{opportunity.budget}}"))]);
        publish(&store, &dana, &web).await;
        // A draft and a deactivated workflow name Proposal: neither runs, so neither counts.
        let draft = workflow("Draft", entered(proposal), vec![step(1, "Note", note("Hi"))]);
        store.create_workflow(dana.id, &draft).await.unwrap();
        let off = publish(&store, &dana, &workflow("Switched off", entered(proposal), vec![step(1, "Note", note("Hi"))])).await;
        store.deactivate_workflow(off, dana.id).await.unwrap();

        let field = |entity, key: &str| Reference::CustomField { entity, key: key.into() };
        #[rustfmt::skip]
        let cases: Vec<(&str, Reference, &[&str])> = vec![
            ("a stage a trigger names", Reference::Stage(negotiation), &["Assign closers"]),
            ("a stage only a draft and a deactivated workflow name", Reference::Stage(proposal), &[]),
            ("a pipeline a filter names", Reference::Pipeline(renewals.id), &["Web leads"]),
            ("a pipeline one of whose stages is named", Reference::Pipeline(sales.id), &["Assign closers"]),
            ("a user a step names", Reference::User(fox.id), &["Assign closers"]),
            ("a user no workflow names", Reference::User(dana.id), &[]),
            ("a custom field a merge field names", field(FieldEntity::Opportunity, &budget.key), &["Web leads"]),
            ("a custom field no workflow names", field(FieldEntity::Contact, &quoted.key), &[]),
        ];
        for (what, reference, expected) in cases {
            assert_eq!(names(&store, reference).await, expected, "{what}");
        }

        closers.steps = vec![step(1, "Give it to Dana", give_to(dana.id))];
        store.save_workflow(closers_id, dana.id, &closers).await.unwrap();
        assert_eq!(names(&store, Reference::User(fox.id)).await, ["Assign closers"], "the published version still runs");
        assert!(names(&store, Reference::User(dana.id)).await.is_empty(), "a draft edit does not run yet");
        store.publish_workflow(closers_id, dana.id).await.unwrap();
        assert!(names(&store, Reference::User(fox.id)).await.is_empty());
        assert_eq!(names(&store, Reference::User(dana.id)).await, ["Assign closers"]);
    })
    .await;
}

#[tokio::test]
async fn a_removed_stage_fails_the_step_that_moves_deals_there() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let proposal = stage(&sales, "Proposal");
        let to_proposal = update(OpportunityFields { stage: Some(proposal), ..Default::default() });
        let id = publish(&store, &dana, &on_new_deals("Move new deals on", to_proposal)).await;
        assert_eq!(names(&store, Reference::Stage(proposal)).await, ["Move new deals on"]);
        store.remove_stage(Actor::User(dana.id), proposal, None).await.unwrap();
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        settle(&store).await;
        assert_eq!(
            failed_at_first_step(&store, id).await,
            "The stage this step names is no longer in the pipeline Sales. Pick a stage in the step."
        );
        untouched(&store, &dana, &card).await;
    })
    .await;
}

#[tokio::test]
async fn a_deleted_pipeline_fails_the_step_that_moves_deals_there() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let renewals = store
            .create_pipeline("Renewals", &default_stages())
            .await
            .unwrap();
        let to_renewals = update(OpportunityFields {
            pipeline: Some(renewals.id),
            ..Default::default()
        });
        let id = publish(&store, &dana, &on_new_deals("Hand over", to_renewals)).await;
        assert_eq!(
            names(&store, Reference::Pipeline(renewals.id)).await,
            ["Hand over"]
        );
        store
            .delete_pipeline(Actor::User(dana.id), renewals.id, None)
            .await
            .unwrap();
        assert!(names(&store, Reference::Pipeline(sales.id))
            .await
            .is_empty());
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        settle(&store).await;
        assert_eq!(
            failed_at_first_step(&store, id).await,
            "The pipeline this step names no longer exists. Pick a pipeline in the step."
        );
        untouched(&store, &dana, &card).await;
    })
    .await;
}

#[tokio::test]
async fn a_deactivated_user_fails_every_step_that_gives_them_work() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let fox = fox_mulder(&store, false).await;
        let give_work: [(&str, Action); 3] = [
            ("Owner", Action::AddOwner { user: fox.id, only_unassigned: false }),
            ("Follower", Action::AddFollowers { users: vec![fox.id] }),
            ("Task", Action::CreateTask {
                title: "Call".into(),
                description: String::new(),
                due_in: None,
                assignee: Assignee::User(fox.id),
            }),
        ];
        let mut ids = Vec::new();
        for (name, action) in give_work {
            ids.push(publish(&store, &dana, &on_new_deals(name, action)).await);
        }
        assert_eq!(names(&store, Reference::User(fox.id)).await, ["Follower", "Owner", "Task"]);
        store.set_user_active(fox.id, false).await.unwrap();
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        settle(&store).await;
        for id in ids {
            assert_eq!(
                failed_at_first_step(&store, id).await,
                "Fox Mulder is deactivated, so this step cannot give them the deal. Pick an active user in the step."
            );
        }
        untouched(&store, &dana, &card).await;
        let (followers,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM opportunity_followers")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(followers, 0);
    })
    .await;
}

#[tokio::test]
async fn a_deleted_custom_field_fails_the_step_that_sets_it_and_creates_nothing() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let budget = opportunity_field(&store, "Budget", "money", "").await;
        let create = Action::CreateOpportunity {
            pipeline: sales.id,
            stage: None,
            name: None,
            source: None,
            value: None,
            status: None,
            allow_duplicate: false,
            custom_fields: [(budget.key.clone(), "500".to_string())].into(),
        };
        let definition = workflow(
            "Open a deal with its budget",
            vec![when(TriggerEvent::ContactCreated)],
            vec![
                step(1, "Open a deal", create),
                step(2, "Note", note("Done")),
            ],
        );
        let id = publish(&store, &dana, &definition).await;
        let reference = Reference::CustomField {
            entity: FieldEntity::Opportunity,
            key: budget.key.clone(),
        };
        assert_eq!(
            names(&store, reference.clone()).await,
            ["Open a deal with its budget"]
        );
        store.delete_custom_field(budget.id).await.unwrap();
        contact(&store, "Ann", "Perkins", "ann@example.com").await;
        settle(&store).await;
        assert_eq!(
            failed_at_first_step(&store, id).await,
            "The custom field \u{201c}budget\u{201d} no longer exists. Remove it from the step."
        );
        let (deals,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM opportunities")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(
            deals, 0,
            "the deal the step began to create was rolled back"
        );
    })
    .await;
}
