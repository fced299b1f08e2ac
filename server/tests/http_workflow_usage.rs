//! The "Used by" question over HTTP, on both engines: pipeline managers ask it about
//! stages and pipelines, admins about users and custom fields, and others are refused.
mod common;

use app::domain::account::UserId;
use app::domain::pipeline::default_stages;
use app::domain::workflow::{Action, TriggerEvent};
use axum::http::StatusCode;
use common::custom::opportunity_field;
use common::deals::stage;
use common::http::Client;
use common::on_each_engine;
use common::workflows::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_role_asks_about_what_it_may_remove() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let dana = client.create_workspace("Acme").await;
        let mona = client
            .add_teammate(&dana, "manager", "mona@acme.test", false)
            .await;
        let fox = client
            .add_teammate(&dana, "user", "fox@acme.test", false)
            .await;
        let admin = store.user(UserId(1)).await.unwrap();
        let sales = store
            .create_pipeline("Sales", &default_stages())
            .await
            .unwrap();
        let budget = opportunity_field(&store, "Budget", "money", "").await;
        let negotiation = stage(&sales, "Negotiation");
        let definition = workflow(
            "Assign closers",
            vec![when(TriggerEvent::PipelineStageChanged {
                pipeline: None,
                from_stage: None,
                to_stage: Some(negotiation),
            })],
            vec![
                step(
                    1,
                    "Give it to Dana",
                    Action::AddOwner {
                        user: admin.id,
                        only_unassigned: false,
                    },
                ),
                step(
                    2,
                    "Budget",
                    Action::AddNote {
                        body: "Budget: {{opportunity.budget}}".into(),
                    },
                ),
            ],
        );
        publish(&store, &admin, &definition).await;
        let (stage_id, pipeline_id, user_id, field_id) = (
            negotiation.0.to_string(),
            sales.id.0.to_string(),
            admin.id.0.to_string(),
            budget.id.0.to_string(),
        );
        const USED: &str = r#"["Assign closers"]"#;
        let cases: [(&str, &str, &str, &str, Option<&str>); 9] = [
            ("manager", &mona, "stage", &stage_id, Some(USED)),
            ("manager", &mona, "pipeline", &pipeline_id, Some(USED)),
            ("manager", &mona, "user", &user_id, None),
            ("manager", &mona, "custom_field", &field_id, None),
            ("user", &fox, "stage", &stage_id, None),
            ("user", &fox, "pipeline", &pipeline_id, None),
            ("admin", &dana, "user", &user_id, Some(USED)),
            ("admin", &dana, "custom_field", &field_id, Some(USED)),
            ("admin", &dana, "stage", "999", Some("[]")),
        ];
        for (role, cookie, what, id, answer) in cases {
            let reply = client
                .call(
                    "usage/published_workflows",
                    cookie,
                    &[("what", what), ("id", id)],
                )
                .await;
            let seen = format!("{role} asking about {what} {id}: {}", reply.body);
            match answer {
                Some(names) => {
                    assert_eq!(reply.status, StatusCode::OK, "{seen}");
                    assert_eq!(reply.body, names, "{seen}");
                }
                None => {
                    assert!(!reply.status.is_success(), "{seen}");
                    assert!(reply.body.contains("Forbidden"), "{seen}");
                }
            }
        }
        let gone = client
            .call(
                "usage/published_workflows",
                &dana,
                &[("what", "custom_field"), ("id", "999")],
            )
            .await;
        assert!(
            gone.body
                .contains("This field was deleted. Reload the page."),
            "{}",
            gone.body
        );
    })
    .await;
}
