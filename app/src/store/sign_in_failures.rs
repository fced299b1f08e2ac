//! The `sign_in_failures` table: failed sign-ins, counted to slow down password guessing.
use super::{Store, StoreError};

/// Recent failures for one account and for one network address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCounts {
    pub for_email: i64,
    pub for_address: i64,
    /// When the oldest counted failure happened, to say how long to wait.
    pub oldest: Option<i64>,
}

impl Store {
    pub async fn record_sign_in_failure(
        &self,
        email: &str,
        address: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sign_in_failures (email, address, failed_at) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(address)
            .bind(at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn sign_in_failures_since(
        &self,
        email: &str,
        address: &str,
        since: i64,
    ) -> Result<FailureCounts, StoreError> {
        let (for_email, oldest_email): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE email = $1 AND failed_at > $2",
        )
        .bind(email)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        let (for_address, oldest_address): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE address = $1 AND failed_at > $2",
        )
        .bind(address)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        Ok(FailureCounts {
            for_email,
            for_address,
            oldest: oldest_email.into_iter().chain(oldest_address).min(),
        })
    }

    /// Forgets an account's failures after it signs in correctly.
    pub async fn clear_sign_in_failures(&self, email: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
            .bind(email)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_sign_in_failures_before(&self, before: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
