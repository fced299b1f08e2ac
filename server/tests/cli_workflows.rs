//! `dealflow workflows export|import` from the built binary, on both engines: an export
//! imports (and publishes) as it was; problems are printed one a line with exit code 1.
mod common;

use app::domain::account::UserId;
use app::domain::pipeline::PipelineId;
use app::domain::workflow::listing::{WorkflowId, WorkflowState};
use app::domain::workflow::{Action, TriggerEvent};
use common::workflows::{step, when, workflow};
use common::{on_each_database, TEST_LIMIT};
use std::process::Output;

/// Runs `dealflow` with `args` against the database at `url`.
async fn dealflow(url: &str, args: &[&str]) -> Output {
    let (url, args): (String, Vec<String>) = (
        url.to_string(),
        args.iter().map(|a| a.to_string()).collect(),
    );
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_dealflow"))
            .args(&args)
            .env("DATABASE_URL", &url)
            .env("RUST_LOG", "error")
            .output()
            .expect("dealflow runs")
    })
    .await
    .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn workflows_export_to_a_file_and_import_from_it_on_the_command_line() {
    on_each_database(TEST_LIMIT, |store, url| async move {
        common::http::Client::new(store.clone()).create_workspace("Acme").await;
        let dana = store.users().await.unwrap().remove(0);
        let definition = workflow(
            "Welcome",
            vec![when(TriggerEvent::ContactCreated)],
            vec![step(1, "Say hello", Action::AddNote { body: "Hello {{contact.first_name}}".into() })],
        );
        let id = store.create_workflow(dana.id, &definition).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("welcome.json");
        let file = file.to_str().unwrap();

        let export = dealflow(&url, &["workflows", "export", "--id", &id.0.to_string(), file]).await;
        assert!(export.status.success(), "{}", text(&export.stderr));
        assert_eq!(text(&export.stdout), format!("Exported the draft of \u{201c}Welcome\u{201d} to {file}.\n"));
        let saved = std::fs::read_to_string(file).unwrap();
        assert!(saved.starts_with("{\n  \"name\": \"Welcome\""), "{saved}");

        let import = dealflow(&url, &["workflows", "import", file, "--publish"]).await;
        assert!(import.status.success(), "{}", text(&import.stderr));
        assert_eq!(
            text(&import.stdout),
            "Created the draft workflow \u{201c}Welcome\u{201d} (id 2).\nPublished \u{201c}Welcome\u{201d} as version 1.\n"
        );
        let imported = store.workflow(WorkflowId(2)).await.unwrap();
        assert_eq!(imported.summary.state, WorkflowState::Published);
        assert_eq!(imported.draft, definition);
        let (by,): (Option<i64>,) = sqlx::query_as("SELECT created_by FROM workflows WHERE id = 2")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(by.map(UserId), Some(dana.id), "imported as the first admin");

        let elsewhere = workflow(
            "Elsewhere",
            vec![when(TriggerEvent::ContactCreated)],
            vec![
                step(1, "Clean up", Action::RemoveOpportunity { pipeline: PipelineId(998) }),
                step(2, "Clean up more", Action::RemoveOpportunity { pipeline: PipelineId(999) }),
            ],
        );
        std::fs::write(file, app::domain::workflow::exchange::export_json(&elsewhere)).unwrap();
        let refused = dealflow(&url, &["workflows", "import", file]).await;
        assert_eq!(refused.status.code(), Some(1));
        let lines: Vec<String> = text(&refused.stderr).lines().map(str::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].contains("pipeline 998 does not exist"), "{lines:?}");
        assert!(lines[1].contains("pipeline 999 does not exist"), "{lines:?}");
        assert_eq!(lines[2], "error: The workflow was not imported: fix the problems above, then run this again.");

        std::fs::write(file, "{\n  \"name\": \"W\",\n  \"steps\": [,]\n}").unwrap();
        let broken = dealflow(&url, &["workflows", "import", file]).await;
        assert_eq!(broken.status.code(), Some(1));
        assert!(text(&broken.stderr).contains("(line 3, column 13: expected value)"), "{}", text(&broken.stderr));

        let missing = dealflow(&url, &["workflows", "export", "--id", "42", file]).await;
        assert_eq!(missing.status.code(), Some(1));
        assert_eq!(text(&missing.stderr), "error: No workflow has the id 42.\n");
        assert_eq!(store.workflows().await.unwrap().len(), 2, "nothing else was imported");
    })
    .await;
}
