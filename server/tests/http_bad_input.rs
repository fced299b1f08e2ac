//! Hostile input over HTTP, on both engines: a NUL byte, an escape sequence or a huge
//! search gets a sentence saying what to fix, never a bare "Server" error.
mod common;

use axum::http::StatusCode;
use common::http::Client;
use common::on_each_engine;

/// The body is a sentence a person can act on, not an internal error.
fn says(body: &str, words: &str) {
    assert!(body.contains(words), "{body}");
    assert!(!body.contains("Server"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_nul_in_the_sign_in_email_is_refused_with_a_sentence() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        client.create_workspace("Acme").await;
        let reply = client
            .sign_in("dana@acme.test\0", "correct horse battery", "")
            .await;
        says(&reply.body, "Enter an email address like name@company.com.");
        assert!(reply.set_cookie.is_none());
        let signed_in = client
            .sign_in("dana@acme.test", "correct horse battery", "")
            .await;
        assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.body);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_nul_in_a_name_or_a_search_is_refused_with_a_sentence() {
    on_each_engine(|store| async move {
        let client = Client::new(store);
        let dana = client.create_workspace("Acme").await;
        let set_up = client.call("pipelines/set_up", &dana, &[]).await;
        assert_eq!(set_up.status, StatusCode::OK, "{}", set_up.body);
        for name in ["Globex\0", "Globex\u{1b}[2J", "\u{200b}\u{feff}"] {
            let reply = client
                .call(
                    "opportunities/create",
                    &dana,
                    &[("form[name]", name), ("form[value]", "10")],
                )
                .await;
            assert_ne!(reply.status, StatusCode::OK, "{name:?}");
            says(&reply.body, "name");
        }
        let huge = "a".repeat(1 << 20);
        for (search, words) in [
            ("ann\0", "control character"),
            (&*huge, "at most 200 characters"),
        ] {
            for endpoint in ["contacts/search", "companies/search"] {
                let reply = client.call(endpoint, &dana, &[("query", search)]).await;
                says(&reply.body, words);
            }
            for endpoint in ["contacts/list", "companies/list"] {
                let query = [
                    ("query[search]", search),
                    ("query[sort]", ""),
                    ("query[descending]", "false"),
                    ("query[page]", "1"),
                ];
                let reply = client.call(endpoint, &dana, &query).await;
                says(&reply.body, words);
            }
            let board = client
                .call("opportunities/board", &dana, &[("filter[q]", search)])
                .await;
            assert_eq!(board.status, StatusCode::OK, "{}", board.body);
            says(&board.body, words);
        }
    })
    .await;
}
