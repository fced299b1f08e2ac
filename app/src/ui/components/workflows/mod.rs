//! The automation engine's pieces on records' screens: "Add to workflow", and the
//! workflows a record is in with its runs.
mod add_to_workflow;
mod record_runs;
mod workflow_choices;

pub use add_to_workflow::{AddToWorkflow, ChosenRecords, RecordKind};
pub use record_runs::{run_badge, RecordWorkflows};
