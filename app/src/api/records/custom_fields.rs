//! Defining custom fields (admins), and reading their definitions.
use crate::api::AppError;
use crate::domain::custom_field::CustomField;
use leptos::prelude::*;

/// Every field defined for opportunities and for contacts, in their order.
#[server(endpoint = "custom-fields/list")]
pub async fn load_custom_fields() -> Result<Vec<CustomField>, AppError> {
    use crate::api::context::{require_user, store};
    use crate::domain::custom_field::FieldEntity;
    require_user()?;
    let store = store()?;
    let mut fields = store.custom_fields(FieldEntity::Opportunity).await?;
    fields.extend(store.custom_fields(FieldEntity::Contact).await?);
    Ok(fields)
}

/// Defines a field: `entity` is opportunity or contact, `kind` a type key, `options`
/// one choice per line (selects).
#[server(endpoint = "custom-fields/add")]
pub async fn add_custom_field(
    entity: String,
    label: String,
    kind: String,
    options: String,
) -> Result<(), AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::custom_field::NewCustomField;
    require_admin()?;
    let field = NewCustomField::parse(&entity, &label, &kind, &options).map_err(super::at_field)?;
    store()?.add_custom_field(&field).await?;
    Ok(())
}

#[server(endpoint = "custom-fields/delete")]
pub async fn delete_custom_field(id: i64) -> Result<(), AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::custom_field::CustomFieldId;
    require_admin()?;
    Ok(store()?.delete_custom_field(CustomFieldId(id)).await?)
}
