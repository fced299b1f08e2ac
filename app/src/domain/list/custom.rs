//! Custom fields in the list: as filters, written in the URL as `cf.<id>=<value>` (text
//! contains, a select is, a multi select includes, a checkbox is yes or no) and
//! `cf.<id>.min` / `cf.<id>.max` (number, money and date ranges), and as sorts.
use crate::domain::currency::Currency;
use crate::domain::custom_field::{CustomField, CustomFieldId, FieldKind};
use crate::domain::text::search_text;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The URL prefix of custom-field columns and filters.
pub const PREFIX: &str = "cf.";

/// What a custom field's value must be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CustomTest {
    /// Text containing this (lower-cased).
    Contains(String),
    /// Exactly this stored value (a single select's option, a ticked checkbox).
    Is(String),
    /// A multi select including this option.
    Includes(String),
    /// A checkbox left unticked (no value, or anything but "true").
    Unticked,
    /// At least / at most this stored value (numbers and money compared as numbers,
    /// dates as ISO text).
    AtLeast(String),
    AtMost(String),
}

/// A checked filter on one custom field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomFilter {
    pub key: String,
    pub kind: FieldKind,
    pub test: CustomTest,
}

/// Which end of a range a URL key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Value,
    Min,
    Max,
}

impl Part {
    fn suffix(self) -> &'static str {
        match self {
            Part::Value => "",
            Part::Min => ".min",
            Part::Max => ".max",
        }
    }
}

/// `cf.12.min` for field 12's lower bound.
pub fn url_key(field: CustomFieldId, part: Part) -> String {
    format!("{PREFIX}{}{}", field.0, part.suffix())
}

/// The field and part a URL key (without `cf.`) names: `12`, `12.min`, `12.max`.
fn split_key(name: &str) -> Option<(CustomFieldId, Part)> {
    let (id, part) = match name.split_once('.') {
        None => (name, Part::Value),
        Some((id, "min")) => (id, Part::Min),
        Some((id, "max")) => (id, Part::Max),
        Some(_) => return None,
    };
    id.parse().ok().map(|id| (CustomFieldId(id), part))
}

/// Whether a kind is filtered by a range (two inputs) rather than one value.
pub fn is_range(kind: FieldKind) -> bool {
    matches!(kind, FieldKind::Number | FieldKind::Money | FieldKind::Date)
}

/// Checks the custom-field part of a list URL (`(key without "cf.", raw)` pairs)
/// against the defined fields. An error says which field and what to type.
pub fn parse_filters(
    pairs: &[(String, String)],
    fields: &[CustomField],
    currency: Currency,
) -> Result<Vec<CustomFilter>, String> {
    let mut filters = Vec::new();
    for (name, raw) in pairs {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        let field = split_key(name)
            .and_then(|(id, part)| fields.iter().find(|f| f.id == id).map(|f| (f, part)));
        let Some((field, part)) = field else {
            return Err(
                "A custom field in this filter no longer exists. Clear the filters and choose again."
                    .to_string(),
            );
        };
        let problem = |message: String| format!("{}: {message}", field.label);
        let test =
            match (field.kind, part) {
                (FieldKind::Text, Part::Value) => {
                    CustomTest::Contains(search_text(raw).map_err(problem)?.to_lowercase())
                }
                (FieldKind::Checkbox, Part::Value) => match field.parse_value(raw, currency) {
                    Ok(Some(_)) => CustomTest::Is("true".to_string()),
                    Ok(None) => CustomTest::Unticked,
                    Err(message) => return Err(problem(message)),
                },
                (FieldKind::SingleSelect | FieldKind::MultiSelect, Part::Value) => {
                    let option = match field.parse_value(raw, currency).map_err(problem)? {
                        Some(Value::Array(items)) => {
                            items.first().and_then(Value::as_str).map(String::from)
                        }
                        Some(Value::String(option)) => Some(option),
                        _ => None,
                    };
                    let option = option.unwrap_or_default();
                    if field.kind == FieldKind::MultiSelect {
                        CustomTest::Includes(option)
                    } else {
                        CustomTest::Is(option)
                    }
                }
                (kind, part @ (Part::Min | Part::Max)) if is_range(kind) => {
                    let value = match field.parse_value(raw, currency).map_err(problem)? {
                        Some(Value::String(value)) => value,
                        _ => continue,
                    };
                    if part == Part::Min {
                        CustomTest::AtLeast(value)
                    } else {
                        CustomTest::AtMost(value)
                    }
                }
                _ => return Err(problem(
                    "this field cannot be filtered that way. Clear the filters and choose again."
                        .to_string(),
                )),
            };
        filters.push(CustomFilter {
            key: field.key.clone(),
            kind: field.kind,
            test,
        });
    }
    Ok(filters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_field::FieldEntity;

    fn field(id: i64, key: &str, kind: FieldKind, options: &[&str]) -> CustomField {
        CustomField {
            id: CustomFieldId(id),
            entity: FieldEntity::Opportunity,
            key: key.to_string(),
            label: key.to_string(),
            kind,
            options: options.iter().map(|o| o.to_string()).collect(),
        }
    }

    fn fields() -> Vec<CustomField> {
        vec![
            field(1, "seats", FieldKind::Number, &[]),
            field(2, "region", FieldKind::SingleSelect, &["North", "South"]),
            field(3, "tags", FieldKind::MultiSelect, &["Hot", "Cold"]),
            field(4, "vip", FieldKind::Checkbox, &[]),
            field(5, "notes", FieldKind::Text, &[]),
            field(6, "budget", FieldKind::Money, &[]),
            field(7, "renewal", FieldKind::Date, &[]),
        ]
    }

    fn parse(pairs: &[(&str, &str)]) -> Result<Vec<CustomFilter>, String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        parse_filters(&pairs, &fields(), Currency::DEFAULT)
    }

    fn tests(pairs: &[(&str, &str)]) -> Vec<CustomTest> {
        parse(pairs).unwrap().into_iter().map(|f| f.test).collect()
    }

    #[test]
    fn each_kind_reads_its_filter_in_the_stored_form() {
        assert_eq!(
            tests(&[
                ("1.min", "1,000"),
                ("1.max", "2000.50"),
                ("2", "north"),
                ("3", "hot"),
                ("4", "yes"),
                ("5", "  Big Deal "),
                ("6.min", "1,500"),
                ("7.max", "2027-01-31"),
                ("1", ""),
            ]),
            vec![
                CustomTest::AtLeast("1000".into()),
                CustomTest::AtMost("2000.5".into()),
                CustomTest::Is("North".into()),
                CustomTest::Includes("Hot".into()),
                CustomTest::Is("true".into()),
                CustomTest::Contains("big deal".into()),
                CustomTest::AtLeast("150000".into()),
                CustomTest::AtMost("2027-01-31".into()),
            ]
        );
        assert_eq!(tests(&[("4", "no")]), vec![CustomTest::Unticked]);
    }

    #[test]
    fn bad_filters_name_the_field() {
        assert!(parse(&[("1.min", "lots")])
            .unwrap_err()
            .starts_with("seats: "));
        assert!(parse(&[("2", "East")])
            .unwrap_err()
            .contains("North, South"));
        assert!(parse(&[("99", "x")])
            .unwrap_err()
            .contains("no longer exists"));
        assert!(parse(&[("2.min", "North")]).is_err());
        assert!(parse(&[("x", "1")]).is_err());
        assert!(parse(&[("5", "big\0deal")])
            .unwrap_err()
            .starts_with("notes: "));
        assert!(parse(&[("5", &"x".repeat(201))])
            .unwrap_err()
            .contains("at most 200 characters"));
        assert!(parse(&[("1.min", "1,2,3")]).is_err());
    }

    #[test]
    fn url_keys_round_trip() {
        assert_eq!(url_key(CustomFieldId(12), Part::Min), "cf.12.min");
        assert_eq!(split_key("12.max"), Some((CustomFieldId(12), Part::Max)));
        assert_eq!(split_key("12"), Some((CustomFieldId(12), Part::Value)));
        assert_eq!(split_key("12.avg"), None);
    }
}
