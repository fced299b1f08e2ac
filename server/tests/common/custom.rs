//! Custom fields as the settings page defines them and the profile page sets them.
use app::domain::currency::Currency;
use app::domain::custom_field::{CustomField, FieldEntity, NewCustomField};
use app::store::opportunities::edit::FieldEdit;
use app::store::Store;

pub fn definition(entity: &str, label: &str, kind: &str, options: &str) -> NewCustomField {
    NewCustomField::parse(entity, label, kind, options).unwrap()
}

pub async fn field(store: &Store, entity: FieldEntity, key: &str) -> CustomField {
    store
        .custom_fields(entity)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("no field {key}"))
}

/// The edit the profile page sends for `raw` typed into `field` (a EUR workspace).
pub fn typed(field: &CustomField, raw: &str) -> FieldEdit {
    let currency = Currency::parse("EUR").unwrap();
    let value = field.parse_value(raw, currency).unwrap();
    FieldEdit::Custom {
        key: field.key.clone(),
        label: field.label.clone(),
        text: value.as_ref().map(|v| field.display(v, currency)),
        value,
    }
}

/// An opportunity field defined in settings, as stored.
pub async fn opportunity_field(
    store: &Store,
    label: &str,
    kind: &str,
    options: &str,
) -> CustomField {
    let new = definition("opportunity", label, kind, options);
    store.add_custom_field(&new).await.unwrap();
    field(store, FieldEntity::Opportunity, &new.key).await
}
