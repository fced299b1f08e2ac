//! The builder's Test, History, Enrolled and Versions over HTTP on both engines: admins
//! only; a Test of a deal answers its steps and leaves the deal as it was; History's
//! filters refuse what they cannot read with the field named; each version says what
//! changed since the one before.
mod common;

use app::domain::change::Actor;
use app::domain::pipeline::default_stages;
use app::domain::workflow::listing::VersionEntry;
use app::domain::workflow::trial::{Trial, TrialCandidate};
use app::domain::workflow::{Action, TriggerEvent};
use axum::http::StatusCode;
use common::deals::*;
use common::http::Client;
use common::on_each_engine;
use common::workflow_http::error;
use common::workflows::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_test_over_http_answers_each_step_and_changes_nothing() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let dana_cookie = client.create_workspace("Acme").await;
        let team = client.teammates(&dana_cookie).await;
        let dana = store.users().await.unwrap().remove(0);
        let sales = store
            .create_pipeline("Sales", &default_stages())
            .await
            .unwrap();
        let mut definition = workflow(
            "Proposal",
            vec![when(TriggerEvent::OpportunityCreated)],
            vec![step(1, "To Proposal", move_to(stage(&sales, "Proposal")))],
        );
        let id = publish(&store, &dana, &definition).await;
        let card = globex_in_prospecting(&store, Actor::User(dana.id), &sales).await;

        let found = client
            .call("workflows/test/records", &dana_cookie, &[("query", "glo")])
            .await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        let found: Vec<TrialCandidate> = serde_json::from_str(&found.body).unwrap();
        assert_eq!(found[0].name, "Globex");
        assert_eq!(found[0].detail, "Opportunity in Sales, Prospecting");

        let wid = id.0.to_string();
        let deal = card.id.0.to_string();
        let form = [
            ("id", wid.as_str()),
            ("draft", "false"),
            ("record_kind", "opportunity"),
            ("record_id", deal.as_str()),
        ];
        for (cookie, role, _) in &team {
            let refused = client.call("workflows/test", cookie, &form).await;
            assert_eq!(
                refused.status,
                StatusCode::FORBIDDEN,
                "{role}: {}",
                refused.body
            );
        }
        let reply = client.call("workflows/test", &dana_cookie, &form).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let trial: Trial = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(
            trial.steps[0].changes[0]["result"]["said"][0],
            "Moved from Prospecting to Proposal"
        );
        let after = store.card(card.id, viewer(&dana)).await.unwrap();
        assert_eq!(after.stage_id, card.stage_id, "a Test writes nothing");

        // History says which filter it could not read.
        let bad_day = client
            .call(
                "workflows/runs",
                &dana_cookie,
                &[("id", wid.as_str()), ("from", "yesterday")],
            )
            .await;
        assert_eq!(
            error(&bad_day).for_field("from").as_deref(),
            Some("'yesterday' is not a date; pick one as YYYY-MM-DD.")
        );
        let backwards = client
            .call(
                "workflows/runs",
                &dana_cookie,
                &[
                    ("id", wid.as_str()),
                    ("from", "2026-12-04"),
                    ("to", "2026-12-01"),
                ],
            )
            .await;
        assert!(
            error(&backwards).for_field("to").is_some(),
            "{}",
            backwards.body
        );
        let bad_status = client
            .call(
                "workflows/runs",
                &dana_cookie,
                &[("id", wid.as_str()), ("status", "lost")],
            )
            .await;
        assert!(
            error(&bad_status).for_field("status").is_some(),
            "{}",
            bad_status.body
        );

        // An admin with Only assigned data sees the run's place, not the deal, and
        // cannot open its log.
        store
            .run_for_real(
                id,
                app::domain::workflow::listing::RunRecord::Opportunity(card.id.0),
            )
            .await
            .unwrap();
        let limited = client
            .add_teammate(&dana_cookie, "admin", "otto@acme.test", true)
            .await;
        let page = client
            .call("workflows/runs", &limited, &[("id", wid.as_str())])
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let page: app::api::workflows::RunPage = serde_json::from_str(&page.body).unwrap();
        assert!(page.runs[0].record_hidden);
        assert_eq!(page.runs[0].record_name, "");
        let named = client
            .call(
                "workflows/runs",
                &limited,
                &[("id", wid.as_str()), ("record", "glob")],
            )
            .await;
        let named: app::api::workflows::RunPage = serde_json::from_str(&named.body).unwrap();
        assert!(
            named.runs.is_empty(),
            "a name search finds no deal they cannot see"
        );
        let run = page.runs[0].id.to_string();
        let log = client
            .call("workflows/run", &limited, &[("id", run.as_str())])
            .await;
        assert_eq!(log.status, StatusCode::NOT_FOUND, "{}", log.body);
        let mine = client
            .call("workflows/run", &dana_cookie, &[("id", run.as_str())])
            .await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);

        // A second version says what changed.
        definition.steps.push(step(
            2,
            "Note",
            Action::AddNote {
                body: "Proposal sent".into(),
            },
        ));
        store.save_workflow(id, dana.id, &definition).await.unwrap();
        store.publish_workflow(id, dana.id).await.unwrap();
        let versions = client
            .call("workflows/versions", &dana_cookie, &[("id", wid.as_str())])
            .await;
        assert_eq!(versions.status, StatusCode::OK, "{}", versions.body);
        let versions: Vec<VersionEntry> = serde_json::from_str(&versions.body).unwrap();
        assert_eq!(versions[0].summary.number, 2);
        assert_eq!(
            versions[0].changes,
            ["Added \u{201c}Note\u{201d} (Add Note)"]
        );
        assert_eq!(versions[1].changes, ["First version"]);
    })
    .await;
}
