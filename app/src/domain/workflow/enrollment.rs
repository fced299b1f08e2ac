//! Entering a workflow: why a record may not enter one now (each reason the sentence the
//! run log shows), and what "Add to workflow" did, told in one line.
use super::listing::{RunRecord, WorkflowId};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The most records one "Add to workflow" takes: all in one transaction, so a person
/// waits for it, and the engine is not flooded by one click.
pub const MAX_MANUAL_RECORDS: usize = 5000;

/// Why a record is not enrolled; the run is written as stopped with this sentence.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum Refusal {
    #[error("Stopped by the loop guard: the change was made by this workflow's own run #{run}, and a workflow is never triggered by its own changes.")]
    OwnChange { run: i64 },
    #[error("Stopped by the loop guard: this would be workflow number {depth} in a chain of workflows triggering each other, and the limit is {limit}.")]
    ChainTooLong { depth: i64, limit: i64 },
    #[error("Not enrolled: this record is in this workflow already (run #{run}), and a record never has two active runs of one workflow.")]
    AlreadyIn { run: i64 },
    #[error("Not enrolled: this record entered this workflow before, and Allow re-entry is off.")]
    EnteredBefore,
    #[error("Stopped by the loop guard: this record entered this workflow {entries} times in the last hour, and the limit is {limit}.")]
    TooOften { entries: i64, limit: i64 },
    #[error(
        "Not enrolled: this record does not match the filters of the workflow's Manual trigger."
    )]
    OutsideFilters,
    #[error("Not enrolled: this record was deleted.")]
    Gone,
}

impl Refusal {
    /// The reason in a few words, after a count ("2 already in it").
    pub fn brief(&self) -> &'static str {
        match self {
            Refusal::OwnChange { .. } | Refusal::ChainTooLong { .. } => "stopped by the loop guard",
            Refusal::AlreadyIn { .. } => "already in it",
            Refusal::EnteredBefore => "in it before, and Allow re-entry is off",
            Refusal::TooOften { .. } => "entered it too often in the last hour",
            Refusal::OutsideFilters => "outside the Manual trigger's filters",
            Refusal::Gone => "deleted meanwhile",
        }
    }
}

/// A published workflow a person may start by hand ("Add to workflow").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualWorkflow {
    pub id: WorkflowId,
    pub name: String,
    pub description: String,
}

/// One record "Add to workflow" was asked for: its run, started or written as stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub record: RunRecord,
    pub run: i64,
    pub refused: Option<Refusal>,
}

/// What "Add to workflow" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollOutcome {
    pub workflow: WorkflowId,
    pub workflow_name: String,
    pub enrollments: Vec<Enrollment>,
}

impl EnrollOutcome {
    pub fn enrolled(&self) -> usize {
        self.enrollments
            .iter()
            .filter(|e| e.refused.is_none())
            .count()
    }

    pub fn not_enrolled(&self) -> usize {
        self.enrollments.len() - self.enrolled()
    }

    /// The notice after "Add to workflow": for one record the whole reason, for many the
    /// counts with each reason in a few words.
    pub fn summary(&self) -> String {
        let name = &self.workflow_name;
        if let [one] = self.enrollments.as_slice() {
            return match &one.refused {
                None => format!("Enrolled in \u{201c}{name}\u{201d}."),
                Some(refusal) => refusal.to_string(),
            };
        }
        let noun = |n: usize| {
            let deals = self
                .enrollments
                .iter()
                .all(|e| matches!(e.record, RunRecord::Opportunity(_)));
            match (deals, n == 1) {
                (true, true) => "deal",
                (true, false) => "deals",
                (false, true) => "contact",
                (false, false) => "contacts",
            }
        };
        let enrolled = self.enrolled();
        let mut text = format!(
            "{enrolled} {} enrolled in \u{201c}{name}\u{201d}",
            noun(enrolled)
        );
        let mut reasons: Vec<(&'static str, usize)> = Vec::new();
        for refusal in self.enrollments.iter().filter_map(|e| e.refused.as_ref()) {
            match reasons
                .iter_mut()
                .find(|(brief, _)| *brief == refusal.brief())
            {
                Some((_, n)) => *n += 1,
                None => reasons.push((refusal.brief(), 1)),
            }
        }
        if !reasons.is_empty() {
            let why: Vec<String> = reasons
                .iter()
                .map(|(brief, n)| format!("{n} {brief}"))
                .collect();
            text.push_str(&format!(
                "; {} not enrolled: {}",
                self.not_enrolled(),
                why.join(", ")
            ));
        }
        text.push('.');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(records: &[(RunRecord, Option<Refusal>)]) -> EnrollOutcome {
        EnrollOutcome {
            workflow: WorkflowId(1),
            workflow_name: "Welcome".into(),
            enrollments: records
                .iter()
                .enumerate()
                .map(|(run, (record, refused))| Enrollment {
                    record: *record,
                    run: run as i64,
                    refused: refused.clone(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_notice_says_how_many_were_enrolled_and_why_the_others_were_not() {
        let deal = RunRecord::Opportunity(1);
        let contact = RunRecord::Contact(1);
        let cases = [
            (vec![(deal, None)], "Enrolled in \u{201c}Welcome\u{201d}."),
            (
                vec![(deal, Some(Refusal::EnteredBefore))],
                "Not enrolled: this record entered this workflow before, and Allow re-entry is off.",
            ),
            (
                vec![(deal, None), (deal, None)],
                "2 deals enrolled in \u{201c}Welcome\u{201d}.",
            ),
            (
                vec![
                    (deal, None),
                    (deal, Some(Refusal::AlreadyIn { run: 4 })),
                    (deal, Some(Refusal::AlreadyIn { run: 5 })),
                    (deal, Some(Refusal::EnteredBefore)),
                ],
                "1 deal enrolled in \u{201c}Welcome\u{201d}; 3 not enrolled: 2 already in it, \
                 1 in it before, and Allow re-entry is off.",
            ),
            (
                vec![
                    (contact, Some(Refusal::Gone)),
                    (contact, Some(Refusal::OutsideFilters)),
                ],
                "0 contacts enrolled in \u{201c}Welcome\u{201d}; 2 not enrolled: 1 deleted \
                 meanwhile, 1 outside the Manual trigger's filters.",
            ),
        ];
        for (records, expected) in cases {
            assert_eq!(outcome(&records).summary(), expected);
        }
    }
}
