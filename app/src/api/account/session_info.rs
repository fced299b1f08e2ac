use crate::api::AppError;
use crate::domain::{account::User, workspace::Workspace};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What every page needs to know first: is there a workspace, and who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub workspace: Option<Workspace>,
    pub user: Option<User>,
}

#[server(endpoint = "account/session")]
pub async fn session_info() -> Result<Session, AppError> {
    use crate::api::context::{signed_in, store};
    let workspace = store()?.workspace().await?;
    Ok(Session {
        workspace,
        user: signed_in().map(|s| s.user),
    })
}
