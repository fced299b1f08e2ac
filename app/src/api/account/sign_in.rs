use crate::api::AppError;
use leptos::prelude::*;

pub const WRONG_CREDENTIALS: &str = "Email or password is incorrect.";

#[server(endpoint = "account/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::api::context::{back_with_error, begin_session, client_address, store};
    use crate::auth::{password as pw, throttle};
    use crate::domain::account::{sign_in_key, EmailAddress};
    use crate::store::now_ms;

    let result = async {
        let store = store()?;
        let email_key =
            sign_in_key(&email).map_err(|e| AppError::invalid("email", e.to_string()))?;
        let address = client_address();
        let now = now_ms();
        let counts = store
            .sign_in_failures_since(&email_key, &address, now - throttle::WINDOW_MS)
            .await?;
        if let Some(message) = throttle::refusal(counts, now) {
            return Err(AppError::Refused(message));
        }
        let found = match EmailAddress::parse(&email) {
            Ok(parsed) => store.user_with_password(&parsed).await?,
            Err(_) => None,
        };
        let (user, hash) = found.map_or((None, None), |(u, h)| (Some(u), Some(h)));
        let password_ok = pw::verify(password, hash).await;
        match user {
            Some(user) if password_ok && user.active => {
                store.clear_sign_in_failures(&email_key).await?;
                begin_session(&store, &user).await
            }
            Some(user) if password_ok => Err(AppError::Refused(format!(
                "The account {} is deactivated. Ask an admin of your workspace to reactivate it.",
                user.email
            ))),
            _ => {
                store
                    .record_sign_in_failure(&email_key, &address, now)
                    .await?;
                Err(AppError::Refused(WRONG_CREDENTIALS.to_string()))
            }
        }
    }
    .await;
    back_with_error(result, "/login")
}
