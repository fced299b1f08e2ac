//! Cell values as spreadsheets write them: numbers with grouping and currency marks, dates
//! in the local order, and the formula guard that keeps exported cells from running.
use crate::domain::date::Date;
pub use crate::domain::number::{canonical_number, NumberFormat};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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
