use crate::api::AppError;
use crate::domain::account::TeamMember;
use leptos::prelude::*;

/// Every user, with their last password reset.
#[server(endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<TeamMember>, AppError> {
    use crate::api::context::{require_admin, store};
    require_admin()?;
    let store = store()?;
    let mut resets = store.last_password_resets().await?;
    Ok(store
        .users()
        .await?
        .into_iter()
        .map(|user| TeamMember {
            last_reset: resets.remove(&user.id),
            user,
        })
        .collect())
}
