use crate::api::AppError;
use crate::domain::account::User;
use leptos::prelude::*;

/// Changes a user's role and data visibility.
#[server(endpoint = "users/update_access")]
pub async fn update_user_access(
    id: i64,
    role: String,
    only_assigned_data: bool,
) -> Result<User, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::account::{Role, UserId};

    let admin = require_admin()?;
    let role = Role::from_key(&role)?;
    let store = store()?;
    let target = store.user(UserId(id)).await?;
    if target.id == admin.id && role != Role::Admin {
        return Err(AppError::Refused(
            "You cannot remove your own admin role; ask another admin to do it.".into(),
        ));
    }
    Ok(store
        .set_user_access(target.id, role, only_assigned_data)
        .await?)
}

/// Deactivates (ending their sessions at once) or reactivates a user.
#[server(endpoint = "users/set_active")]
pub async fn set_user_active(id: i64, active: bool) -> Result<User, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::account::UserId;

    let admin = require_admin()?;
    if admin.id == UserId(id) && !active {
        return Err(AppError::Refused("You cannot deactivate yourself.".into()));
    }
    Ok(store()?.set_user_active(UserId(id), active).await?)
}
