//! The runner's batches on both databases: a batch works its steps without savepoints
//! and, when one step fails, is rolled back whole and worked again with a savepoint a
//! step. Whatever mix of good and failing runs a batch holds, each run ends as it would
//! alone, and nothing the first attempt wrote is kept twice.
mod common;

use app::domain::activity::ActivityTarget;
use app::domain::board::ContactId;
use app::domain::workflow::listing::{RunStatus, StepStatus};
use app::domain::workflow::{Action, TriggerEvent};
use app::store::Store;
use common::custom::opportunity_field;
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;

/// How many of a contact's notes say `body`.
async fn notes_saying(
    store: &Store,
    dana: &app::domain::account::User,
    who: ContactId,
    body: &str,
) -> usize {
    let activities = store
        .record_activities(ActivityTarget::Contact(who.0), viewer(dana))
        .await
        .unwrap();
    activities
        .iter()
        .filter(|a| format!("{a:?}").contains(body))
        .count()
}

#[tokio::test]
async fn a_failing_step_in_a_batch_of_good_runs_undoes_only_its_own_writes() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let budget = opportunity_field(&store, "Budget", "money", "").await;
        let failing = workflow(
            "Open a deal with its budget",
            vec![when(TriggerEvent::ContactCreated)],
            vec![
                step(
                    1,
                    "Welcome",
                    Action::AddNote {
                        body: "Welcome, {{contact.first_name}}".into(),
                    },
                ),
                step(
                    2,
                    "Open a deal",
                    Action::CreateOpportunity {
                        pipeline: sales.id,
                        stage: None,
                        name: None,
                        source: None,
                        value: None,
                        status: None,
                        allow_duplicate: false,
                        custom_fields: [(budget.key.clone(), "500".to_string())].into(),
                    },
                ),
            ],
        );
        let good = workflow(
            "Tag newcomers",
            vec![when(TriggerEvent::ContactCreated)],
            vec![
                step(
                    1,
                    "Greet",
                    Action::AddNote {
                        body: "Greeted".into(),
                    },
                ),
                step(
                    2,
                    "Tag",
                    Action::AddContactTag {
                        tag: "newcomer".into(),
                    },
                ),
            ],
        );
        let failing = publish(&store, &dana, &failing).await;
        let good = publish(&store, &dana, &good).await;
        // Removed anyway after the warning: the step that sets it fails with an error
        // raised while its writes are under way, not by its plan.
        store.delete_custom_field(budget.id).await.unwrap();
        let mut people = Vec::new();
        for (first, email) in [
            ("Ann", "ann@example.com"),
            ("Ben", "ben@example.com"),
            ("Cat", "cat@example.com"),
        ] {
            people.push((first, contact(&store, first, "Perkins", email).await));
        }
        settle(&store).await;

        let failed = runs_of(&store, failing).await;
        assert_eq!(failed.len(), 3);
        for (run, log) in &failed {
            assert_eq!(run.status, RunStatus::Failed, "{log:?}");
            let steps: Vec<_> = log.iter().map(|s| (s.step, s.status)).collect();
            assert_eq!(
                steps,
                [(Some(1), StepStatus::Done), (Some(2), StepStatus::Failed)]
            );
            assert_eq!(
                log[1].message,
                "The custom field \u{201c}budget\u{201d} no longer exists. Remove it from the step."
            );
        }
        let finished = runs_of(&store, good).await;
        assert_eq!(finished.len(), 3);
        assert!(
            finished
                .iter()
                .all(|(run, _)| run.status == RunStatus::Finished),
            "{finished:?}"
        );
        for (first, who) in &people {
            assert_eq!(
                notes_saying(&store, &dana, *who, &format!("Welcome, {first}")).await,
                1,
                "{first}: the step before the failing one is kept once"
            );
            assert_eq!(
                notes_saying(&store, &dana, *who, "Greeted").await,
                1,
                "{first}: a good run's note, once"
            );
            let (tags,): (String,) = sqlx::query_as("SELECT tags FROM contacts WHERE id = $1")
                .bind(who.0)
                .fetch_one(store.pool())
                .await
                .unwrap();
            assert!(tags.contains("newcomer"), "{first}: {tags}");
        }
        let (deals,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM opportunities")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(
            deals, 0,
            "the deals the failing step began to create were rolled back"
        );
    })
    .await;
}
