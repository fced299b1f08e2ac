//! A contact's tags, changed one at a time on its profile, and the tags in use for the
//! contacts list's filter.
use crate::api::AppError;
use crate::domain::tag::TagChange;
use leptos::prelude::*;

/// Adds (`add`) or removes one tag of a contact, at once. Whoever may see the contact
/// may tag it: every signed-in person sees every contact.
#[server(endpoint = "contacts/tag")]
pub async fn change_contact_tag(id: i64, tag: String, add: bool) -> Result<TagChange, AppError> {
    use crate::api::context::{require_user, store};
    use crate::domain::board::ContactId;
    use crate::domain::change::Actor;
    let user = require_user()?;
    Ok(store()?
        .change_contact_tag(Actor::User(user.id), ContactId(id), &tag, add)
        .await?)
}

/// Every tag some contact has, once whatever its case, alphabetically.
#[server(endpoint = "contacts/tags")]
pub async fn load_contact_tags() -> Result<Vec<String>, AppError> {
    use crate::api::context::{require_user, store};
    require_user()?;
    Ok(store()?.contact_tags_in_use().await?)
}
