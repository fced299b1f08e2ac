//! User text never becomes markup: a workspace whose every free-text field holds HTML
//! renders every page with that text escaped, wherever the server writes it.
mod common;

use app::domain::activity::ActivityTarget;
use app::domain::change::Actor;
use app::domain::import::MAX_ROWS;
use app::domain::links::LinkChange;
use app::domain::opportunity::Status;
use app::domain::pipeline::{default_stages, Probability};
use app::domain::settings::DealSettings;
use app::store::files::NewFile;
use app::store::imports::NewImport;
use app::store::opportunities::create::{ContactChoice, NewOpportunity};
use app::store::opportunities::service::StandingChange;
use app::store::Store;
use axum::http::StatusCode;
use common::custom::{field, opportunity_field, typed};
use common::deals::{activity, company, contact, deal, link, linked_company, new_user};
use common::http::Client;
use common::on_each_engine;

/// Text that breaks out of an attribute, closes the title and adds a script handler
/// (short enough for every field: stage names and field labels allow 60 characters).
const HOSTILE: &str = "\"></title><img src=x onerror=alert(1)>";

/// What must never reach a page as it was typed.
const MARKUP: [&str; 2] = ["<img src=x", "</title><img"];

/// The ids of the records the pages below show.
struct Hostile {
    deal: i64,
    lost_deal: i64,
    pipeline: i64,
    contact: i64,
    company: i64,
    import: i64,
}

/// Every free-text field of the workspace filled with `HOSTILE`, through the same store
/// calls the screens and the import use.
async fn hostile_workspace(store: &Store, client: &Client) -> (String, Hostile) {
    let cookie = client.create_workspace(HOSTILE).await;
    let admin = store.users().await.unwrap().remove(0);
    let me = Actor::User(admin.id);
    let rep = store
        .create_user(&new_user(HOSTILE, "rep@acme.test", false))
        .await
        .unwrap();
    let mut pipeline = store
        .create_pipeline(HOSTILE, &default_stages())
        .await
        .unwrap();
    pipeline = store
        .add_stage(
            pipeline.id,
            HOSTILE,
            Probability::for_open_stage(40).unwrap(),
        )
        .await
        .unwrap();
    let hostile_stage = pipeline
        .stages
        .iter()
        .find(|s| s.name == HOSTILE)
        .unwrap()
        .id;
    store
        .save_deal_settings(&DealSettings {
            lost_reasons: vec![HOSTILE.to_string()],
            allow_multiple_opportunities_per_contact: true,
            sync_contact_owner: false,
            ..store.deal_settings().await.unwrap()
        })
        .await
        .unwrap();
    let text = opportunity_field(store, HOSTILE, "text", "").await;
    opportunity_field(store, "Treatment", "single_select", HOSTILE).await;
    let select = field(
        store,
        app::domain::custom_field::FieldEntity::Opportunity,
        "treatment",
    )
    .await;

    let person = contact(store, HOSTILE, HOSTILE, "evil@acme.test").await;
    let firm = company(store, HOSTILE, "evil.test").await;
    let card = store
        .create_opportunity(
            me,
            NewOpportunity {
                fields: app::domain::deal::DealFields::parse(HOSTILE, "10", HOSTILE, "", 2)
                    .unwrap(),
                stage: Some(hostile_stage),
                status: Status::Open,
                contact: Some(ContactChoice::Existing(person)),
                owner: Some(rep.id),
            },
        )
        .await
        .unwrap();
    let card = link(store, me, card.id, linked_company(firm)).await;
    let card = link(
        store,
        me,
        card.id,
        LinkChange::Follower {
            user: rep.id,
            linked: true,
        },
    )
    .await;
    let card = store
        .edit_opportunity(me, card.id, card.version, typed(&text, HOSTILE))
        .await
        .unwrap();
    store
        .edit_opportunity(me, card.id, card.version, typed(&select, HOSTILE))
        .await
        .unwrap();
    for details in [
        activity(&[("kind", "note"), ("body", HOSTILE)]),
        activity(&[("kind", "task"), ("body", HOSTILE), ("title", HOSTILE)]),
        activity(&[
            ("kind", "call"),
            ("body", HOSTILE),
            ("outcome", "connected"),
        ]),
        activity(&[
            ("kind", "meeting"),
            ("title", HOSTILE),
            ("body", HOSTILE),
            ("starts_at", "2026-12-01T10:00"),
            ("ends_at", "2026-12-01T11:00"),
            ("meeting_status", "scheduled"),
        ]),
    ] {
        store
            .add_activity(me, ActivityTarget::Opportunity(card.id.0), &details)
            .await
            .unwrap();
    }
    let note = activity(&[("kind", "note"), ("body", HOSTILE)]);
    store
        .add_activity(me, ActivityTarget::Contact(person.0), &note)
        .await
        .unwrap();
    store
        .add_activity(me, ActivityTarget::Company(firm.0), &note)
        .await
        .unwrap();
    let file_name = format!("{HOSTILE}.txt");
    store
        .add_file(
            me,
            card.id,
            NewFile {
                file_name: &file_name,
                content_type: "text/plain",
                bytes: HOSTILE.as_bytes(),
                summary: Some(Ok(vec![HOSTILE.to_string()])),
            },
        )
        .await
        .unwrap();

    let lost = store
        .create_opportunity(
            me,
            deal(&format!("{HOSTILE} lost"), "5", Some(hostile_stage)),
        )
        .await
        .unwrap();
    store
        .change_standing(
            me,
            lost.id,
            lost.version,
            StandingChange {
                stage: None,
                status: Some(Status::Lost),
                lost_reason: Some(HOSTILE.to_string()),
            },
        )
        .await
        .unwrap();

    let import = hostile_import(store, admin.id).await;
    let ids = Hostile {
        deal: card.id.0,
        lost_deal: lost.id.0,
        pipeline: pipeline.id.0,
        contact: person.0,
        company: firm.0,
        import,
    };
    (cookie, ids)
}

/// An import whose file name, headings and cells are all hostile.
async fn hostile_import(store: &Store, user: app::domain::account::UserId) -> i64 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("upload.csv");
    let csv = format!(
        "\"{h}\",Name\n\"{h}\",\"{h}\"\n",
        h = HOSTILE.replace('"', "\"\"")
    );
    std::fs::write(&path, &csv).unwrap();
    let analysis = app::transfer::analyze(&path, None, MAX_ROWS).unwrap();
    store
        .create_import(&NewImport {
            created_by: user,
            file_name: format!("{HOSTILE}.csv"),
            file_size: csv.len() as u64,
            shape: analysis.shape,
            headers: analysis.headers,
            samples: analysis.samples,
            total_rows: analysis.rows,
            utf8_doubt: None,
        })
        .await
        .unwrap()
}

/// Every page an admin can open, with the hostile records in them.
fn pages(ids: &Hostile) -> Vec<String> {
    vec![
        "/".into(),
        format!("/opportunities?pipeline={}", ids.pipeline),
        format!("/opportunities?view=list&pipeline={}", ids.pipeline),
        "/opportunities?view=list".into(),
        format!("/opportunities/{}", ids.deal),
        format!("/opportunities/{}", ids.lost_deal),
        "/contacts".into(),
        format!("/contacts/{}", ids.contact),
        "/companies".into(),
        format!("/companies/{}", ids.company),
        "/settings/pipelines".into(),
        "/settings/opportunities".into(),
        "/settings/fields".into(),
        "/users".into(),
        "/opportunities/import".into(),
        format!("/opportunities/import/{}", ids.import),
        "/account".into(),
    ]
}

#[tokio::test]
async fn hostile_text_is_escaped_on_every_page() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let (cookie, ids) = hostile_workspace(&store, &client).await;
        for path in pages(&ids) {
            let reply = client.page(&path, &cookie).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
            assert!(reply.body.contains("</html>"), "{path} was cut short");
            for markup in MARKUP {
                assert!(
                    !reply.body.contains(markup),
                    "{path} wrote user text as markup ({markup}) in:\n{}",
                    around(&reply.body, markup)
                );
            }
        }
        // The records really are on their pages, escaped: the test sees what it checks.
        for path in [
            format!("/opportunities/{}", ids.deal),
            format!("/contacts/{}", ids.contact),
            format!("/companies/{}", ids.company),
            format!("/opportunities/import/{}", ids.import),
        ] {
            let body = client.page(&path, &cookie).await.body;
            let title = body
                .split_once("<title>")
                .and_then(|(_, rest)| rest.split_once("</title>"))
                .map(|(title, _)| title.to_string())
                .unwrap_or_default();
            assert!(
                title.contains("&lt;img src=x onerror=alert(1)&gt;"),
                "{path}'s title is not the escaped name: {title}"
            );
        }
    })
    .await;
}

/// The text around the first `needle`, to show where markup leaked.
fn around(body: &str, needle: &str) -> String {
    let at = body.find(needle).unwrap_or(0);
    let start = body[..at]
        .char_indices()
        .rev()
        .nth(200)
        .map_or(0, |(i, _)| i);
    let end = body[at..]
        .char_indices()
        .nth(200)
        .map_or(body.len(), |(i, _)| at + i);
    body[start..end].to_string()
}
