//! What an import says about its uploaded file: bytes in it that are not UTF-8, and how
//! long the file (and with it `Undo import`) is kept after the import ends.
use super::ImportSummary;
use crate::domain::date::Date;
use serde::{Deserialize, Serialize};

/// A file that is UTF-8 except for a few bad bytes: the lines they are on, so the person
/// chooses how to read it instead of the file being guessed into mojibake.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Utf8Doubt {
    /// The first lines holding a bad byte, in order (counting from 1).
    pub lines: Vec<u64>,
    /// How many more lines hold one.
    pub more_lines: u64,
}

impl Utf8Doubt {
    /// Lines named in the message; the others are counted.
    pub const LINES_NAMED: usize = 10;

    /// Notes a line holding a bad byte; lines come in order, each once.
    pub fn note(&mut self, line: u64) {
        if self.lines.len() < Self::LINES_NAMED {
            self.lines.push(line);
        } else {
            self.more_lines += 1;
        }
    }

    /// "Lines 3, 17 are not valid UTF-8."
    pub fn message(&self) -> String {
        let named: Vec<String> = self.lines.iter().map(u64::to_string).collect();
        match (named.as_slice(), self.more_lines) {
            ([one], 0) => format!("Line {one} is not valid UTF-8."),
            (_, 0) => format!("Lines {} are not valid UTF-8.", named.join(", ")),
            (_, more) => format!(
                "Lines {} and {more} more are not valid UTF-8.",
                named.join(", ")
            ),
        }
    }
}

/// Days a finished import keeps its file and its undo, unless the workspace says otherwise.
pub const DEFAULT_KEEP_DAYS: u32 = 30;
/// The longest the setting goes: ten years.
pub const MAX_KEEP_DAYS: u32 = 3650;
const DAY_MS: i64 = 86_400_000;

/// When an import that finished at `finished_at` loses its file and its undo.
pub fn kept_until(finished_at: i64, keep_days: u32) -> i64 {
    finished_at.saturating_add(i64::from(keep_days) * DAY_MS)
}

/// The setting as typed: whole days, 1 to ten years.
pub fn parse_keep_days(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(days) if (1..=MAX_KEEP_DAYS).contains(&days) => Ok(days),
        _ => Err(format!(
            "Type how many days to keep import files and their undo: a whole number from 1 to {MAX_KEEP_DAYS}."
        )),
    }
}

impl ImportSummary {
    /// Whether `Undo import` has closed at `now`: its window passed, or the file is gone.
    pub fn undo_closed(&self, now: i64) -> bool {
        self.file_deleted_at.is_some() || self.file_kept_until.is_some_and(|until| now >= until)
    }

    /// What the import page says about the file once the import has ended.
    pub fn file_note(&self) -> Option<String> {
        match (self.file_deleted_at, self.file_kept_until) {
            (Some(deleted), _) => Some(format!(
                "The file was deleted on {}; Undo is no longer available.",
                Date::from_unix_ms(deleted)
            )),
            (None, Some(until)) => Some(format!(
                "The file and Undo are kept until {}.",
                Date::from_unix_ms(until)
            )),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_are_named_then_counted() {
        let cases: [(&[u64], &str); 3] = [
            (&[3], "Line 3 is not valid UTF-8."),
            (&[3, 17], "Lines 3, 17 are not valid UTF-8."),
            (
                &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
                "Lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more are not valid UTF-8.",
            ),
        ];
        for (lines, message) in cases {
            let mut doubt = Utf8Doubt::default();
            lines.iter().for_each(|&line| doubt.note(line));
            assert_eq!(doubt.message(), message);
        }
    }

    #[test]
    fn keep_days_are_whole_days_up_to_ten_years() {
        assert_eq!(parse_keep_days(" 30 "), Ok(30));
        assert_eq!(parse_keep_days("3650"), Ok(3650));
        for bad in ["0", "3651", "-1", "2.5", "", "soon"] {
            assert!(
                parse_keep_days(bad).unwrap_err().contains("from 1 to 3650"),
                "{bad}"
            );
        }
        assert_eq!(kept_until(1_000, 1), 1_000 + 86_400_000);
    }
}
