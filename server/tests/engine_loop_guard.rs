//! The loop guard on both databases: a workflow is not re-triggered by its own run's
//! changes, and chains of workflows triggering workflows stop at the depth limit with
//! "Stopped by the loop guard: …" in the log.
mod common;

use app::domain::change::Actor;
use app::domain::workflow::listing::RunStatus;
use app::domain::workflow::{Action, OpportunityFields, TriggerEvent};
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;

#[tokio::test]
async fn a_workflow_is_not_triggered_by_its_own_changes() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let negotiation = stage(&sales, "Negotiation");
        let mut definition = workflow(
            "Push on",
            vec![when(TriggerEvent::PipelineStageChanged {
                pipeline: None,
                from_stage: None,
                to_stage: None,
            })],
            vec![step(1, "To negotiation", move_to(negotiation))],
        );
        definition.settings.allow_reentry = true;
        let id = publish(&store, &dana, &definition).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        store
            .change_standing(
                Actor::User(dana.id),
                card.id,
                card.version,
                to(Some(stage(&sales, "Qualification")), None),
            )
            .await
            .unwrap();
        settle(&store).await;
        let runs = runs_of(&store, id).await;
        assert_eq!(runs.len(), 2, "{runs:?}");
        assert_eq!(runs[0].0.status, RunStatus::Finished);
        assert_eq!(runs[1].0.status, RunStatus::Stopped);
        assert!(runs[1].0.message.as_deref().unwrap().starts_with(
            "Stopped by the loop guard: the change was made by this workflow's own run"
        ));
        assert_eq!(
            store.card(card.id, viewer(&dana)).await.unwrap().stage_id,
            Some(negotiation)
        );
    })
    .await;
}

#[tokio::test]
async fn two_workflows_moving_a_deal_back_and_forth_stop_at_the_depth_limit() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let (qualification, proposal) = (stage(&sales, "Qualification"), stage(&sales, "Proposal"));
        let ping_pong = |name: &str, from, to_stage| {
            let mut d = workflow(
                name,
                vec![when(TriggerEvent::PipelineStageChanged {
                    pipeline: None,
                    from_stage: None,
                    to_stage: Some(from),
                })],
                vec![step(
                    1,
                    "Move",
                    Action::UpdateOpportunity {
                        allow_backward: true,
                        duplicate_toggle: false,
                        fields: OpportunityFields {
                            stage: Some(to_stage),
                            ..Default::default()
                        },
                    },
                )],
            );
            d.settings.allow_reentry = true;
            d
        };
        let ping = publish(&store, &dana, &ping_pong("Ping", proposal, qualification)).await;
        let pong = publish(&store, &dana, &ping_pong("Pong", qualification, proposal)).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;
        store
            .change_standing(
                Actor::User(dana.id),
                card.id,
                card.version,
                to(Some(proposal), None),
            )
            .await
            .unwrap();
        settle(&store).await;
        let (pings, pongs) = (runs_of(&store, ping).await, runs_of(&store, pong).await);
        let stopped: Vec<String> = pings
            .iter()
            .chain(&pongs)
            .filter_map(|(r, _)| r.message.clone())
            .filter(|m| m.contains("loop guard"))
            .collect();
        assert_eq!(stopped.len(), 1, "{stopped:?}");
        assert!(stopped[0].contains("the limit is 5"), "{}", stopped[0]);
        let finished = pings
            .iter()
            .chain(&pongs)
            .filter(|(r, _)| r.status == RunStatus::Finished)
            .count();
        assert_eq!(finished, 5, "five workflows in the chain ran");
    })
    .await;
}
