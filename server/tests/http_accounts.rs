//! Accounts over HTTP, on both engines: first run, sign-in, sessions, throttling, CSRF, escaping.
//! Multi-threaded like the real server: Leptos SSR can stall on a one-worker runtime.
mod common;

use axum::http::StatusCode;
use common::http::Client;
use common::on_each_engine;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn first_run_leads_to_workspace_creation_then_sign_in() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let home = client.page("/", "").await;
        assert_eq!(
            (home.status, home.location.as_deref()),
            (StatusCode::SEE_OTHER, Some("/setup"))
        );
        let setup = client.page("/setup", "").await;
        assert_eq!(setup.status, StatusCode::OK);
        assert!(
            setup.body.contains("Create your workspace"),
            "server-rendered form"
        );
        assert!(setup.body.contains(r#"name="business_name""#));

        let cookie = client
            .create_workspace("Acme <script>alert(1)</script>")
            .await;
        assert!(cookie.starts_with("dealflow_session="));
        let home = client.page("/", &cookie).await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.body.contains("Welcome, Dana"));
        assert!(
            home.body
                .contains("Acme &lt;script&gt;alert(1)&lt;/script&gt;"),
            "input is escaped"
        );
        assert!(!home.body.contains("<script>alert(1)"));

        let setup = client.page("/setup", "").await;
        assert_eq!(setup.location.as_deref(), Some("/login"), "setup is over");
        let again = client
            .call(
                "account/create_workspace",
                "",
                &[
                    ("business_name", "X"),
                    ("currency", "USD"),
                    ("name", "Eve"),
                    ("email", "eve@x.test"),
                    ("password", "long enough pw"),
                ],
            )
            .await;
        assert!(
            again.body.contains("already has a workspace"),
            "{}",
            again.body
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn workspace_form_errors_name_the_field() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let reply = client
            .call(
                "account/create_workspace",
                "",
                &[
                    ("business_name", "Acme"),
                    ("currency", "ABCD"),
                    ("name", "Dana"),
                    ("email", "dana@acme.test"),
                    ("password", "long enough pw"),
                ],
            )
            .await;
        assert!(
            reply.body.contains("currency") && reply.body.contains("not an ISO 4217 currency"),
            "{}",
            reply.body
        );
        let reply = client
            .call(
                "account/create_workspace",
                "",
                &[
                    ("business_name", "Acme"),
                    ("currency", "USD"),
                    ("name", "Dana"),
                    ("email", "dana@acme.test"),
                    ("password", "short"),
                ],
            )
            .await;
        assert!(
            reply.body.contains("at least 10 characters"),
            "{}",
            reply.body
        );
        assert!(
            client.page("/", "").await.location.as_deref() == Some("/setup"),
            "nothing was created"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn session_cookies_are_safe_and_rotate_at_sign_in() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let first = client.create_workspace("Acme").await;
        let reply = client
            .sign_in("dana@acme.test", "correct horse battery", &first)
            .await;
        let set = reply.set_cookie.clone().unwrap();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"),
            "{set}"
        );
        let second = reply.cookie();
        assert_ne!(first, second, "a new session id at sign-in");
        assert_eq!(
            client.page("/", &first).await.location.as_deref(),
            Some("/login"),
            "old id is dead"
        );
        assert_eq!(client.page("/", &second).await.status, StatusCode::OK);

        let https = client
            .post(
                "account/sign_in",
                "",
                &[
                    ("email", "dana@acme.test"),
                    ("password", "correct horse battery"),
                ],
                &[
                    ("accept", "application/json"),
                    ("x-forwarded-proto", "https"),
                ],
            )
            .await;
        assert!(https.set_cookie.unwrap().contains("; Secure"));

        let out = client.call("account/sign_out", &second, &[]).await;
        assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
        assert_eq!(
            client.page("/", &second).await.location.as_deref(),
            Some("/login")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wrong_passwords_get_one_message_and_are_throttled() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        client.create_workspace("Acme").await;
        let wrong = client
            .sign_in("dana@acme.test", "not the password", "")
            .await;
        assert!(
            wrong.body.contains("Email or password is incorrect."),
            "{}",
            wrong.body
        );
        assert!(wrong.set_cookie.is_none());
        let unknown = client
            .sign_in("nobody@acme.test", "not the password", "")
            .await;
        assert!(
            unknown.body.contains("Email or password is incorrect."),
            "same words for unknown emails"
        );
        for _ in 0..4 {
            client.sign_in("dana@acme.test", "still wrong", "").await;
        }
        let blocked = client
            .sign_in("dana@acme.test", "correct horse battery", "")
            .await;
        assert!(
            blocked.body.contains("Too many failed password attempts"),
            "{}",
            blocked.body
        );
        assert!(
            blocked.set_cookie.is_none(),
            "even the right password waits"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn plain_form_posts_work_without_javascript() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        client.create_workspace("Acme").await;
        let html = [
            ("accept", "text/html"),
            ("referer", "http://127.0.0.1:3000/login"),
        ];
        let wrong = client
            .post(
                "account/sign_in",
                "",
                &[("email", "dana@acme.test"), ("password", "nope nope nope")],
                &html,
            )
            .await;
        assert_eq!(wrong.status, StatusCode::FOUND);
        let to = wrong.location.unwrap();
        assert!(
            to.starts_with("/login?error=Email+or+password+is+incorrect."),
            "{to}"
        );
        let page = client.page(&to, "").await;
        assert!(
            page.body.contains("Email or password is incorrect."),
            "the page shows the error"
        );

        let right = client
            .post(
                "account/sign_in",
                "",
                &[
                    ("email", "dana@acme.test"),
                    ("password", "correct horse battery"),
                ],
                &html,
            )
            .await;
        assert_eq!(right.status, StatusCode::FOUND);
        assert!(
            right
                .location
                .as_deref()
                .unwrap_or_default()
                .starts_with("http://127.0.0.1:3000/login"),
            "back where the form was"
        );
        let cookie = right.cookie();
        assert_eq!(
            client.page("/login", &cookie).await.location.as_deref(),
            Some("/"),
            "signed in, sent home"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cross_site_writes_are_refused() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let form = [("email", "dana@acme.test"), ("password", "whatever pw")];
        let evil = client
            .post(
                "account/sign_in",
                "",
                &form,
                &[("origin", "https://evil.example")],
            )
            .await;
        assert_eq!(evil.status, StatusCode::FORBIDDEN);
        assert!(evil.body.contains("another website"));
        let sneaky = client
            .post(
                "account/sign_in",
                "",
                &form,
                &[("sec-fetch-site", "cross-site")],
            )
            .await;
        assert_eq!(sneaky.status, StatusCode::FORBIDDEN);
        let same = client
            .post(
                "account/sign_in",
                "",
                &form,
                &[
                    ("origin", "http://127.0.0.1:3000"),
                    ("accept", "application/json"),
                ],
            )
            .await;
        // Reaches sign-in, which refuses the wrong password itself.
        assert!(!same.body.contains("another website"), "{}", same.body);
        assert!(
            same.body.contains("Email or password is incorrect"),
            "{}",
            same.body
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn admins_manage_users_and_deactivation_ends_sessions() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let admin = client.create_workspace("Acme").await;
        let added = client
            .call(
                "users/add",
                &admin,
                &[
                    ("name", "Fox Mulder"),
                    ("email", "Fox@Acme.test"),
                    ("role", "user"),
                    ("temporary_password", "temporary pass 1"),
                    ("only_assigned_data", "on"),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
        let fox: serde_json::Value = serde_json::from_str(&added.body).unwrap();
        assert_eq!(fox["email"], "fox@acme.test");
        assert_eq!(fox["only_assigned_data"], true);
        assert_eq!(fox["must_change_password"], true);
        let id = fox["id"].to_string();

        let dup = client
            .call(
                "users/add",
                &admin,
                &[
                    ("name", "Fox"),
                    ("email", "fox@acme.test"),
                    ("role", "user"),
                    ("temporary_password", "temporary pass 1"),
                ],
            )
            .await;
        assert!(dup.body.contains("already used"), "{}", dup.body);

        let fox_cookie = client
            .sign_in("fox@acme.test", "temporary pass 1", "")
            .await
            .cookie();
        assert_eq!(
            client.page("/", &fox_cookie).await.location.as_deref(),
            Some("/account"),
            "temporary password must change"
        );
        let changed = client
            .call(
                "account/change_password",
                &fox_cookie,
                &[
                    ("current_password", "temporary pass 1"),
                    ("new_password", "foxes own password"),
                    ("confirm_password", "foxes own password"),
                ],
            )
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        assert_eq!(client.page("/", &fox_cookie).await.status, StatusCode::OK);
        let forbidden = client.call("users/list", &fox_cookie, &[]).await;
        assert_eq!(forbidden.body, r#""Forbidden""#);

        let off = client
            .call(
                "users/set_active",
                &admin,
                &[("id", &id), ("active", "false")],
            )
            .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        assert_eq!(
            client.page("/", &fox_cookie).await.location.as_deref(),
            Some("/login"),
            "signed out at once"
        );
        let again = client
            .sign_in("fox@acme.test", "foxes own password", "")
            .await;
        assert!(again.body.contains("deactivated"), "{}", again.body);

        let self_off = client
            .call(
                "users/set_active",
                &admin,
                &[("id", "1"), ("active", "false")],
            )
            .await;
        assert!(
            self_off.body.contains("cannot deactivate yourself"),
            "{}",
            self_off.body
        );
        let users = client.call("users/list", &admin, &[]).await;
        assert!(users.body.contains("fox@acme.test") && users.body.contains("dana@acme.test"));
    })
    .await;
}
