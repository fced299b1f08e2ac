//! A row's cells one at a time: text checked before it is looked up or stored, and
//! custom-field cells typed in the import's number and date formats.
use super::super::values::{canonical_number, parse_date};
use super::super::ImportOptions;
use super::Workspace;
use crate::domain::currency::Currency;
use crate::domain::custom_field::{CustomField, FieldKind};
use crate::domain::import::mapping::Target;
use crate::domain::tag::{parse_tag_list, TagProblem, MAX_TAGS, MAX_TAG_CHARS};
use crate::domain::text::{required_lines, required_text, TextProblem, CONTROL_CHARACTER};
use serde_json::Value;

/// The cell of `field` typed for storage, or why it cannot be.
/// A select's choices are read through `choice`, which maps a value of the file to the
/// one the person chose for it.
pub(super) fn custom_value<'a>(
    field: &CustomField,
    raw: &'a str,
    options: &ImportOptions,
    currency: Currency,
    choice: impl Fn(&'a str) -> &'a str,
) -> Result<Option<Value>, String> {
    let typed = match field.kind {
        FieldKind::Number | FieldKind::Money => canonical_number(raw, options.number_format),
        FieldKind::Date => parse_date(raw, options.date_order).map(|d| d.to_string()),
        // A multi select's choices come separated by semicolons (as exported) or lines.
        FieldKind::MultiSelect => Ok(multi_choices(raw)
            .map(choice)
            .collect::<Vec<_>>()
            .join("\n")),
        _ => Ok(raw.to_string()),
    };
    typed
        .and_then(|typed| field.parse_value(&typed, currency))
        .map_err(|e| format!("{}: {e}", field.label))
}

/// The choices of a multi select's cell, as exported (semicolons) or typed (lines).
pub fn multi_choices(raw: &str) -> impl Iterator<Item = &str> {
    raw.split([';', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// A tags cell: "vip; referral" or "vip, referral", each tag checked as on a profile.
pub(super) fn tags_cell(raw: &str) -> Result<Vec<String>, String> {
    parse_tag_list(raw, &[',', ';']).map_err(|problem| match problem {
        TagProblem::TooLong(tag) => {
            format!("tag \u{2018}{tag}\u{2019} is longer than {MAX_TAG_CHARS} characters")
        }
        TagProblem::TooMany => format!("the row gives its contact more than {MAX_TAGS} tags"),
        other => format!("Contact tags: {other}"),
    })
}

/// How a reason names the column of `target`.
fn column_name(target: Target, workspace: &Workspace) -> String {
    target.label(&workspace.fields).unwrap_or_default()
}

/// Refuses a cell holding a control character other than the tabs and line breaks that
/// multi-line values keep, before anything is looked up or written: PostgreSQL cannot
/// store a NUL, so such a row would otherwise fail halfway through the import.
pub(super) fn printable(raw: &str, target: Target, workspace: &Workspace) -> Result<(), String> {
    match required_lines(raw, usize::MAX) {
        Err(TextProblem::ControlCharacter) => Err(format!(
            "{}: {CONTROL_CHARACTER}",
            column_name(target, workspace)
        )),
        _ => Ok(()),
    }
}

/// A cell that names something (a stage, a contact, a company): one line, bounded.
pub(super) fn one_line(
    raw: &str,
    target: Target,
    max: usize,
    workspace: &Workspace,
) -> Result<String, String> {
    required_text(raw, max)
        .map(str::to_string)
        .map_err(|problem| {
            let sentence = match problem {
                TextProblem::Empty => {
                    "The value shows nothing: it holds only invisible characters.".to_string()
                }
                TextProblem::TooLong => format!("Keep it under {max} characters."),
                TextProblem::ControlCharacter => CONTROL_CHARACTER.to_string(),
            };
            format!("{}: {sentence}", column_name(target, workspace))
        })
}
