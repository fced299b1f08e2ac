//! Editing a deal: one field in place on the profile page, or the whole `Edit
//! opportunity` dialog of the list at once.
use crate::api::AppError;
use crate::domain::board::Card;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The fields of the `Edit opportunity` dialog, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EditOpportunityForm {
    pub name: String,
    pub value: String,
    /// A stage id, or empty to leave the deal where it is.
    pub stage: String,
    /// A status key, or empty to leave it.
    pub status: String,
    pub lost_reason: String,
    /// A user id, or empty for nobody.
    pub owner: String,
    pub expected_close: String,
    pub source: String,
}

/// Reads one typed field into an edit; errors name the field.
#[cfg(feature = "ssr")]
async fn parse_field(
    store: &crate::store::Store,
    field: &str,
    value: &str,
) -> Result<crate::store::opportunities::edit::FieldEdit, AppError> {
    use crate::api::context::{active_user, currency};
    use crate::domain::account::UserId;
    use crate::domain::date::Date;
    use crate::domain::deal::{deal_name, optional_text};
    use crate::domain::money::parse_amount;
    use crate::store::opportunities::edit::FieldEdit;

    let problem = |message: String| AppError::invalid(field, message);
    Ok(match field {
        "name" => FieldEdit::Name(deal_name(value).map_err(|e| problem(e.to_string()))?),
        "value" => {
            let digits = currency(store).await?.minor_digits();
            FieldEdit::Value(parse_amount(value, digits).map_err(|e| problem(e.to_string()))?)
        }
        "source" => FieldEdit::Source(optional_text(value).map_err(|e| problem(e.to_string()))?),
        "expected_close" => FieldEdit::ExpectedClose(
            Date::parse_optional(value).map_err(|e| problem(e.to_string()))?,
        ),
        "owner" => match value.trim() {
            "" => FieldEdit::Owner(None),
            raw => FieldEdit::Owner(Some(
                active_user(
                    store,
                    raw.parse().map(UserId).ok(),
                    field,
                    "Choose an active user as the owner.",
                )
                .await?,
            )),
        },
        custom if custom.starts_with("custom:") => {
            use crate::domain::custom_field::FieldEntity;
            let key = custom.trim_start_matches("custom:");
            let fields = store.custom_fields(FieldEntity::Opportunity).await?;
            let definition = fields.iter().find(|f| f.key == key).ok_or_else(|| {
                AppError::invalid(field, "This field was deleted. Reload the page.")
            })?;
            let currency = currency(store).await?;
            let value = definition.parse_value(value, currency).map_err(problem)?;
            FieldEdit::Custom {
                key: key.to_string(),
                label: definition.label.clone(),
                text: value.as_ref().map(|v| definition.display(v, currency)),
                value,
            }
        }
        other => {
            return Err(AppError::invalid(
                "field",
                format!("'{other}' cannot be edited here."),
            ))
        }
    })
}

/// Sets one field of a deal from the profile page: `field` is name, value, source,
/// expected_close or owner; `value` is what was typed (a user id for owner; empty clears).
#[server(endpoint = "opportunities/edit")]
pub async fn edit_opportunity(
    id: i64,
    version: i64,
    field: String,
    value: String,
) -> Result<Card, AppError> {
    use crate::api::context::{require_user, store, viewer};
    use crate::domain::board::OpportunityId;
    use crate::domain::change::Actor;

    let user = require_user()?;
    let store = store()?;
    let id = OpportunityId(id);
    store.card(id, viewer(&user)).await?;
    let edit = parse_field(&store, &field, &value).await?;
    Ok(store
        .edit_opportunity(Actor::User(user.id), id, version, edit)
        .await?)
}

/// Saves the `Edit opportunity` dialog: every field and where the deal stands, in one
/// change based on the `version` the dialog was opened at.
#[server(endpoint = "opportunities/save")]
pub async fn save_opportunity(
    id: i64,
    version: i64,
    form: EditOpportunityForm,
) -> Result<Card, AppError> {
    use crate::api::context::{require_user, store, viewer};
    use crate::domain::board::OpportunityId;
    use crate::domain::change::Actor;
    use crate::domain::deal::optional_text;
    use crate::domain::opportunity::Status;
    use crate::domain::pipeline::StageId;
    use crate::store::opportunities::edit::DealUpdate;
    use crate::store::opportunities::service::StandingChange;

    let user = require_user()?;
    let store = store()?;
    let id = OpportunityId(id);
    store.card(id, viewer(&user)).await?;
    let mut fields = Vec::new();
    for (field, value) in [
        ("name", &form.name),
        ("value", &form.value),
        ("owner", &form.owner),
        ("expected_close", &form.expected_close),
        ("source", &form.source),
    ] {
        fields.push(parse_field(&store, field, value).await?);
    }
    let stage = match form.stage.trim() {
        "" => None,
        raw => Some(StageId(raw.parse().map_err(|_| {
            AppError::invalid("stage", "Choose a stage from the list.")
        })?)),
    };
    let status =
        match form.status.trim() {
            "" => None,
            raw => Some(Status::from_key(raw).ok_or_else(|| {
                AppError::invalid("status", "Choose Open, Won, Lost or Abandoned.")
            })?),
        };
    let lost_reason =
        optional_text(&form.lost_reason).map_err(|e| AppError::invalid("lost_reason", e))?;
    let update = DealUpdate {
        fields,
        standing: StandingChange {
            stage,
            status,
            lost_reason,
        },
    };
    Ok(store
        .update_opportunity(Actor::User(user.id), id, version, update)
        .await?)
}
