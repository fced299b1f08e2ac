//! Linking followers, contacts and companies to a deal from its profile page.
use crate::api::AppError;
use crate::domain::board::Card;
use crate::domain::links::LinkChange;
use leptos::prelude::*;

#[server(endpoint = "opportunities/link")]
pub async fn change_link(id: i64, change: LinkChange) -> Result<Card, AppError> {
    use crate::api::context::{active_user, require_user, store, viewer};
    use crate::domain::board::OpportunityId;
    use crate::domain::change::Actor;
    let user = require_user()?;
    let store = store()?;
    let id = OpportunityId(id);
    store.card(id, viewer(&user)).await?;
    if let LinkChange::Follower { user, linked: true } = change {
        active_user(
            &store,
            Some(user),
            "follower",
            "Choose an active user to follow the deal.",
        )
        .await?;
    }
    Ok(store.change_link(Actor::User(user.id), id, change).await?)
}
