//! Activities people log on a deal, a contact or a company: notes, tasks, calls and
//! meetings, each checked field by field before it is saved.
use super::account::UserId;
use super::date::Date;
use super::text::{required_lines, required_text, TextProblem};
use serde::{Deserialize, Serialize};

pub const MAX_ACTIVITY_TEXT_CHARS: usize = 5_000;
pub const MAX_TITLE_CHARS: usize = 200;
/// A call longer than a working day is a typing mistake.
pub const MAX_CALL_MINUTES: u32 = 600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallOutcome {
    Connected,
    LeftVoicemail,
    NoAnswer,
    Busy,
    WrongNumber,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 5] = [
        CallOutcome::Connected,
        CallOutcome::LeftVoicemail,
        CallOutcome::NoAnswer,
        CallOutcome::Busy,
        CallOutcome::WrongNumber,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CallOutcome::Connected => "connected",
            CallOutcome::LeftVoicemail => "left_voicemail",
            CallOutcome::NoAnswer => "no_answer",
            CallOutcome::Busy => "busy",
            CallOutcome::WrongNumber => "wrong_number",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CallOutcome::Connected => "Connected",
            CallOutcome::LeftVoicemail => "Left voicemail",
            CallOutcome::NoAnswer => "No answer",
            CallOutcome::Busy => "Busy",
            CallOutcome::WrongNumber => "Wrong number",
        }
    }

    pub fn from_key(key: &str) -> Option<CallOutcome> {
        CallOutcome::ALL.into_iter().find(|o| o.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingStatus {
    Scheduled,
    Completed,
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 3] = [
        MeetingStatus::Scheduled,
        MeetingStatus::Completed,
        MeetingStatus::Cancelled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::Completed => "completed",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "Scheduled",
            MeetingStatus::Completed => "Completed",
            MeetingStatus::Cancelled => "Cancelled",
        }
    }

    pub fn from_key(key: &str) -> Option<MeetingStatus> {
        MeetingStatus::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A wall-clock time as typed in a `datetime-local` input ("2027-03-01T14:30"); meetings
/// are shown as they were entered, in the team's own time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LocalDateTime {
    pub date: Date,
    pub minutes: u16,
}

impl LocalDateTime {
    pub fn parse(raw: &str) -> Option<LocalDateTime> {
        let raw = raw.trim();
        let (date, time) = raw.split_once(['T', ' '])?;
        let date = Date::parse(date).ok()?;
        let (hours, minutes) = time.split_once(':')?;
        let minutes = minutes.get(..2).unwrap_or(minutes);
        let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
        (hours < 24 && minutes < 60).then_some(LocalDateTime {
            date,
            minutes: hours * 60 + minutes,
        })
    }

    /// As a `datetime-local` input wants it.
    pub fn input_value(self) -> String {
        format!(
            "{}T{:02}:{:02}",
            self.date,
            self.minutes / 60,
            self.minutes % 60
        )
    }

    pub fn time(self) -> String {
        format!("{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

impl std::fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.date, self.time())
    }
}

/// What was logged, with the fields of its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityDetails {
    Note {
        body: String,
    },
    Task {
        body: String,
        due: Option<Date>,
        assignee: Option<UserId>,
        done: bool,
    },
    Call {
        outcome: CallOutcome,
        minutes: u32,
        notes: Option<String>,
    },
    Meeting {
        title: String,
        starts: LocalDateTime,
        ends: LocalDateTime,
        status: MeetingStatus,
        notes: Option<String>,
    },
}

impl ActivityDetails {
    pub fn kind_key(&self) -> &'static str {
        match self {
            ActivityDetails::Note { .. } => "note",
            ActivityDetails::Task { .. } => "task",
            ActivityDetails::Call { .. } => "call",
            ActivityDetails::Meeting { .. } => "meeting",
        }
    }
}

/// The fields of the `Log activity` form, as typed; a field not sent is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    pub kind: String,
    pub body: String,
    pub due_date: String,
    pub assignee: String,
    pub outcome: String,
    pub duration: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub meeting_status: String,
}

type FieldError = (&'static str, String);

/// How a field's text is read: `required_lines` for the body (the form's text area),
/// `required_text` for a one-line title.
type Read = fn(&str, usize) -> Result<&str, TextProblem>;

fn text(
    read: Read,
    raw: &str,
    field: &'static str,
    empty: &str,
    max: usize,
) -> Result<String, FieldError> {
    match read(raw, max) {
        Ok(text) => Ok(text.to_string()),
        Err(TextProblem::Empty) => Err((field, empty.to_string())),
        Err(TextProblem::TooLong) => Err((field, format!("Keep it under {max} characters."))),
        Err(problem @ TextProblem::ControlCharacter) => Err((field, problem.to_string())),
    }
}

fn notes(raw: &str) -> Result<Option<String>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        text(required_lines, raw, "body", "", MAX_ACTIVITY_TEXT_CHARS).map(Some)
    }
}

fn when(raw: &str, field: &'static str, label: &str) -> Result<LocalDateTime, FieldError> {
    if raw.trim().is_empty() {
        return Err((field, format!("Enter the {label}.")));
    }
    LocalDateTime::parse(raw).ok_or_else(|| {
        (
            field,
            format!(
                "'{}' is not a date and time. Use the picker, e.g. 2027-03-01 14:30.",
                raw.trim()
            ),
        )
    })
}

/// A meeting's status as the form sent it; none given means a newly booked one.
fn meeting_status(raw: &str) -> Result<MeetingStatus, FieldError> {
    match raw.trim() {
        "" => Ok(MeetingStatus::Scheduled),
        key => MeetingStatus::from_key(key).ok_or_else(|| {
            (
                "meeting_status",
                format!(
                    "'{key}' is not a meeting status. Choose Scheduled, Completed or Cancelled."
                ),
            )
        }),
    }
}

impl ActivityForm {
    /// The form filled in with a logged activity, to edit it.
    pub fn of(details: &ActivityDetails) -> ActivityForm {
        let mut form = ActivityForm {
            kind: details.kind_key().to_string(),
            ..ActivityForm::default()
        };
        match details {
            ActivityDetails::Note { body } => form.body = body.clone(),
            ActivityDetails::Task {
                body,
                due,
                assignee,
                ..
            } => {
                form.body = body.clone();
                form.due_date = due.map(|d| d.to_string()).unwrap_or_default();
                form.assignee = assignee.map(|a| a.0.to_string()).unwrap_or_default();
            }
            ActivityDetails::Call {
                outcome,
                minutes,
                notes,
            } => {
                form.outcome = outcome.key().to_string();
                form.duration = minutes.to_string();
                form.body = notes.clone().unwrap_or_default();
            }
            ActivityDetails::Meeting {
                title,
                starts,
                ends,
                status,
                notes,
            } => {
                form.title = title.clone();
                form.starts_at = starts.input_value();
                form.ends_at = ends.input_value();
                form.meeting_status = status.key().to_string();
                form.body = notes.clone().unwrap_or_default();
            }
        }
        form
    }

    /// The activity the form describes; the error names the field to fix.
    pub fn parse(&self) -> Result<ActivityDetails, FieldError> {
        match self.kind.as_str() {
            "note" => Ok(ActivityDetails::Note {
                body: text(
                    required_lines,
                    &self.body,
                    "body",
                    "Write the note first.",
                    MAX_ACTIVITY_TEXT_CHARS,
                )?,
            }),
            "task" => Ok(ActivityDetails::Task {
                body: text(
                    required_lines,
                    &self.body,
                    "body",
                    "Say what needs doing.",
                    MAX_TITLE_CHARS,
                )?,
                due: Date::parse_optional(&self.due_date)
                    .map_err(|e| ("due_date", e.to_string()))?,
                assignee: match self.assignee.trim() {
                    "" => None,
                    id => Some(UserId(id.parse().map_err(|_| {
                        ("assignee", "Pick the person from the list.".to_string())
                    })?)),
                },
                done: false,
            }),
            "call" => {
                let outcome = CallOutcome::from_key(&self.outcome)
                    .ok_or(("outcome", "Pick how the call went.".to_string()))?;
                let minutes = match self.duration.trim() {
                    "" => 0,
                    raw => raw
                        .parse::<u32>()
                        .ok()
                        .filter(|m| *m <= MAX_CALL_MINUTES)
                        .ok_or_else(|| {
                            (
                                "duration",
                                format!("'{raw}' is not a duration. Use whole minutes from 0 to {MAX_CALL_MINUTES}."),
                            )
                        })?,
                };
                Ok(ActivityDetails::Call {
                    outcome,
                    minutes,
                    notes: notes(&self.body)?,
                })
            }
            "meeting" => {
                let starts = when(&self.starts_at, "starts_at", "start")?;
                let ends = when(&self.ends_at, "ends_at", "end")?;
                if ends < starts {
                    return Err(("ends_at", "The meeting must end after it starts.".into()));
                }
                Ok(ActivityDetails::Meeting {
                    title: text(
                        required_text,
                        &self.title,
                        "title",
                        "Give the meeting a title.",
                        MAX_TITLE_CHARS,
                    )?,
                    starts,
                    ends,
                    status: meeting_status(&self.meeting_status)?,
                    notes: notes(&self.body)?,
                })
            }
            _ => Err(("kind", "Choose Note, Task, Call or Meeting.".into())),
        }
    }
}

/// Where an activity is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityTarget {
    Opportunity(i64),
    Contact(i64),
    Company(i64),
}

/// An activity as a timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub id: i64,
    pub details: ActivityDetails,
    /// The assignee's name, for tasks.
    pub assignee_name: Option<String>,
    /// The deal it was logged on, when shown on a contact's or company's timeline.
    pub deal: Option<(i64, String)>,
}

impl ActivityEntry {
    /// The headline of the entry: "Note", "Task: Send the proposal", "Call: Connected (12 min)".
    pub fn headline(&self) -> String {
        match &self.details {
            ActivityDetails::Note { .. } => "Note".to_string(),
            ActivityDetails::Task { body, .. } => format!("Task: {body}"),
            ActivityDetails::Call {
                outcome, minutes, ..
            } => match minutes {
                0 => format!("Call: {}", outcome.label()),
                m => format!("Call: {} ({m} min)", outcome.label()),
            },
            ActivityDetails::Meeting { title, .. } => format!("Meeting: {title}"),
        }
    }

    /// The text under the headline, if any.
    pub fn body(&self) -> Option<String> {
        match &self.details {
            ActivityDetails::Note { body } => Some(body.clone()),
            ActivityDetails::Task { .. } => None,
            ActivityDetails::Call { notes, .. } | ActivityDetails::Meeting { notes, .. } => {
                notes.clone()
            }
        }
    }
}

#[cfg(test)]
mod tests;
