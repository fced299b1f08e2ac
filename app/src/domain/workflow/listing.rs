//! Workflows, versions and runs as the API and the builder show them.
use super::definition::Definition;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkflowId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkflowState {
    Draft,
    Published,
    Deactivated,
}

impl WorkflowState {
    pub const ALL: [WorkflowState; 3] = [
        WorkflowState::Draft,
        WorkflowState::Published,
        WorkflowState::Deactivated,
    ];

    pub fn key(self) -> &'static str {
        match self {
            WorkflowState::Draft => "draft",
            WorkflowState::Published => "published",
            WorkflowState::Deactivated => "deactivated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            WorkflowState::Draft => "Draft",
            WorkflowState::Published => "Published",
            WorkflowState::Deactivated => "Deactivated",
        }
    }

    pub fn from_key(key: &str) -> Option<WorkflowState> {
        WorkflowState::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A workflow as a list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowSummary {
    pub id: WorkflowId,
    pub name: String,
    pub state: WorkflowState,
    /// The number of the version that runs, when published.
    pub published_version: Option<i64>,
    /// Whether the draft has edits the published version does not.
    pub draft_changed: bool,
    pub updated_at: i64,
}

/// A saved draft, with what still stops it from being published (spec 003: a trigger
/// and at least one action; everything it names must exist).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub summary: WorkflowSummary,
    pub before_publishing: Vec<super::validate::Problem>,
    /// Worth a look before publishing, but not stopping it (see `reach::flow_warnings`).
    #[serde(default)]
    pub warnings: Vec<super::validate::Problem>,
}

/// A workflow with its draft and the version that runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    pub summary: WorkflowSummary,
    pub draft: Definition,
    pub published: Option<Definition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub number: i64,
    pub published_at: i64,
    pub published_by: Option<String>,
}

/// A published version as the Versions tab shows it: who published it and when, and
/// what changed since the version before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionEntry {
    pub summary: VersionSummary,
    pub changes: Vec<String>,
}

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunStatus {
    Running,
    Waiting { until: i64 },
    Finished,
    Failed,
    Stopped,
}

impl RunStatus {
    pub fn from_columns(status: &str, due_at: i64) -> Option<RunStatus> {
        Some(match status {
            "ready" => RunStatus::Running,
            "waiting" => RunStatus::Waiting { until: due_at },
            "finished" => RunStatus::Finished,
            "failed" => RunStatus::Failed,
            "stopped" => RunStatus::Stopped,
            _ => return None,
        })
    }
}

/// The record a run is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RunRecord {
    Opportunity(i64),
    Contact(i64),
}

impl RunRecord {
    pub fn columns(self) -> (&'static str, i64) {
        match self {
            RunRecord::Opportunity(id) => ("opportunity", id),
            RunRecord::Contact(id) => ("contact", id),
        }
    }

    pub fn from_columns(kind: &str, id: i64) -> Option<RunRecord> {
        match kind {
            "opportunity" => Some(RunRecord::Opportunity(id)),
            "contact" => Some(RunRecord::Contact(id)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: i64,
    pub workflow: WorkflowId,
    pub workflow_name: String,
    pub version: i64,
    pub record: RunRecord,
    /// The record's name now; empty once it is deleted, or when the person may not see it.
    pub record_name: String,
    /// A deal the person may not see (`Only assigned data`): its name is left out.
    #[serde(default)]
    pub record_hidden: bool,
    pub trigger: String,
    pub status: RunStatus,
    /// While not finished, the step it goes on with: the next one due, the one after
    /// the Wait it waits on, the one it failed at.
    pub at_step: Option<u32>,
    /// That step's name in the run's version.
    pub at_step_name: Option<String>,
    /// Why a run failed or stopped, in a sentence.
    pub message: Option<String>,
    pub started_at: i64,
    pub finished_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepStatus {
    Done,
    Skipped,
    Failed,
    Stopped,
    Waiting,
}

impl StepStatus {
    pub const ALL: [StepStatus; 5] = [
        StepStatus::Done,
        StepStatus::Skipped,
        StepStatus::Failed,
        StepStatus::Stopped,
        StepStatus::Waiting,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::Skipped => "skipped",
            StepStatus::Failed => "failed",
            StepStatus::Stopped => "stopped",
            StepStatus::Waiting => "waiting",
        }
    }

    pub fn from_key(key: &str) -> Option<StepStatus> {
        StepStatus::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// One entry of a run's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepLog {
    pub step: Option<u32>,
    pub name: String,
    pub status: StepStatus,
    pub message: String,
    /// The values the step resolved (names, amounts, the stage it aimed for).
    pub resolved: Value,
    /// What it changed, before and after.
    pub changes: Value,
    pub started_at: i64,
    pub finished_at: i64,
}

/// A workflow as the Automation list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowOverview {
    pub summary: WorkflowSummary,
    /// Each trigger in words, of the version that runs (of the draft until published).
    pub triggers: Vec<String>,
    /// Runs started in the last 7 days, and how many of them failed.
    pub runs_week: i64,
    pub failed_week: i64,
    /// Who last saved, published, deactivated or restored it.
    pub edited_by: Option<String>,
}

/// The runs History shows: by where they are, by the record's name, by when they
/// started (ms, `from` inclusive, `to` exclusive).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunFilter {
    pub status: Option<RunFilterStatus>,
    #[serde(default)]
    pub record: String,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// A History status filter: one status, or `Active` (running or waiting), the runs the
/// Enrolled tab lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunFilterStatus {
    Active,
    Waiting,
    Finished,
    Failed,
    Stopped,
}

impl RunFilterStatus {
    pub const ALL: [RunFilterStatus; 5] = [
        RunFilterStatus::Active,
        RunFilterStatus::Waiting,
        RunFilterStatus::Finished,
        RunFilterStatus::Failed,
        RunFilterStatus::Stopped,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RunFilterStatus::Active => "active",
            RunFilterStatus::Waiting => "waiting",
            RunFilterStatus::Finished => "finished",
            RunFilterStatus::Failed => "failed",
            RunFilterStatus::Stopped => "stopped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RunFilterStatus::Active => "In the workflow now",
            RunFilterStatus::Waiting => "Waiting",
            RunFilterStatus::Finished => "Finished",
            RunFilterStatus::Failed => "Failed",
            RunFilterStatus::Stopped => "Stopped",
        }
    }

    pub fn from_key(key: &str) -> Option<RunFilterStatus> {
        RunFilterStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The `workflow_runs.status` values it matches.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            RunFilterStatus::Active => &["ready", "waiting"],
            RunFilterStatus::Waiting => &["waiting"],
            RunFilterStatus::Finished => &["finished"],
            RunFilterStatus::Failed => &["failed"],
            RunFilterStatus::Stopped => &["stopped"],
        }
    }
}

impl RunStatus {
    pub fn label(self) -> &'static str {
        match self {
            RunStatus::Running => "Running",
            RunStatus::Waiting { .. } => "Waiting",
            RunStatus::Finished => "Finished",
            RunStatus::Failed => "Failed",
            RunStatus::Stopped => "Stopped",
        }
    }

    pub fn active(self) -> bool {
        matches!(self, RunStatus::Running | RunStatus::Waiting { .. })
    }
}
