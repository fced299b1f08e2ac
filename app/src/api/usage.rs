//! "Used by …": which published workflows name a stage, pipeline, user or custom field,
//! asked by the confirmation before it is removed, by whoever may remove it.
use crate::api::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a confirmation is about to remove (by its id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    Stage,
    Pipeline,
    User,
    CustomField,
}

/// The names of the published workflows that name `what` `id`, in name order. Pipeline
/// managers ask about stages and pipelines; admins about users and custom fields.
#[server(endpoint = "usage/published_workflows")]
pub async fn published_workflows_using(what: Removal, id: i64) -> Result<Vec<String>, AppError> {
    use crate::api::context::{require_admin, require_pipeline_manager, store};
    use crate::domain::account::UserId;
    use crate::domain::custom_field::{CustomFieldId, FieldEntity};
    use crate::domain::pipeline::{PipelineId, StageId};
    use crate::domain::workflow::references::Reference;
    match what {
        Removal::Stage | Removal::Pipeline => require_pipeline_manager()?,
        Removal::User | Removal::CustomField => require_admin()?,
    };
    let store = store()?;
    let reference = match what {
        Removal::Stage => Reference::Stage(StageId(id)),
        Removal::Pipeline => Reference::Pipeline(PipelineId(id)),
        Removal::User => Reference::User(UserId(id)),
        Removal::CustomField => {
            let mut fields = store.custom_fields(FieldEntity::Opportunity).await?;
            fields.extend(store.custom_fields(FieldEntity::Contact).await?);
            let field = fields
                .into_iter()
                .find(|f| f.id == CustomFieldId(id))
                .ok_or_else(|| {
                    AppError::NotFound("This field was deleted. Reload the page.".into())
                })?;
            Reference::CustomField {
                entity: field.entity,
                key: field.key,
            }
        }
    };
    Ok(store.published_workflows_using(&reference).await?)
}
