//! The companies list and a company's page: create, edit, delete.
use crate::api::AppError;
use crate::domain::board::Named;
use crate::domain::company::{CompanyForm, CompanyRecord};
use crate::domain::currency::Currency;
use crate::domain::list::ListRow;
use crate::domain::records::{RecordPage, RecordQuery};
use crate::domain::timeline::TimelineEntry;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a company's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyProfile {
    pub company: CompanyRecord,
    pub contacts: Vec<Named>,
    /// The deals it is linked to that the viewer may see.
    pub deals: Vec<ListRow>,
    pub timeline: Vec<TimelineEntry>,
    pub currency: Currency,
}

#[server(endpoint = "companies/list")]
pub async fn load_companies(query: RecordQuery) -> Result<RecordPage<CompanyRecord>, AppError> {
    use crate::api::context::{require_user, store, viewer};
    let user = require_user()?;
    Ok(store()?.company_page(&query, viewer(&user)).await?)
}

#[server(endpoint = "companies/profile")]
pub async fn load_company(id: i64) -> Result<CompanyProfile, AppError> {
    use crate::api::context::{currency, require_user, store, viewer};
    use crate::domain::activity::ActivityTarget;
    use crate::domain::company::CompanyId;
    use crate::domain::timeline::newest_first;
    use crate::store::opportunities::list::LinkedTo;
    let user = require_user()?;
    let store = store()?;
    let viewer = viewer(&user);
    let company = store.company(CompanyId(id), viewer).await?;
    Ok(CompanyProfile {
        contacts: store.company_contacts(company.id).await?,
        deals: store
            .linked_deals(LinkedTo::Company(company.id), viewer)
            .await?,
        timeline: newest_first(
            store
                .record_activities(ActivityTarget::Company(id), viewer)
                .await?,
        ),
        currency: currency(&store).await?,
        company,
    })
}

/// Creates a company (`id` empty) or saves one; returns its id.
#[server(endpoint = "companies/save")]
pub async fn save_company(id: Option<i64>, form: CompanyForm) -> Result<i64, AppError> {
    use crate::api::context::{require_user, store};
    use crate::domain::company::CompanyId;
    require_user()?;
    let fields = form.parse().map_err(super::at_field)?;
    Ok(store()?.save_company(id.map(CompanyId), &fields).await?.0)
}

/// Deletes a company; its deals stay, unlinked, and its contacts stay without a company.
#[server(endpoint = "companies/delete")]
pub async fn delete_company(id: i64) -> Result<(), AppError> {
    use crate::api::context::{require_user, store};
    use crate::domain::change::Actor;
    use crate::domain::company::CompanyId;
    let user = require_user()?;
    Ok(store()?
        .delete_company(Actor::User(user.id), CompanyId(id))
        .await?)
}
