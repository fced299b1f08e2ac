//! What protects the browser, on both engines: where writes may come from
//! (`DEALFLOW_PUBLIC_URL`), and the security headers on pages, server functions and files.
mod common;

use app::auth::network::PublicOrigin;
use app::domain::change::Actor;
use app::store::files::NewFile;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::deals::deal;
use common::http::{Client, Reply};
use common::on_each_engine;

const FORM: [(&str, &str); 2] = [("email", "dana@acme.test"), ("password", "whatever pw")];

/// Whether a sign-in sent with `headers` is refused as cross-site (else it is answered).
async fn refused(client: &Client, headers: &[(&str, &str)]) -> bool {
    let mut headers = headers.to_vec();
    headers.push(("accept", "application/json"));
    let reply = client.post("account/sign_in", "", &FORM, &headers).await;
    reply.status == StatusCode::FORBIDDEN && reply.body.contains("another website")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_a_public_url_writes_must_come_from_it_whatever_the_host_says() {
    on_each_engine(|store| async move {
        let client = Client::with(store, |serve| {
            serve.public_url = Some(PublicOrigin::parse("https://crm.example.com").unwrap());
        });
        let rebound = [("host", "evil.example"), ("origin", "http://evil.example")];
        assert!(
            refused(&client, &rebound).await,
            "a page whose own name points at the server"
        );
        let plain_http = [("origin", "http://crm.example.com")];
        assert!(refused(&client, &plain_http).await);
        let ours = [
            ("host", "10.0.0.5:3000"),
            ("origin", "https://crm.example.com"),
        ];
        assert!(
            !refused(&client, &ours).await,
            "the proxy may pass another Host"
        );
        let no_origin = [("sec-fetch-site", "same-origin")];
        assert!(!refused(&client, &no_origin).await);
        let cross = [("sec-fetch-site", "cross-site")];
        assert!(refused(&client, &cross).await);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_a_public_url_the_origin_must_name_the_host() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let same = [("origin", "http://127.0.0.1:3000")];
        assert!(!refused(&client, &same).await);
        let other = [("origin", "http://127.0.0.1:4000")];
        assert!(refused(&client, &other).await);
    })
    .await;
}

/// The nonce the response's policy allows scripts with.
fn policy_nonce(reply: &Reply) -> String {
    let policy = header_of(reply, header::CONTENT_SECURITY_POLICY.as_str());
    let script_src = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_else(|| panic!("no script-src in {policy}"));
    assert!(!script_src.contains("unsafe-inline"), "{script_src}");
    assert!(
        script_src.starts_with("script-src 'self' 'wasm-unsafe-eval' 'nonce-"),
        "{script_src}"
    );
    script_src
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_default()
        .to_string()
}

/// The policy's nonce, after checking that every script of the page carries it.
fn scripts_nonce(page: &Reply) -> String {
    let nonce = policy_nonce(page);
    let scripts = page.body.split("<script").skip(1).collect::<Vec<_>>();
    assert!(!scripts.is_empty(), "the hydration script is inline");
    for script in scripts {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "<script{tag}> lacks the nonce {nonce}"
        );
    }
    nonce
}

fn header_of(reply: &Reply, name: &str) -> String {
    reply
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_string()
}

fn assert_protected(reply: &Reply, what: &str) {
    let policy = header_of(reply, "content-security-policy");
    for directive in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
    ] {
        assert!(
            policy.contains(directive),
            "{what}: {directive} in {policy}"
        );
    }
    assert_eq!(header_of(reply, "x-frame-options"), "DENY", "{what}");
    assert_eq!(
        header_of(reply, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    assert_eq!(header_of(reply, "referrer-policy"), "same-origin", "{what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_server_functions_and_files_send_security_headers() {
    on_each_engine(|store| async move {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(
            site.path().join("favicon.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
        let site_root = site.path().display().to_string();
        let client = Client::with(store.clone(), |serve| serve.site_root = site_root);

        let page = client.page("/setup", "").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_protected(&page, "page");
        let nonce = scripts_nonce(&page);
        assert!(nonce.len() >= 16, "a nonce of 128 bits: {nonce}");
        let again = client.page("/setup", "").await;
        assert_ne!(
            policy_nonce(&again),
            nonce,
            "a new nonce for every response"
        );

        let server_fn = client.call("account/session", "", &[]).await;
        assert_eq!(server_fn.status, StatusCode::OK, "{}", server_fn.body);
        assert_protected(&server_fn, "server function");

        let file = client
            .send(Request::get("/favicon.svg").body(Body::empty()).unwrap())
            .await;
        assert_eq!(file.status, StatusCode::OK);
        assert_protected(&file, "static file");

        let cookie = client.create_workspace("Acme").await;
        let dana = store.users().await.unwrap().remove(0);
        let deal = store
            .create_opportunity(Actor::User(dana.id), deal("Globex", "10", None))
            .await
            .unwrap();
        let stored = store
            .add_file(
                Actor::User(dana.id),
                deal.id,
                NewFile {
                    file_name: "notes.txt",
                    content_type: "text/plain",
                    bytes: b"<script>alert(1)</script>",
                    summary: None,
                },
            )
            .await
            .unwrap();
        let download = client.page(&format!("/files/{}", stored.id), &cookie).await;
        assert_eq!(download.status, StatusCode::OK, "{}", download.body);
        assert_protected(&download, "a deal's file");

        let missing = client.page("/missing.png", "").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_protected(&missing, "not found");
        scripts_nonce(&missing);
    })
    .await;
}
