//! Unit tests for `domain::activity`: forms become activities or name the field to fix.
use super::*;

fn form(kind: &str, fields: &[(&str, &str)]) -> ActivityForm {
    let mut form = ActivityForm {
        kind: kind.into(),
        ..ActivityForm::default()
    };
    for (key, value) in fields {
        let value = value.to_string();
        match *key {
            "body" => form.body = value,
            "due_date" => form.due_date = value,
            "assignee" => form.assignee = value,
            "outcome" => form.outcome = value,
            "duration" => form.duration = value,
            "title" => form.title = value,
            "starts_at" => form.starts_at = value,
            "ends_at" => form.ends_at = value,
            "meeting_status" => form.meeting_status = value,
            other => panic!("no field {other}"),
        }
    }
    form
}

#[test]
fn forms_become_activities_or_name_the_field_to_fix() {
    let ok: Vec<(ActivityForm, &str)> = vec![
        (form("note", &[("body", " Called back ")]), "Note"),
        (
            form("note", &[("body", "Called back.\r\n\tWants a demo.")]),
            "Note",
        ),
        (
            form(
                "task",
                &[
                    ("body", "Send the proposal"),
                    ("due_date", "2027-01-31"),
                    ("assignee", "2"),
                ],
            ),
            "Task: Send the proposal",
        ),
        (
            form("call", &[("outcome", "connected"), ("duration", "12")]),
            "Call: Connected (12 min)",
        ),
        (
            form(
                "meeting",
                &[
                    ("title", "Demo"),
                    ("starts_at", "2027-03-01T14:30"),
                    ("ends_at", "2027-03-01T15:00"),
                ],
            ),
            "Meeting: Demo",
        ),
    ];
    for (form, headline) in ok {
        let details = form.parse().unwrap();
        let entry = ActivityEntry {
            id: 1,
            details,
            assignee_name: None,
            deal: None,
        };
        assert_eq!(entry.headline(), headline);
    }
    let bad: Vec<(ActivityForm, &str)> = vec![
        (form("note", &[("body", "  ")]), "body"),
        (form("note", &[("body", "Called\0back")]), "body"),
        (form("note", &[("body", "\u{200b}\u{feff}")]), "body"),
        (form("task", &[("body", "Send\u{1b}[2J the deck")]), "body"),
        (
            form(
                "meeting",
                &[
                    ("title", "Demo\nday"),
                    ("starts_at", "2027-03-01T14:00"),
                    ("ends_at", "2027-03-01T14:30"),
                ],
            ),
            "title",
        ),
        (
            form("task", &[("body", "x"), ("due_date", "soon")]),
            "due_date",
        ),
        (form("call", &[("outcome", "")]), "outcome"),
        (
            form("call", &[("outcome", "busy"), ("duration", "-3")]),
            "duration",
        ),
        (
            form("meeting", &[("title", "Demo"), ("starts_at", "tomorrow")]),
            "starts_at",
        ),
        (
            form(
                "meeting",
                &[
                    ("title", "Demo"),
                    ("starts_at", "2027-03-01T14:30"),
                    ("ends_at", "2027-03-01T14:00"),
                ],
            ),
            "ends_at",
        ),
        (
            form(
                "meeting",
                &[
                    ("title", "Demo"),
                    ("starts_at", "2027-03-01T14:30"),
                    ("ends_at", "2027-03-01T15:00"),
                    ("meeting_status", "postponed"),
                ],
            ),
            "meeting_status",
        ),
        (form("email", &[]), "kind"),
    ];
    for (form, field) in bad {
        assert_eq!(form.parse().unwrap_err().0, field, "{form:?}");
    }
}

#[test]
fn a_logged_activity_fills_the_form_that_gives_it_back() {
    let logged = [
        form("note", &[("body", "Called back")]),
        form(
            "task",
            &[
                ("body", "Send the proposal"),
                ("due_date", "2027-01-31"),
                ("assignee", "2"),
            ],
        ),
        form(
            "call",
            &[
                ("outcome", "busy"),
                ("duration", "4"),
                ("body", "Try later"),
            ],
        ),
        form(
            "meeting",
            &[
                ("title", "Demo"),
                ("starts_at", "2027-03-01T14:30"),
                ("ends_at", "2027-03-01T15:00"),
                ("meeting_status", "completed"),
                ("body", "Went well"),
            ],
        ),
    ];
    for form in logged {
        let details = form.parse().unwrap();
        assert_eq!(ActivityForm::of(&details).parse(), Ok(details));
    }
}

#[test]
fn local_times_round_trip_through_the_input() {
    let t = LocalDateTime::parse("2027-03-01T09:05").unwrap();
    assert_eq!(t.input_value(), "2027-03-01T09:05");
    assert_eq!(t.to_string(), "2027-03-01 09:05");
    assert!(LocalDateTime::parse("2027-03-01T24:00").is_none());
    assert!(LocalDateTime::parse("2027-02-30T10:00").is_none());
}
