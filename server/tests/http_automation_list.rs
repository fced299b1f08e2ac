//! The Automation list on both engines: each workflow with its state, its triggers in
//! words, its runs and failures of the last 7 days and who last edited it; search by
//! name or trigger; Export as a JSON file that imports as it was; admins only.
mod common;

use app::domain::change::Actor;
use app::domain::pipeline::default_stages;
use app::domain::workflow::exchange::import_json;
use app::domain::workflow::listing::{WorkflowOverview, WorkflowState};
use app::domain::workflow::{Action, TriggerEvent};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::deals::*;
use common::http::Client;
use common::on_each_engine;
use common::workflows::*;

fn overview(reply: &common::http::Reply) -> Vec<WorkflowOverview> {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_list_says_what_starts_each_workflow_and_how_its_week_went() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let cookie = client.create_workspace("Acme").await;
        let dana = store.users().await.unwrap().remove(0);
        let sales = store
            .create_pipeline("Sales", &default_stages())
            .await
            .unwrap();
        let proposal = stage(&sales, "Proposal");
        let on_proposal = workflow(
            "Follow up proposals",
            vec![when(TriggerEvent::PipelineStageChanged {
                pipeline: Some(sales.id),
                from_stage: None,
                to_stage: Some(proposal),
            })],
            vec![step(
                1,
                "Note",
                Action::AddNote {
                    body: "Proposal sent".into(),
                },
            )],
        );
        let id = publish(&store, &dana, &on_proposal).await;
        let draft = workflow(
            "Welcome contacts",
            vec![when(TriggerEvent::ContactCreated)],
            vec![],
        );
        store.create_workflow(dana.id, &draft).await.unwrap();
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

        let all = overview(
            &client
                .call("workflows/overview", &cookie, &[("search", "")])
                .await,
        );
        let names: Vec<&str> = all.iter().map(|w| w.summary.name.as_str()).collect();
        assert_eq!(names, ["Follow up proposals", "Welcome contacts"]);
        let live = &all[0];
        assert_eq!(live.summary.id, id);
        assert_eq!(
            (live.summary.state, live.summary.published_version),
            (WorkflowState::Published, Some(1))
        );
        assert_eq!(live.triggers, ["When a deal enters Proposal in Sales"]);
        assert_eq!((live.runs_week, live.failed_week), (1, 0));
        assert_eq!(live.edited_by.as_deref(), Some(dana.name.as_str()));
        assert_eq!(all[1].summary.state, WorkflowState::Draft);
        assert_eq!(all[1].triggers, ["When a contact is created"]);
        assert_eq!(all[1].runs_week, 0);

        for (search, expected) in [
            ("PROPOSAL", vec!["Follow up proposals"]),
            ("contact is", vec!["Welcome contacts"]),
            ("nothing like it", vec![]),
        ] {
            let found = overview(
                &client
                    .call("workflows/overview", &cookie, &[("search", search)])
                    .await,
            );
            let names: Vec<&str> = found.iter().map(|w| w.summary.name.as_str()).collect();
            assert_eq!(names, expected, "searching {search:?}");
        }
        let long = "x".repeat(500);
        let reply = client
            .call("workflows/overview", &cookie, &[("search", &long)])
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert!(reply.body.contains("shorten the search"), "{}", reply.body);

        for (teammate, role, _) in client.teammates(&cookie).await {
            let reply = client
                .call("workflows/overview", &teammate, &[("search", "")])
                .await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{role}: {}",
                reply.body
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn export_downloads_the_draft_as_a_json_file_for_admins_only() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let cookie = client.create_workspace("Acme").await;
        let dana = store.users().await.unwrap().remove(0);
        let definition = workflow(
            "Welcome: new contacts!",
            vec![when(TriggerEvent::ContactCreated)],
            vec![step(1, "Tag", Action::AddContactTag { tag: "new".into() })],
        );
        let id = store.create_workflow(dana.id, &definition).await.unwrap();
        let get = |path: String, cookie: String| {
            let mut req = Request::get(path);
            if !cookie.is_empty() {
                req = req.header(header::COOKIE, cookie);
            }
            req.body(Body::empty()).unwrap()
        };
        let path = format!("/api/workflows/{}/export.json", id.0);
        let reply = client.send(get(path.clone(), cookie.clone())).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(
            reply.headers.get(header::CONTENT_DISPOSITION).unwrap(),
            "attachment; filename=\"welcome-new-contacts.json\""
        );
        assert_eq!(import_json(&reply.body).unwrap(), definition);

        let missing = client
            .send(get("/api/workflows/999/export.json".into(), cookie.clone()))
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let anonymous = client.send(get(path.clone(), String::new())).await;
        assert!(
            matches!(
                anonymous.status,
                StatusCode::UNAUTHORIZED | StatusCode::SEE_OTHER
            ),
            "{}",
            anonymous.status
        );
        for (teammate, role, _) in client.teammates(&cookie).await {
            let reply = client.send(get(path.clone(), teammate)).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{role}: {}",
                reply.body
            );
            assert!(!reply.body.contains("Welcome"), "{role} read it");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_template_becomes_a_draft_once_its_questions_are_answered() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let cookie = client.create_workspace("Acme").await;
        let sales = store
            .create_pipeline("Sales", &default_stages())
            .await
            .unwrap();
        let negotiation = stage(&sales, "Negotiation");
        let name = "Move the opportunity to a specific stage when a meeting is booked";
        let pipeline = sales.id.0.to_string();
        let unanswered = client
            .call(
                "workflows/from-template",
                &cookie,
                &[("name", name), ("pipeline", &pipeline), ("url", "")],
            )
            .await;
        assert_eq!(
            unanswered.status,
            StatusCode::BAD_REQUEST,
            "{}",
            unanswered.body
        );
        assert!(
            unanswered.body.contains("Choose the stage"),
            "{}",
            unanswered.body
        );
        let coming = client
            .call(
                "workflows/from-template",
                &cookie,
                &[
                    (
                        "name",
                        "Start a campaign when opportunity move to a specific stage",
                    ),
                    ("url", ""),
                ],
            )
            .await;
        assert!(
            coming.body.contains("needs messaging and webchat (coming)"),
            "{}",
            coming.body
        );

        let stage_id = negotiation.0.to_string();
        let answered = client
            .call(
                "workflows/from-template",
                &cookie,
                &[
                    ("name", name),
                    ("pipeline", &pipeline),
                    ("stage", &stage_id),
                    ("url", ""),
                ],
            )
            .await;
        assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
        let id: app::domain::workflow::listing::WorkflowId =
            serde_json::from_str(&answered.body).unwrap();
        let dana = store.users().await.unwrap().remove(0);
        assert_eq!(store.publish_workflow(id, dana.id).await.unwrap(), 1);
        let draft = store.workflow(id).await.unwrap().draft;
        assert_eq!(draft.name, name);
        assert!(matches!(
            &draft.steps[0].action,
            Action::UpdateOpportunity { fields, .. } if fields.stage == Some(negotiation)
        ));
        for (teammate, role, _) in client.teammates(&cookie).await {
            let reply = client
                .call(
                    "workflows/from-template",
                    &teammate,
                    &[("name", name), ("stage", &stage_id), ("url", "")],
                )
                .await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{role}: {}",
                reply.body
            );
        }
    })
    .await;
}
