//! `Reset password` on the Users page and `dealflow reset-password` on the command line,
//! on both engines: a temporary password shown once, sessions ended, a forced change at
//! the next sign-in, the reset recorded, and no admin able to lock themselves out.
mod common;

use axum::http::StatusCode;
use common::http::Client;
use common::{on_each_database, on_each_engine, TEST_LIMIT};
use serde_json::Value;

const FOX_FIRST: &str = "temporary pass 1";

/// Adds Fox as a user and signs him in; returns his id and session cookie.
async fn fox_signed_in(client: &Client, admin: &str) -> (String, String) {
    let added = client
        .call(
            "users/add",
            admin,
            &[
                ("name", "Fox Mulder"),
                ("email", "fox@acme.test"),
                ("role", "user"),
                ("temporary_password", FOX_FIRST),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    let fox: Value = serde_json::from_str(&added.body).unwrap();
    let cookie = client
        .sign_in("fox@acme.test", FOX_FIRST, "")
        .await
        .cookie();
    assert!(cookie.starts_with("dealflow_session="));
    (fox["id"].to_string(), cookie)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_admin_resets_a_password_once_shown_and_the_old_session_ends() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let admin = client.create_workspace("Acme").await;
        let (fox, fox_cookie) = fox_signed_in(&client, &admin).await;
        // Five wrong guesses pause the account; a reset lets Fox in at once.
        for n in 0..5 {
            client
                .sign_in("fox@acme.test", &format!("guess {n} wrong"), "")
                .await;
        }

        let reset = client
            .call("users/reset_password", &admin, &[("id", &fox)])
            .await;
        assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
        let reset: Value = serde_json::from_str(&reset.body).unwrap();
        let temporary = reset["password"].as_str().unwrap().to_string();
        assert!(temporary.len() >= 10, "{temporary}");
        assert_eq!(reset["user"]["must_change_password"], true);

        assert_eq!(
            client.page("/", &fox_cookie).await.location.as_deref(),
            Some("/login"),
            "the old session ended"
        );
        let old = client.sign_in("fox@acme.test", FOX_FIRST, "").await;
        assert!(old.body.contains("incorrect"), "{}", old.body);
        let signed_in = client.sign_in("fox@acme.test", &temporary, "").await;
        assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
        assert_eq!(
            client
                .page("/", &signed_in.cookie())
                .await
                .location
                .as_deref(),
            Some("/account"),
            "the temporary password must be changed first"
        );

        let users = client.call("users/list", &admin, &[]).await;
        assert!(!users.body.contains(&temporary), "never shown again");
        let users: Value = serde_json::from_str(&users.body).unwrap();
        let listed = users
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["user"]["email"] == "fox@acme.test")
            .unwrap();
        assert_eq!(listed["last_reset"]["by"], "Dana Scully", "{listed}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn only_admins_reset_and_never_their_own_password() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let admin = client.create_workspace("Acme").await;
        let (_, fox_cookie) = fox_signed_in(&client, &admin).await;

        let own = client
            .call("users/reset_password", &admin, &[("id", "1")])
            .await;
        assert!(
            own.body.contains("cannot reset your own password"),
            "{}",
            own.body
        );
        let dana = client
            .sign_in("dana@acme.test", "correct horse battery", "")
            .await;
        assert_eq!(dana.status, StatusCode::OK, "{}", dana.body);

        let changed = client
            .call(
                "account/change_password",
                &fox_cookie,
                &[
                    ("current_password", FOX_FIRST),
                    ("new_password", "foxes own password"),
                    ("confirm_password", "foxes own password"),
                ],
            )
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        let by_user = client
            .call("users/reset_password", &fox_cookie, &[("id", "1")])
            .await;
        assert_eq!(by_user.body, r#""Forbidden""#);
        let missing = client
            .call("users/reset_password", &admin, &[("id", "999")])
            .await;
        assert_ne!(missing.status, StatusCode::OK);
        assert_eq!(
            client.page("/", &fox_cookie).await.status,
            StatusCode::OK,
            "refused resets end no session"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_command_line_prints_a_temporary_password_for_a_lost_admin() {
    on_each_database(TEST_LIMIT, |store, url| async move {
        let client = Client::new(store.clone());
        let admin = client.create_workspace("Acme").await;
        let run = move |email: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_dealflow"))
                .args(["reset-password", "--email", email])
                .env("DATABASE_URL", &url)
                .env("RUST_LOG", "error")
                .output()
                .expect("dealflow runs")
        };
        let done = tokio::task::spawn_blocking({
            let run = run.clone();
            move || run("Dana@Acme.test")
        })
        .await
        .unwrap();
        let out = String::from_utf8_lossy(&done.stdout).to_string();
        assert!(
            done.status.success(),
            "{out}{}",
            String::from_utf8_lossy(&done.stderr)
        );
        let temporary = out
            .lines()
            .find_map(|l| l.strip_prefix("Temporary password for dana@acme.test: "))
            .unwrap_or_else(|| panic!("{out}"))
            .trim()
            .to_string();

        assert_eq!(
            client.page("/", &admin).await.location.as_deref(),
            Some("/login"),
            "the admin's sessions ended"
        );
        let old = client
            .sign_in("dana@acme.test", "correct horse battery", "")
            .await;
        assert!(old.body.contains("incorrect"), "{}", old.body);
        let signed_in = client.sign_in("dana@acme.test", &temporary, "").await;
        assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
        assert_eq!(
            client
                .page("/users", &signed_in.cookie())
                .await
                .location
                .as_deref(),
            Some("/account")
        );
        let resets = store.last_password_resets().await.unwrap();
        let dana = store.users().await.unwrap()[0].id;
        assert_eq!(resets[&dana].by, None, "recorded as the command line's");

        let unknown = tokio::task::spawn_blocking(move || run("nobody@acme.test"))
            .await
            .unwrap();
        assert!(!unknown.status.success());
        assert!(
            String::from_utf8_lossy(&unknown.stderr)
                .contains("No user has the email nobody@acme.test"),
            "{}",
            String::from_utf8_lossy(&unknown.stderr)
        );
    })
    .await;
}
