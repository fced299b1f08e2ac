//! Who may sign in and what they may do: roles, user fields and their validation.
use super::text::{self, required_text, TextProblem, CONTROL_CHARACTER};
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// A user's role, from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Manager,
    User,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Manager, Role::User];

    /// The stable name stored in the database and sent in forms.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::User => "user",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Manager => "Manager",
            Role::User => "User",
        }
    }

    pub fn from_key(key: &str) -> Result<Role, AccountError> {
        Role::ALL
            .into_iter()
            .find(|role| role.key() == key)
            .ok_or_else(|| AccountError::UnknownRole(key.to_string()))
    }

    pub fn can_manage_users(self) -> bool {
        self == Role::Admin
    }

    /// Managers and admins set up pipelines, stages and close probabilities.
    pub fn can_configure_pipelines(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserId(pub i64);

/// A person who can sign in to the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Sees only the deals they own or follow.
    pub only_assigned_data: bool,
    pub active: bool,
    /// Signed in with a temporary password an admin gave them.
    pub must_change_password: bool,
}

/// A user as the Users page lists them: with their last password reset, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub user: User,
    pub last_reset: Option<PasswordReset>,
}

/// A reset of someone's password to a temporary one, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    /// The admin who reset it; `None` when an operator ran `dealflow reset-password`.
    pub by: Option<String>,
    /// Unix milliseconds.
    pub at: i64,
}

impl PasswordReset {
    /// "Password reset by Dana Scully on 2026-12-01".
    pub fn describe(&self) -> String {
        let by = self.by.as_deref().unwrap_or("an operator (command line)");
        format!(
            "Password reset by {by} on {}",
            super::date::Date::from_unix_ms(self.at)
        )
    }
}

/// What is wrong with something typed into an account form, said so a person can fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccountError {
    #[error("Enter an email address like name@company.com.")]
    InvalidEmail,
    #[error("Enter a name.")]
    EmptyName,
    #[error("Keep the name under {max} characters.", max = MAX_NAME_CHARS)]
    NameTooLong,
    #[error("{CONTROL_CHARACTER}")]
    NameHasControlCharacter,
    #[error("Use a password of at least {min} characters.", min = MIN_PASSWORD_CHARS)]
    PasswordTooShort,
    #[error("Keep the password under {max} characters.", max = MAX_PASSWORD_CHARS)]
    PasswordTooLong,
    #[error("'{0}' is not a role; choose Admin, Manager or User.")]
    UnknownRole(String),
}

pub const MAX_NAME_CHARS: usize = 120;
pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;
/// Shown under every new-password field.
pub const PASSWORD_HINT: &str = "At least 10 characters.";

/// An email address, trimmed and lower-cased so one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let email = raw.trim().to_lowercase();
        let (local, domain) = email.split_once('@').ok_or(AccountError::InvalidEmail)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        let clean = !email
            .chars()
            .any(|c| c.is_control() || text::is_invisible(c));
        if local.is_empty()
            || !domain_ok
            || domain.contains('@')
            || !clean
            || email.chars().count() > MAX_EMAIL_CHARS
        {
            return Err(AccountError::InvalidEmail);
        }
        Ok(EmailAddress(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;

/// What a sign-in attempt is counted and looked up under: the email as typed, trimmed
/// and lower-cased, so a wrong-looking address still counts against the throttle. Text
/// no address can hold (a control character, more than 254 characters) is refused first.
pub fn sign_in_key(raw: &str) -> Result<String, AccountError> {
    let key = raw.trim().to_lowercase();
    if key.chars().any(char::is_control) || key.chars().count() > MAX_EMAIL_CHARS {
        return Err(AccountError::InvalidEmail);
    }
    Ok(key)
}

/// A person's or business's display name: trimmed, not empty, of sane length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        match required_text(raw, MAX_NAME_CHARS) {
            Ok(name) => Ok(DisplayName(name.to_string())),
            Err(TextProblem::Empty) => Err(AccountError::EmptyName),
            Err(TextProblem::TooLong) => Err(AccountError::NameTooLong),
            Err(TextProblem::ControlCharacter) => Err(AccountError::NameHasControlCharacter),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that meets the length policy. Never displayed or logged.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let count = raw.chars().count();
        if count < MIN_PASSWORD_CHARS {
            return Err(AccountError::PasswordTooShort);
        }
        if count > MAX_PASSWORD_CHARS {
            return Err(AccountError::PasswordTooLong);
        }
        Ok(NewPassword(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Initials for an avatar: first letters of the first and last word.
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace();
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.last().and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_keys_are_lower_case_and_free_of_control_characters() {
        assert_eq!(
            sign_in_key(" Dana@Example.com "),
            Ok("dana@example.com".into())
        );
        assert_eq!(sign_in_key("not an email"), Ok("not an email".into()));
        assert_eq!(
            sign_in_key("dana\0@example.com"),
            Err(AccountError::InvalidEmail)
        );
        assert_eq!(
            sign_in_key(&"a".repeat(255)),
            Err(AccountError::InvalidEmail)
        );
    }

    #[test]
    fn emails_are_normalised_or_refused() {
        let cases = [
            ("  Dana@Example.COM ", Ok("dana@example.com")),
            ("a.b+c@sub.example.org", Ok("a.b+c@sub.example.org")),
            ("no-at-sign.example.com", Err(AccountError::InvalidEmail)),
            ("@example.com", Err(AccountError::InvalidEmail)),
            ("dana@localhost", Err(AccountError::InvalidEmail)),
            ("dana@example..com", Err(AccountError::InvalidEmail)),
            ("dana@.example.com", Err(AccountError::InvalidEmail)),
            ("da na@example.com", Err(AccountError::InvalidEmail)),
            ("a@b@example.com", Err(AccountError::InvalidEmail)),
            ("dana\0@example.com", Err(AccountError::InvalidEmail)),
            ("dana\u{200b}@example.com", Err(AccountError::InvalidEmail)),
        ];
        for (raw, expected) in cases {
            let got = EmailAddress::parse(raw);
            assert_eq!(
                got.as_ref().map(EmailAddress::as_str),
                expected.as_ref().map(|s| *s),
                "{raw}"
            );
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Dana Scully ").unwrap().as_str(),
            "Dana Scully"
        );
        assert_eq!(DisplayName::parse("   "), Err(AccountError::EmptyName));
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(DisplayName::parse(&long), Err(AccountError::NameTooLong));
    }

    #[test]
    fn passwords_follow_the_length_policy() {
        assert_eq!(
            NewPassword::parse("short"),
            Err(AccountError::PasswordTooShort)
        );
        assert!(NewPassword::parse("long enough pass").is_ok());
        let long = "p".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(
            NewPassword::parse(&long),
            Err(AccountError::PasswordTooLong)
        );
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret secret").unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn the_password_hint_states_the_policy() {
        assert!(PASSWORD_HINT.contains(&MIN_PASSWORD_CHARS.to_string()));
    }

    #[test]
    fn roles_round_trip_through_their_keys() {
        for role in Role::ALL {
            assert_eq!(Role::from_key(role.key()), Ok(role));
        }
        assert!(Role::from_key("owner").is_err());
        assert!(Role::Admin.can_manage_users());
        assert!(!Role::Manager.can_manage_users());
    }

    #[test]
    fn initials_take_first_and_last_word() {
        assert_eq!(initials("Dana Katherine Scully"), "DS");
        assert_eq!(initials("fox"), "F");
        assert_eq!(initials(""), "");
    }
}
