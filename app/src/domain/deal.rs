//! Opportunity fields as people type them, checked before anything is stored.
use super::date::Date;
use super::money::parse_amount;
use super::text::{required_text, TextProblem, CONTROL_CHARACTER};
use thiserror::Error;

pub const MAX_DEAL_NAME_CHARS: usize = 200;
pub const MAX_SHORT_TEXT_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DealError {
    #[error("Give the opportunity a name.")]
    EmptyName,
    #[error("Keep the name under {max} characters.", max = MAX_DEAL_NAME_CHARS)]
    NameTooLong,
    #[error("Keep this under {max} characters.", max = MAX_SHORT_TEXT_CHARS)]
    TextTooLong,
    #[error("{CONTROL_CHARACTER}")]
    ControlCharacter,
}

/// A deal's name: trimmed, required, bounded.
pub fn deal_name(raw: &str) -> Result<String, DealError> {
    required_text(raw, MAX_DEAL_NAME_CHARS)
        .map(str::to_string)
        .map_err(|problem| match problem {
            TextProblem::Empty => DealError::EmptyName,
            TextProblem::TooLong => DealError::NameTooLong,
            TextProblem::ControlCharacter => DealError::ControlCharacter,
        })
}

/// Optional short text (source, lost reason, phone): trimmed, empty means none.
pub fn optional_text(raw: &str) -> Result<Option<String>, DealError> {
    match required_text(raw, MAX_SHORT_TEXT_CHARS) {
        Ok(text) => Ok(Some(text.to_string())),
        Err(TextProblem::Empty) => Ok(None),
        Err(TextProblem::TooLong) => Err(DealError::TextTooLong),
        Err(TextProblem::ControlCharacter) => Err(DealError::ControlCharacter),
    }
}

/// The typed fields of a new deal, checked; `field` names the input an error belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealFields {
    pub name: String,
    pub value_minor: i64,
    pub source: Option<String>,
    pub expected_close: Option<Date>,
}

impl DealFields {
    pub fn parse(
        name: &str,
        value: &str,
        source: &str,
        expected_close: &str,
        currency_digits: u32,
    ) -> Result<DealFields, (&'static str, String)> {
        Ok(DealFields {
            name: deal_name(name).map_err(|e| ("name", e.to_string()))?,
            value_minor: parse_amount(value, currency_digits)
                .map_err(|e| ("value", e.to_string()))?,
            source: optional_text(source).map_err(|e| ("source", e.to_string()))?,
            expected_close: Date::parse_optional(expected_close)
                .map_err(|e| ("expected_close", e.to_string()))?,
        })
    }
}

/// What a deal's profile shows beyond its card.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DealDetails {
    pub source: Option<String>,
    pub lost_reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Custom field values by key (see `custom_field`).
    #[serde(default)]
    pub custom: serde_json::Map<String, serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_deal_fields_are_checked_one_by_one() {
        let ok =
            DealFields::parse(" Globex pilot ", "12,000", " Webinar ", "2026-05-01", 2).unwrap();
        assert_eq!(ok.name, "Globex pilot");
        assert_eq!(ok.value_minor, 1_200_000);
        assert_eq!(ok.source.as_deref(), Some("Webinar"));
        assert_eq!(ok.expected_close.unwrap().to_string(), "2026-05-01");
        let cases = [
            (("", "1", "", ""), "name"),
            (("x", "12,5k", "", ""), "value"),
            (("x", "1", &*"s".repeat(201), ""), "source"),
            (("Glo\0bex", "1", "", ""), "name"),
            (("\u{200b}\u{feff}", "1", "", ""), "name"),
            (("x", "1,2,3", "", ""), "value"),
            (("x", "1.000.000,5,0", "", ""), "value"),
            (("x", "92,233,720,368,547,758.07", "", ""), "value"),
            (("x", "1", "Web\u{1b}[0m", ""), "source"),
            (("x", "1", "", "31/12/2026"), "expected_close"),
        ];
        for ((name, value, source, close), field) in cases {
            assert_eq!(
                DealFields::parse(name, value, source, close, 2)
                    .unwrap_err()
                    .0,
                field
            );
        }
    }
}
