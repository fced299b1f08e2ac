use crate::api::AppError;
use crate::domain::account::User;
use leptos::prelude::*;

#[server(endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<User>, AppError> {
    use crate::api::context::{require_admin, store};
    require_admin()?;
    Ok(store()?.users().await?)
}
