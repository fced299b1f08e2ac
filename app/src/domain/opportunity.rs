//! Opportunity status and stage: the one rule set that keeps them consistent, used by
//! the board, list, profile, bulk actions, import, API and workflows alike (DOMAIN.md).
use super::pipeline::{StageId, StageKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Open,
    Won,
    Lost,
    Abandoned,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::Won, Status::Lost, Status::Abandoned];

    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Won => "won",
            Status::Lost => "lost",
            Status::Abandoned => "abandoned",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::Won => "Won",
            Status::Lost => "Lost",
            Status::Abandoned => "Abandoned",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.key() == key.trim().to_ascii_lowercase())
    }

    /// The status a deal takes on entering a stage of this kind, if the stage decides it.
    fn implied_by(kind: StageKind) -> Option<Status> {
        match kind {
            StageKind::Won => Some(Status::Won),
            StageKind::Lost => Some(Status::Lost),
            StageKind::Open => None,
        }
    }
}

/// A stage as the rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRef {
    pub id: StageId,
    pub kind: StageKind,
}

/// The stages of the pipeline a deal is (or is going) in that the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelineStages {
    pub won: StageId,
    pub lost: StageId,
    /// Where a reopened deal goes when the stage it closed from is gone.
    pub first_open: Option<StageId>,
}

impl PipelineStages {
    fn closed(&self, status: Status) -> Option<StageRef> {
        match status {
            Status::Won => Some(StageRef {
                id: self.won,
                kind: StageKind::Won,
            }),
            Status::Lost => Some(StageRef {
                id: self.lost,
                kind: StageKind::Lost,
            }),
            Status::Open | Status::Abandoned => None,
        }
    }
}

/// Where a deal stands: its status, its stage (none when unattached), and the open
/// stage it was in before it closed, so reopening can take it back there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub status: Status,
    pub stage: Option<StageRef>,
    pub stage_before_close: Option<StageId>,
}

/// What a person, import, API call or workflow asks for; `None` leaves it as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Requested {
    pub stage: Option<StageRef>,
    pub status: Option<Status>,
}

/// A change worth a system note on the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Milestone {
    Won,
    Lost,
    Reopened,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub standing: Standing,
    pub milestone: Option<Milestone>,
}

/// Applies `requested` to a deal standing at `current`. `pipeline` holds the stages of
/// the pipeline the deal ends up in (`None` for an unattached deal).
///
/// When a stage and a status disagree, the status wins and the deal goes to the
/// matching closed stage; closing remembers the open stage it left; reopening without
/// a named stage returns there.
pub fn transition(
    current: Standing,
    requested: Requested,
    pipeline: Option<PipelineStages>,
) -> Transition {
    let status = requested
        .status
        .or_else(|| requested.stage.and_then(|s| Status::implied_by(s.kind)))
        .or_else(|| reopening(current, requested).then_some(Status::Open))
        .unwrap_or(current.status);

    let open_stage_for_reopen = || {
        current
            .stage_before_close
            .or(pipeline.and_then(|p| p.first_open))
            .map(|id| StageRef {
                id,
                kind: StageKind::Open,
            })
    };
    let stage = match (status, requested.stage) {
        (Status::Won | Status::Lost, _) => pipeline
            .and_then(|p| p.closed(status))
            .or(requested.stage)
            .or(current.stage),
        (_, Some(named)) if !named.kind.is_closed() => Some(named),
        _ => match current.stage {
            Some(here) if here.kind.is_closed() => open_stage_for_reopen(),
            here => here,
        },
    };

    let was_closed = current.stage.is_some_and(|s| s.kind.is_closed());
    let is_closed = stage.is_some_and(|s| s.kind.is_closed());
    let stage_before_close = match (was_closed, is_closed) {
        (false, true) => current.stage.map(|s| s.id),
        (true, true) => current.stage_before_close,
        (_, false) => None,
    };

    let milestone = match (current.status, status) {
        (before, Status::Won) if before != Status::Won => Some(Milestone::Won),
        (before, Status::Lost) if before != Status::Lost => Some(Milestone::Lost),
        (Status::Won | Status::Lost | Status::Abandoned, Status::Open) => Some(Milestone::Reopened),
        _ => None,
    };
    Transition {
        standing: Standing {
            status,
            stage,
            stage_before_close,
        },
        milestone,
    }
}

/// A closed deal sent to an open stage with no status named is being reopened.
fn reopening(current: Standing, requested: Requested) -> bool {
    let closed = matches!(current.status, Status::Won | Status::Lost);
    closed && requested.status.is_none() && requested.stage.is_some_and(|s| !s.kind.is_closed())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSPECTING: StageRef = StageRef {
        id: StageId(1),
        kind: StageKind::Open,
    };
    const PROPOSAL: StageRef = StageRef {
        id: StageId(2),
        kind: StageKind::Open,
    };
    const WON: StageRef = StageRef {
        id: StageId(8),
        kind: StageKind::Won,
    };
    const LOST: StageRef = StageRef {
        id: StageId(9),
        kind: StageKind::Lost,
    };
    const PIPELINE: PipelineStages = PipelineStages {
        won: StageId(8),
        lost: StageId(9),
        first_open: Some(StageId(1)),
    };

    fn at(status: Status, stage: Option<StageRef>, before: Option<StageRef>) -> Standing {
        Standing {
            status,
            stage,
            stage_before_close: before.map(|s| s.id),
        }
    }

    fn ask(stage: Option<StageRef>, status: Option<Status>) -> Requested {
        Requested { stage, status }
    }

    #[test]
    fn every_transition_of_the_domain_rules() {
        use Status::*;
        #[rustfmt::skip]
        let cases: &[(&str, Standing, Requested, Standing, Option<Milestone>)] = &[
            ("move between open stages",
                at(Open, Some(PROSPECTING), None), ask(Some(PROPOSAL), None), at(Open, Some(PROPOSAL), None), None),
            ("entering Closed Won sets Won and remembers the stage",
                at(Open, Some(PROPOSAL), None), ask(Some(WON), None), at(Won, Some(WON), Some(PROPOSAL)), Some(Milestone::Won)),
            ("entering Closed Lost sets Lost",
                at(Open, Some(PROPOSAL), None), ask(Some(LOST), None), at(Lost, Some(LOST), Some(PROPOSAL)), Some(Milestone::Lost)),
            ("status Won moves to Closed Won",
                at(Open, Some(PROSPECTING), None), ask(None, Some(Won)), at(Won, Some(WON), Some(PROSPECTING)), Some(Milestone::Won)),
            ("status Lost moves to Closed Lost",
                at(Open, Some(PROSPECTING), None), ask(None, Some(Lost)), at(Lost, Some(LOST), Some(PROSPECTING)), Some(Milestone::Lost)),
            ("stage and status disagree: the status wins",
                at(Open, Some(PROSPECTING), None), ask(Some(PROPOSAL), Some(Won)), at(Won, Some(WON), Some(PROSPECTING)), Some(Milestone::Won)),
            ("Closed Won named with status Lost: Lost wins",
                at(Open, Some(PROSPECTING), None), ask(Some(WON), Some(Lost)), at(Lost, Some(LOST), Some(PROSPECTING)), Some(Milestone::Lost)),
            ("Won to Lost keeps the open stage it closed from",
                at(Won, Some(WON), Some(PROPOSAL)), ask(Some(LOST), None), at(Lost, Some(LOST), Some(PROPOSAL)), Some(Milestone::Lost)),
            ("leaving a closed stage for an open one reopens",
                at(Lost, Some(LOST), Some(PROPOSAL)), ask(Some(PROSPECTING), None), at(Open, Some(PROSPECTING), None), Some(Milestone::Reopened)),
            ("status Open on a closed deal returns to the stage before close",
                at(Won, Some(WON), Some(PROPOSAL)), ask(None, Some(Open)), at(Open, Some(PROPOSAL), None), Some(Milestone::Reopened)),
            ("status Open with an open stage named goes there",
                at(Won, Some(WON), Some(PROPOSAL)), ask(Some(PROSPECTING), Some(Open)), at(Open, Some(PROSPECTING), None), Some(Milestone::Reopened)),
            ("status Open with a closed stage named: the status wins",
                at(Won, Some(WON), Some(PROPOSAL)), ask(Some(LOST), Some(Open)), at(Open, Some(PROPOSAL), None), Some(Milestone::Reopened)),
            ("reopening when the earlier stage is unknown goes to the first open stage",
                at(Lost, Some(LOST), None), ask(None, Some(Open)), at(Open, Some(PROSPECTING), None), Some(Milestone::Reopened)),
            ("Abandoned keeps the stage",
                at(Open, Some(PROPOSAL), None), ask(None, Some(Abandoned)), at(Abandoned, Some(PROPOSAL), None), None),
            ("an abandoned deal moved between open stages stays abandoned",
                at(Abandoned, Some(PROPOSAL), None), ask(Some(PROSPECTING), None), at(Abandoned, Some(PROSPECTING), None), None),
            ("an abandoned deal set Open is reopened where it is",
                at(Abandoned, Some(PROPOSAL), None), ask(None, Some(Open)), at(Open, Some(PROPOSAL), None), Some(Milestone::Reopened)),
            ("an abandoned deal dropped on Closed Won is won",
                at(Abandoned, Some(PROPOSAL), None), ask(Some(WON), None), at(Won, Some(WON), Some(PROPOSAL)), Some(Milestone::Won)),
            ("abandoning a won deal takes it back to its open stage",
                at(Won, Some(WON), Some(PROPOSAL)), ask(None, Some(Abandoned)), at(Abandoned, Some(PROPOSAL), None), None),
            ("setting the status it already has changes nothing",
                at(Won, Some(WON), Some(PROPOSAL)), ask(None, Some(Won)), at(Won, Some(WON), Some(PROPOSAL)), None),
            ("an empty request changes nothing",
                at(Open, Some(PROPOSAL), None), ask(None, None), at(Open, Some(PROPOSAL), None), None),
        ];
        for (name, current, requested, expected, milestone) in cases {
            let got = transition(*current, *requested, Some(PIPELINE));
            assert_eq!(got.standing, *expected, "{name}");
            assert_eq!(got.milestone, *milestone, "{name}");
        }
    }

    #[test]
    fn unattached_deals_change_status_without_a_stage() {
        let current = at(Status::Open, None, None);
        let won = transition(current, ask(None, Some(Status::Won)), None);
        assert_eq!(won.standing, at(Status::Won, None, None));
        assert_eq!(won.milestone, Some(Milestone::Won));
        let reopened = transition(won.standing, ask(None, Some(Status::Open)), None);
        assert_eq!(reopened.standing, at(Status::Open, None, None));
        assert_eq!(reopened.milestone, Some(Milestone::Reopened));
    }

    #[test]
    fn statuses_parse_from_their_keys() {
        for status in Status::ALL {
            assert_eq!(Status::from_key(status.key()), Some(status));
            assert_eq!(Status::from_key(status.label()), Some(status));
        }
        assert_eq!(Status::from_key("closed"), None);
    }
}
