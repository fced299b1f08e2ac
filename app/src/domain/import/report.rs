//! What an import shows people: where it stands, its review before anything is written,
//! its counts while and after it runs, and what an undo did.
use super::tally::{ReasonCount, UnmatchedColumn};
use super::{ImportOptions, Mapping};
use serde::{Deserialize, Serialize};

/// Where an import is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportState {
    /// Uploaded; columns not yet mapped and reviewed.
    Uploaded,
    /// Reviewed: the counts of what it will do are known; nothing written yet.
    Reviewed,
    /// Running as a background job.
    Running,
    /// Asked to stop; stops after the rows it is writing.
    Cancelling,
    Cancelled,
    Done,
    /// Stopped by an error it could not go past (the rows before it are kept).
    Failed,
    Undone,
}

impl ImportState {
    pub const ALL: [ImportState; 8] = [
        ImportState::Uploaded,
        ImportState::Reviewed,
        ImportState::Running,
        ImportState::Cancelling,
        ImportState::Cancelled,
        ImportState::Done,
        ImportState::Failed,
        ImportState::Undone,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ImportState::Uploaded => "uploaded",
            ImportState::Reviewed => "reviewed",
            ImportState::Running => "running",
            ImportState::Cancelling => "cancelling",
            ImportState::Cancelled => "cancelled",
            ImportState::Done => "done",
            ImportState::Failed => "failed",
            ImportState::Undone => "undone",
        }
    }

    pub fn from_key(key: &str) -> Option<ImportState> {
        ImportState::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportState::Uploaded => "Columns to map",
            ImportState::Reviewed => "Reviewed, not started",
            ImportState::Running => "Importing",
            ImportState::Cancelling => "Stopping",
            ImportState::Cancelled => "Cancelled",
            ImportState::Done => "Finished",
            ImportState::Failed => "Stopped by an error",
            ImportState::Undone => "Undone",
        }
    }

    /// Whether the job is (or should be) working on it.
    pub fn is_active(self) -> bool {
        matches!(self, ImportState::Running | ImportState::Cancelling)
    }

    /// Whether rows were written that an undo could take back.
    pub fn has_written(self) -> bool {
        matches!(
            self,
            ImportState::Cancelled | ImportState::Done | ImportState::Failed
        )
    }
}

/// How many rows create, update, are skipped or fail (planned or done).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub skipped: u64,
    pub failed: u64,
}

impl ImportCounts {
    pub fn total(&self) -> u64 {
        self.created + self.updated + self.skipped + self.failed
    }
}

/// One row shown as an example: its number in the file (1 = first row under the
/// headings), the deal it is about, and why it is skipped or fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSample {
    pub row: u64,
    pub deal: String,
    pub reason: Option<String>,
}

/// How many examples of each outcome a review keeps; failures keep more.
pub const SAMPLES_PER_OUTCOME: usize = 5;
pub const FAILURES_SHOWN: usize = 100;

/// What an import will do, worked out before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImportReview {
    pub counts: ImportCounts,
    pub creates: Vec<RowSample>,
    pub updates: Vec<RowSample>,
    pub skips: Vec<RowSample>,
    pub failures: Vec<RowSample>,
    /// Why every failing row fails, grouped by reason.
    #[serde(default)]
    pub failure_reasons: Vec<ReasonCount>,
    #[serde(default)]
    pub skip_reasons: Vec<ReasonCount>,
    /// Values of name columns (pipeline, stage, ...) that match nothing.
    #[serde(default)]
    pub unmatched: Vec<UnmatchedColumn>,
    /// Contacts and companies the import creates, each counted once.
    #[serde(default)]
    pub new_contacts: u64,
    #[serde(default)]
    pub new_companies: u64,
}

/// Which outcome a row has, for `ImportReview::note`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Create,
    Update,
    Skip,
    Fail,
}

impl ImportReview {
    /// Counts one row and keeps it as an example while there is room.
    pub fn note(&mut self, outcome: Outcome, sample: impl FnOnce() -> RowSample) {
        let (count, list, room) = match outcome {
            Outcome::Create => (
                &mut self.counts.created,
                &mut self.creates,
                SAMPLES_PER_OUTCOME,
            ),
            Outcome::Update => (
                &mut self.counts.updated,
                &mut self.updates,
                SAMPLES_PER_OUTCOME,
            ),
            Outcome::Skip => (
                &mut self.counts.skipped,
                &mut self.skips,
                SAMPLES_PER_OUTCOME,
            ),
            Outcome::Fail => (&mut self.counts.failed, &mut self.failures, FAILURES_SHOWN),
        };
        *count += 1;
        if list.len() < room {
            list.push(sample());
        }
    }
}

/// What an undo did: deals removed and restored, and those it left because someone
/// changed them after the import.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UndoReport {
    pub removed: u64,
    pub restored: u64,
    pub kept: Vec<RowSample>,
    pub kept_count: u64,
    /// Contacts and companies the import created that the undo removed, and those it
    /// kept because something else uses them now.
    #[serde(default)]
    pub contacts_removed: u64,
    #[serde(default)]
    pub companies_removed: u64,
    #[serde(default)]
    pub records_kept: u64,
}

/// An import as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: i64,
    pub file_name: String,
    pub file_size: u64,
    /// Data rows (the heading row not counted).
    pub total_rows: u64,
    /// "UTF-8 with BOM, semicolon-separated".
    pub file_shape: String,
    pub headers: Vec<String>,
    /// The first rows, for the mapping screen.
    pub samples: Vec<Vec<String>>,
    /// The chosen mapping, or the one suggested from the headers.
    pub mapping: Mapping,
    pub options: ImportOptions,
    pub review: Option<ImportReview>,
    pub state: ImportState,
    pub rows_done: u64,
    pub counts: ImportCounts,
    pub rows_per_second: Option<u64>,
    pub error: Option<String>,
    /// Stopped by a passing error (a busy database): `Resume import` goes on after the
    /// last chunk it wrote.
    pub resumable: bool,
    pub started_by: String,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub undo: Option<UndoReport>,
    /// Set when the file is UTF-8 but for a few bad bytes, until the person chooses how
    /// to read it.
    pub utf8_doubt: Option<super::file::Utf8Doubt>,
    /// Once the import has ended: when its file and its undo go.
    pub file_kept_until: Option<i64>,
    /// When the file was deleted, its undo window having closed.
    pub file_deleted_at: Option<i64>,
}

impl ImportSummary {
    /// Whole percent of rows done, for the progress bar.
    pub fn percent_done(&self) -> u8 {
        if self.total_rows == 0 {
            return 100;
        }
        ((self.rows_done.min(self.total_rows) * 100) / self.total_rows) as u8
    }
}
