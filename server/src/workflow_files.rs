//! `dealflow workflows export|import`: a workflow's definition to and from a JSON file,
//! for moving workflows between workspaces or keeping them under version control.
use app::domain::workflow::exchange::{export_json, import_json};
use app::domain::workflow::listing::WorkflowId;
use app::store::{Store, StoreError};
use clap::Subcommand;
use std::path::PathBuf;

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
