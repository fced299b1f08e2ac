//! Editing a deal: one field in place on the profile page, or the whole `Edit
//! opportunity` dialog of the list at once.
use crate::api::AppError;
use crate::domain::board::Card;
use crate::domain::list::ListRow;
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

impl EditOpportunityForm {
    /// The fields by their names, in the dialog's order.
    pub const FIELDS: [&'static str; 8] = [
        "name",
        "value",
        "stage",
        "status",
        "lost_reason",
        "owner",
        "expected_close",
        "source",
    ];

    /// A field by its name (one of `FIELDS`).
    pub fn field(&self, key: &str) -> &str {
        let form = self;
        match key {
            "name" => &form.name,
            "value" => &form.value,
            "stage" => &form.stage,
            "status" => &form.status,
            "lost_reason" => &form.lost_reason,
            "owner" => &form.owner,
            "expected_close" => &form.expected_close,
            _ => &form.source,
        }
    }

    pub fn field_mut(&mut self, key: &str) -> &mut String {
        let form = self;
        match key {
            "name" => &mut form.name,
            "value" => &mut form.value,
            "stage" => &mut form.stage,
            "status" => &mut form.status,
            "lost_reason" => &mut form.lost_reason,
            "owner" => &mut form.owner,
            "expected_close" => &mut form.expected_close,
            _ => &mut form.source,
        }
    }

    /// After a conflict: the fields the person changed from `started` whose input differs
    /// from the deal's `current` state, with that input.
    pub fn kept_against(&self, started: &Self, current: &Self) -> Vec<(&'static str, String)> {
        Self::FIELDS
            .into_iter()
            .filter(|key| {
                let mine = self.field(key);
                mine != started.field(key) && mine != current.field(key)
            })
            .map(|key| (key, self.field(key).to_string()))
            .collect()
    }
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
    // Every field is read before any problem is reported, so the dialog shows them all.
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| problems.push((field.to_string(), message));
    let mut fields = Vec::new();
    for (field, value) in [
        ("name", &form.name),
        ("value", &form.value),
        ("owner", &form.owner),
        ("expected_close", &form.expected_close),
        ("source", &form.source),
    ] {
        match parse_field(&store, field, value).await {
            Ok(edit) => fields.push(edit),
            Err(AppError::Invalid {
                field: Some(field),
                message,
            }) => problem(&field, message),
            Err(other) => return Err(other),
        }
    }
    let stage = match form.stage.trim() {
        "" => None,
        raw => raw
            .parse()
            .map(StageId)
            .map_err(|_| {
                problem("stage", "Choose a stage from the list.".into());
            })
            .ok(),
    };
    let status = match form.status.trim() {
        "" => None,
        raw => Status::from_key(raw).or_else(|| {
            problem("status", "Choose Open, Won, Lost or Abandoned.".into());
            None
        }),
    };
    let lost_reason = optional_text(&form.lost_reason)
        .map_err(|e| problem("lost_reason", e.to_string()))
        .ok()
        .flatten();
    AppError::all_fields(problems)?;
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

/// A deal as the `Edit opportunity` dialog starts from: after a conflict, its current
/// state and version.
#[server(endpoint = "opportunities/edit_row")]
pub async fn load_edit_row(id: i64) -> Result<ListRow, AppError> {
    use crate::api::context::{require_user, store, viewer};
    use crate::domain::board::OpportunityId;
    let user = require_user()?;
    Ok(store()?.list_row(OpportunityId(id), viewer(&user)).await?)
}

#[cfg(test)]
mod tests {
    use super::EditOpportunityForm;

    #[test]
    fn after_a_conflict_only_the_persons_own_differing_input_is_kept() {
        let started = EditOpportunityForm {
            name: "Globex".into(),
            value: "100.00".into(),
            source: String::new(),
            ..Default::default()
        };
        let current = EditOpportunityForm {
            value: "5000.00".into(),
            ..started.clone()
        };
        let mine = EditOpportunityForm {
            name: "Globex".into(),
            source: "Referral".into(),
            ..started.clone()
        };
        assert_eq!(
            mine.kept_against(&started, &current),
            vec![("source", "Referral".to_string())],
            "the value someone else changed is not the person's input"
        );
        let same = EditOpportunityForm {
            value: "5000.00".into(),
            ..started.clone()
        };
        assert!(same.kept_against(&started, &current).is_empty());
    }
}
