//! When a Wait step wakes: durations, fixed local dates, a date field of a record, or the
//! next chosen weekday at a time of day, all in the workspace time zone (DST included).
use super::definition::{Duration, TimeUnit, WaitUntil};
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The longest a wait may last, so every wake time stays on the calendar.
pub const MAX_WAIT_DAYS: i64 = 3650;

/// When the run goes on after a Wait step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "wake", rename_all = "snake_case")]
pub enum WakeAt {
    /// The moment is still ahead: park the run until `at_ms`.
    Later { at_ms: i64 },
    /// The moment came before the step ran (a date in the past): go on now.
    AlreadyPast { due_ms: i64 },
}

impl WakeAt {
    /// The moment the wait ends or ended (Unix milliseconds).
    pub fn due_ms(self) -> i64 {
        match self {
            WakeAt::Later { at_ms } => at_ms,
            WakeAt::AlreadyPast { due_ms } => due_ms,
        }
    }

    fn from_due(due: Timestamp, now: Timestamp) -> WakeAt {
        let due_ms = due.as_millisecond();
        if due > now {
            WakeAt::Later { at_ms: due_ms }
        } else {
            WakeAt::AlreadyPast { due_ms }
        }
    }
}

/// Why a Wait step cannot be saved or timed, said so that the fix is plain.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum WaitProblem {
    #[error("'{text}' is not a time of day; use HH:MM.")]
    NotATime { text: String },
    #[error("'{text}' is not a date and time; use the form 2027-03-01T09:00.")]
    NotADateTime { text: String },
    #[error("Pick at least one day of the week to wait for.")]
    NoDays,
    #[error("Day {day} is not a day of the week; use 1 (Monday) to 7 (Sunday).")]
    NotAWeekday { day: u8 },
    #[error("Pick the date field the wait counts from.")]
    NoDateField,
    #[error("The date field {field} is empty on this {record}, so the wait cannot be timed.")]
    EmptyDateField { field: String, record: String },
    #[error(
        "The date field {field} holds '{value}', which is not a date, so the wait cannot be timed."
    )]
    NotADate { field: String, value: String },
    #[error("Type how long to wait: at least 1 minute, hour or day.")]
    NoLength,
    #[error("A wait of {wait} is too long; keep it within {MAX_WAIT_DAYS} days.")]
    TooLong { wait: String },
    #[error(
        "An offset of {days} days is too far; keep it within {MAX_WAIT_DAYS} days either way."
    )]
    OffsetTooFar { days: i64 },
    #[error("The wait would end beyond the year 9999; pick a nearer date.")]
    BeyondCalendar,
    #[error("The server clock reads {now_ms} ms since 1970, which is off the calendar; set the server's clock.")]
    ClockOffCalendar { now_ms: i64 },
    #[error("The workspace time zone '{zone}' is not known; pick one in Settings.")]
    UnknownTimeZone { zone: String },
}

/// Whether a Wait step as typed can be saved: its times, dates and days make sense.
pub fn check_wait(until: &WaitUntil) -> Result<(), WaitProblem> {
    match until {
        WaitUntil::Duration { duration } => duration_span(*duration).map(|_| ()),
        WaitUntil::DateTime { at } => parse_local(at).map(|_| ()),
        WaitUntil::DateField {
            field,
            offset_days,
            at_time,
        } => {
            if field.trim().is_empty() {
                return Err(WaitProblem::NoDateField);
            }
            offset_span(*offset_days)?;
            at_time.as_deref().map(parse_time).transpose().map(|_| ())
        }
        WaitUntil::TimeOfDay { time, days } => {
            parse_time(time)?;
            check_days(days)
        }
    }
}

/// When a Wait step that starts at `now_ms` ends, in `time_zone` (an IANA name).
/// `field_value` gives the text of a field of a record in context (`YYYY-MM-DD` for
/// dates), `None` when it is empty. A local time that does not exist (the hour skipped
/// when clocks go forward) moves forward by the gap; one that happens twice (clocks go
/// back) is its first occurrence: jiff's "compatible" choice, as calendars make it.
pub fn wake_at(
    until: &WaitUntil,
    now_ms: i64,
    time_zone: &str,
    field_value: impl Fn(&str) -> Option<String>,
) -> Result<WakeAt, WaitProblem> {
    check_wait(until)?;
    let zone = time_zone_named(time_zone)?;
    let now = timestamp(now_ms)?;
    let due = match until {
        WaitUntil::Duration { duration } => {
            let start = now.to_zoned(zone);
            let later = start.checked_add(duration_span(*duration)?);
            later.map_err(|_| WaitProblem::BeyondCalendar)?.timestamp()
        }
        WaitUntil::DateTime { at } => local_instant(parse_local(at)?, &zone)?,
        WaitUntil::DateField {
            field,
            offset_days,
            at_time,
        } => {
            let raw = field_value(field).filter(|v| !v.trim().is_empty());
            let raw = raw.ok_or_else(|| WaitProblem::EmptyDateField {
                field: field.clone(),
                record: record_word(field).to_string(),
            })?;
            let not_a_date = || WaitProblem::NotADate {
                field: field.clone(),
                value: raw.trim().to_string(),
            };
            let date = parse_date(raw.trim()).ok_or_else(not_a_date)?;
            let day = date.checked_add(offset_span(*offset_days)?);
            let day = day.map_err(|_| WaitProblem::BeyondCalendar)?;
            let time = at_time.as_deref().map(parse_time).transpose()?;
            local_instant(day.to_datetime(time.unwrap_or(Time::midnight())), &zone)?
        }
        WaitUntil::TimeOfDay { time, days } => {
            next_on_days(now.to_zoned(zone), parse_time(time)?, days)
        }
    };
    Ok(WakeAt::from_due(due, now))
}

/// A moment as run history shows it, in the workspace zone: "Tue 2 Mar 2027, 09:00".
pub fn moment_in(ms: i64, time_zone: &str) -> String {
    let zone = time_zone_named(time_zone).unwrap_or(TimeZone::UTC);
    match Timestamp::from_millisecond(ms) {
        Ok(ts) => ts
            .to_zoned(zone)
            .strftime("%a %-d %b %Y, %H:%M")
            .to_string(),
        Err(_) => format!("{ms} ms after 1970"),
    }
}

/// The run log's sentence for a wait: "Waiting until Tue 2 Mar 2027, 09:00 (Europe/Berlin)".
/// An unknown zone is shown, honestly labelled, in UTC.
pub fn describe_wait(wake: WakeAt, time_zone: &str) -> String {
    let label = match time_zone_named(time_zone) {
        Ok(_) => time_zone,
        Err(_) => "UTC",
    };
    let shown = |ms: i64| format!("{} ({label})", moment_in(ms, time_zone));
    match wake {
        WakeAt::Later { at_ms } => format!("Waiting until {}", shown(at_ms)),
        WakeAt::AlreadyPast { due_ms } => format!(
            "The wait was due {}, before this step ran; going on now.",
            shown(due_ms)
        ),
    }
}

/// Whether `name` is an IANA time zone jiff knows, by its canonical spelling.
pub fn time_zone_named(name: &str) -> Result<TimeZone, WaitProblem> {
    let unknown = || WaitProblem::UnknownTimeZone {
        zone: name.to_string(),
    };
    if name.trim().is_empty() {
        return Err(unknown());
    }
    jiff::tz::db().get(name.trim()).map_err(|_| unknown())
}

/// `HH:MM` (or `H:MM`) on a 24-hour clock.
pub fn parse_time(text: &str) -> Result<Time, WaitProblem> {
    let bad = || WaitProblem::NotATime {
        text: text.to_string(),
    };
    let (hours, minutes) = text.trim().split_once(':').ok_or_else(bad)?;
    let digits = |part: &str, lengths: &[usize]| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i8>().ok())
            .flatten()
    };
    match (digits(hours, &[1, 2]), digits(minutes, &[2])) {
        (Some(h), Some(m)) => Time::new(h, m, 0, 0).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

fn parse_date(text: &str) -> Option<Date> {
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped.then(|| text.parse::<Date>().ok()).flatten()
}

/// A local date and time, `2027-03-01T09:00` (a space instead of `T` is fine).
fn parse_local(text: &str) -> Result<DateTime, WaitProblem> {
    let bad = || WaitProblem::NotADateTime {
        text: text.to_string(),
    };
    let (date, time) = text.trim().split_once(['T', 't', ' ']).ok_or_else(bad)?;
    let date = parse_date(date).ok_or_else(bad)?;
    let time = parse_time(time).map_err(|_| bad())?;
    Ok(date.to_datetime(time))
}

fn check_days(days: &[u8]) -> Result<(), WaitProblem> {
    if days.is_empty() {
        return Err(WaitProblem::NoDays);
    }
    match days.iter().find(|d| !(1..=7).contains(*d)) {
        Some(&day) => Err(WaitProblem::NotAWeekday { day }),
        None => Ok(()),
    }
}

/// The first moment at or after `now` on one of `days` at `time` (local).
fn next_on_days(now: Zoned, time: Time, days: &[u8]) -> Timestamp {
    let zone = now.time_zone().clone();
    // Eight days reach the same weekday a week on when today's time has passed.
    (0..8)
        .filter_map(|ahead| now.date().checked_add(ahead.days()).ok())
        .filter(|date| days.contains(&(date.weekday().to_monday_one_offset() as u8)))
        .filter_map(|date| local_instant(date.to_datetime(time), &zone).ok())
        .find(|&due| due >= now.timestamp())
        .unwrap_or(now.timestamp())
}

/// The instant a local date and time names; gaps and folds resolved "compatibly".
fn local_instant(local: DateTime, zone: &TimeZone) -> Result<Timestamp, WaitProblem> {
    let instant = zone.to_ambiguous_timestamp(local).compatible();
    instant.map_err(|_| WaitProblem::BeyondCalendar)
}

fn timestamp(now_ms: i64) -> Result<Timestamp, WaitProblem> {
    Timestamp::from_millisecond(now_ms).map_err(|_| WaitProblem::ClockOffCalendar { now_ms })
}

/// Minutes and hours are elapsed time; days are calendar days, so "1 day" after 09:00
/// wakes at 09:00 the next day even when the clocks change overnight.
fn duration_span(duration: Duration) -> Result<jiff::Span, WaitProblem> {
    if duration.amount == 0 {
        return Err(WaitProblem::NoLength);
    }
    if duration.millis() > MAX_WAIT_DAYS * 86_400_000 {
        return Err(too_long(duration));
    }
    let amount = i64::from(duration.amount);
    Ok(match duration.unit {
        TimeUnit::Minutes => amount.minutes(),
        TimeUnit::Hours => amount.hours(),
        TimeUnit::Days => amount.days(),
    })
}

fn too_long(duration: Duration) -> WaitProblem {
    let unit = match duration.unit {
        TimeUnit::Minutes => "minutes",
        TimeUnit::Hours => "hours",
        TimeUnit::Days => "days",
    };
    WaitProblem::TooLong {
        wait: format!("{} {unit}", duration.amount),
    }
}

fn offset_span(offset_days: i32) -> Result<jiff::Span, WaitProblem> {
    let days = i64::from(offset_days);
    if days.abs() > MAX_WAIT_DAYS {
        return Err(WaitProblem::OffsetTooFar { days: days.abs() });
    }
    Ok(days.days())
}

/// What kind of record a field belongs to, in the sales team's words.
fn record_word(field: &str) -> &'static str {
    match field.split('.').next() {
        Some("opportunity") => "deal",
        Some("contact") => "contact",
        Some("appointment") => "meeting",
        _ => "record",
    }
}

#[cfg(test)]
mod tests;
