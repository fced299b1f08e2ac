//! Custom field definitions, and the values of a contact's fields (a deal's go through
//! the opportunity service, `FieldEdit::Custom`).
use super::{unique_or, Store, StoreError};
use crate::domain::board::ContactId;
use crate::domain::custom_field::{
    set_value, CustomField, CustomFieldId, FieldEntity, FieldKind, NewCustomField, MAX_FIELDS,
};
use serde_json::{Map, Value};

impl Store {
    /// The fields defined for `entity`, in their order.
    pub async fn custom_fields(&self, entity: FieldEntity) -> Result<Vec<CustomField>, StoreError> {
        let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
            "SELECT id, key, label, kind, options FROM custom_fields WHERE entity = $1 ORDER BY position, id",
        )
        .bind(entity.key())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, key, label, kind, options)| {
                Ok(CustomField {
                    id: CustomFieldId(id),
                    entity,
                    key,
                    label,
                    kind: FieldKind::from_key(&kind)
                        .ok_or_else(|| StoreError::corrupt("field type"))?,
                    options: serde_json::from_str(&options).unwrap_or_default(),
                })
            })
            .collect()
    }

    pub async fn add_custom_field(
        &self,
        field: &NewCustomField,
    ) -> Result<CustomFieldId, StoreError> {
        let existing = self.custom_fields(field.entity).await?;
        if existing.len() >= MAX_FIELDS {
            return Err(StoreError::invalid(
                "label",
                format!("Up to {MAX_FIELDS} custom fields can be defined here. Delete one you no longer use first."),
            ));
        }
        let taken = || {
            StoreError::invalid(
                "label",
                format!(
                    "A field with the key \u{201c}{}\u{201d} exists already. Choose another name.",
                    field.key
                ),
            )
        };
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO custom_fields (entity, key, label, kind, options, position) \
             VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(position), 0) + 1 FROM custom_fields)) RETURNING id",
        )
        .bind(field.entity.key())
        .bind(&field.key)
        .bind(&field.label)
        .bind(field.kind.key())
        .bind(serde_json::to_string(&field.options).unwrap_or_else(|_| "[]".into()))
        .fetch_one(self.pool())
        .await
        .map_err(|e| unique_or(e, taken()))?;
        Ok(CustomFieldId(id))
    }

    /// Deletes a definition. Values already stored stay in the records' JSON, unseen, so
    /// defining the field again brings them back.
    pub async fn delete_custom_field(&self, id: CustomFieldId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM custom_fields WHERE id = $1")
            .bind(id.0)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A contact's custom field values.
    pub async fn contact_custom_values(
        &self,
        id: ContactId,
    ) -> Result<Map<String, Value>, StoreError> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT custom_fields FROM contacts WHERE id = $1")
                .bind(id.0)
                .fetch_optional(self.pool())
                .await?;
        let (json,) = row.ok_or(StoreError::NotFound("contact"))?;
        Ok(serde_json::from_str(&json).unwrap_or_default())
    }

    /// Sets (or with `None` clears) one custom field of a contact.
    pub async fn set_contact_field(
        &self,
        id: ContactId,
        key: &str,
        value: Option<Value>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_transaction().await?;
        sqlx::query("UPDATE contacts SET updated_at = updated_at WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        let row: Option<(String,)> =
            sqlx::query_as("SELECT custom_fields FROM contacts WHERE id = $1")
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
        let (json,) = row.ok_or(StoreError::NotFound("contact"))?;
        let mut values: Map<String, Value> = serde_json::from_str(&json).unwrap_or_default();
        set_value(&mut values, key, value);
        sqlx::query("UPDATE contacts SET custom_fields = $1, updated_at = $2 WHERE id = $3")
            .bind(Value::Object(values).to_string())
            .bind(self.now())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
