//! Companies: the organisations deals and contacts belong to.
use super::deal::optional_text;
use super::text::{required_text, TextProblem};
use serde::{Deserialize, Serialize};

pub const MAX_COMPANY_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompanyId(pub i64);

/// The company form's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyForm {
    pub name: String,
    pub domain: String,
    pub phone: String,
    pub address: String,
}

/// A company's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyFields {
    pub name: String,
    pub domain: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// "https://www.Globex.com/about" -> "globex.com"; `None` when it is not a domain.
pub fn parse_domain(raw: &str) -> Option<String> {
    let raw = raw.trim().to_lowercase();
    let raw = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
        .unwrap_or(&raw);
    let host = raw.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(host);
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    (host.contains('.') && host.len() <= 253 && labels_ok).then(|| host.to_string())
}

impl CompanyForm {
    pub fn parse(&self) -> Result<CompanyFields, (&'static str, String)> {
        let name = match required_text(&self.name, MAX_COMPANY_NAME_CHARS) {
            Ok(name) => name.to_string(),
            Err(TextProblem::Empty) => return Err(("name", "Enter the company's name.".into())),
            Err(TextProblem::TooLong) => {
                return Err((
                    "name",
                    format!("Keep the name under {MAX_COMPANY_NAME_CHARS} characters."),
                ))
            }
            Err(problem @ TextProblem::ControlCharacter) => {
                return Err(("name", problem.to_string()))
            }
        };
        let domain = match self.domain.trim() {
            "" => None,
            raw => Some(parse_domain(raw).ok_or_else(|| {
                (
                    "domain",
                    format!("'{raw}' is not a web domain. Write it like globex.com."),
                )
            })?),
        };
        Ok(CompanyFields {
            name,
            domain,
            phone: optional_text(&self.phone).map_err(|e| ("phone", e.to_string()))?,
            address: optional_text(&self.address).map_err(|e| ("address", e.to_string()))?,
        })
    }
}

/// A company as its page and the companies list show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRecord {
    pub id: CompanyId,
    pub name: String,
    pub domain: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub contacts: i64,
    pub deals: i64,
    pub created_at: i64,
}

impl CompanyRecord {
    pub fn form(&self) -> CompanyForm {
        CompanyForm {
            name: self.name.clone(),
            domain: self.domain.clone().unwrap_or_default(),
            phone: self.phone.clone().unwrap_or_default(),
            address: self.address.clone().unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_normalised_or_refused() {
        let cases = [
            ("https://www.Globex.com/about", Some("globex.com")),
            ("globex.co.uk", Some("globex.co.uk")),
            ("localhost", None),
            ("not a domain.com", None),
            ("-bad.com", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_domain(raw).as_deref(), expected, "{raw}");
        }
        let form = CompanyForm {
            name: " ".into(),
            ..CompanyForm::default()
        };
        assert_eq!(form.parse().unwrap_err().0, "name");
        let form = CompanyForm {
            name: "Globex".into(),
            domain: "globex".into(),
            ..CompanyForm::default()
        };
        assert_eq!(form.parse().unwrap_err().0, "domain");
        for (name, address, field) in [
            ("Glo\0bex", "", "name"),
            ("\u{200b}", "", "name"),
            ("Globex", "1 Main St\0", "address"),
        ] {
            let form = CompanyForm {
                name: name.into(),
                address: address.into(),
                ..CompanyForm::default()
            };
            assert_eq!(form.parse().unwrap_err().0, field, "{name:?}");
        }
    }
}
