//! Bulk actions from the list: when they run at once and when as a background job, who
//! may delete what, and the confirmation a large delete asks for.
use crate::domain::account::Role;
use crate::domain::list::ROWS_PER_PAGE;
use serde::{Deserialize, Serialize};

/// More deals than one page of the list: the action runs as a background job, a batch at
/// a time, so people's own changes go on meanwhile.
pub fn runs_in_background(deals: usize) -> bool {
    deals > ROWS_PER_PAGE as usize
}

/// The list's bulk actions: the key the server function reads, and the label people see.
pub const ACTIONS: [(&str, &str); 6] = [
    ("stage", "Change stage"),
    ("status", "Change status"),
    ("owner", "Assign owner"),
    ("follow", "Add follower"),
    ("unfollow", "Remove follower"),
    ("delete", "Delete"),
];

/// The label of the bulk action `key`.
pub fn action_label(key: &str) -> Option<&'static str> {
    ACTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, label)| *label)
}

/// Deals one transaction of a bulk job changes.
pub const DEALS_PER_BATCH: usize = 100;

/// Deleting more deals than this asks the person to type how many.
pub const DELETE_CONFIRM_ABOVE: usize = 100;

/// Managers and admins may delete any deal they see; a User only the deals they own.
pub fn may_delete_any_deal(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Manager)
}

/// Whether deleting `deals` deals is confirmed by `typed` (what the person typed): it
/// must be that number when there are more than [`DELETE_CONFIRM_ABOVE`].
pub fn delete_confirmed(deals: usize, typed: &str) -> bool {
    deals <= DELETE_CONFIRM_ABOVE || typed.trim().replace([',', '.', ' '], "") == deals.to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkJobState {
    Running,
    /// `Cancel` was pressed: the job stops after the batch it is writing.
    Cancelling,
    Cancelled,
    Done,
    /// Stopped by an error; the deals before it keep their change.
    Failed,
}

impl BulkJobState {
    pub const ALL: [BulkJobState; 5] = [
        BulkJobState::Running,
        BulkJobState::Cancelling,
        BulkJobState::Cancelled,
        BulkJobState::Done,
        BulkJobState::Failed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BulkJobState::Running => "running",
            BulkJobState::Cancelling => "cancelling",
            BulkJobState::Cancelled => "cancelled",
            BulkJobState::Done => "done",
            BulkJobState::Failed => "failed",
        }
    }

    pub fn from_key(key: &str) -> Option<BulkJobState> {
        BulkJobState::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Whether the job is (or should be) working on it.
    pub fn is_active(self) -> bool {
        matches!(self, BulkJobState::Running | BulkJobState::Cancelling)
    }
}

/// A bulk job as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkJobSummary {
    pub id: i64,
    /// What it does, as the person chose it: "Add follower".
    pub label: String,
    pub state: BulkJobState,
    pub total: u64,
    /// Deals behind the job (changed, already that way, or gone).
    pub done: u64,
    /// Deals it changed.
    pub changed: u64,
    pub error: Option<String>,
    /// Stopped by a passing error (a busy database): it can go on after its last batch.
    pub resumable: bool,
}

impl BulkJobSummary {
    /// Whole percent of the deals done, for the progress bar.
    pub fn percent_done(&self) -> u32 {
        if self.total == 0 {
            return 100;
        }
        (self.done.min(self.total) * 100 / self.total) as u32
    }
}

/// What a bulk action did: changed that many deals at once, or started a job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BulkOutcome {
    Changed(usize),
    Started(BulkJobSummary),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_than_a_page_of_deals_runs_in_the_background() {
        assert!(!runs_in_background(50));
        assert!(runs_in_background(51));
    }

    #[test]
    fn a_large_delete_is_confirmed_only_by_its_count() {
        let cases = [
            (100, "", true),
            (101, "", false),
            (101, "100", false),
            (101, "101", true),
            (96_506, "96,506", true),
            (96_506, " 96506 ", true),
            (96_506, "96 507", false),
        ];
        for (deals, typed, confirmed) in cases {
            assert_eq!(
                delete_confirmed(deals, typed),
                confirmed,
                "{deals} {typed:?}"
            );
        }
    }

    #[test]
    fn only_managers_and_admins_delete_deals_they_do_not_own() {
        assert!(may_delete_any_deal(Role::Admin));
        assert!(may_delete_any_deal(Role::Manager));
        assert!(!may_delete_any_deal(Role::User));
    }
}
