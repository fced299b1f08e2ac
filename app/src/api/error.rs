//! The one error type every server function returns: a sentence saying what to do.
use crate::domain::account::AccountError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Error)]
pub enum AppError {
    #[error("Your session has ended. Sign in again to continue.")]
    NotSignedIn,
    #[error("Your role does not allow that. Ask an admin of your workspace.")]
    Forbidden,
    /// Something typed is wrong; `field` names the form field when there is one.
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: String,
    },
    /// Several fields of a form are wrong at once: `(field, message)` for each, so the
    /// form shows every problem in one go.
    #[error("{}", .0.iter().map(|(_, message)| message.as_str()).collect::<Vec<_>>().join(" "))]
    InvalidFields(Vec<(String, String)>),
    /// The change was based on an out-of-date copy; the message says who changed it.
    #[error("{0}")]
    Conflict(String),
    /// The request is understood but refused (wrong password, too many attempts, last admin).
    #[error("{0}")]
    Refused(String),
    /// What the request names does not exist, or is not visible to this user.
    #[error("{0}")]
    NotFound(String),
    #[error("Something went wrong on our side; nothing was changed. Try again in a moment.")]
    Server,
    /// Reaching the server failed (offline, server restarting, bad response).
    #[error("Dealflow could not be reached ({0}). Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl ToString) -> Self {
        AppError::Invalid {
            field: Some(field.to_string()),
            message: message.to_string(),
        }
    }

    /// Every problem of a form at once, or `Ok` when there is none.
    pub fn all_fields(problems: Vec<(String, String)>) -> Result<(), AppError> {
        let mut problems = problems;
        match problems.len() {
            0 => Ok(()),
            1 => {
                let (field, message) = problems.remove(0);
                Err(AppError::Invalid {
                    field: Some(field),
                    message,
                })
            }
            _ => Err(AppError::InvalidFields(problems)),
        }
    }

    /// Whether the error belongs beside one of `fields` (otherwise the form shows it).
    pub fn concerns_any(&self, fields: &[&str]) -> bool {
        fields.iter().any(|f| self.for_field(f).is_some())
    }

    /// The message to show beside `field`, when this error is about it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid {
                field: Some(f),
                message,
            } if f == field => Some(message.clone()),
            AppError::InvalidFields(problems) => problems
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, message)| message.clone()),
            _ => None,
        }
    }
}

impl From<AccountError> for AppError {
    fn from(err: AccountError) -> Self {
        let field = match err {
            AccountError::InvalidEmail => "email",
            AccountError::EmptyName
            | AccountError::NameTooLong
            | AccountError::NameHasControlCharacter => "name",
            AccountError::PasswordTooShort | AccountError::PasswordTooLong => "password",
            AccountError::UnknownRole(_) => "role",
        };
        AppError::invalid(field, err)
    }
}

impl From<crate::domain::pipeline::PipelineError> for AppError {
    fn from(err: crate::domain::pipeline::PipelineError) -> Self {
        use crate::domain::pipeline::PipelineError;
        let field = match err {
            PipelineError::ReservedProbability(_)
            | PipelineError::ProbabilityOutOfRange(_)
            | PipelineError::NotAPercentage(_) => "probability",
            _ => "name",
        };
        AppError::invalid(field, err)
    }
}

/// A field-named problem from the domain's parsers: `(field, message)`.
impl From<(&'static str, String)> for AppError {
    fn from((field, message): (&'static str, String)) -> Self {
        AppError::invalid(field, message)
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The HTTP status a server function's error is answered with, so that logs and
    /// clients can tell a refusal from a fault of the server.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::NotSignedIn => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Refused(_) => StatusCode::FORBIDDEN,
            AppError::Invalid { .. } | AppError::InvalidFields(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Server | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<crate::store::StoreError> for AppError {
    fn from(err: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match err {
            StoreError::EmailTaken => AppError::invalid("email", err),
            StoreError::UserNotFound | StoreError::NotFound(_) => {
                AppError::NotFound(err.to_string())
            }
            StoreError::WorkspaceExists | StoreError::Refused(_) => {
                AppError::Refused(err.to_string())
            }
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::Invalid { field, message } => AppError::invalid(field, message),
            // A step's field is `steps.<key>.<field>`, so the builder can show it there.
            StoreError::Problems(problems) => AppError::InvalidFields(
                problems
                    .into_iter()
                    .map(|p| match p.step {
                        Some(step) => (format!("steps.{step}.{}", p.field), p.message),
                        None => (p.field, p.message),
                    })
                    .collect(),
            ),
            other => {
                tracing::error!("store error: {other}");
                AppError::Server
            }
        }
    }
}
