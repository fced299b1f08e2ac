//! A deal's timeline: its change-log events and system notes, as sentences.
use super::change::EventKind;
use super::currency::Currency;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One line of a timeline, newest first on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Unix milliseconds.
    pub at: i64,
    /// Who or what did it: a person's name, "an import", "a workflow", "Dealflow".
    pub who: String,
    pub what: String,
    /// A note (Won, Lost, Reopened, or an activity) rather than a recorded field change.
    pub note: bool,
    /// The activity a person logged (note, task, call, meeting), when it is one.
    #[serde(default)]
    pub activity: Option<super::activity::ActivityEntry>,
}

/// Newest first, also among entries made at the same moment (read oldest first, so the
/// list is reversed before the stable sort). A note reads before the changes that made it.
pub fn newest_first(mut entries: Vec<TimelineEntry>) -> Vec<TimelineEntry> {
    entries.reverse();
    entries.sort_by(|a, b| b.at.cmp(&a.at).then(b.note.cmp(&a.note)));
    entries
}

fn stage_name(value: Option<&Value>) -> Option<String> {
    let value = value?;
    let stage = value.get("stage")?.as_str()?;
    Some(match value.get("pipeline").and_then(Value::as_str) {
        Some(pipeline) => format!("{stage} ({pipeline})"),
        None => stage.to_string(),
    })
}

fn same_pipeline(a: Option<&Value>, b: Option<&Value>) -> bool {
    let pipeline = |v: Option<&Value>| v.and_then(|v| v.get("pipeline_id")).and_then(Value::as_i64);
    pipeline(a).is_some() && pipeline(a) == pipeline(b)
}

fn text(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_string)
}

fn status_label(value: Option<&Value>) -> String {
    text(value)
        .and_then(|key| super::opportunity::Status::from_key(&key))
        .map_or_else(|| "none".to_string(), |s| s.label().to_string())
}

/// What a change-log event says, in a sentence; amounts are written in `currency`.
pub fn describe(
    kind: EventKind,
    field: Option<&str>,
    before: Option<&Value>,
    after: Option<&Value>,
    currency: Currency,
) -> String {
    match kind {
        EventKind::Created => match after.and_then(|a| stage_name(a.get("stage"))) {
            Some(stage) => format!("Created in {stage}"),
            None => "Created".to_string(),
        },
        EventKind::StageChanged => match (stage_name(before), stage_name(after)) {
            (Some(_), Some(_)) if same_pipeline(before, after) => {
                let stage =
                    |v: Option<&Value>| text(v.and_then(|v| v.get("stage"))).unwrap_or_default();
                format!("Moved from {} to {}", stage(before), stage(after))
            }
            (Some(from), Some(to)) => format!("Moved from {from} to {to}"),
            (None, Some(to)) => format!("Moved into {to}"),
            (Some(from), None) => format!("Left {from}; now unattached"),
            (None, None) => "Stage changed".to_string(),
        },
        EventKind::StatusChanged => format!(
            "Status changed from {} to {}",
            status_label(before),
            status_label(after)
        ),
        EventKind::FieldChanged => match (field, after.and_then(Value::as_i64)) {
            (Some("value"), Some(minor)) => {
                let before = before
                    .and_then(Value::as_i64)
                    .map(|b| currency.format_minor(b));
                match before {
                    Some(b) => {
                        format!("Value changed from {b} to {}", currency.format_minor(minor))
                    }
                    None => format!("Value set to {}", currency.format_minor(minor)),
                }
            }
            (Some(field), _) if field.starts_with("custom:") => {
                let label = text(after.and_then(|a| a.get("label")))
                    .unwrap_or_else(|| field.trim_start_matches("custom:").replace('_', " "));
                match text(after.and_then(|a| a.get("text"))) {
                    Some(value) => format!("Set {label} to \u{201c}{value}\u{201d}"),
                    None => format!("Cleared {label}"),
                }
            }
            (Some(field @ ("contacts" | "companies" | "primary_contact")), _) => {
                let name = |v: Option<&Value>| text(v.and_then(|v| v.get("name")));
                let what = if field == "companies" {
                    "company"
                } else {
                    "contact"
                };
                match (field, name(before), name(after)) {
                    ("primary_contact", _, Some(to)) => format!("Primary contact set to {to}"),
                    (_, _, Some(added)) => format!("Linked {what} {added}"),
                    (_, Some(removed), None) => format!("Unlinked {what} {removed}"),
                    _ => format!("Changed linked {what}s"),
                }
            }
            (Some("name"), _) => format!(
                "Renamed to \u{201c}{}\u{201d}",
                text(after).unwrap_or_default()
            ),
            _ => {
                let field = match field {
                    Some("expected_close") => "expected close date".to_string(),
                    Some(other) => other.replace('_', " "),
                    None => "a field".to_string(),
                };
                match text(after) {
                    Some(value) => format!("Set {field} to \u{201c}{value}\u{201d}"),
                    None => format!("Cleared {field}"),
                }
            }
        },
        EventKind::OwnerChanged => {
            match after.and_then(|a| a.get("name")).and_then(Value::as_str) {
                Some(name) => format!("Owner changed to {name}"),
                None => "Owner removed".to_string(),
            }
        }
        EventKind::FollowersChanged => {
            let name = |v: Option<&Value>| {
                v.and_then(|v| v.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            match (name(before), name(after)) {
                (_, Some(added)) => format!("{added} now follows this deal"),
                (Some(removed), None) => format!("{removed} no longer follows this deal"),
                (None, None) => "Followers changed".to_string(),
            }
        }
        EventKind::Deleted => "Deleted".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn events_read_as_sentences() {
        let proposal = json!({"pipeline_id": 1, "pipeline": "Sales", "stage": "Proposal"});
        let lost = json!({"pipeline_id": 1, "pipeline": "Sales", "stage": "Closed Lost"});
        let renewals = json!({"pipeline_id": 2, "pipeline": "Renewals", "stage": "Upcoming"});
        type Case = (
            EventKind,
            Option<&'static str>,
            Option<Value>,
            Option<Value>,
            &'static str,
        );
        let cases: Vec<Case> = vec![
            (
                EventKind::Created,
                None,
                None,
                Some(json!({"stage": proposal})),
                "Created in Proposal (Sales)",
            ),
            (
                EventKind::StageChanged,
                Some("stage"),
                Some(proposal.clone()),
                Some(lost),
                "Moved from Proposal to Closed Lost",
            ),
            (
                EventKind::StageChanged,
                Some("stage"),
                Some(proposal.clone()),
                Some(renewals),
                "Moved from Proposal (Sales) to Upcoming (Renewals)",
            ),
            (
                EventKind::StageChanged,
                Some("stage"),
                Some(proposal),
                Some(Value::Null),
                "Left Proposal (Sales); now unattached",
            ),
            (
                EventKind::StatusChanged,
                Some("status"),
                Some(json!("open")),
                Some(json!("lost")),
                "Status changed from Open to Lost",
            ),
            (
                EventKind::FieldChanged,
                Some("lost_reason"),
                Some(Value::Null),
                Some(json!("No budget")),
                "Set lost reason to \u{201c}No budget\u{201d}",
            ),
            (
                EventKind::FieldChanged,
                Some("lost_reason"),
                Some(json!("No budget")),
                Some(Value::Null),
                "Cleared lost reason",
            ),
            (
                EventKind::FieldChanged,
                Some("value"),
                Some(json!(100_000)),
                Some(json!(250_050)),
                "Value changed from USD 1,000.00 to USD 2,500.50",
            ),
            (
                EventKind::FieldChanged,
                Some("name"),
                Some(json!("A")),
                Some(json!("B")),
                "Renamed to \u{201c}B\u{201d}",
            ),
            (
                EventKind::FieldChanged,
                Some("expected_close"),
                Some(Value::Null),
                Some(json!("2027-01-31")),
                "Set expected close date to \u{201c}2027-01-31\u{201d}",
            ),
            (
                EventKind::FieldChanged,
                Some("contacts"),
                Some(Value::Null),
                Some(json!({"id": 4, "name": "Ann Lee"})),
                "Linked contact Ann Lee",
            ),
            (
                EventKind::FieldChanged,
                Some("companies"),
                Some(json!({"id": 1, "name": "Globex"})),
                Some(Value::Null),
                "Unlinked company Globex",
            ),
            (
                EventKind::FieldChanged,
                Some("primary_contact"),
                Some(Value::Null),
                Some(json!({"id": 4, "name": "Ann Lee"})),
                "Primary contact set to Ann Lee",
            ),
            (
                EventKind::OwnerChanged,
                Some("owner"),
                Some(Value::Null),
                Some(json!({"id": 2, "name": "Fox Mulder"})),
                "Owner changed to Fox Mulder",
            ),
            (
                EventKind::OwnerChanged,
                Some("owner"),
                Some(json!({"id": 2, "name": "Fox Mulder"})),
                Some(Value::Null),
                "Owner removed",
            ),
        ];
        let usd = Currency::DEFAULT;
        for (kind, field, before, after, expected) in cases {
            assert_eq!(
                describe(kind, field, before.as_ref(), after.as_ref(), usd),
                expected
            );
        }
    }
}
