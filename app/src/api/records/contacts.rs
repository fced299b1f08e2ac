//! The contacts list and a contact's page: create, edit, delete, custom field values.
use crate::api::AppError;
use crate::domain::board::Named;
use crate::domain::contact::{ContactForm, ContactRecord};
use crate::domain::currency::Currency;
use crate::domain::custom_field::CustomField;
use crate::domain::list::ListRow;
use crate::domain::records::{RecordPage, RecordQuery};
use crate::domain::timeline::TimelineEntry;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a contact's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactProfile {
    pub contact: ContactRecord,
    /// The deals it is linked to that the viewer may see.
    pub deals: Vec<ListRow>,
    pub timeline: Vec<TimelineEntry>,
    pub custom_fields: Vec<CustomField>,
    pub users: Vec<Named>,
    pub currency: Currency,
}

#[server(endpoint = "contacts/list")]
pub async fn load_contacts(query: RecordQuery) -> Result<RecordPage<ContactRecord>, AppError> {
    use crate::api::context::{require_user, store};
    require_user()?;
    Ok(store()?.contact_page(&query).await?)
}

#[server(endpoint = "contacts/profile")]
pub async fn load_contact(id: i64) -> Result<ContactProfile, AppError> {
    use crate::api::context::{currency, require_user, store, viewer};
    use crate::domain::activity::ActivityTarget;
    use crate::domain::board::ContactId;
    use crate::domain::custom_field::FieldEntity;
    use crate::domain::timeline::newest_first;
    use crate::store::opportunities::list::LinkedTo;
    let user = require_user()?;
    let store = store()?;
    let contact = store.contact_record(ContactId(id)).await?;
    let viewer = viewer(&user);
    Ok(ContactProfile {
        deals: store
            .linked_deals(LinkedTo::Contact(contact.id), viewer)
            .await?,
        timeline: newest_first(
            store
                .record_activities(ActivityTarget::Contact(id), viewer)
                .await?,
        ),
        custom_fields: store.custom_fields(FieldEntity::Contact).await?,
        users: store.active_people().await?,
        currency: currency(&store).await?,
        contact,
    })
}

/// What saving a contact did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactSave {
    /// Saved; the contact's id.
    Saved(i64),
    /// Nothing was saved: another contact has this email. The person may open that one,
    /// or save again with `shared_email` to keep both.
    EmailInUse(Named),
}

/// Creates a contact (`id` empty) or saves one; an edit leaves its tags as they are. A
/// new email another contact already has is saved only when `shared_email` says the
/// person saw that and wants both.
#[server(endpoint = "contacts/save")]
pub async fn save_contact(
    id: Option<i64>,
    form: ContactForm,
    #[server(default)] shared_email: bool,
) -> Result<ContactSave, AppError> {
    use crate::api::context::{active_user, require_user, store};
    use crate::domain::board::ContactId;
    use crate::domain::change::Actor;
    let user = require_user()?;
    let store = store()?;
    let mut fields = form.parse().map_err(super::at_field)?;
    let id = id.map(ContactId);
    let stored = match id {
        Some(id) => Some(store.contact_record(id).await?),
        None => None,
    };
    // An edit keeps the contact's tags: they change one at a time on its profile, and
    // the form's copy may predate a tag added since.
    if let Some(stored) = &stored {
        fields.tags = stored.tags.clone();
    }
    if let (Some(email), false) = (&fields.email, shared_email) {
        let unchanged = stored
            .as_ref()
            .is_some_and(|s| s.email.as_deref() == Some(email.as_str()));
        if !unchanged {
            if let Some(other) = store.contact_with_email(email, id).await? {
                return Ok(ContactSave::EmailInUse(other));
            }
        }
    }
    if fields.owner.is_some() {
        active_user(
            &store,
            fields.owner,
            "owner",
            "Choose an active user as the owner.",
        )
        .await?;
    }
    let custom = match id {
        Some(id) => store.contact_custom_values(id).await?,
        None => Default::default(),
    };
    Ok(ContactSave::Saved(
        store
            .save_contact(Actor::User(user.id), id, &fields, &custom)
            .await?
            .0,
    ))
}

/// Deletes a contact; its deals stay, unlinked.
#[server(endpoint = "contacts/delete")]
pub async fn delete_contact(id: i64) -> Result<(), AppError> {
    use crate::api::context::{require_user, store};
    use crate::domain::board::ContactId;
    use crate::domain::change::Actor;
    let user = require_user()?;
    Ok(store()?
        .delete_contact(Actor::User(user.id), ContactId(id))
        .await?)
}

/// Sets one custom field of a contact from what was typed (empty clears it).
#[server(endpoint = "contacts/field")]
pub async fn set_contact_field(id: i64, key: String, value: String) -> Result<(), AppError> {
    use crate::api::context::{currency, require_user, store};
    use crate::domain::board::ContactId;
    use crate::domain::custom_field::FieldEntity;
    require_user()?;
    let store = store()?;
    let fields = store.custom_fields(FieldEntity::Contact).await?;
    let field = fields
        .iter()
        .find(|f| f.key == key)
        .ok_or_else(|| AppError::invalid("custom", "This field was deleted. Reload the page."))?;
    let value = field
        .parse_value(&value, currency(&store).await?)
        .map_err(|e| AppError::invalid("custom", e))?;
    Ok(store.set_contact_field(ContactId(id), &key, value).await?)
}

/// Companies whose name starts with `query`, for the contact form and the deal's links.
#[server(endpoint = "companies/search")]
pub async fn search_companies(query: String) -> Result<Vec<Named>, AppError> {
    use crate::api::context::{require_user, store};
    require_user()?;
    Ok(store()?.search_companies(&query, 8).await?)
}

/// Active people, for owner and assignee pickers.
#[server(endpoint = "people")]
pub async fn load_people() -> Result<Vec<Named>, AppError> {
    use crate::api::context::{require_user, store};
    require_user()?;
    Ok(store()?.active_people().await?)
}
