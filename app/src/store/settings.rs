//! The workspace's opportunity settings (lost reasons, duplicates, owner sync, how long
//! import files are kept), and its time zone and workflow limits.
use super::{Store, StoreError};
use crate::domain::import::file::{DEFAULT_KEEP_DAYS, MAX_KEEP_DAYS};
use crate::domain::settings::{
    DealSettings, WorkflowSettings, DEPTH_LIMITS, HOURLY_ENTRIES, LOG_DAYS,
};
use std::ops::RangeInclusive;

impl Store {
    pub async fn deal_settings(&self) -> Result<DealSettings, StoreError> {
        let (allow, sync, file_days): (i64, i64, i64) = sqlx::query_as(
            "SELECT allow_multiple_opportunities_per_contact, sync_contact_owner, import_file_days FROM workspace WHERE id = 1",
        )
        .fetch_optional(self.pool())
        .await?
        .unwrap_or((0, 0, i64::from(DEFAULT_KEEP_DAYS)));
        Ok(DealSettings {
            lost_reasons: self.lost_reasons().await?,
            allow_multiple_opportunities_per_contact: allow != 0,
            sync_contact_owner: sync != 0,
            import_file_days: file_days.clamp(1, i64::from(MAX_KEEP_DAYS)) as u32,
        })
    }

    /// The reasons offered when a deal is lost, in their order.
    pub async fn lost_reasons(&self) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT name FROM lost_reasons ORDER BY position, id")
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(|(name,)| name).collect())
    }

    /// Saves every setting at once (the reasons replace the old list).
    pub async fn save_deal_settings(&self, settings: &DealSettings) -> Result<(), StoreError> {
        let mut tx = self.write_transaction().await?;
        sqlx::query(
            "UPDATE workspace SET allow_multiple_opportunities_per_contact = $1, sync_contact_owner = $2, import_file_days = $3 WHERE id = 1",
        )
        .bind(i64::from(settings.allow_multiple_opportunities_per_contact))
        .bind(i64::from(settings.sync_contact_owner))
        .bind(i64::from(settings.import_file_days))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM lost_reasons")
            .execute(&mut *tx)
            .await?;
        for (position, name) in settings.lost_reasons.iter().enumerate() {
            sqlx::query("INSERT INTO lost_reasons (name, position) VALUES ($1, $2)")
                .bind(name.as_str())
                .bind(position as i64 + 1)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The time zone and limits the workflow engine runs by (defaults before a workspace
    /// exists).
    pub async fn workflow_settings(&self) -> Result<WorkflowSettings, StoreError> {
        let row: Option<(String, i64, i64, i64)> = sqlx::query_as(
            "SELECT time_zone, workflow_depth_limit, workflow_hourly_entries, workflow_log_days FROM workspace WHERE id = 1",
        )
        .fetch_optional(self.pool())
        .await?;
        let Some((time_zone, depth, hourly, days)) = row else {
            return Ok(WorkflowSettings::default());
        };
        Ok(WorkflowSettings {
            time_zone,
            depth_limit: within(depth, DEPTH_LIMITS),
            hourly_entries: within(hourly, HOURLY_ENTRIES),
            log_days: within(days, LOG_DAYS),
        })
    }

    /// Saves the time zone and workflow limits together (checked by the caller).
    pub async fn save_workflow_settings(
        &self,
        settings: &WorkflowSettings,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_transaction().await?;
        sqlx::query(
            "UPDATE workspace SET time_zone = $1, workflow_depth_limit = $2, workflow_hourly_entries = $3, workflow_log_days = $4 WHERE id = 1",
        )
        .bind(settings.time_zone.as_str())
        .bind(i64::from(settings.depth_limit))
        .bind(i64::from(settings.hourly_entries))
        .bind(i64::from(settings.log_days))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A stored limit, kept inside the range the settings screen allows.
fn within(stored: i64, range: RangeInclusive<u32>) -> u32 {
    stored.clamp(i64::from(*range.start()), i64::from(*range.end())) as u32
}
