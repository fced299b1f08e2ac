use crate::api::AppError;
use crate::domain::board::Card;
use crate::domain::contact::ContactSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the `Create Opportunity` dialog sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateOpportunityForm {
    pub name: String,
    pub value: String,
    pub stage: String,
    pub status: String,
    /// An existing contact's id, or empty.
    pub contact_id: String,
    /// A contact typed in the dialog, used when `contact_id` is empty and a name is given.
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub source: String,
    pub expected_close: String,
    /// A user id, or empty for nobody.
    pub owner: String,
}

#[server(endpoint = "opportunities/create")]
pub async fn create_opportunity(form: CreateOpportunityForm) -> Result<Card, AppError> {
    use crate::api::context::{active_user, currency, require_user, store};
    use crate::domain::account::UserId;
    use crate::domain::board::ContactId;
    use crate::domain::change::Actor;
    use crate::domain::contact::NewContact;
    use crate::domain::deal::DealFields;
    use crate::domain::opportunity::Status;
    use crate::domain::pipeline::StageId;
    use crate::store::opportunities::create::{ContactChoice, NewOpportunity};

    let user = require_user()?;
    let store = store()?;
    let digits = currency(&store).await?.minor_digits();
    let fields = DealFields::parse(
        &form.name,
        &form.value,
        &form.source,
        &form.expected_close,
        digits,
    )?;
    let id = |field: &'static str, raw: &str| -> Result<Option<i64>, AppError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse()
            .map(Some)
            .map_err(|_| AppError::invalid(field, "Choose one of the options."))
    };
    let stage = id("stage", &form.stage)?
        .map(StageId)
        .ok_or_else(|| AppError::invalid("stage", "Choose the stage the deal is in."))?;
    let status = Status::from_key(if form.status.trim().is_empty() {
        "open"
    } else {
        &form.status
    })
    .ok_or_else(|| AppError::invalid("status", "Choose Open, Won, Lost or Abandoned."))?;
    let contact = match id("contact", &form.contact_id)? {
        Some(existing) => Some(ContactChoice::Existing(ContactId(existing))),
        None if !form.contact_name.trim().is_empty() || !form.contact_email.trim().is_empty() => {
            Some(ContactChoice::New(NewContact::parse(
                &form.contact_name,
                &form.contact_email,
                &form.contact_phone,
            )?))
        }
        None => None,
    };
    let owner = match id("owner", &form.owner)?.map(UserId) {
        Some(owner) => Some(
            active_user(
                &store,
                Some(owner),
                "owner",
                "Choose an active user as the owner.",
            )
            .await?,
        ),
        None => None,
    };
    let new = NewOpportunity {
        fields,
        stage: Some(stage),
        status,
        contact,
        owner,
    };
    Ok(store.create_opportunity(Actor::User(user.id), new).await?)
}

/// Contacts whose name or email starts with `query`, for the contact picker.
#[server(endpoint = "contacts/search")]
pub async fn search_contacts(query: String) -> Result<Vec<ContactSummary>, AppError> {
    use crate::api::context::{require_user, store};
    require_user()?;
    Ok(store()?.search_contacts(&query, 8).await?)
}
