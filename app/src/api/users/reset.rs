use crate::api::AppError;
use crate::domain::account::User;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A temporary password an admin just set for someone, shown to the admin once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemporaryPassword {
    pub user: User,
    pub password: String,
}

/// `Reset password`: a new temporary password for another user, who is signed out
/// everywhere and must choose their own at their next sign-in. Admins cannot reset their
/// own here, so no admin locks themselves (and the workspace) out.
#[server(endpoint = "users/reset_password")]
pub async fn reset_user_password(id: i64) -> Result<TemporaryPassword, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::auth::password;
    use crate::domain::account::UserId;

    let admin = require_admin()?;
    if admin.id == UserId(id) {
        return Err(AppError::Refused(
            "You cannot reset your own password here. Change it under Change password in your account menu."
                .into(),
        ));
    }
    let (temporary, hash) = password::temporary().await.map_err(|_| AppError::Server)?;
    let user = store()?
        .reset_password(UserId(id), &hash, Some(admin.id))
        .await?;
    Ok(TemporaryPassword {
        user,
        password: temporary,
    })
}
