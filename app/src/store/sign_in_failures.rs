//! The `sign_in_failures` table: failed password checks, counted to slow down guessing.
//!
//! An attempt is written here *before* its password is checked (a reservation), in one
//! statement that also counts the failures already there, so parallel attempts cannot all
//! pass the count; a right password then clears the account's rows.
use super::{Engine, Store, StoreError};

/// Recent failures for one account and for one network address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCounts {
    pub for_email: i64,
    pub for_address: i64,
    /// When the oldest counted failure of the account happened.
    pub oldest_for_email: Option<i64>,
    /// When the oldest counted failure from the address happened.
    pub oldest_for_address: Option<i64>,
}

/// How many failures since `since` stop further attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureLimits {
    pub since: i64,
    /// An account with this many failures is refused, from anywhere.
    pub per_account: i64,
    /// An address with this many failures is refused for accounts that have failures of
    /// their own, so one person's typos elsewhere on a shared address do not lock out
    /// someone who types their password right.
    pub per_address: i64,
}

/// Namespace of the PostgreSQL advisory locks taken per account (any constant of ours).
const ACCOUNT_LOCK: i32 = 0x5349_474e;

/// Counts the attempt unless a limit is reached; the sub-selects read the table as this
/// very statement writes it.
const RESERVE: &str = "INSERT INTO sign_in_failures (email, address, failed_at) \
     SELECT $1, $2, $3 \
     WHERE (SELECT COUNT(*) FROM sign_in_failures WHERE email = $1 AND failed_at > $4) < $5 \
       AND ((SELECT COUNT(*) FROM sign_in_failures WHERE address = $2 AND failed_at > $4) < $6 \
            OR NOT EXISTS (SELECT 1 FROM sign_in_failures WHERE email = $1 AND failed_at > $4)) \
     RETURNING id";

impl Store {
    /// Counts an attempt on `email` from `address` as a failure before its password is
    /// checked. `false` when a limit is reached: the password must not be checked then.
    pub async fn reserve_sign_in_attempt(
        &self,
        email: &str,
        address: &str,
        at: i64,
        limits: FailureLimits,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_transaction().await?;
        // SQLite runs one writing statement at a time, its sub-selects included. On
        // PostgreSQL two such statements could count the same rows; the account's lock
        // makes the second wait for the first to commit, then count its row. (Addresses
        // are not locked: their count may overshoot by the attempts in flight.)
        if self.engine() == Engine::Postgres {
            sqlx::query(
                "SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock($1, hashtext($2))) AS locked",
            )
            .bind(ACCOUNT_LOCK)
            .bind(email)
            .execute(&mut *tx)
            .await?;
        }
        let reserved: Option<(i64,)> = sqlx::query_as(RESERVE)
            .bind(email)
            .bind(address)
            .bind(at)
            .bind(limits.since)
            .bind(limits.per_account)
            .bind(limits.per_address)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(reserved.is_some())
    }

    pub async fn sign_in_failures_since(
        &self,
        email: &str,
        address: &str,
        since: i64,
    ) -> Result<FailureCounts, StoreError> {
        let (for_email, oldest_for_email): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE email = $1 AND failed_at > $2",
        )
        .bind(email)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        let (for_address, oldest_for_address): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE address = $1 AND failed_at > $2",
        )
        .bind(address)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        Ok(FailureCounts {
            for_email,
            for_address,
            oldest_for_email,
            oldest_for_address,
        })
    }

    /// Forgets an account's failures (its reservation too) once its password was right.
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
