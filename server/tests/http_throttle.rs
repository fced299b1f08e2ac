//! Password throttling and temporary passwords over HTTP, on both engines: parallel
//! guesses, shared addresses, trusted proxies, changing a password.
mod common;

use app::auth::network::TrustedProxies;
use app::auth::throttle::WINDOW_MS;
use app::store::now_ms;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::{Client, Reply};
use common::on_each_engine;
use std::sync::Arc;

const WRONG: &str = "Email or password is incorrect.";
const PAUSED: &str = "Too many failed password attempts";

async fn sign_in_from(client: &Client, peer: &str, email: &str, password: &str) -> Reply {
    client
        .post_from(
            peer,
            "account/sign_in",
            "",
            &[("email", email), ("password", password)],
            &[("accept", "application/json")],
        )
        .await
}

/// Adds a user with a temporary password as the admin behind `admin`.
async fn add_user(client: &Client, admin: &str, email: &str, role: &str) {
    let added = client
        .call(
            "users/add",
            admin,
            &[
                ("name", "Fox Mulder"),
                ("email", email),
                ("role", role),
                ("temporary_password", "temporary pass 1"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_parallel_guesses_get_at_most_five_passwords_checked() {
    on_each_engine(|store| async move {
        let client = Arc::new(Client::new(store));
        client.create_workspace("Acme").await;
        let guesses = (0..30).map(|n| {
            let client = client.clone();
            tokio::spawn(async move {
                sign_in_from(
                    &client,
                    "203.0.113.7:5000",
                    "dana@acme.test",
                    &format!("guess number {n}"),
                )
                .await
                .body
            })
        });
        let mut checked = 0;
        for guess in guesses.collect::<Vec<_>>() {
            let body = guess.await.unwrap();
            match body {
                b if b.contains(WRONG) => checked += 1,
                b => assert!(b.contains(PAUSED), "{b}"),
            }
        }
        assert!(checked <= 5, "{checked} passwords were checked");
        let right = sign_in_from(
            &client,
            "203.0.113.7:5000",
            "dana@acme.test",
            "correct horse battery",
        )
        .await;
        assert!(right.body.contains(PAUSED), "{}", right.body);
        assert!(right.set_cookie.is_none(), "no sign-in past the limit");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn failures_of_other_accounts_on_an_address_do_not_lock_out_a_right_password() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let admin = client.create_workspace("Acme").await;
        add_user(&client, &admin, "fox@acme.test", "user").await;
        let office = "203.0.113.7:5000";
        let typo = sign_in_from(&client, office, "fox@acme.test", "not foxes password").await;
        assert!(typo.body.contains(WRONG), "{}", typo.body);
        for n in 0..29 {
            let reply =
                sign_in_from(&client, office, &format!("visitor{n}@acme.test"), "wrong").await;
            assert!(reply.body.contains(WRONG), "{}", reply.body);
        }
        let dana = sign_in_from(&client, office, "dana@acme.test", "correct horse battery").await;
        assert_eq!(dana.status, StatusCode::OK, "{}", dana.body);
        assert!(
            dana.cookie().starts_with("dealflow_session="),
            "Dana has no failures: signed in"
        );

        let fox = sign_in_from(&client, office, "fox@acme.test", "temporary pass 1").await;
        assert!(
            fox.body.contains(PAUSED),
            "fox failed from this busy address: {}",
            fox.body
        );
        let elsewhere = sign_in_from(
            &client,
            "198.51.100.2:6000",
            "fox@acme.test",
            "temporary pass 1",
        )
        .await;
        assert!(
            elsewhere.cookie().starts_with("dealflow_session="),
            "{}",
            elsewhere.body
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
    on_each_engine(|store| async move {
        let client = Client::with(store.clone(), |serve| {
            serve.trusted_proxy = Some(TrustedProxies::parse("10.0.0.0/8").unwrap());
        });
        client.create_workspace("Acme").await;
        let form = [("email", "dana@acme.test"), ("password", "wrong")];
        let forwarded = [
            ("accept", "application/json"),
            ("x-forwarded-for", "192.0.2.1, 203.0.113.5"),
        ];
        for peer in ["10.0.0.1:5000", "198.51.100.7:5000"] {
            let reply = client
                .post_from(peer, "account/sign_in", "", &form, &forwarded)
                .await;
            assert!(reply.body.contains(WRONG), "{}", reply.body);
        }
        let failures_from = |address: &'static str| {
            let store = store.clone();
            async move {
                store
                    .sign_in_failures_since("nobody", address, now_ms() - WINDOW_MS)
                    .await
                    .unwrap()
                    .for_address
            }
        };
        assert_eq!(failures_from("203.0.113.5").await, 1, "the proxy's word");
        assert_eq!(
            failures_from("198.51.100.7").await,
            1,
            "an untrusted peer's header is ignored"
        );
        assert_eq!(
            failures_from("192.0.2.1").await,
            0,
            "what the caller wrote is not believed"
        );
        assert_eq!(failures_from("10.0.0.1").await, 0);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wrong_current_passwords_pause_changing_the_password() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let admin = client.create_workspace("Acme").await;
        let change = |current: &'static str| {
            let admin = admin.clone();
            let client = &client;
            async move {
                client
                    .call(
                        "account/change_password",
                        &admin,
                        &[
                            ("current_password", current),
                            ("new_password", "a brand new password"),
                            ("confirm_password", "a brand new password"),
                        ],
                    )
                    .await
            }
        };
        for _ in 0..5 {
            let wrong = change("not my password").await;
            assert!(
                wrong.body.contains("current password is not right"),
                "{}",
                wrong.body
            );
        }
        let right = change("correct horse battery").await;
        assert!(right.body.contains(PAUSED), "{}", right.body);
        let new = client
            .sign_in("dana@acme.test", "a brand new password", "")
            .await;
        assert!(new.set_cookie.is_none(), "the password was not changed");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_temporary_password_may_only_be_changed_or_signed_out() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let admin = client.create_workspace("Acme").await;
        add_user(&client, &admin, "fox@acme.test", "manager").await;
        let fox = client
            .sign_in("fox@acme.test", "temporary pass 1", "")
            .await
            .cookie();
        let other = client
            .sign_in("fox@acme.test", "temporary pass 1", "")
            .await
            .cookie();

        for endpoint in ["people", "pipelines/set_up"] {
            let refused = client.call(endpoint, &fox, &[]).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{endpoint}");
            assert!(
                refused.body.contains("Choose your own password first"),
                "{}",
                refused.body
            );
        }
        let form = client
            .post("pipelines/set_up", &fox, &[], &[("accept", "text/html")])
            .await;
        assert_eq!(
            form.location.as_deref(),
            Some("/account"),
            "a plain form goes to the page"
        );
        let pipelines = client.call("pipelines/settings", &admin, &[]).await;
        assert_eq!(pipelines.body, "[]", "nothing was set up");
        let live = client
            .open(
                Request::get("/api/live/board")
                    .header(header::COOKIE, &fox)
                    .header(header::ACCEPT, "text/event-stream")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(live.status(), StatusCode::FORBIDDEN, "no live board either");

        let session = client.call("account/session", &fox, &[]).await;
        assert_eq!(session.status, StatusCode::OK, "{}", session.body);
        let out = client.call("account/sign_out", &other, &[]).await;
        assert_eq!(out.status, StatusCode::OK, "{}", out.body);
        let changed = client
            .call(
                "account/change_password",
                &fox,
                &[
                    ("current_password", "temporary pass 1"),
                    ("new_password", "foxes own password"),
                    ("confirm_password", "foxes own password"),
                ],
            )
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        let people = client.call("people", &fox, &[]).await;
        assert_eq!(people.status, StatusCode::OK, "{}", people.body);
    })
    .await;
}
