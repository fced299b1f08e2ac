//! A workflow's definition to and from a JSON file, for moving workflows between
//! workspaces or keeping them under version control: `dealflow workflows export|import`,
//! and `GET /api/workflows/{id}/export.json` (admins), the Automation list's Export.
use app::auth::SignedIn;
use app::domain::workflow::exchange::{export_json, import_json};
use app::domain::workflow::listing::WorkflowId;
use app::state::AppState;
use app::store::{Store, StoreError};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use clap::Subcommand;
use std::path::PathBuf;

/// The draft as a `.json` attachment named after the workflow.
pub async fn download(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed_in: Option<Extension<SignedIn>>,
) -> Response {
    let Some(Extension(signed_in)) = signed_in else {
        return (StatusCode::UNAUTHORIZED, "Sign in to export a workflow.").into_response();
    };
    if !signed_in.user.role.can_manage_users() {
        return (StatusCode::FORBIDDEN, "Only admins export workflows.").into_response();
    }
    let workflow = match state.store.workflow(WorkflowId(id)).await {
        Ok(workflow) => workflow,
        Err(StoreError::NotFound(_)) => {
            return (StatusCode::NOT_FOUND, "No such workflow.").into_response()
        }
        Err(err) => {
            tracing::error!("workflow export failed: {err}");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The workflow could not be read. Try again.",
            )
                .into_response();
        }
    };
    let mut response = (export_json(&workflow.draft) + "\n").into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    let disposition = format!(
        "attachment; filename=\"{}.json\"",
        file_stem(&workflow.summary.name)
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// A file name from a workflow's name: letters and digits kept, the rest as dashes.
fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "workflow".into()
    } else {
        stem.chars().take(80).collect()
    }
}

#[derive(Debug, Subcommand)]
pub enum WorkflowCommand {
    /// Write the draft of a workflow to FILE as JSON.
    Export {
        /// The workflow's id (in its address in Dealflow).
        #[arg(long)]
        id: i64,
        file: PathBuf,
    },
    /// Create a draft workflow from FILE (JSON as exported), recorded as the workspace's
    /// first admin; each pipeline, stage, user and custom field it names must exist here.
    Import {
        file: PathBuf,
        /// Publish the new workflow as well, so it starts running.
        #[arg(long)]
        publish: bool,
    },
}

pub async fn run(store: &Store, command: WorkflowCommand) -> Result<(), String> {
    match command {
        WorkflowCommand::Export { id, file } => {
            let workflow = store.workflow(WorkflowId(id)).await.map_err(|e| match e {
                StoreError::NotFound(_) => format!("No workflow has the id {id}."),
                other => other.to_string(),
            })?;
            std::fs::write(&file, export_json(&workflow.draft) + "\n")
                .map_err(|e| format!("Cannot write {}: {e}.", file.display()))?;
            println!(
                "Exported the draft of \u{201c}{}\u{201d} to {}.",
                workflow.summary.name,
                file.display()
            );
            Ok(())
        }
        WorkflowCommand::Import { file, publish } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("Cannot read {}: {e}.", file.display()))?;
            let definition = import_json(&text).map_err(|e| e.to_string())?;
            let admin = crate::cli::workspace_admin(store).await?;
            let id = store
                .import_workflow(admin, &definition)
                .await
                .map_err(|e| problems("The workflow was not imported", e))?;
            let name = definition.name.trim();
            println!(
                "Created the draft workflow \u{201c}{name}\u{201d} (id {}).",
                id.0
            );
            if publish {
                let version = store
                    .publish_workflow(id, admin)
                    .await
                    .map_err(|e| problems("It was not published", e))?;
                println!("Published \u{201c}{name}\u{201d} as version {version}.");
            }
            Ok(())
        }
    }
}

/// Prints each problem on its own line; what is left to say goes to the caller.
fn problems(what: &str, err: StoreError) -> String {
    match err {
        StoreError::Problems(problems) => {
            for problem in &problems {
                eprintln!("{}", problem.message);
            }
            let n = problems.len();
            format!(
                "{what}: fix the {} above, then run this again.",
                if n == 1 { "problem" } else { "problems" }
            )
        }
        other => format!("{what}: {other}"),
    }
}
