//! A Test of a workflow on one real record: what each step would do to it now, worked
//! out by the engine itself inside a transaction that is rolled back, so nothing is
//! written and no webhook is sent.
use super::listing::{RunRecord, StepLog};
use serde::{Deserialize, Serialize};

/// Which version a Test tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TrialOf {
    /// The draft, as saved.
    Draft,
    /// The version that runs.
    Published,
}

/// Where a Test's run would stop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TrialEnd {
    /// It would go through to the end.
    Finished,
    /// A Wait step would hold it until `until` (ms); the steps after it are planned when
    /// it wakes, on the records as they are then.
    Waits { until: i64 },
    /// A step would fail: the run would stop there, with this reason.
    Fails { reason: String },
    /// The Test stopped after this many steps (a loop of Go To steps, say).
    TooLong { steps: usize },
}

impl TrialEnd {
    pub fn sentence(&self) -> String {
        match self {
            TrialEnd::Finished => "The run would finish here.".into(),
            TrialEnd::Waits { .. } => "The run would wait here; the steps after the wait are worked out when it wakes, on the records as they are then.".into(),
            TrialEnd::Fails { reason } => format!("The run would fail here: {reason}"),
            TrialEnd::TooLong { steps } => format!("The Test stopped after {steps} steps; a real run goes on in later batches."),
        }
    }
}

/// A Test's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    pub record: RunRecord,
    pub record_name: String,
    pub of: TrialOf,
    /// Whether the record would be let in now, in words: which trigger's filters hold,
    /// or why it would be refused (already in the workflow, entered before, too often).
    pub entry: String,
    /// What each step would do, in order (the run log it would write).
    pub steps: Vec<StepLog>,
    pub end: TrialEnd,
}

/// The most steps a Test works through.
pub const TRIAL_STEPS: usize = 200;

/// A record a Test can be run on, as the picker lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrialCandidate {
    pub record: RunRecord,
    pub name: String,
    /// "Opportunity in Sales, Negotiation" or "Contact, ann@example.com".
    pub detail: String,
}
