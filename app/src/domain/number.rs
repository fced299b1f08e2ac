//! Numbers as people write them: thousands grouped in threes by one mark, the other mark
//! before the decimals, read only when the reading is unambiguous in the chosen format.
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How the file writes numbers: which mark separates decimals (the other may group thousands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NumberFormat {
    #[default]
    DecimalPoint,
    DecimalComma,
}

impl NumberFormat {
    pub const ALL: [NumberFormat; 2] = [NumberFormat::DecimalPoint, NumberFormat::DecimalComma];
    /// How the workspace's screens write numbers (`Currency::format_minor`: 1,234.50), and
    /// so how forms and filters read them first (see `read_typed_number`).
    pub const WORKSPACE: NumberFormat = NumberFormat::DecimalPoint;

    pub fn key(self) -> &'static str {
        match self {
            NumberFormat::DecimalPoint => "decimal_point",
            NumberFormat::DecimalComma => "decimal_comma",
        }
    }

    pub fn from_key(key: &str) -> Option<NumberFormat> {
        NumberFormat::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            NumberFormat::DecimalPoint => "1,234.50",
            NumberFormat::DecimalComma => "1.234,50",
        }
    }

    /// "a decimal point", "a decimal comma".
    pub fn mark_name(self) -> &'static str {
        match self {
            NumberFormat::DecimalPoint => "a decimal point",
            NumberFormat::DecimalComma => "a decimal comma",
        }
    }

    fn decimal_mark(self) -> char {
        match self {
            NumberFormat::DecimalPoint => '.',
            NumberFormat::DecimalComma => ',',
        }
    }

    /// Spaces (plain, no-break and the narrow no-break French Excel writes) group in both
    /// formats; Swiss files group with an apostrophe.
    fn groups_with(self, mark: char) -> bool {
        let space = matches!(mark, ' ' | '\u{a0}' | '\u{202f}');
        match self {
            NumberFormat::DecimalPoint => space || matches!(mark, ',' | '\'' | '\u{2019}'),
            NumberFormat::DecimalComma => space || mark == '.',
        }
    }

    fn other(self) -> NumberFormat {
        match self {
            NumberFormat::DecimalPoint => NumberFormat::DecimalComma,
            NumberFormat::DecimalComma => NumberFormat::DecimalPoint,
        }
    }
}

/// Why text is not a number in the format asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberProblem {
    Empty,
    /// No reading in either format: `1,2,3`, `12,5k`.
    Unreadable,
    /// Read only in the other format (`1 000 000,50` asked with a decimal point), as `reading`.
    OtherFormat {
        format: NumberFormat,
        reading: String,
    },
}

/// A number as typed, in the canonical plain form: "1234.5", "-3" (no grouping, '.' before
/// decimals, no leading or trailing zeros). Text in, text out, so any length of digits is
/// kept exactly. Groups must be threes split by one mark, so nothing is guessed.
pub fn read_number(raw: &str, format: NumberFormat) -> Result<String, NumberProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(NumberProblem::Empty);
    }
    if let Some(number) = parse_number(text, format) {
        return Ok(number);
    }
    let other = format.other();
    Err(match parse_number(text, other) {
        Some(reading) => NumberProblem::OtherFormat {
            format: other,
            reading,
        },
        None => NumberProblem::Unreadable,
    })
}

/// A number typed into a screen: read as the screens write numbers (1,234.50), or, when
/// that gives no reading but a decimal comma does (`12,50`, `1.234,50`, `1 000 000,50`),
/// with the comma, as people in many of the workspace currencies' countries write them.
/// Text that reads both ways (`1,234`) is read as the screens write it, and text that
/// reads neither way (`1,2,3`) is refused: nothing is guessed.
pub fn read_typed_number(raw: &str) -> Result<String, NumberProblem> {
    match read_number(raw, NumberFormat::WORKSPACE) {
        Err(NumberProblem::OtherFormat { reading, .. }) => Ok(reading),
        read => read,
    }
}

/// `read_number` for a file's cells, worded for the import's number format choice.
pub fn canonical_number(raw: &str, format: NumberFormat) -> Result<String, String> {
    let text = raw.trim();
    read_number(text, format).map_err(|problem| match problem {
        NumberProblem::Empty => "The number is empty: enter a value.".to_string(),
        NumberProblem::Unreadable => format!("'{text}' is not a number."),
        NumberProblem::OtherFormat { format: other, .. } => format!(
            "'{text}' is not a number. It looks like {}: choose {} as the number format.",
            other.mark_name(),
            other.label()
        ),
    })
}

fn parse_number(text: &str, format: NumberFormat) -> Option<String> {
    let (sign, rest) = take_sign(text);
    let (sign, rest) = match strip_currency_prefix(rest) {
        // "$-1,500" puts the sign after the symbol; a sign on both sides is not a number.
        Some(after) => match take_sign(after) {
            (Some(_), _) if sign.is_some() => return None,
            (Some(late), amount) => (Some(late), amount),
            (None, amount) => (sign, amount),
        },
        None => (sign, strip_currency_suffix(rest).unwrap_or(rest)),
    };
    let (whole, fraction) = match rest.split_once(format.decimal_mark()) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let whole = ungroup(whole, format)?;
    let fraction = match fraction {
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => f,
        Some(_) => return None,
        None if whole.is_empty() => return None,
        None => "",
    };
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let mut out = String::with_capacity(whole.len() + fraction.len() + 3);
    if sign == Some('-') && !(whole.is_empty() && fraction.is_empty()) {
        out.push('-');
    }
    out.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    Some(out)
}

fn take_sign(text: &str) -> (Option<char>, &str) {
    match text.strip_prefix(['-', '+']) {
        Some(rest) => (text.chars().next(), rest),
        None => (None, text),
    }
}

const CURRENCY_SYMBOLS: [char; 4] = ['$', '€', '£', '¥'];

fn is_iso_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// "$1,500" or "EUR 1,500": the amount after the symbol, if there is one.
fn strip_currency_prefix(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_prefix(CURRENCY_SYMBOLS) {
        return Some(rest.trim_start());
    }
    let code = text.get(..3)?;
    is_iso_code(code).then(|| text[3..].trim_start())
}

/// "1.500,00 €" or "1,500 USD": the amount before the symbol, if there is one.
fn strip_currency_suffix(text: &str) -> Option<&str> {
    if let Some(rest) = text.strip_suffix(CURRENCY_SYMBOLS) {
        return Some(rest.trim_end());
    }
    let start = text.len().checked_sub(3)?;
    let code = text.get(start..)?;
    is_iso_code(code).then(|| text[..start].trim_end())
}

/// The digits of a whole-number part, grouping marks removed; groups must be threes after
/// a leading group of one to three digits, all split by the same mark.
fn ungroup(whole: &str, format: NumberFormat) -> Option<Cow<'_, str>> {
    let Some(mark) = whole.chars().find(|c| !c.is_ascii_digit()) else {
        return Some(Cow::Borrowed(whole));
    };
    if !format.groups_with(mark) {
        return None;
    }
    let mut groups = whole.split(mark);
    let lead = groups.next().unwrap_or_default();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let well_grouped =
        (1..=3).contains(&lead.len()) && digits(lead) && groups.all(|g| g.len() == 3 && digits(g));
    well_grouped.then(|| Cow::Owned(whole.chars().filter(char::is_ascii_digit).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberFormat::{DecimalComma, DecimalPoint};

    #[test]
    fn a_number_is_read_only_when_its_grouping_is_unambiguous() {
        let cases: &[(&str, NumberFormat, Result<&str, NumberProblem>)] = &[
            ("12,500.50", DecimalPoint, Ok("12500.5")),
            ("1 000 000,50", DecimalComma, Ok("1000000.5")),
            ("1,2,3", DecimalPoint, Err(NumberProblem::Unreadable)),
            ("1,2,3", DecimalComma, Err(NumberProblem::Unreadable)),
            ("1.2.3", DecimalComma, Err(NumberProblem::Unreadable)),
            ("12,34,567", DecimalPoint, Err(NumberProblem::Unreadable)),
            ("", DecimalPoint, Err(NumberProblem::Empty)),
            (
                "1 000 000,50",
                DecimalPoint,
                Err(NumberProblem::OtherFormat {
                    format: DecimalComma,
                    reading: "1000000.5".into(),
                }),
            ),
            (
                "1,234.5",
                DecimalComma,
                Err(NumberProblem::OtherFormat {
                    format: DecimalPoint,
                    reading: "1234.5".into(),
                }),
            ),
        ];
        for (raw, format, expected) in cases {
            let expected = expected.clone().map(str::to_string);
            assert_eq!(read_number(raw, *format), expected, "{raw}");
        }
    }

    #[test]
    fn a_typed_number_may_use_a_decimal_comma_when_only_that_reads() {
        let cases: &[(&str, Result<&str, NumberProblem>)] = &[
            ("12,500.50", Ok("12500.5")),
            ("12,50", Ok("12.5")),
            ("1.234,50", Ok("1234.5")),
            ("1 000 000,50", Ok("1000000.5")),
            ("1,5", Ok("1.5")),
            // Both readings exist: the screens' own (1,234.50) wins.
            ("1,234", Ok("1234")),
            ("1.234", Ok("1.234")),
            ("1,2,3", Err(NumberProblem::Unreadable)),
            ("1.234.5", Err(NumberProblem::Unreadable)),
            ("", Err(NumberProblem::Empty)),
        ];
        for (raw, expected) in cases {
            let expected = expected.clone().map(str::to_string);
            assert_eq!(read_typed_number(raw), expected, "{raw}");
        }
    }
}
