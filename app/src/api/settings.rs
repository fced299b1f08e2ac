//! Workspace settings: admins change them; everyone reads the lost reasons.
use crate::api::AppError;
use crate::domain::settings::{DealSettings, WorkflowSettings};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the settings screen shows, read at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsScreen {
    pub deals: DealSettings,
    pub workflows: WorkflowSettings,
    /// The IANA zones the `Time zone` select offers, sorted by name.
    pub time_zones: Vec<String>,
}

/// The settings screen's data in one call (why one: see `DealSettingsScreen`).
#[server(endpoint = "settings/screen")]
pub async fn load_settings_screen() -> Result<SettingsScreen, AppError> {
    use crate::api::context::{require_admin, store};
    require_admin()?;
    let store = store()?;
    Ok(SettingsScreen {
        deals: store.deal_settings().await?,
        workflows: store.workflow_settings().await?,
        time_zones: crate::domain::settings::time_zones(),
    })
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

/// Saves the time zone and workflow limits as typed; every problem is tied to its
/// field and nothing is saved while one remains.
#[server(endpoint = "settings/workflows/save")]
pub async fn save_workflow_settings(
    time_zone: String,
    depth_limit: String,
    hourly_entries: String,
    log_days: String,
) -> Result<WorkflowSettings, AppError> {
    use crate::api::context::{require_admin, store};
    use crate::domain::settings::parse_workflow_settings;
    require_admin()?;
    let settings = parse_workflow_settings(&time_zone, &depth_limit, &hourly_entries, &log_days)
        .map_err(AppError::InvalidFields)?;
    let store = store()?;
    store.save_workflow_settings(&settings).await?;
    Ok(store.workflow_settings().await?)
}
