use crate::api::AppError;
use crate::domain::board::{Card, Named, Pipeline};
use crate::domain::currency::Currency;
use crate::domain::timeline::TimelineEntry;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the opportunity's profile page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityProfile {
    pub card: Card,
    /// The pipeline the deal is in (`None` when unattached).
    pub pipeline: Option<Pipeline>,
    pub details: crate::domain::deal::DealDetails,
    pub timeline: Vec<TimelineEntry>,
    pub currency: Currency,
    /// Active users, for the owner picker.
    pub users: Vec<Named>,
}

/// One deal with its timeline, if the signed-in person may see it.
#[server(endpoint = "opportunities/profile")]
pub async fn load_opportunity(id: i64) -> Result<OpportunityProfile, AppError> {
    use crate::api::context::{currency, require_user, store, viewer};
    use crate::domain::board::OpportunityId;
    let user = require_user()?;
    let store = store()?;
    let id = OpportunityId(id);
    let card = store.card(id, viewer(&user)).await?;
    let pipeline = match card.pipeline_id {
        Some(p) => Some(store.pipeline(p).await?),
        None => None,
    };
    let users = store.active_people().await?;
    Ok(OpportunityProfile {
        users,
        details: store.deal_details(id).await?,
        timeline: store.timeline(id).await?,
        currency: currency(&store).await?,
        pipeline,
        card,
    })
}
