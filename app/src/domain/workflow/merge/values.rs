//! Rendered text turned into the values an action stores: dates that may be dynamic
//! (`Right Now`) and amounts in minor units.
use super::problem::MergeProblem;
use crate::domain::date::Date;
use crate::domain::money::parse_amount;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// A date field's value as `YYYY-MM-DD`: `Right Now` and `Today` are the date at `now_ms`
/// in the workspace's `time_zone` (an IANA name, `Europe/Paris`); other text must be a
/// date. Empty text stays empty: the field is left without a date.
pub fn date_value(text: &str, now_ms: i64, time_zone: &str) -> Result<String, MergeProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    if text.eq_ignore_ascii_case("right now") || text.eq_ignore_ascii_case("today") {
        let zone = TimeZone::get(time_zone).map_err(|_| MergeProblem::UnknownTimeZone {
            zone: time_zone.to_string(),
        })?;
        // Only a clock outside the years -9999..=9999 misses; the nearest end stands in.
        let now = Timestamp::from_millisecond(now_ms).unwrap_or(if now_ms < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        });
        return Ok(now.to_zoned(zone).date().to_string());
    }
    Date::parse(text)
        .map(|date| date.to_string())
        .map_err(|_| MergeProblem::NotADate {
            text: text.to_string(),
        })
}

/// A rendered lead value (`500`, `1,250.50`, `$1,500`) in minor units of a currency with
/// `digits` decimal places, read as the value fields read typed amounts; empty is zero.
pub fn money_value(rendered: &str, digits: u32) -> Result<i64, MergeProblem> {
    parse_amount(rendered, digits).map_err(|error| MergeProblem::NotAnAmount {
        text: rendered.trim().to_string(),
        reason: error.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-03-30T22:30:00Z: already the 31st in Paris (UTC+2), still the 30th in UTC and
    /// in New York (UTC-4).
    const LATE_EVENING_UTC: i64 = 1_774_909_800_000;

    #[test]
    fn right_now_is_the_date_in_the_workspace_time_zone() {
        let cases: &[(&str, &str, &str)] = &[
            ("Right Now", "UTC", "2026-03-30"),
            ("Right Now", "Europe/Paris", "2026-03-31"),
            ("right now", "Europe/Paris", "2026-03-31"),
            ("  Today ", "Europe/Paris", "2026-03-31"),
            ("Right Now", "America/New_York", "2026-03-30"),
            ("Right Now", "Pacific/Kiritimati", "2026-03-31"),
            ("Right Now", "Pacific/Pago_Pago", "2026-03-30"),
            ("2026-12-24", "Europe/Paris", "2026-12-24"),
            ("", "Europe/Paris", ""),
        ];
        for (text, zone, expected) in cases {
            assert_eq!(
                date_value(text, LATE_EVENING_UTC, zone).as_deref(),
                Ok(*expected),
                "{text} in {zone}"
            );
        }
    }

    #[test]
    fn right_now_turns_over_at_local_midnight() {
        let paris_midnight = LATE_EVENING_UTC - 30 * 60_000;
        assert_eq!(
            date_value("Right Now", paris_midnight - 1, "Europe/Paris").as_deref(),
            Ok("2026-03-30")
        );
        assert_eq!(
            date_value("Right Now", paris_midnight, "Europe/Paris").as_deref(),
            Ok("2026-03-31")
        );
    }

    #[test]
    fn other_text_and_unknown_zones_are_refused() {
        assert_eq!(
            date_value("next week", LATE_EVENING_UTC, "UTC"),
            Err(MergeProblem::NotADate {
                text: "next week".into()
            })
        );
        assert_eq!(
            date_value("2026-02-30", LATE_EVENING_UTC, "UTC"),
            Err(MergeProblem::NotADate {
                text: "2026-02-30".into()
            })
        );
        let problem = date_value("Right Now", LATE_EVENING_UTC, "Mars/Olympus").unwrap_err();
        assert_eq!(
            problem.to_string(),
            "'Mars/Olympus' is not a time zone. Choose one such as Europe/Paris in the workspace settings."
        );
    }

    #[test]
    fn lead_values_read_into_minor_units() {
        let cases: &[(&str, u32, Option<i64>)] = &[
            ("500", 2, Some(50_000)),
            ("1,250.50", 2, Some(125_050)),
            ("$1,500", 2, Some(150_000)),
            (" 12,50 ", 2, Some(1_250)),
            ("", 2, Some(0)),
            ("   ", 2, Some(0)),
            ("700", 0, Some(700)),
            ("abc", 2, None),
            ("-5", 2, None),
        ];
        for (rendered, digits, expected) in cases {
            assert_eq!(money_value(rendered, *digits).ok(), *expected, "{rendered}");
        }
        assert_eq!(
            money_value("abc", 2).unwrap_err().to_string(),
            "'abc' is not an amount. Type digits, grouped in threes if you like, such as 12500, 12,500.50 or 12.500,50."
        );
    }
}
