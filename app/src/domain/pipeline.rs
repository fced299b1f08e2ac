//! Pipelines and stages: close probabilities, the two fixed closed stages, the default pipeline.
use super::text::{required_text, TextProblem, CONTROL_CHARACTER};
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PipelineId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StageId(pub i64);

pub const CLOSED_WON: &str = "Closed Won";
pub const CLOSED_LOST: &str = "Closed Lost";

/// What a stage means for a deal in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

impl StageKind {
    pub fn key(self) -> &'static str {
        match self {
            StageKind::Open => "open",
            StageKind::Won => "won",
            StageKind::Lost => "lost",
        }
    }

    pub fn from_key(key: &str) -> Option<StageKind> {
        [StageKind::Open, StageKind::Won, StageKind::Lost]
            .into_iter()
            .find(|k| k.key() == key)
    }

    pub fn is_closed(self) -> bool {
        self != StageKind::Open
    }
}

/// A stage's close probability in percent: 1-99 for open stages; 100 and 0
/// belong to `Closed Won` and `Closed Lost` alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Probability(u8);

impl Probability {
    pub const WON: Probability = Probability(100);
    pub const LOST: Probability = Probability(0);

    /// Parses what a manager typed for an open stage.
    pub fn for_open_stage(percent: i64) -> Result<Probability, PipelineError> {
        match percent {
            0 | 100 => Err(PipelineError::ReservedProbability(percent)),
            1..=99 => Ok(Probability(percent as u8)),
            _ => Err(PipelineError::ProbabilityOutOfRange(percent)),
        }
    }

    /// Parses a typed percentage ("25", "25%") for an open stage.
    pub fn parse_open(raw: &str) -> Result<Probability, PipelineError> {
        let text = raw.trim().trim_end_matches('%').trim();
        let percent = text
            .parse::<i64>()
            .map_err(|_| PipelineError::NotAPercentage(raw.trim().to_string()))?;
        Probability::for_open_stage(percent)
    }

    /// The probability of a stage of `kind`, with `percent` used for open stages.
    pub fn for_kind(kind: StageKind, percent: i64) -> Result<Probability, PipelineError> {
        match kind {
            StageKind::Open => Probability::for_open_stage(percent),
            StageKind::Won => Ok(Probability::WON),
            StageKind::Lost => Ok(Probability::LOST),
        }
    }

    pub fn percent(self) -> u8 {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PipelineError {
    #[error(
        "{0}% is only for Closed Won (100%) and Closed Lost (0%). Use 1 to 99 for this stage."
    )]
    ReservedProbability(i64),
    #[error("{0}% is not a close probability. Use a whole number from 1 to 99.")]
    ProbabilityOutOfRange(i64),
    #[error("'{0}' is not a close probability. Use a whole number from 1 to 99.")]
    NotAPercentage(String),
    #[error("Enter a name.")]
    EmptyName,
    #[error("Keep names under {max} characters.", max = MAX_STAGE_NAME_CHARS)]
    NameTooLong,
    #[error("{CONTROL_CHARACTER}")]
    ControlCharacter,
    #[error("'{0}' is a fixed stage: every pipeline ends with Closed Won and Closed Lost.")]
    FixedStage(String),
    #[error("This pipeline already has a stage named '{0}'.")]
    DuplicateStage(String),
}

pub const MAX_STAGE_NAME_CHARS: usize = 60;

/// A stage or pipeline name: trimmed, not empty, not one of the fixed closed stages.
pub fn open_stage_name(raw: &str) -> Result<String, PipelineError> {
    let name = required_text(raw, MAX_STAGE_NAME_CHARS).map_err(|problem| match problem {
        TextProblem::Empty => PipelineError::EmptyName,
        TextProblem::TooLong => PipelineError::NameTooLong,
        TextProblem::ControlCharacter => PipelineError::ControlCharacter,
    })?;
    if [CLOSED_WON, CLOSED_LOST]
        .iter()
        .any(|fixed| fixed.eq_ignore_ascii_case(name))
    {
        return Err(PipelineError::FixedStage(name.to_string()));
    }
    Ok(name.to_string())
}

/// Whether two stage or pipeline names are the same to a person: trimmed, in any case.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A stage as the rules see it: what it means and how likely it closes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagePlan {
    pub name: String,
    pub kind: StageKind,
    pub probability: Probability,
}

/// `Set up a pipeline`: Prospecting 10%, Qualification 25%, Proposal 50%,
/// Negotiation 75%, then the fixed Closed Won and Closed Lost.
pub fn default_stages() -> Vec<StagePlan> {
    let open = [
        ("Prospecting", 10),
        ("Qualification", 25),
        ("Proposal", 50),
        ("Negotiation", 75),
    ];
    open.into_iter()
        .map(|(name, percent)| StagePlan {
            name: name.to_string(),
            kind: StageKind::Open,
            probability: Probability(percent),
        })
        .chain(closed_stages())
        .collect()
}

/// The two stages every pipeline ends with.
pub fn closed_stages() -> [StagePlan; 2] {
    [
        StagePlan {
            name: CLOSED_WON.into(),
            kind: StageKind::Won,
            probability: Probability::WON,
        },
        StagePlan {
            name: CLOSED_LOST.into(),
            kind: StageKind::Lost,
            probability: Probability::LOST,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_stage_probabilities_are_1_to_99() {
        let cases = [
            (1, Ok(1)),
            (50, Ok(50)),
            (99, Ok(99)),
            (0, Err(PipelineError::ReservedProbability(0))),
            (100, Err(PipelineError::ReservedProbability(100))),
            (-5, Err(PipelineError::ProbabilityOutOfRange(-5))),
            (101, Err(PipelineError::ProbabilityOutOfRange(101))),
        ];
        for (percent, expected) in cases {
            assert_eq!(
                Probability::for_open_stage(percent).map(Probability::percent),
                expected,
                "{percent}"
            );
        }
    }

    #[test]
    fn typed_percentages_parse() {
        assert_eq!(
            Probability::parse_open(" 25% ").map(Probability::percent),
            Ok(25)
        );
        assert_eq!(
            Probability::parse_open("high"),
            Err(PipelineError::NotAPercentage("high".into()))
        );
        assert_eq!(
            Probability::parse_open("100"),
            Err(PipelineError::ReservedProbability(100))
        );
    }

    #[test]
    fn closed_stages_have_fixed_probabilities() {
        assert_eq!(
            Probability::for_kind(StageKind::Won, 37),
            Ok(Probability::WON)
        );
        assert_eq!(
            Probability::for_kind(StageKind::Lost, 37),
            Ok(Probability::LOST)
        );
        assert_eq!(
            Probability::for_kind(StageKind::Open, 37).map(Probability::percent),
            Ok(37)
        );
    }

    #[test]
    fn the_messages_say_what_to_do() {
        let reserved = Probability::for_open_stage(100).unwrap_err().to_string();
        assert!(
            reserved.contains("Closed Won (100%)") && reserved.contains("1 to 99"),
            "{reserved}"
        );
        let range = Probability::for_open_stage(250).unwrap_err().to_string();
        assert!(range.contains("from 1 to 99"), "{range}");
    }

    #[test]
    fn the_default_pipeline_is_the_documented_one() {
        let plan: Vec<(String, StageKind, u8)> = default_stages()
            .into_iter()
            .map(|s| (s.name, s.kind, s.probability.percent()))
            .collect();
        let expected = [
            ("Prospecting", StageKind::Open, 10),
            ("Qualification", StageKind::Open, 25),
            ("Proposal", StageKind::Open, 50),
            ("Negotiation", StageKind::Open, 75),
            ("Closed Won", StageKind::Won, 100),
            ("Closed Lost", StageKind::Lost, 0),
        ];
        assert_eq!(plan.len(), expected.len());
        for (got, (name, kind, percent)) in plan.iter().zip(expected) {
            assert_eq!(got, &(name.to_string(), kind, percent));
        }
    }

    #[test]
    fn stage_names_are_checked() {
        assert_eq!(
            open_stage_name("  Demo booked "),
            Ok("Demo booked".to_string())
        );
        assert_eq!(open_stage_name(" "), Err(PipelineError::EmptyName));
        assert_eq!(
            open_stage_name("closed won"),
            Err(PipelineError::FixedStage("closed won".into()))
        );
        assert_eq!(
            open_stage_name(&"x".repeat(61)),
            Err(PipelineError::NameTooLong)
        );
    }

    #[test]
    fn stage_kinds_round_trip() {
        for kind in [StageKind::Open, StageKind::Won, StageKind::Lost] {
            assert_eq!(StageKind::from_key(kind.key()), Some(kind));
        }
        assert!(
            StageKind::Won.is_closed()
                && StageKind::Lost.is_closed()
                && !StageKind::Open.is_closed()
        );
    }
}
