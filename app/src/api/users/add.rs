use crate::api::AppError;
use crate::domain::account::User;
use leptos::prelude::*;

/// Adds a user with a temporary password they must change at first sign-in.
#[server(endpoint = "users/add")]
pub async fn add_user(
    name: String,
    email: String,
    role: String,
    temporary_password: String,
    only_assigned_data: Option<String>,
) -> Result<User, AppError> {
    use crate::api::context::{back_with_error, require_admin, store};
    use crate::auth::password;
    use crate::domain::account::{DisplayName, EmailAddress, NewPassword, Role};
    use crate::store::users::NewUser;

    let result = async {
        require_admin()?;
        let new_user = NewUser {
            name: DisplayName::parse(&name)?,
            email: EmailAddress::parse(&email)?,
            role: Role::from_key(&role)?,
            password_hash: String::new(),
            only_assigned_data: only_assigned_data.is_some(),
            must_change_password: true,
        };
        let temporary = NewPassword::parse(&temporary_password)
            .map_err(|e| AppError::invalid("temporary_password", e))?;
        let password_hash = password::hash(temporary.expose().to_string())
            .await
            .map_err(|_| AppError::Server)?;
        Ok(store()?
            .create_user(&NewUser {
                password_hash,
                ..new_user
            })
            .await?)
    }
    .await;
    back_with_error(result, "/users")
}
