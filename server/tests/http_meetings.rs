//! Changing a meeting over HTTP (`activities/meeting`), on both engines: whoever may see
//! the deal saves it; a person with `Only assigned data` gets 404 for a deal not theirs
//! before anything about their input; bad input is refused at its field and nothing
//! changes.
mod common;

use app::api::AppError;
use app::domain::account::UserId;
use app::domain::activity::{ActivityDetails, ActivityTarget};
use app::domain::change::Actor;
use app::domain::pipeline::default_stages;
use axum::http::StatusCode;
use common::deals::{activity, deal, stage};
use common::http::{Client, Reply};
use common::on_each_engine;

const BOOKED: [(&str, &str); 5] = [
    ("kind", "meeting"),
    ("title", "Demo"),
    ("starts_at", "2027-03-01T10:00"),
    ("ends_at", "2027-03-01T11:00"),
    ("meeting_status", "scheduled"),
];

/// `activities/meeting` for meeting `id`, with the form's fields as `changes` over BOOKED.
async fn save(client: &Client, cookie: &str, id: i64, changes: &[(&str, &str)]) -> Reply {
    let id = id.to_string();
    let mut form: Vec<(String, &str)> = vec![("id".into(), id.as_str())];
    for (field, value) in BOOKED {
        let value = changes
            .iter()
            .find(|(f, _)| *f == field)
            .map_or(value, |(_, v)| *v);
        form.push((format!("form[{field}]"), value));
    }
    for (field, value) in changes {
        if !BOOKED.iter().any(|(f, _)| f == field) {
            form.push((format!("form[{field}]"), value));
        }
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    client.call("activities/meeting", cookie, &form).await
}

/// The fields a case changes, the field its problem is at, and the message (empty: any).
type BadCase<'a> = (&'a [(&'a str, &'a str)], &'a str, &'a str);

fn error(reply: &Reply) -> AppError {
    serde_json::from_str(&reply.body).unwrap_or_else(|_| panic!("{} {}", reply.status, reply.body))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_meeting_is_changed_by_who_may_see_it_and_bad_input_changes_nothing() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let dana = client.create_workspace("Acme").await;
        let team = client.teammates(&dana).await;
        let (fox, walter) = (&team[1].0, &team[2].0);
        let sales = store
            .create_pipeline("Sales", &default_stages())
            .await
            .unwrap();
        let globex = store
            .create_opportunity(
                Actor::User(UserId(1)),
                deal("Globex", "10", Some(stage(&sales, "Prospecting"))),
            )
            .await
            .unwrap();
        let id = store
            .add_activity(
                Actor::User(UserId(1)),
                ActivityTarget::Opportunity(globex.id.0),
                &activity(&BOOKED),
            )
            .await
            .unwrap();
        let stored = |store: app::store::Store| async move {
            store
                .timeline(globex.id)
                .await
                .unwrap()
                .into_iter()
                .find_map(|e| e.activity.filter(|a| a.id == id).map(|a| a.details))
                .unwrap()
        };

        // Walter sees only deals he owns or follows: to him the meeting does not exist,
        // whatever he sends.
        for changes in [
            &[("title", "Mine now")][..],
            &[("meeting_status", "bogus")][..],
        ] {
            let reply = save(&client, walter, id, changes).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
        }

        // Bad input: each refused at its field, with what to do.
        let cases: [BadCase; 4] = [
            (
                &[("meeting_status", "bogus")],
                "meeting_status",
                "'bogus' is not a meeting status. Choose Scheduled, Completed or Cancelled.",
            ),
            (
                &[("ends_at", "2027-03-01T09:00")],
                "ends_at",
                "The meeting must end after it starts.",
            ),
            (&[("title", "  ")], "title", ""),
            (&[("starts_at", "next Tuesday")], "starts_at", ""),
        ];
        for (changes, field, message) in cases {
            let reply = save(&client, fox, id, changes).await;
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{changes:?}: {}",
                reply.body
            );
            let problem = error(&reply).for_field(field);
            let problem = problem.unwrap_or_else(|| panic!("{changes:?}: {}", reply.body));
            if !message.is_empty() {
                assert_eq!(problem, message, "{changes:?}");
            }
        }
        assert_eq!(
            stored(store.clone()).await,
            activity(&BOOKED),
            "nothing changed"
        );

        // Fox may see the deal: his change is saved.
        let reply = save(
            &client,
            fox,
            id,
            &[("meeting_status", "completed"), ("body", "Went well.")],
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let ActivityDetails::Meeting { status, notes, .. } = stored(store.clone()).await else {
            panic!("still a meeting");
        };
        assert_eq!(status, app::domain::activity::MeetingStatus::Completed);
        assert_eq!(notes.as_deref(), Some("Went well."));

        // A meeting that is not there, or a note, is not found.
        let reply = save(&client, fox, id + 100, &[]).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    })
    .await;
}
