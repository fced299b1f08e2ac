//! Calendar dates as deals use them (expected close date): `YYYY-MM-DD`, checked.
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("'{0}' is not a date. Use the form 2026-03-31.")]
pub struct NotADate(pub String);

/// A real calendar day. Its text form sorts in date order, which the store relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    pub fn parse(raw: &str) -> Result<Date, NotADate> {
        let text = raw.trim();
        let bad = || NotADate(text.to_string());
        let mut parts = text.splitn(3, '-');
        let mut next = |len: usize| {
            parts
                .next()
                .filter(|p| p.len() == len && p.chars().all(|c| c.is_ascii_digit()))
                .and_then(|p| p.parse::<i32>().ok())
        };
        let (year, month, day) = (next(4), next(2), next(2));
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => Date::new(y, m as u8, d as u8).ok_or_else(bad),
            _ => Err(bad()),
        }
    }

    /// Parses optional input: empty means no date.
    pub fn parse_optional(raw: &str) -> Result<Option<Date>, NotADate> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Date::parse(raw).map(Some)
        }
    }

    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The day a Unix time in milliseconds falls on (UTC).
    pub fn from_unix_ms(ms: i64) -> Date {
        Date::from_days_since_epoch(ms.div_euclid(86_400_000))
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_when_real() {
        assert_eq!(Date::parse("2026-03-31").unwrap().to_string(), "2026-03-31");
        assert_eq!(
            Date::parse(" 2024-02-29 ").unwrap().to_string(),
            "2024-02-29"
        );
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-04-31",
            "26-01-01",
            "2026/01/01",
            "x",
            "2026-1-01",
        ] {
            assert_eq!(Date::parse(bad), Err(NotADate(bad.to_string())), "{bad}");
        }
        assert_eq!(Date::parse_optional("  "), Ok(None));
    }

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2000-03-01").unwrap().days_since_epoch(),
            11_017
        );
        for days in [-1000, 0, 59, 365, 11_016, 20_000, 30_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        let leap = Date::parse("2024-02-28").unwrap();
        assert_eq!(leap.add_days(1).to_string(), "2024-02-29");
        assert_eq!(leap.add_days(2).to_string(), "2024-03-01");
        assert_eq!(
            Date::from_unix_ms(1_700_000_000_000).to_string(),
            "2023-11-14"
        );
    }
}
