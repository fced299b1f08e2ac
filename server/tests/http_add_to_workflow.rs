//! "Add to workflow" over HTTP on both engines: it follows the re-entry rule, keeps
//! hidden deals hidden, and offers and takes only the records a Manual trigger names.
mod common;

use app::domain::account::UserId;
use app::domain::change::Actor;
use app::domain::pipeline::default_stages;
use app::domain::workflow::enrollment::{EnrollOutcome, ManualWorkflow, Refusal};
use app::domain::workflow::TriggerEvent;
use axum::http::StatusCode;
use common::deals::{deal, stage};
use common::http::{Client, Reply};
use common::on_each_engine;
use common::workflow_http::{by_hand, created, error};
use common::workflows::{settle, when, workflow};

async fn enroll(client: &Client, cookie: &str, workflow: &str, ids: &str) -> Reply {
    enroll_kind(client, cookie, workflow, "opportunity", ids).await
}

async fn enroll_kind(
    client: &Client,
    cookie: &str,
    workflow: &str,
    kind: &str,
    ids: &str,
) -> Reply {
    client
        .call(
            "workflows/enroll",
            cookie,
            &[("workflow", workflow), ("record_kind", kind), ("ids", ids)],
        )
        .await
}

async fn offered(client: &Client, cookie: &str, kind: &str) -> Vec<String> {
    let reply = client
        .call("workflows/manual", cookie, &[("record_kind", kind)])
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let offered: Vec<ManualWorkflow> = serde_json::from_str(&reply.body).unwrap();
    offered.into_iter().map(|w| w.name).collect()
}

fn outcome(reply: &Reply) -> EnrollOutcome {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn add_to_workflow_without_re_entry_enrolls_a_deal_once_and_says_why_not_again() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let dana = client.create_workspace("Acme").await;
        let team = client.teammates(&dana).await;
        let (fox, walter) = (&team[1].0, &team[2].0);
        let sales = store.create_pipeline("Sales", &default_stages()).await.unwrap();
        let dana_id = Actor::User(UserId(1));
        let globex = store.create_opportunity(dana_id, deal("Globex", "10", Some(stage(&sales, "Prospecting")))).await.unwrap();
        let initech = store.create_opportunity(dana_id, deal("Initech", "20", Some(stage(&sales, "Prospecting")))).await.unwrap();
        settle(&store).await;
        let id = created(&client, &dana, &by_hand(false)).await;
        let draft_only = enroll(&client, fox, &id, &globex.id.0.to_string()).await;
        assert_eq!(draft_only.status, StatusCode::FORBIDDEN);
        assert!(error(&draft_only).to_string().contains("is not published"), "{}", draft_only.body);
        client.call("workflows/publish", &dana, &[("id", &id)]).await;
        let not_by_hand = workflow("On creation", vec![when(TriggerEvent::OpportunityCreated)], by_hand(false).steps);
        let other = created(&client, &dana, &not_by_hand).await;
        client.call("workflows/publish", &dana, &[("id", &other)]).await;

        let offered: Vec<ManualWorkflow> = serde_json::from_str(&client.call("workflows/manual", fox, &[("record_kind", "opportunity")]).await.body).unwrap();
        assert_eq!(offered.iter().map(|w| w.name.as_str()).collect::<Vec<_>>(), ["Welcome by hand"], "only workflows with a Manual trigger");
        let refused = enroll(&client, fox, &other, &globex.id.0.to_string()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(error(&refused).to_string().contains("cannot be started by hand"), "{}", refused.body);

        let first = outcome(&enroll(&client, fox, &id, &globex.id.0.to_string()).await);
        assert_eq!((first.enrolled(), first.not_enrolled()), (1, 0));
        assert_eq!(first.summary(), "Enrolled in \u{201c}Welcome by hand\u{201d}.");
        settle(&store).await;
        let second = outcome(&enroll(&client, fox, &id, &globex.id.0.to_string()).await);
        assert_eq!((second.enrolled(), second.not_enrolled()), (0, 1));
        assert_eq!(second.enrollments[0].refused, Some(Refusal::EnteredBefore));
        assert_eq!(second.summary(), "Not enrolled: this record entered this workflow before, and Allow re-entry is off.");
        let both = outcome(&enroll(&client, fox, &id, &format!("{},{}", globex.id.0, initech.id.0)).await);
        assert_eq!(both.summary(), "1 deal enrolled in \u{201c}Welcome by hand\u{201d}; 1 not enrolled: 1 in it before, and Allow re-entry is off.");
        settle(&store).await;

        let runs = client.call("workflows/record-runs", fox, &[("record_kind", "opportunity"), ("id", &globex.id.0.to_string())]).await;
        let page: app::api::workflows::RunPage = serde_json::from_str(&runs.body).unwrap();
        let statuses: Vec<_> = page.runs.iter().map(|r| (r.trigger.as_str(), r.status)).collect();
        use app::domain::workflow::listing::RunStatus::{Finished, Stopped};
        assert_eq!(statuses, [("Manual", Stopped), ("Manual", Stopped), ("Manual", Finished)], "newest first");
        assert_eq!(page.older, None);
        let log = client.call("workflows/run", &dana, &[("id", &page.runs[2].id.to_string())]).await;
        let detail: app::api::workflows::RunDetail = serde_json::from_str(&log.body).unwrap();
        assert_eq!(detail.log.iter().map(|s| s.message.as_str()).collect::<Vec<_>>(), ["Added a note."]);
        let timeline = store.timeline(globex.id).await.unwrap();
        assert!(timeline.iter().any(|t| format!("{t:?}").contains("Welcomed by hand.")), "{timeline:?}");

        // Walter sees only deals he owns or follows: Globex is not his.
        for reply in [
            enroll(&client, walter, &id, &globex.id.0.to_string()).await,
            client.call("workflows/record-runs", walter, &[("record_kind", "opportunity"), ("id", &globex.id.0.to_string())]).await,
        ] {
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        }
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM workflow_runs").fetch_one(store.pool()).await.unwrap();
        assert_eq!(total, 4, "Walter's call enrolled nothing");
    })
    .await;
}

/// A Manual trigger started on deals only: its steps may use `{{opportunity.*}}`, it is
/// offered for deals and not for contacts, and a contact is refused with what to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_workflow_started_by_hand_on_deals_reads_the_deal_and_takes_no_contact() {
    use app::domain::workflow::{Action, ManualRecords};
    use common::workflows::step;
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let dana = client.create_workspace("Acme").await;
        let sales = store.create_pipeline("Sales", &default_stages()).await.unwrap();
        let globex = store
            .create_opportunity(Actor::User(UserId(1)), deal("Globex", "10", Some(stage(&sales, "Prospecting"))))
            .await
            .unwrap();
        let on = |records: ManualRecords, name: &str, body: &str| {
            workflow(
                name,
                vec![when(TriggerEvent::Manual { records })],
                vec![step(1, "Note it", Action::AddNote { body: body.into() })],
            )
        };
        // On deals and contacts, the deal is not there for every run: refused at save.
        let either = common::workflow_http::create(
            &client,
            &dana,
            &on(ManualRecords::Any, "Either", "About {{opportunity.name}}"),
        )
        .await;
        assert_eq!(either.status, StatusCode::BAD_REQUEST, "{}", either.body);
        assert!(
            error(&either).to_string().contains("a Manual trigger started on deals only brings its deal"),
            "{}",
            either.body
        );
        let deals = created(&client, &dana, &on(ManualRecords::Opportunities, "Deals", "About {{opportunity.name}}")).await;
        let contacts = created(&client, &dana, &on(ManualRecords::Contacts, "Contacts", "Hello {{contact.name}}")).await;
        let both = created(&client, &dana, &on(ManualRecords::Any, "Both", "Hello")).await;
        for id in [&deals, &contacts, &both] {
            let published = client.call("workflows/publish", &dana, &[("id", id)]).await;
            assert_eq!(published.status, StatusCode::OK, "{}", published.body);
        }
        assert_eq!(offered(&client, &dana, "opportunity").await, ["Both", "Deals"]);
        assert_eq!(offered(&client, &dana, "contact").await, ["Both", "Contacts"]);
        let bad = client.call("workflows/manual", &dana, &[("record_kind", "company")]).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);

        let ann = common::deals::contact(&store, "Ann", "Perkins", "ann@example.com").await;
        let refused = enroll_kind(&client, &dana, &deals, "contact", &ann.0.to_string()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert_eq!(
            error(&refused).to_string(),
            "\u{201c}Deals\u{201d} is started by hand on deals only, so a contact cannot be added to it. Choose another workflow."
        );

        let enrolled = enroll(&client, &dana, &deals, &globex.id.0.to_string()).await;
        assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.body);
        settle(&store).await;
        let timeline = store.timeline(globex.id).await.unwrap();
        assert!(timeline.iter().any(|t| format!("{t:?}").contains("About Globex")), "{timeline:?}");
    })
    .await;
}
