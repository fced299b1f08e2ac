use crate::api::AppError;
use crate::domain::attachment::FileInfo;
use crate::domain::board::{Card, Named, Pipeline};
use crate::domain::currency::Currency;
use crate::domain::custom_field::CustomField;
use crate::domain::links::DealLinks;
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
    pub links: DealLinks,
    pub files: Vec<FileInfo>,
    pub custom_fields: Vec<CustomField>,
    pub timeline: Vec<TimelineEntry>,
    pub currency: Currency,
    /// Active users, for the owner, follower and assignee pickers.
    pub users: Vec<Named>,
    /// The largest file `Add a file` takes, in bytes.
    pub max_upload_bytes: u64,
}

/// One deal with its timeline, if the signed-in person may see it.
#[server(endpoint = "opportunities/profile")]
pub async fn load_opportunity(id: i64) -> Result<OpportunityProfile, AppError> {
    use crate::api::context::{currency, require_user, state, viewer};
    use crate::domain::board::OpportunityId;
    use crate::domain::custom_field::FieldEntity;
    let user = require_user()?;
    let state = state()?;
    let store = state.store.clone();
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
        links: store.deal_links(id).await?,
        files: store.files(id).await?,
        custom_fields: store.custom_fields(FieldEntity::Opportunity).await?,
        timeline: store.timeline(id).await?,
        currency: currency(&store).await?,
        max_upload_bytes: state.max_upload_bytes,
        pipeline,
        card,
    })
}
