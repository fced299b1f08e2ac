use crate::api::AppError;
use leptos::prelude::*;

/// Changes the signed-in user's password and ends their other sessions.
#[server(endpoint = "account/change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    use crate::api::context::{back_with_error, client_address, require_user, signed_in, store};
    use crate::auth::password;
    use crate::auth::throttle::{check_password, PasswordCheck};
    use crate::domain::account::NewPassword;

    let result = async {
        let user = require_user()?;
        let store = store()?;
        let stored = store
            .user_with_password(&crate::domain::account::EmailAddress::parse(&user.email)?)
            .await?
            .map(|(_, hash)| hash);
        let check = check_password(
            &store,
            &user.email,
            &client_address(),
            current_password.clone(),
            stored,
        )
        .await?;
        match check {
            PasswordCheck::Right => {}
            PasswordCheck::Wrong => {
                return Err(AppError::invalid(
                    "current_password",
                    "Your current password is not right.",
                ))
            }
            PasswordCheck::Paused(message) => {
                return Err(AppError::invalid("current_password", message))
            }
        }
        let new =
            NewPassword::parse(&new_password).map_err(|e| AppError::invalid("new_password", e))?;
        if new_password != confirm_password {
            return Err(AppError::invalid(
                "confirm_password",
                "The two new passwords differ; type the same one twice.",
            ));
        }
        if new_password == current_password {
            return Err(AppError::invalid(
                "new_password",
                "Choose a password different from the current one.",
            ));
        }
        let hash = password::hash(new.expose().to_string())
            .await
            .map_err(|_| AppError::Server)?;
        store.set_password(user.id, &hash, false).await?;
        let keep = signed_in().map(|s| s.token_hash);
        store.delete_sessions_of(user.id, keep.as_deref()).await?;
        Ok(())
    }
    .await;
    back_with_error(result, "/account")
}
