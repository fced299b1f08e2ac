//! Cell values as spreadsheets write them: numbers with grouping and currency marks, dates
//! in the local order, and the formula guard that keeps exported cells from running.
use crate::domain::date::Date;
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

/// Which comes first in a date like 03/04/2026, the day or the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DateOrder {
    #[default]
    DayMonth,
    MonthDay,
}

impl DateOrder {
    pub const ALL: [DateOrder; 2] = [DateOrder::DayMonth, DateOrder::MonthDay];

    pub fn key(self) -> &'static str {
        match self {
            DateOrder::DayMonth => "day_month",
            DateOrder::MonthDay => "month_day",
        }
    }

    pub fn from_key(key: &str) -> Option<DateOrder> {
        DateOrder::ALL.into_iter().find(|o| o.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            DateOrder::DayMonth => "Day first (21/11/2026)",
            DateOrder::MonthDay => "Month first (11/21/2026)",
        }
    }

    fn example(self) -> &'static str {
        match self {
            DateOrder::DayMonth => "21/11/2026",
            DateOrder::MonthDay => "11/21/2026",
        }
    }

    fn other(self) -> DateOrder {
        match self {
            DateOrder::DayMonth => DateOrder::MonthDay,
            DateOrder::MonthDay => DateOrder::DayMonth,
        }
    }
}

/// A number as typed in a spreadsheet, in the canonical plain form: "1234.5", "-3" (no
/// grouping, '.' before decimals, no leading or trailing zeros). Text in, text out, so any
/// length of digits is kept exactly.
pub fn canonical_number(raw: &str, format: NumberFormat) -> Result<String, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("The number is empty: enter a value.".to_string());
    }
    if let Some(number) = parse_number(text, format) {
        return Ok(number);
    }
    let other = format.other();
    Err(match parse_number(text, other) {
        Some(_) => format!(
            "'{text}' is not a number. It looks like {}: choose {} as the number format.",
            match other {
                NumberFormat::DecimalPoint => "a decimal point",
                NumberFormat::DecimalComma => "a decimal comma",
            },
            other.label()
        ),
        None => format!("'{text}' is not a number."),
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

/// A date as spreadsheets export it: ISO 2026-11-21 (also with a time after it), or day,
/// month and year split by '/', '.' or '-' in the chosen order.
pub fn parse_date(raw: &str, order: DateOrder) -> Result<Date, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err("The date is empty: enter a value.".to_string());
    }
    if let Some(date) = read_date(text, order) {
        return Ok(date);
    }
    let example = order.example();
    let other = order.other();
    Err(match read_date(text, other) {
        Some(_) => format!(
            "'{text}' is not a date. It looks like {} first: choose {} as the date order.",
            match other {
                DateOrder::DayMonth => "the day",
                DateOrder::MonthDay => "the month",
            },
            other.label()
        ),
        None => format!("'{text}' is not a date. Use 2026-11-21 or {example}."),
    })
}

fn read_date(text: &str, order: DateOrder) -> Option<Date> {
    // Exports often add a time ("2026-11-21T10:00:00Z", "21/11/2026 10:00"): keep the day.
    let date = match text.find([' ', 'T']) {
        Some(at) => {
            let time = text[at + 1..].trim_start();
            time.starts_with(|c: char| c.is_ascii_digit())
                .then_some(&text[..at])?
        }
        None => text,
    };
    let separator = date.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let mut parts = date.split(separator);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    let all_digits = |p: &str| p.bytes().all(|byte| byte.is_ascii_digit());
    if parts.next().is_some() || !(all_digits(a) && all_digits(b) && all_digits(c)) {
        return None;
    }
    let number = |p: &str| p.parse::<u8>().ok();
    if a.len() == 4 {
        // Year first is never ambiguous: 2026-11-21 or 2026/11/21.
        if b.len() > 2 || c.len() > 2 {
            return None;
        }
        return Date::new(a.parse().ok()?, number(b)?, number(c)?);
    }
    if !(1..=2).contains(&a.len()) || !(1..=2).contains(&b.len()) {
        return None;
    }
    let year = match c.len() {
        4 => c.parse::<i32>().ok()?,
        2 => match c.parse::<i32>().ok()? {
            short @ 0..=69 => 2000 + short,
            short => 1900 + short,
        },
        _ => return None,
    };
    let (day, month) = match order {
        DateOrder::DayMonth => (number(a)?, number(b)?),
        DateOrder::MonthDay => (number(b)?, number(a)?),
    };
    Date::new(year, month, day)
}

/// What makes a spreadsheet treat a cell as a formula, and so what exports must guard.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether the cell, after any leading apostrophes, starts like a formula. Counting the
/// apostrophes lets a cell that already starts with "'=" survive export and import intact.
fn starts_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// Guards a cell against spreadsheet formula injection with a leading apostrophe.
pub fn escape_formula(cell: &str) -> Cow<'_, str> {
    if starts_like_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Removes the guard `escape_formula` adds, so exported files import back unchanged.
pub fn unescape_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests;
