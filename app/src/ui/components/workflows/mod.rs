//! The automation engine's pieces on records' screens: "Add to workflow".
mod add_to_workflow;
mod workflow_choices;

pub use add_to_workflow::{AddToWorkflow, ChosenRecords, RecordKind};
