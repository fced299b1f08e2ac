use crate::api::AppError;
use crate::domain::board::Card;
use leptos::prelude::*;

/// Moves a deal to `stage` and/or sets its `status`, based on the `version` the person saw.
/// `lost_reason` is recorded when the deal ends up Lost.
#[server(endpoint = "opportunities/move")]
pub async fn move_opportunity(
    id: i64,
    version: i64,
    stage: Option<i64>,
    status: Option<String>,
    lost_reason: Option<String>,
) -> Result<Card, AppError> {
    use crate::api::context::{require_user, store, viewer};
    use crate::domain::board::OpportunityId;
    use crate::domain::change::Actor;
    use crate::domain::deal::optional_text;
    use crate::domain::opportunity::Status;
    use crate::domain::pipeline::StageId;
    use crate::store::opportunities::service::StandingChange;

    let user = require_user()?;
    let status = status
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            Status::from_key(&s)
                .ok_or_else(|| AppError::invalid("status", format!("'{s}' is not a status.")))
        })
        .transpose()?;
    let lost_reason = optional_text(lost_reason.as_deref().unwrap_or_default())
        .map_err(|e| AppError::invalid("lost_reason", e))?;
    let store = store()?;
    // People see (and so move) only what they may see.
    store.card(OpportunityId(id), viewer(&user)).await?;
    let change = StandingChange {
        stage: stage.map(StageId),
        status,
        lost_reason,
    };
    Ok(store
        .change_standing(Actor::User(user.id), OpportunityId(id), version, change)
        .await?)
}
