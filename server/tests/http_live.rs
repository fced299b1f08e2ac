//! The live board stream outlives no one's access, on both engines: it ends when its
//! session is signed out or its person deactivated, filters each event by the person's
//! rights when it is sent, not when the stream opened, and takes a deal off the boards
//! of people who may no longer see it.
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::Client;
use common::on_each_engine;
use http_body_util::BodyExt;
use serde_json::Value;
use std::time::Duration;

/// Longer than the wait for a signal, shorter than the stream's quiet re-check.
const PROMPTLY: Duration = Duration::from_secs(3);

async fn open_stream(client: &Client, cookie: &str) -> Body {
    open_stream_at(client, cookie, "/api/live/board").await
}

async fn open_stream_at(client: &Client, cookie: &str, path: &str) -> Body {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let response = client.open(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.into_body()
}

/// Reads the stream until `seen` holds `wanted`, returning all that was read.
async fn read_until(body: &mut Body, wanted: &str) -> String {
    let mut seen = String::new();
    while !seen.contains(wanted) {
        let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
            .await
            .unwrap_or_else(|_| panic!("{wanted} arrives within 5 s; read so far: {seen}"))
            .unwrap_or_else(|| panic!("the stream ended before {wanted}; read: {seen}"))
            .unwrap();
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    seen
}

/// The deal changes in what was read from the stream.
fn changes(read: &str) -> Vec<Value> {
    read.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter_map(|data| serde_json::from_str::<Value>(data).ok())
        .map(|change| change["Deal"].clone())
        .filter(|deal| !deal.is_null())
        .collect()
}

/// Reads the stream to its end, which must come promptly; returns what was read.
async fn read_to_end(body: &mut Body) -> String {
    let mut seen = String::new();
    let ended = tokio::time::timeout(PROMPTLY, async {
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.unwrap().into_data() {
                seen.push_str(&String::from_utf8_lossy(&data));
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the stream is still open; read: {seen}");
    seen
}

/// Sets up the default pipeline; returns the id of its first stage.
async fn set_up(client: &Client, cookie: &str) -> String {
    let reply = client.call("pipelines/set_up", cookie, &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let pipeline: Value = serde_json::from_str(&reply.body).unwrap();
    pipeline["stages"][0]["id"].to_string()
}

/// Creates a deal; returns its card as the server answered.
async fn create(client: &Client, (cookie, stage): (&str, &str), name: &str, owner: &str) -> Value {
    let reply = client
        .call(
            "opportunities/create",
            cookie,
            &[
                ("form[name]", name),
                ("form[value]", "4,242"),
                ("form[stage]", stage),
                ("form[status]", "open"),
                ("form[owner]", owner),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

/// Sets one field of a deal as the profile page does; returns the card it became.
async fn edit(client: &Client, cookie: &str, card: &Value, field: &str, value: &str) -> Value {
    let reply = client
        .call(
            "opportunities/edit",
            cookie,
            &[
                ("id", &card["id"].to_string()),
                ("version", &card["version"].to_string()),
                ("field", field),
                ("value", value),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).unwrap()
}

/// Gives a colleague `Only assigned data`, keeping their role.
async fn limit(client: &Client, admin: &str, id: &str, role: &str) {
    let limited = client
        .call(
            "users/update_access",
            admin,
            &[("id", id), ("role", role), ("only_assigned_data", "true")],
        )
        .await;
    assert_eq!(limited.status, StatusCode::OK, "{}", limited.body);
}

/// Adds a colleague with this role, signed in with their own password: (id, cookie).
async fn colleague(client: &Client, admin: &str, email: &str, role: &str) -> (String, String) {
    let added = client
        .call(
            "users/add",
            admin,
            &[
                ("name", email.split('@').next().unwrap()),
                ("email", email),
                ("role", role),
                ("temporary_password", "temporary pass 1"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let id = serde_json::from_str::<Value>(&added.body).unwrap()["id"].to_string();
    let cookie = client.sign_in(email, "temporary pass 1", "").await.cookie();
    let changed = client
        .call(
            "account/change_password",
            &cookie,
            &[
                ("current_password", "temporary pass 1"),
                ("new_password", "a password of their own"),
                ("confirm_password", "a password of their own"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    (id, cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_live_stream_ends_when_its_session_is_signed_out() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let stage = set_up(&client, &dana).await;
        let by_dana = (dana.as_str(), stage.as_str());
        let mut stream = open_stream(&client, &dana).await;
        create(&client, by_dana, "Before signing out", "").await;
        read_until(&mut stream, "Before signing out").await;

        let out = client.call("account/sign_out", &dana, &[]).await;
        assert_eq!(out.status, StatusCode::OK, "{}", out.body);
        let other = client
            .sign_in("dana@acme.test", "correct horse battery", "")
            .await;
        create(
            &client,
            (&other.cookie(), &stage),
            "ZZSECRET after signing out",
            "",
        )
        .await;
        let rest = read_to_end(&mut stream).await;
        assert!(!rest.contains("ZZSECRET"), "{rest}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_live_stream_ends_when_its_user_is_deactivated() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let stage = set_up(&client, &dana).await;
        let by_dana = (dana.as_str(), stage.as_str());
        let (fox, fox_cookie) = colleague(&client, &dana, "fox@acme.test", "user").await;
        let mut stream = open_stream(&client, &fox_cookie).await;
        create(&client, by_dana, "Before deactivation", "").await;
        read_until(&mut stream, "Before deactivation").await;

        let off = client
            .call(
                "users/set_active",
                &dana,
                &[("id", &fox), ("active", "false")],
            )
            .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        create(&client, by_dana, "ZZSECRET after deactivation", "").await;
        let rest = read_to_end(&mut stream).await;
        assert!(!rest.contains("ZZSECRET"), "{rest}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_live_stream_filters_by_rights_changed_while_it_is_open() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let stage = set_up(&client, &dana).await;
        let by_dana = (dana.as_str(), stage.as_str());
        let (mona, mona_cookie) = colleague(&client, &dana, "mona@acme.test", "manager").await;
        let mut stream = open_stream(&client, &mona_cookie).await;
        create(&client, by_dana, "Dana's open deal", "").await;
        read_until(&mut stream, "Dana's open deal").await;

        limit(&client, &dana, &mona, "manager").await;
        let reload = read_until(&mut stream, "event: reload").await;
        assert!(reload.contains("data: access"), "{reload}");
        create(&client, by_dana, "ZZSECRET-A alpha deal", "").await;
        create(&client, by_dana, "Mona's own deal", &mona).await;
        let seen = read_until(&mut stream, "Mona's own deal").await;
        assert!(!seen.contains("ZZSECRET"), "{seen}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_deal_given_away_leaves_the_board_of_a_person_limited_to_their_own() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let stage = set_up(&client, &dana).await;
        let by_dana = (dana.as_str(), stage.as_str());
        let (alex, alex_cookie) = colleague(&client, &dana, "alex@acme.test", "user").await;
        let (bea, _) = colleague(&client, &dana, "bea@acme.test", "user").await;
        limit(&client, &dana, &alex, "user").await;
        let mut stream = open_stream(&client, &alex_cookie).await;
        let deal = create(&client, by_dana, "Alex's renewal", &alex).await;
        read_until(&mut stream, "Alex's renewal").await;

        let given = edit(&client, &dana, &deal, "owner", &bea).await;
        let removal = read_until(&mut stream, "}\n\n").await;
        let told = changes(&removal);
        assert_eq!(told.len(), 1, "{removal}");
        assert_eq!(told[0]["before"]["id"], deal["id"], "{removal}");
        assert!(
            told[0]["after"].is_null(),
            "the card is taken off: {removal}"
        );
        assert!(
            !removal.contains("bea"),
            "nothing of what it became: {removal}"
        );

        edit(&client, &dana, &given, "name", "ZZSECRET renamed renewal").await;
        create(&client, by_dana, "Alex's next deal", &alex).await;
        let later = read_until(&mut stream, "Alex's next deal").await;
        assert!(!later.contains("ZZSECRET"), "{later}");
        let about_it =
            |c: &Value| c["before"]["id"] == deal["id"] || c["after"]["id"] == deal["id"];
        assert!(!changes(&later).iter().any(about_it), "{later}");
    })
    .await;
}

/// The board's mark, as `opportunities/board` answers it.
async fn board_mark(client: &Client, cookie: &str) -> i64 {
    let reply = client.call("opportunities/board", cookie, &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let board: Value = serde_json::from_str(&reply.body).unwrap();
    board["as_of"]
        .as_i64()
        .expect("the board says where the change log was")
}

/// A change between the board's read and its stream's start (a workflow's step, another
/// person's move) is not lost: the stream starts with `reload`. Opened at the current
/// mark, it starts with nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_change_between_the_boards_read_and_its_stream_reloads_the_board() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let stage = set_up(&client, &dana).await;
        let read_at = board_mark(&client, &dana).await;
        create(&client, (&dana, &stage), "Globex", "").await;
        let now = board_mark(&client, &dana).await;
        assert!(now > read_at, "the create moved the mark");

        let mut missed =
            open_stream_at(&client, &dana, &format!("/api/live/board?since={read_at}")).await;
        let read = read_until(&mut missed, "event: reload").await;
        assert!(read.contains("data: missed"), "{read}");

        let mut current =
            open_stream_at(&client, &dana, &format!("/api/live/board?since={now}")).await;
        let quiet = tokio::time::timeout(Duration::from_millis(500), current.frame()).await;
        assert!(
            quiet.is_err(),
            "nothing to send at the current mark: {quiet:?}"
        );
        create(&client, (&dana, &stage), "Initech", "").await;
        let read = read_until(&mut current, "Initech").await;
        assert!(!read.contains("event: reload"), "{read}");
    })
    .await;
}
