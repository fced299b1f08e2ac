//! Contacts: the people deals are for, as pickers, cards and their own pages see them.
use super::account::EmailAddress;
use super::account::UserId;
use super::board::ContactId;
use super::board::Named;
use super::deal::optional_text;
use super::tag;
use super::text::{required_text, TextProblem};
use serde::{Deserialize, Serialize};

pub const MAX_CONTACT_NAME_CHARS: usize = 120;

/// A contact offered in pickers and shown on cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactSummary {
    pub id: ContactId,
    pub name: String,
    pub email: Option<String>,
}

/// A contact typed in the `Create Opportunity` dialog, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub name: String,
    pub email: Option<EmailAddress>,
    pub phone: Option<String>,
}

impl NewContact {
    /// `field` names the input an error belongs to.
    pub fn parse(
        name: &str,
        email: &str,
        phone: &str,
    ) -> Result<NewContact, (&'static str, String)> {
        let name = match required_text(name, MAX_CONTACT_NAME_CHARS) {
            Ok(name) => name.to_string(),
            Err(TextProblem::Empty) => {
                return Err(("contact_name", "Enter the contact's name.".into()))
            }
            Err(TextProblem::TooLong) => {
                return Err((
                    "contact_name",
                    format!("Keep the name under {MAX_CONTACT_NAME_CHARS} characters."),
                ))
            }
            Err(problem @ TextProblem::ControlCharacter) => {
                return Err(("contact_name", problem.to_string()))
            }
        };
        let email = if email.trim().is_empty() {
            None
        } else {
            Some(EmailAddress::parse(email).map_err(|e| ("contact_email", e.to_string()))?)
        };
        let phone = optional_text(phone).map_err(|e| ("contact_phone", e.to_string()))?;
        Ok(NewContact { name, email, phone })
    }
}

/// First and last name of a name typed as one ("Ann Lee" -> "Ann", "Lee").
pub fn split_name(name: &str) -> (String, String) {
    match name.trim().split_once(' ') {
        Some((first, last)) => (first.to_string(), last.trim().to_string()),
        None => (name.trim().to_string(), String::new()),
    }
}

/// The full name shown everywhere: "first last", or whichever part is given.
pub fn full_name(first: &str, last: &str) -> String {
    format!("{} {}", first.trim(), last.trim())
        .trim()
        .to_string()
}

/// Tags typed as "vip, partner": each checked, repeats and empties dropped, order kept.
pub fn parse_tags(raw: &str) -> Result<Vec<String>, String> {
    tag::parse_tag_list(raw, &[',']).map_err(|problem| problem.to_string())
}

/// The contact form's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub owner: String,
    pub source: String,
    pub tags: String,
}

/// A contact's own fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactFields {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<EmailAddress>,
    pub phone: Option<String>,
    pub company: Option<i64>,
    pub owner: Option<UserId>,
    pub source: Option<String>,
    pub tags: Vec<String>,
}

impl ContactFields {
    pub fn name(&self) -> String {
        full_name(&self.first_name, &self.last_name)
    }
}

fn id_field(
    raw: &str,
    field: &'static str,
    what: &str,
) -> Result<Option<i64>, (&'static str, String)> {
    match raw.trim() {
        "" => Ok(None),
        id => id
            .parse()
            .map(Some)
            .map_err(|_| (field, format!("Pick the {what} from the list."))),
    }
}

impl ContactForm {
    pub fn parse(&self) -> Result<ContactFields, (&'static str, String)> {
        let name = |raw: &str| optional_text(raw).map(Option::unwrap_or_default);
        let first_name = name(&self.first_name).map_err(|e| ("first_name", e.to_string()))?;
        let last_name = name(&self.last_name).map_err(|e| ("last_name", e.to_string()))?;
        if first_name.is_empty() && last_name.is_empty() {
            return Err(("first_name", "Enter a first or last name.".into()));
        }
        if full_name(&first_name, &last_name).chars().count() > MAX_CONTACT_NAME_CHARS {
            return Err((
                "last_name",
                format!("Keep the name under {MAX_CONTACT_NAME_CHARS} characters."),
            ));
        }
        let email = match self.email.trim() {
            "" => None,
            raw => Some(EmailAddress::parse(raw).map_err(|e| ("email", e.to_string()))?),
        };
        Ok(ContactFields {
            first_name,
            last_name,
            email,
            phone: optional_text(&self.phone).map_err(|e| ("phone", e.to_string()))?,
            company: id_field(&self.company, "company", "company")?,
            owner: id_field(&self.owner, "owner", "owner")?.map(UserId),
            source: optional_text(&self.source).map_err(|e| ("source", e.to_string()))?,
            tags: parse_tags(&self.tags).map_err(|e| ("tags", e))?,
        })
    }
}

/// A contact as its page and the contacts list show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactRecord {
    pub id: ContactId,
    pub first_name: String,
    pub last_name: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<Named>,
    pub owner: Option<Named>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub custom: serde_json::Map<String, serde_json::Value>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl ContactRecord {
    /// The form filled in with this contact, for editing.
    pub fn form(&self) -> ContactForm {
        ContactForm {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone().unwrap_or_default(),
            phone: self.phone.clone().unwrap_or_default(),
            company: self
                .company
                .as_ref()
                .map(|c| c.id.to_string())
                .unwrap_or_default(),
            owner: self
                .owner
                .as_ref()
                .map(|o| o.id.to_string())
                .unwrap_or_default(),
            source: self.source.clone().unwrap_or_default(),
            tags: self.tags.join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_contacts_are_checked() {
        let ok = NewContact::parse(" Ann Lee ", "ANN@globex.test", "").unwrap();
        assert_eq!(ok.name, "Ann Lee");
        assert_eq!(ok.email.unwrap().as_str(), "ann@globex.test");
        assert_eq!(ok.phone, None);
        assert_eq!(
            NewContact::parse(" ", "", "").unwrap_err().0,
            "contact_name"
        );
        assert_eq!(
            NewContact::parse("Ann", "not-an-email", "").unwrap_err().0,
            "contact_email"
        );
        assert_eq!(
            NewContact::parse("Ann\0", "", "").unwrap_err().0,
            "contact_name"
        );
        assert_eq!(
            NewContact::parse("Ann", "", "555\u{7}").unwrap_err().0,
            "contact_phone"
        );
        assert!(parse_tags("vip, part\0ner")
            .unwrap_err()
            .contains("control character"));
    }

    #[test]
    fn contact_forms_are_checked_field_by_field() {
        let form = ContactForm {
            first_name: " Ann ".into(),
            last_name: "van Lee".into(),
            tags: "vip, Partner, VIP, ".into(),
            company: "3".into(),
            ..ContactForm::default()
        };
        let fields = form.parse().unwrap();
        assert_eq!(fields.name(), "Ann van Lee");
        assert_eq!(fields.tags, vec!["vip", "Partner"]);
        assert_eq!(fields.company, Some(3));
        let cases: Vec<(ContactForm, &str)> = vec![
            (ContactForm::default(), "first_name"),
            (
                ContactForm {
                    first_name: "A".into(),
                    email: "nope".into(),
                    ..ContactForm::default()
                },
                "email",
            ),
            (
                ContactForm {
                    first_name: "A".into(),
                    company: "x".into(),
                    ..ContactForm::default()
                },
                "company",
            ),
        ];
        for (form, field) in cases {
            assert_eq!(form.parse().unwrap_err().0, field);
        }
        assert_eq!(
            split_name("Ann van Lee"),
            ("Ann".to_string(), "van Lee".to_string())
        );
        assert_eq!(split_name("Cher"), ("Cher".to_string(), String::new()));
    }
}
