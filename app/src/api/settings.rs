//! Opportunity settings: admins change them; everyone reads the lost reasons.
use crate::api::AppError;
use crate::domain::settings::DealSettings;
use leptos::prelude::*;

#[server(endpoint = "settings/opportunities")]
pub async fn load_deal_settings() -> Result<DealSettings, AppError> {
    use crate::api::context::{require_admin, store};
    require_admin()?;
    Ok(store()?.deal_settings().await?)
}

/// Saves the settings; `lost_reasons` holds one reason per line, `import_file_days` the
/// days typed (left as it was when not sent).
#[server(endpoint = "settings/opportunities/save")]
pub async fn save_deal_settings(
    lost_reasons: String,
    #[server(default)] allow_multiple: bool,
    #[server(default)] sync_owner: bool,
    #[server(default)] import_file_days: Option<String>,
) -> Result<DealSettings, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::import::file::parse_keep_days;
    use crate::domain::settings::parse_lost_reasons;
    require_admin()?;
    let store = store()?;
    let import_file_days = match import_file_days {
        Some(days) => {
            parse_keep_days(&days).map_err(|m| AppError::invalid("import_file_days", m))?
        }
        None => store.deal_settings().await?.import_file_days,
    };
    let settings = DealSettings {
        lost_reasons: parse_lost_reasons(&lost_reasons)
            .map_err(|m| AppError::invalid("lost_reasons", m))?,
        allow_multiple_opportunities_per_contact: allow_multiple,
        sync_contact_owner: sync_owner,
        import_file_days,
    };
    store.save_deal_settings(&settings).await?;
    Ok(store.deal_settings().await?)
}

/// The reasons offered when a deal is lost, for everyone who closes deals.
#[server(endpoint = "settings/lost_reasons")]
pub async fn load_lost_reasons() -> Result<Vec<String>, AppError> {
    use crate::api::context::{require_user, store};
    require_user()?;
    Ok(store()?.lost_reasons().await?)
}
