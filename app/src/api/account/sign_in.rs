use crate::api::AppError;
use leptos::prelude::*;

pub const WRONG_CREDENTIALS: &str = "Email or password is incorrect.";

#[server(endpoint = "account/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::api::context::{back_with_error, begin_session, client_address, store};
    use crate::auth::throttle::{check_password, PasswordCheck};
    use crate::domain::account::{sign_in_key, EmailAddress};

    let result = async {
        let store = store()?;
        // A NUL or an endless email is refused before it reaches the throttle's queries.
        let email_key =
            sign_in_key(&email).map_err(|e| AppError::invalid("email", e.to_string()))?;
        let found = match EmailAddress::parse(&email) {
            Ok(parsed) => store.user_with_password(&parsed).await?,
            Err(_) => None,
        };
        let (user, hash) = found.map_or((None, None), |(u, h)| (Some(u), Some(h)));
        let check = check_password(&store, &email_key, &client_address(), password, hash).await?;
        match (check, user) {
            (PasswordCheck::Paused(message), _) => Err(AppError::Refused(message)),
            (PasswordCheck::Right, Some(user)) if user.active => begin_session(&store, &user).await,
            (PasswordCheck::Right, Some(user)) => Err(AppError::Refused(format!(
                "The account {} is deactivated. Ask an admin of your workspace to reactivate it.",
                user.email
            ))),
            _ => Err(AppError::Refused(WRONG_CREDENTIALS.to_string())),
        }
    }
    .await;
    back_with_error(result, "/login")
}
