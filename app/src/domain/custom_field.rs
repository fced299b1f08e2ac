//! Custom fields on opportunities and contacts: their definitions, and values checked by
//! type. Values are stored as JSON text in a canonical form, so that filters compare
//! them as text: a number "12.5", money in minor units "150000", a date "2027-01-31",
//! a checkbox "true" (unticked: no value), a multi select an array of options.
use super::currency::Currency;
use super::date::Date;
use super::money::{parse_amount, plain_amount};
use super::number::read_typed_number;
use super::text::{optional_text, required_text, TextProblem};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub const MAX_FIELDS: usize = 50;
pub const MAX_OPTIONS: usize = 50;
pub const MAX_TEXT_VALUE_CHARS: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CustomFieldId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldEntity {
    Opportunity,
    Contact,
}

impl FieldEntity {
    pub fn key(self) -> &'static str {
        match self {
            FieldEntity::Opportunity => "opportunity",
            FieldEntity::Contact => "contact",
        }
    }

    pub fn from_key(key: &str) -> Option<FieldEntity> {
        match key {
            "opportunity" => Some(FieldEntity::Opportunity),
            "contact" => Some(FieldEntity::Contact),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    Number,
    Money,
    Date,
    SingleSelect,
    MultiSelect,
    Checkbox,
}

impl FieldKind {
    pub const ALL: [FieldKind; 7] = [
        FieldKind::Text,
        FieldKind::Number,
        FieldKind::Money,
        FieldKind::Date,
        FieldKind::SingleSelect,
        FieldKind::MultiSelect,
        FieldKind::Checkbox,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Number => "number",
            FieldKind::Money => "money",
            FieldKind::Date => "date",
            FieldKind::SingleSelect => "single_select",
            FieldKind::MultiSelect => "multi_select",
            FieldKind::Checkbox => "checkbox",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Text => "Text",
            FieldKind::Number => "Number",
            FieldKind::Money => "Money",
            FieldKind::Date => "Date",
            FieldKind::SingleSelect => "Single select",
            FieldKind::MultiSelect => "Multi select",
            FieldKind::Checkbox => "Checkbox",
        }
    }

    pub fn from_key(key: &str) -> Option<FieldKind> {
        FieldKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether values compare as numbers (in sorts and ranges) and align right.
    pub fn is_numeric(self) -> bool {
        matches!(self, FieldKind::Number | FieldKind::Money)
    }

    pub fn has_options(self) -> bool {
        matches!(self, FieldKind::SingleSelect | FieldKind::MultiSelect)
    }
}

/// A defined custom field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomField {
    pub id: CustomFieldId,
    pub entity: FieldEntity,
    /// The name in merge fields (`{{contact.<key>}}`) and in stored values.
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub options: Vec<String>,
}

/// A new field as defined in settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomField {
    pub entity: FieldEntity,
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub options: Vec<String>,
}

/// "Deal type (2027)" -> "deal_type_2027": lower-case letters, digits and underscores,
/// starting with a letter.
pub fn field_key(label: &str) -> Option<String> {
    let mut key = String::new();
    for c in label.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    let key = key
        .trim_end_matches('_')
        .chars()
        .take(40)
        .collect::<String>();
    key.starts_with(|c: char| c.is_ascii_lowercase())
        .then_some(key)
}

/// Whether `key` is safe to write into SQL as a JSON path (only `field_key`'s output is).
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 40
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

type FieldError = (&'static str, String);

impl NewCustomField {
    /// `options` is one option per line (selects only).
    pub fn parse(
        entity: &str,
        label: &str,
        kind: &str,
        options: &str,
    ) -> Result<NewCustomField, FieldError> {
        let entity = FieldEntity::from_key(entity)
            .ok_or(("entity", "Choose Opportunities or Contacts.".to_string()))?;
        let label = match required_text(label, 60) {
            Ok(label) => label.to_string(),
            Err(TextProblem::Empty) => return Err(("label", "Name the field.".into())),
            Err(TextProblem::TooLong) => {
                return Err(("label", "Keep the name under 60 characters.".into()))
            }
            Err(problem @ TextProblem::ControlCharacter) => {
                return Err(("label", problem.to_string()))
            }
        };
        let key = field_key(&label).ok_or((
            "label",
            "Start the name with a letter (it becomes the field's merge key).".to_string(),
        ))?;
        let kind =
            FieldKind::from_key(kind).ok_or(("kind", "Choose the field's type.".to_string()))?;
        let mut list: Vec<String> = Vec::new();
        if kind.has_options() {
            for line in options.lines() {
                let option = match optional_text(line, 80) {
                    Ok(Some(option)) => option,
                    Ok(None) => continue,
                    Err(TextProblem::TooLong) => {
                        return Err((
                            "options",
                            format!(
                            "Keep each option under 80 characters (\u{201c}{}\u{201d} is longer).",
                            line.trim()
                        ),
                        ))
                    }
                    Err(problem) => return Err(("options", problem.to_string())),
                };
                if !list.iter().any(|o| o.eq_ignore_ascii_case(option)) {
                    list.push(option.to_string());
                }
            }
            if list.is_empty() {
                return Err(("options", "List the choices, one per line.".into()));
            }
            if list.len() > MAX_OPTIONS {
                return Err((
                    "options",
                    format!("A field can offer up to {MAX_OPTIONS} choices."),
                ));
            }
        }
        Ok(NewCustomField {
            entity,
            key,
            label,
            kind,
            options: list,
        })
    }
}

impl CustomField {
    /// The stored value of what was typed (`None`: no value). Multi selects are typed
    /// as one option per line.
    pub fn parse_value(&self, raw: &str, currency: Currency) -> Result<Option<Value>, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let text = |s: String| Ok(Some(Value::String(s)));
        match self.kind {
            FieldKind::Text => match optional_text(raw, MAX_TEXT_VALUE_CHARS) {
                Ok(Some(value)) => text(value.to_string()),
                Ok(None) => Ok(None),
                Err(TextProblem::TooLong) => Err(format!(
                    "Keep this under {MAX_TEXT_VALUE_CHARS} characters."
                )),
                Err(problem) => Err(problem.to_string()),
            },
            FieldKind::Number => number_value(raw).map(|n| Some(Value::String(n))),
            FieldKind::Money => parse_amount(raw, currency.minor_digits())
                .map(|minor| Some(Value::String(minor.to_string())))
                .map_err(|e| e.to_string()),
            FieldKind::Date => Date::parse(raw)
                .map(|d| Some(Value::String(d.to_string())))
                .map_err(|e| e.to_string()),
            FieldKind::SingleSelect => match self.option(raw) {
                Some(option) => text(option),
                None => Err(self.not_an_option(raw)),
            },
            FieldKind::MultiSelect => {
                let mut chosen: Vec<Value> = Vec::new();
                for part in raw.lines().map(str::trim).filter(|p| !p.is_empty()) {
                    let option = self.option(part).ok_or_else(|| self.not_an_option(part))?;
                    if !chosen.iter().any(|c| c.as_str() == Some(&option)) {
                        chosen.push(Value::String(option));
                    }
                }
                Ok((!chosen.is_empty()).then_some(Value::Array(chosen)))
            }
            FieldKind::Checkbox => match raw.to_lowercase().as_str() {
                "true" | "yes" | "on" | "1" => text("true".into()),
                "false" | "no" | "off" | "0" => Ok(None),
                _ => Err(format!("'{raw}' is not yes or no.")),
            },
        }
    }

    fn option(&self, raw: &str) -> Option<String> {
        self.options
            .iter()
            .find(|o| o.eq_ignore_ascii_case(raw.trim()))
            .cloned()
    }

    fn not_an_option(&self, raw: &str) -> String {
        format!(
            "'{raw}' is not one of the choices: {}.",
            self.options.join(", ")
        )
    }

    /// A stored value as people read it ("USD 1,500.00", "Yes", "Red, Blue").
    pub fn display(&self, value: &Value, currency: Currency) -> String {
        match (self.kind, value) {
            (FieldKind::Money, Value::String(minor)) => minor
                .parse::<i64>()
                .map_or_else(|_| minor.clone(), |m| currency.format_minor(m)),
            (FieldKind::Checkbox, _) => "Yes".to_string(),
            (_, Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            (_, Value::String(text)) => text.clone(),
            (_, other) => other.to_string(),
        }
    }

    /// A stored value as its editor wants it typed (money as a plain amount, a multi
    /// select one option per line).
    pub fn raw(&self, value: Option<&Value>, currency: Currency) -> String {
        match (self.kind, value) {
            (_, None) => String::new(),
            (FieldKind::Money, Some(Value::String(minor))) => minor.parse::<i64>().map_or_else(
                |_| minor.clone(),
                |m| plain_amount(m, currency.minor_digits()),
            ),
            (_, Some(Value::Array(items))) => items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("\n"),
            (_, Some(Value::String(text))) => text.clone(),
            (_, Some(other)) => other.to_string(),
        }
    }
}

/// The most digits a number field keeps before and after the decimal point.
const MAX_WHOLE_DIGITS: usize = 15;
const MAX_FRACTION_DIGITS: usize = 10;

/// A number field's value in its canonical form, read as `read_typed_number` reads it.
fn number_value(raw: &str) -> Result<String, String> {
    let number = read_typed_number(raw)
        .map_err(|_| format!("'{raw}' is not a number. Write it like 12, 12.5 or 12,5."))?;
    let (whole, fraction) = number.split_once('.').unwrap_or((&number, ""));
    if whole.trim_start_matches('-').len() > MAX_WHOLE_DIGITS {
        return Err(format!(
            "Keep numbers under {MAX_WHOLE_DIGITS} digits before the decimal point."
        ));
    }
    if fraction.len() > MAX_FRACTION_DIGITS {
        return Err(format!(
            "Use at most {MAX_FRACTION_DIGITS} digits after the decimal point."
        ));
    }
    Ok(number)
}

/// Sets (or with `None`, removes) one field's value in a record's values.
pub fn set_value(values: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    match value {
        Some(value) => {
            values.insert(key.to_string(), value);
        }
        None => {
            values.remove(key);
        }
    }
}

#[cfg(test)]
mod tests;
