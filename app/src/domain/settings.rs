//! The workspace's opportunity settings: the lost reasons people pick from, whether a
//! contact may have several deals in one pipeline, and whether a deal's owner is also
//! given to its primary contact (DOMAIN.md, "Duplicates and ownership settings"), and
//! how long an ended import keeps its file and its undo.
use super::text::{optional_text, TextProblem};
use serde::{Deserialize, Serialize};

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
