//! Workflows' server functions on both engines: only admins manage, export and import
//! them; an export imports as it was; imports and publishing are refused with each
//! problem at its field. ("Add to workflow" is in `http_add_to_workflow.rs`.)
mod common;

use app::api::AppError;
use app::domain::pipeline::default_stages;
use app::domain::workflow::{
    Action, Condition, Definition, Duration, Operator, TimeUnit, TriggerEvent, WaitUntil,
};
use axum::http::StatusCode;
use common::deals::stage;
use common::http::{Client, Reply};
use common::on_each_engine;
use common::workflow_http::{by_hand, create, created, error};
use common::workflows::{step, when, workflow};
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_admins_manage_export_import_and_read_workflows() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let id = created(&client, &dana, &by_hand(false)).await;
        let id = id.as_str();
        let exported = client.call("workflows/export", &dana, &[("id", id)]).await;
        let text: String = serde_json::from_str(&exported.body).unwrap();
        let form_calls: [(&str, &[(&str, &str)]); 10] = [
            ("workflows/list", &[]),
            ("workflows/overview", &[("search", "")]),
            ("workflows/get", &[("id", id)]),
            ("workflows/publish", &[("id", id)]),
            ("workflows/deactivate", &[("id", id)]),
            ("workflows/restore", &[("id", id), ("version", "1")]),
            ("workflows/export", &[("id", id)]),
            ("workflows/import", &[("json", &text)]),
            ("workflows/runs", &[("id", id)]),
            ("workflows/run", &[("id", "1")]),
        ];
        let definition = serde_json::to_value(by_hand(true)).unwrap();
        let json_calls = [
            ("workflows/create", json!({ "definition": definition })),
            (
                "workflows/save",
                json!({ "id": 1, "definition": definition }),
            ),
        ];
        for (cookie, role, only_assigned) in client.teammates(&dana).await {
            let who = format!("{role} (only assigned: {only_assigned})");
            for (endpoint, form) in form_calls {
                let reply = client.call(endpoint, &cookie, form).await;
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{who} called {endpoint}: {}",
                    reply.body
                );
                assert_eq!(error(&reply), AppError::Forbidden);
            }
            for (endpoint, body) in &json_calls {
                let reply = client.call_json(endpoint, &cookie, body).await;
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{who} called {endpoint}: {}",
                    reply.body
                );
            }
        }
        let list: Vec<Value> =
            serde_json::from_str(&client.call("workflows/list", &dana, &[]).await.body).unwrap();
        assert_eq!(list.len(), 1, "nothing was created: {list:?}");
        assert_eq!(list[0]["state"], "Draft", "nothing was published: {list:?}");
        let detail: Value = serde_json::from_str(
            &client
                .call("workflows/get", &dana, &[("id", id)])
                .await
                .body,
        )
        .unwrap();
        assert_eq!(
            detail["workflow"]["draft"]["settings"]["allow_reentry"], false,
            "nothing was saved"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_exported_workflow_imports_as_it_was() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let dana = client.create_workspace("Acme").await;
        let sales = store
            .create_pipeline("Sales", &default_stages())
            .await
            .unwrap();
        let mut definition = workflow(
            "Qualify new leads",
            vec![when(TriggerEvent::ContactCreated)],
            vec![
                step(
                    1,
                    "Open a deal",
                    Action::CreateOpportunity {
                        pipeline: sales.id,
                        stage: Some(stage(&sales, "Qualification")),
                        name: Some("{{contact.name}}'s deal".into()),
                        source: None,
                        value: Some("1200".into()),
                        status: None,
                        allow_duplicate: false,
                        custom_fields: Default::default(),
                    },
                ),
                step(
                    2,
                    "Give them a day",
                    Action::Wait {
                        until: WaitUntil::Duration {
                            duration: Duration {
                                amount: 1,
                                unit: TimeUnit::Days,
                            },
                        },
                    },
                ),
                step(
                    3,
                    "Remind",
                    Action::AddNote {
                        body: "Call {{contact.first_name | default(\"them\")}}".into(),
                    },
                ),
            ],
        );
        definition.description = "From the web form".into();
        definition.settings.allow_reentry = true;
        definition.triggers[0].filters.push(Condition {
            field: "contact.email".into(),
            operator: Operator::Contains,
            value: json!("@"),
        });
        let id = created(&client, &dana, &definition).await;
        let exported = client.call("workflows/export", &dana, &[("id", &id)]).await;
        assert_eq!(exported.status, StatusCode::OK, "{}", exported.body);
        let text: String = serde_json::from_str(&exported.body).unwrap();
        assert!(
            text.starts_with("{\n  \"name\": \"Qualify new leads\""),
            "pretty JSON: {text}"
        );
        let imported = client
            .call("workflows/import", &dana, &[("json", &text)])
            .await;
        assert_eq!(imported.status, StatusCode::OK, "{}", imported.body);
        assert_ne!(imported.body, id, "a new workflow");
        let again = client
            .call("workflows/get", &dana, &[("id", &imported.body)])
            .await;
        let detail: app::api::workflows::WorkflowDetail =
            serde_json::from_str(&again.body).unwrap();
        assert_eq!(detail.workflow.draft, definition);
        assert_eq!(detail.workflow.published, None, "an import is a draft");
        let published = client
            .call("workflows/publish", &dana, &[("id", &imported.body)])
            .await;
        assert_eq!(
            (published.status, published.body.as_str()),
            (StatusCode::OK, "1")
        );
        let reexported = client
            .call("workflows/export", &dana, &[("id", &imported.body)])
            .await;
        assert_eq!(reexported.body, exported.body);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_import_that_names_a_missing_pipeline_or_is_not_json_says_what_to_fix() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let definition = workflow(
            "Elsewhere",
            vec![when(TriggerEvent::ContactCreated)],
            vec![step(1, "Open a deal", Action::CreateOpportunity {
                pipeline: app::domain::pipeline::PipelineId(999),
                stage: None,
                name: None,
                source: None,
                value: None,
                status: None,
                allow_duplicate: false,
                custom_fields: Default::default(),
            })],
        );
        let text = app::domain::workflow::exchange::export_json(&definition);
        let reply = client.call("workflows/import", &dana, &[("json", &text)]).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        let AppError::InvalidFields(problems) = error(&reply) else { panic!("{}", reply.body) };
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, "steps.1.pipeline");
        assert!(problems[0].1.contains("pipeline 999 does not exist in this workspace"), "{}", problems[0].1);

        let broken = "{\n  \"name\": \"W\",\n  \"steps\": [,]\n}";
        let reply = client.call("workflows/import", &dana, &[("json", broken)]).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert_eq!(error(&reply).for_field("json").as_deref(), Some(
            "This is not valid JSON (line 3, column 13: expected value). Fix it there, or export the workflow again."
        ));
        let list = client.call("workflows/list", &dana, &[]).await;
        assert_eq!(list.body, "[]", "nothing was imported");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn saving_refuses_a_merge_field_its_step_cannot_fill_at_that_field() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let mut definition = workflow(
            "Greet contacts",
            vec![when(TriggerEvent::ContactCreated)],
            vec![step(1, "Say hi", Action::AddNote { body: "About {{opportunity.name}}".into() })],
        );
        let refused_with = |reply: &Reply| {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
            let AppError::InvalidFields(problems) = error(reply) else { panic!("{}", reply.body) };
            assert_eq!(problems.len(), 1, "{problems:?}");
            let (field, message) = &problems[0];
            assert_eq!(field, "steps.1.body");
            assert!(
                message.starts_with("Add Note (step \u{201c}Say hi\u{201d}): `{{opportunity.name}}` is not available here: the Contact Created trigger brings no opportunity"),
                "{message}"
            );
            assert!(message.contains("contact.first_name"), "lists the fields to use: {message}");
        };
        refused_with(&create(&client, &dana, &definition).await);
        assert_eq!(client.call("workflows/list", &dana, &[]).await.body, "[]", "nothing was created");

        definition.steps[0].action = Action::AddNote { body: "Hello {{contact.first_name}}".into() };
        let id = created(&client, &dana, &definition).await;
        let numeric = id.parse::<i64>().unwrap();
        let save = |definition: &Definition| {
            let body = json!({ "id": numeric, "definition": definition });
            let client = &client;
            let dana = &dana;
            async move { client.call_json("workflows/save", dana, &body).await }
        };
        let mut broken = definition.clone();
        broken.steps[0].action = Action::AddNote { body: "About {{opportunity.name}}".into() };
        refused_with(&save(&broken).await);
        let kept: Value = serde_json::from_str(&client.call("workflows/get", &dana, &[("id", &id)]).await.body).unwrap();
        assert_eq!(kept["workflow"]["draft"]["steps"][0]["body"], "Hello {{contact.first_name}}", "the draft is as it was");

        // A draft without a trigger saves, and the answer says why it cannot be published yet.
        let mut no_trigger = definition.clone();
        no_trigger.triggers.clear();
        let saved = save(&no_trigger).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let saved: Value = serde_json::from_str(&saved.body).unwrap();
        assert_eq!(saved["summary"]["state"], "Draft");
        assert_eq!(saved["before_publishing"][0]["field"], "triggers");
        assert!(saved["before_publishing"][0]["message"].as_str().unwrap().starts_with("Add a trigger"), "{saved}");

        let saved = save(&definition).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let saved: Value = serde_json::from_str(&saved.body).unwrap();
        assert_eq!(saved["before_publishing"], json!([]), "ready to publish");
        let published = client.call("workflows/publish", &dana, &[("id", &id)]).await;
        assert_eq!((published.status, published.body.as_str()), (StatusCode::OK, "1"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_webhook_step_is_refused_an_address_that_is_not_a_web_address() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let definition = workflow(
            "Tell the warehouse",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![step(1, "Post it", Action::SendWebhook {
                url: "warehouse.example.com/{{opportunity.name}}".into(),
                secret: String::new(),
                body: None,
            })],
        );
        let reply = create(&client, &dana, &definition).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert_eq!(
            error(&reply).for_field("steps.1.url").as_deref(),
            Some("Send Webhook (step \u{201c}Post it\u{201d}): \u{201c}warehouse.example.com/{{opportunity.name}}\u{201d} is not a web address (relative URL without a base): enter a full address such as https://hooks.example.com/deals.")
        );
    })
    .await;
}
