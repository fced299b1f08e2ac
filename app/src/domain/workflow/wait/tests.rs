use super::*;
use crate::domain::workflow::definition::{Duration, TimeUnit, WaitUntil};

const BERLIN: &str = "Europe/Berlin";
const NEW_YORK: &str = "America/New_York";

/// The instant of a local `YYYY-MM-DDTHH:MM` in `zone`, as the engine's milliseconds.
fn local_ms(zone: &str, text: &str) -> i64 {
    let local: DateTime = text.parse().unwrap();
    local.in_tz(zone).unwrap().timestamp().as_millisecond()
}

fn utc_ms(text: &str) -> i64 {
    local_ms("UTC", text)
}

fn wait_for(amount: u32, unit: TimeUnit) -> WaitUntil {
    WaitUntil::Duration {
        duration: Duration { amount, unit },
    }
}

fn on_date(at: &str) -> WaitUntil {
    WaitUntil::DateTime { at: at.into() }
}

fn from_close_date(offset_days: i32, at_time: Option<&str>) -> WaitUntil {
    WaitUntil::DateField {
        field: "opportunity.expected_close_date".into(),
        offset_days,
        at_time: at_time.map(Into::into),
    }
}

fn weekly(time: &str, days: &[u8]) -> WaitUntil {
    WaitUntil::TimeOfDay {
        time: time.into(),
        days: days.to_vec(),
    }
}

#[test]
fn each_kind_of_wait_wakes_at_the_right_moment() {
    let close_date = |field: &str| {
        (field == "opportunity.expected_close_date").then(|| "2027-03-10".to_string())
    };
    // (what, wait, zone, now as local time there, when it wakes as UTC, still ahead?)
    #[rustfmt::skip]
    let cases: &[(&str, WaitUntil, &str, &str, &str, bool)] = &[
        ("minutes are elapsed time", wait_for(90, TimeUnit::Minutes), BERLIN, "2027-03-01T09:00", "2027-03-01T09:30", true),
        ("hours pass over the skipped hour", wait_for(2, TimeUnit::Hours), NEW_YORK, "2027-03-14T01:00", "2027-03-14T08:00", true),
        ("a day is a calendar day over spring forward", wait_for(1, TimeUnit::Days), NEW_YORK, "2027-03-13T09:00", "2027-03-14T13:00", true),
        ("a day is a calendar day over fall back", wait_for(1, TimeUnit::Days), NEW_YORK, "2027-11-06T09:00", "2027-11-07T14:00", true),
        ("a fixed local date and time", on_date("2027-03-01T09:00"), BERLIN, "2027-02-01T12:00", "2027-03-01T08:00", true),
        ("a space instead of T", on_date("2027-07-01 09:00"), BERLIN, "2027-02-01T12:00", "2027-07-01T07:00", true),
        ("a date already gone goes on now", on_date("2027-03-01T09:00"), BERLIN, "2027-03-01T09:01", "2027-03-01T08:00", false),
        ("a skipped local time moves forward by the gap", on_date("2027-03-14T02:30"), NEW_YORK, "2027-03-01T00:00", "2027-03-14T07:30", true),
        ("a repeated local time is its first occurrence", on_date("2027-11-07T01:30"), NEW_YORK, "2027-11-01T00:00", "2027-11-07T05:30", true),
        ("days before a date field, at a time", from_close_date(-3, Some("09:00")), BERLIN, "2027-03-01T09:00", "2027-03-07T08:00", true),
        ("a date field at midnight by default", from_close_date(0, None), BERLIN, "2027-03-01T09:00", "2027-03-09T23:00", true),
        ("days after a date field", from_close_date(5, Some("17:30")), NEW_YORK, "2027-03-01T09:00", "2027-03-15T21:30", true),
        ("a date field already passed", from_close_date(-30, None), BERLIN, "2027-03-01T09:00", "2027-02-07T23:00", false),
        ("today, when the time is still ahead", weekly("09:00", &[1]), BERLIN, "2027-03-01T08:00", "2027-03-01T08:00", true),
        ("next week, when today's time has passed", weekly("09:00", &[1]), BERLIN, "2027-03-01T10:00", "2027-03-08T08:00", true),
        ("the next chosen weekday", weekly("09:00", &[3, 5]), BERLIN, "2027-03-01T10:00", "2027-03-03T08:00", true),
        ("over the week's end", weekly("09:00", &[1]), BERLIN, "2027-03-06T10:00", "2027-03-08T08:00", true),
        ("exactly now goes on now", weekly("09:00", &[1]), BERLIN, "2027-03-01T09:00", "2027-03-01T08:00", false),
        ("a weekday after spring forward", weekly("09:00", &[7]), NEW_YORK, "2027-03-13T10:00", "2027-03-14T13:00", true),
        ("a skipped time of day", weekly("02:30", &[7]), NEW_YORK, "2027-03-13T10:00", "2027-03-14T07:30", true),
        ("a repeated time of day", weekly("01:30", &[7]), NEW_YORK, "2027-11-06T10:00", "2027-11-07T05:30", true),
        ("every day, in UTC", weekly("00:00", &[1, 2, 3, 4, 5, 6, 7]), "UTC", "2027-03-01T23:59", "2027-03-02T00:00", true),
    ];
    for (what, until, zone, now, due, ahead) in cases {
        let now_ms = local_ms(zone, now);
        let due_ms = utc_ms(due);
        let expected = if *ahead {
            WakeAt::Later { at_ms: due_ms }
        } else {
            WakeAt::AlreadyPast { due_ms }
        };
        assert_eq!(
            wake_at(until, now_ms, zone, close_date),
            Ok(expected),
            "{what}"
        );
    }
}

#[test]
fn a_wait_that_cannot_be_timed_says_why() {
    let now = utc_ms("2027-03-01T09:00");
    let value = |text: &'static str| move |_: &str| Some(text.to_string());
    let renewal = WaitUntil::DateField {
        field: "contact.custom.renewal".into(),
        offset_days: 0,
        at_time: None,
    };
    #[rustfmt::skip]
    let cases: Vec<(WaitUntil, &str, Option<&'static str>, &str)> = vec![
        (from_close_date(0, None), BERLIN, None, "The date field opportunity.expected_close_date is empty on this deal, so the wait cannot be timed."),
        (from_close_date(0, None), BERLIN, Some("  "), "The date field opportunity.expected_close_date is empty on this deal, so the wait cannot be timed."),
        (renewal.clone(), BERLIN, None, "The date field contact.custom.renewal is empty on this contact, so the wait cannot be timed."),
        (renewal, BERLIN, Some("31/01/2027"), "The date field contact.custom.renewal holds '31/01/2027', which is not a date, so the wait cannot be timed."),
        (from_close_date(0, None), BERLIN, Some("2027-02-30"), "The date field opportunity.expected_close_date holds '2027-02-30', which is not a date, so the wait cannot be timed."),
        (from_close_date(3000, None), BERLIN, Some("9999-01-01"), "The wait would end beyond the year 9999; pick a nearer date."),
        (on_date("2027-03-01T09:00"), "Mars/Olympus_Mons", None, "The workspace time zone 'Mars/Olympus_Mons' is not known; pick one in Settings."),
        (on_date("2027-03-01T09:00"), "", None, "The workspace time zone '' is not known; pick one in Settings."),
        (weekly("25:00", &[1]), BERLIN, None, "'25:00' is not a time of day; use HH:MM."),
    ];
    for (until, zone, field, message) in cases {
        let problem = match field {
            Some(text) => wake_at(&until, now, zone, value(text)),
            None => wake_at(&until, now, zone, |_| None),
        };
        assert_eq!(problem.unwrap_err().to_string(), message);
    }
}

#[test]
fn saving_a_wait_checks_its_times_days_and_dates() {
    let field = |field: &str, offset_days: i32, at_time: Option<&str>| WaitUntil::DateField {
        field: field.into(),
        offset_days,
        at_time: at_time.map(Into::into),
    };
    let fine = [
        wait_for(1, TimeUnit::Minutes),
        wait_for(3650, TimeUnit::Days),
        wait_for(87_600, TimeUnit::Hours),
        on_date("2027-03-01T09:00"),
        on_date(" 2027-03-01T23:59 "),
        field("opportunity.custom.renewal", -3650, Some("9:05")),
        field("opportunity.expected_close_date", 0, None),
        weekly("00:00", &[1, 2, 3, 4, 5, 6, 7]),
        weekly("9:30", &[6]),
    ];
    for until in &fine {
        assert_eq!(check_wait(until), Ok(()), "{until:?}");
    }
    #[rustfmt::skip]
    let refused: &[(WaitUntil, &str)] = &[
        (weekly("25:00", &[1]), "'25:00' is not a time of day; use HH:MM."),
        (weekly("24:00", &[1]), "'24:00' is not a time of day; use HH:MM."),
        (weekly("09:60", &[1]), "'09:60' is not a time of day; use HH:MM."),
        (weekly("9:5", &[1]), "'9:5' is not a time of day; use HH:MM."),
        (weekly("nine", &[1]), "'nine' is not a time of day; use HH:MM."),
        (weekly("-1:00", &[1]), "'-1:00' is not a time of day; use HH:MM."),
        (weekly("", &[1]), "'' is not a time of day; use HH:MM."),
        (weekly("09:00", &[]), "Pick at least one day of the week to wait for."),
        (weekly("09:00", &[1, 0]), "Day 0 is not a day of the week; use 1 (Monday) to 7 (Sunday)."),
        (weekly("09:00", &[8]), "Day 8 is not a day of the week; use 1 (Monday) to 7 (Sunday)."),
        (on_date("2027-02-30T09:00"), "'2027-02-30T09:00' is not a date and time; use the form 2027-03-01T09:00."),
        (on_date("2027-03-01"), "'2027-03-01' is not a date and time; use the form 2027-03-01T09:00."),
        (on_date("2027-03-01T9"), "'2027-03-01T9' is not a date and time; use the form 2027-03-01T09:00."),
        (on_date("2027-03-01T09:00Z"), "'2027-03-01T09:00Z' is not a date and time; use the form 2027-03-01T09:00."),
        (on_date("01/03/2027 09:00"), "'01/03/2027 09:00' is not a date and time; use the form 2027-03-01T09:00."),
        (field(" ", 0, None), "Pick the date field the wait counts from."),
        (field("opportunity.expected_close_date", 0, Some("noon")), "'noon' is not a time of day; use HH:MM."),
        (field("opportunity.expected_close_date", -3651, None), "An offset of 3651 days is too far; keep it within 3650 days either way."),
        (wait_for(0, TimeUnit::Hours), "Type how long to wait: at least 1 minute, hour or day."),
        (wait_for(3651, TimeUnit::Days), "A wait of 3651 days is too long; keep it within 3650 days."),
        (wait_for(87_601, TimeUnit::Hours), "A wait of 87601 hours is too long; keep it within 3650 days."),
    ];
    for (until, message) in refused {
        assert_eq!(
            check_wait(until).unwrap_err().to_string(),
            *message,
            "{until:?}"
        );
    }
}

#[test]
fn the_run_log_says_when_the_wait_ends_in_the_workspace_zone() {
    let at_ms = utc_ms("2027-03-02T08:00");
    #[rustfmt::skip]
    let cases = [
        (WakeAt::Later { at_ms }, BERLIN, "Waiting until Tue 2 Mar 2027, 09:00 (Europe/Berlin)"),
        (WakeAt::Later { at_ms }, NEW_YORK, "Waiting until Tue 2 Mar 2027, 03:00 (America/New_York)"),
        (WakeAt::AlreadyPast { due_ms: at_ms }, BERLIN, "The wait was due Tue 2 Mar 2027, 09:00 (Europe/Berlin), before this step ran; going on now."),
        (WakeAt::Later { at_ms }, "Nowhere/Special", "Waiting until Tue 2 Mar 2027, 08:00 (UTC)"),
    ];
    for (wake, zone, sentence) in cases {
        assert_eq!(describe_wait(wake, zone), sentence);
        assert_eq!(wake.due_ms(), at_ms);
    }
}

#[test]
fn wakes_and_problems_keep_their_shape_as_json() {
    let wake = WakeAt::Later { at_ms: 5 };
    let json = serde_json::to_value(wake).unwrap();
    assert_eq!(json, serde_json::json!({"wake": "later", "at_ms": 5}));
    assert_eq!(serde_json::from_value::<WakeAt>(json).unwrap(), wake);
    let problem = WaitProblem::NotAWeekday { day: 9 };
    let json = serde_json::to_value(&problem).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"problem": "not_a_weekday", "day": 9})
    );
    assert_eq!(
        serde_json::from_value::<WaitProblem>(json).unwrap(),
        problem
    );
}

#[test]
fn zones_are_known_by_their_iana_names() {
    assert!(time_zone_named("Europe/Berlin").is_ok());
    assert!(time_zone_named(" UTC ").is_ok());
    assert!(time_zone_named("Berlin").is_err());
}
