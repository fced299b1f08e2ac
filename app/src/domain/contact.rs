//! Contacts as deals see them for now: a name, an email, a phone.
use super::account::EmailAddress;
use super::board::ContactId;
use super::deal::optional_text;
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
    }
}
