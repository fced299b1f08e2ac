//! The workspace's opportunity settings: the lost reasons people pick from, whether a
//! contact may have several deals in one pipeline, and whether a deal's owner is also
//! given to its primary contact (DOMAIN.md, "Duplicates and ownership settings"), and
//! how long an ended import keeps its file and its undo; and the workspace's time zone
//! and the limits workflows run within.
use super::text::{optional_text, TextProblem};
use super::workflow::wait::time_zone_named;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// The most reasons a list may hold, and the longest a reason may be.
pub const MAX_REASONS: usize = 30;
pub const MAX_REASON_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DealSettings {
    pub lost_reasons: Vec<String>,
    pub allow_multiple_opportunities_per_contact: bool,
    pub sync_contact_owner: bool,
    /// Days an ended import keeps its file and `Undo import` (`Keep import files`).
    pub import_file_days: u32,
}

/// The clock and limits the workflow engine runs by (`Time zone` and `Automation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowSettings {
    /// The IANA zone wait steps and times of day are in (`Europe/Berlin`).
    pub time_zone: String,
    /// How many workflows may set each other off in one chain before the next is stopped.
    pub depth_limit: u32,
    /// How many times one record may enter one workflow in an hour.
    pub hourly_entries: u32,
    /// Days a run's history is kept.
    pub log_days: u32,
}

pub const DEPTH_LIMITS: RangeInclusive<u32> = 1..=20;
pub const HOURLY_ENTRIES: RangeInclusive<u32> = 1..=1000;
pub const LOG_DAYS: RangeInclusive<u32> = 1..=3650;

impl Default for WorkflowSettings {
    fn default() -> Self {
        WorkflowSettings {
            time_zone: "UTC".into(),
            depth_limit: 5,
            hourly_entries: 10,
            log_days: 90,
        }
    }
}

/// The workflow settings as typed, each problem tied to its field (`time_zone`,
/// `depth_limit`, `hourly_entries`, `log_days`) so all are shown at once.
pub fn parse_workflow_settings(
    time_zone: &str,
    depth_limit: &str,
    hourly_entries: &str,
    log_days: &str,
) -> Result<WorkflowSettings, Vec<(String, String)>> {
    let mut problems = Vec::new();
    let mut note = |field: &str, problem: String| problems.push((field.to_string(), problem));
    let zone = parse_time_zone(time_zone).map_err(|m| note("time_zone", m));
    let mut number = |field: &str, text: &str, range: RangeInclusive<u32>, what: &str| {
        let number = text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| range.contains(n));
        number.ok_or_else(|| {
            let (low, high) = (range.start(), range.end());
            note(
                field,
                format!("Type {what}: a whole number from {low} to {high}."),
            )
        })
    };
    let depth = number(
        "depth_limit",
        depth_limit,
        DEPTH_LIMITS,
        "how many workflows may set each other off in a chain",
    );
    let hourly = number(
        "hourly_entries",
        hourly_entries,
        HOURLY_ENTRIES,
        "how many times a record may enter one workflow per hour",
    );
    let days = number(
        "log_days",
        log_days,
        LOG_DAYS,
        "how many days to keep run history",
    );
    match (zone, depth, hourly, days) {
        (Ok(time_zone), Ok(depth_limit), Ok(hourly_entries), Ok(log_days)) => {
            Ok(WorkflowSettings {
                time_zone,
                depth_limit,
                hourly_entries,
                log_days,
            })
        }
        _ => Err(problems),
    }
}

/// An IANA time zone name in its canonical spelling (`europe/berlin` is `Europe/Berlin`).
pub fn parse_time_zone(text: &str) -> Result<String, String> {
    let zone = time_zone_named(text)
        .ok()
        .filter(|z| z.iana_name() != Some(FACTORY));
    let zone = zone.ok_or_else(|| {
        format!(
            "\u{201c}{}\u{201d} is not a time zone we know. Pick one from the list, such as Europe/Berlin or America/New_York.",
            text.trim()
        )
    })?;
    Ok(zone.iana_name().unwrap_or(text.trim()).to_string())
}

/// The database's placeholder for "no zone set yet", which is no place's clock.
const FACTORY: &str = "Factory";

/// Every zone the `Time zone` select offers, sorted by name.
pub fn time_zones() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.as_str().to_string())
        .filter(|name| name != FACTORY)
        .collect();
    names.sort();
    names
}

/// Lost reasons typed one per line: blank lines dropped, repeats (any case) kept once.
pub fn parse_lost_reasons(text: &str) -> Result<Vec<String>, String> {
    let mut reasons: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = match optional_text(raw, MAX_REASON_CHARS) {
            Ok(Some(line)) => line,
            Ok(None) => continue,
            Err(TextProblem::TooLong) => {
                return Err(format!(
                    "\u{201c}{}\u{201d} is too long. Keep each reason under {MAX_REASON_CHARS} characters.",
                    raw.trim()
                ))
            }
            Err(problem) => return Err(problem.to_string()),
        };
        if !reasons
            .iter()
            .any(|r| r.to_lowercase() == line.to_lowercase())
        {
            reasons.push(line.to_string());
        }
    }
    if reasons.len() > MAX_REASONS {
        return Err(format!(
            "That is {} reasons. Keep the list to {MAX_REASONS} so it stays quick to pick from.",
            reasons.len()
        ));
    }
    Ok(reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_one_per_line_without_repeats() {
        assert_eq!(
            parse_lost_reasons("  No budget \n\nno BUDGET\nBad timing").unwrap(),
            vec!["No budget", "Bad timing"]
        );
        assert!(parse_lost_reasons("").unwrap().is_empty());
    }

    #[test]
    fn workflow_settings_are_checked_field_by_field() {
        assert_eq!(
            parse_workflow_settings(" europe/berlin ", "20", "1000", "3650"),
            Ok(WorkflowSettings {
                time_zone: "Europe/Berlin".into(),
                depth_limit: 20,
                hourly_entries: 1000,
                log_days: 3650,
            })
        );
        assert_eq!(
            parse_workflow_settings("UTC", "5", "10", "90"),
            Ok(WorkflowSettings::default())
        );
        // (zone, depth, hourly, days, the fields refused)
        let cases: &[(&str, &str, &str, &str, &[&str])] = &[
            ("Mars/Base", "5", "10", "90", &["time_zone"]),
            ("", "5", "10", "90", &["time_zone"]),
            ("Factory", "5", "10", "90", &["time_zone"]),
            ("UTC", "0", "10", "90", &["depth_limit"]),
            ("UTC", "21", "0", "90", &["depth_limit", "hourly_entries"]),
            ("UTC", "5", "1001", "3651", &["hourly_entries", "log_days"]),
            (
                "UTC",
                "2.5",
                "-1",
                "soon",
                &["depth_limit", "hourly_entries", "log_days"],
            ),
        ];
        for (zone, depth, hourly, days, fields) in cases {
            let problems = parse_workflow_settings(zone, depth, hourly, days).unwrap_err();
            let refused: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
            assert_eq!(&refused, fields, "{zone} {depth} {hourly} {days}");
        }
        let problems = parse_workflow_settings("Mars/Base", "0", "10", "90").unwrap_err();
        assert!(problems[0]
            .1
            .contains("\u{201c}Mars/Base\u{201d} is not a time zone we know"));
        assert_eq!(
            problems[1].1,
            "Type how many workflows may set each other off in a chain: a whole number from 1 to 20."
        );
    }

    #[test]
    fn the_time_zone_list_is_the_iana_database() {
        let zones = time_zones();
        assert!(zones.len() > 300, "{}", zones.len());
        for zone in ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"] {
            assert!(zones.iter().any(|z| z == zone), "{zone}");
        }
        assert!(zones.windows(2).all(|w| w[0] < w[1]));
        assert!(
            zones.iter().all(|z| parse_time_zone(z).is_ok()),
            "every listed zone saves"
        );
    }

    #[test]
    fn long_lists_and_long_reasons_are_refused() {
        assert!(parse_lost_reasons(&"x".repeat(81))
            .unwrap_err()
            .contains("too long"));
        let many: Vec<String> = (0..31).map(|i| format!("Reason {i}")).collect();
        assert!(parse_lost_reasons(&many.join("\n"))
            .unwrap_err()
            .contains("31 reasons"));
        assert!(parse_lost_reasons("No budget\nBad\0timing")
            .unwrap_err()
            .contains("control character"));
        assert!(parse_lost_reasons("\u{200b}\n \u{feff}")
            .unwrap()
            .is_empty());
    }
}
