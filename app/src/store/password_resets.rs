//! The `password_resets` table: an account given a new temporary password, its sessions
//! and failed sign-ins cleared, and the reset recorded, all in one transaction.
use super::{Store, StoreError};
use crate::domain::account::{PasswordReset, User, UserId};
use std::collections::HashMap;

impl Store {
    /// Gives `id` a new temporary password (already hashed) that they must change at
    /// their next sign-in, ends every session of theirs, forgets their failed sign-ins
    /// (so a paused account can sign in at once), and records who reset it (`by`: `None`
    /// for an operator on the command line).
    pub async fn reset_password(
        &self,
        id: UserId,
        password_hash: &str,
        by: Option<UserId>,
    ) -> Result<User, StoreError> {
        let now = self.now();
        let mut tx = self.write_transaction().await?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = 1 WHERE id = $2",
        )
        .bind(password_hash)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UserNotFound);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM sign_in_failures WHERE email = (SELECT email FROM users WHERE id = $1)",
        )
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO password_resets (user_id, reset_by, reset_at) VALUES ($1, $2, $3)",
        )
        .bind(id.0)
        .bind(by.map(|b| b.0))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.feed().access_changed();
        self.user(id).await
    }

    /// Each user's latest password reset.
    pub async fn last_password_resets(&self) -> Result<HashMap<UserId, PasswordReset>, StoreError> {
        let rows: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
            "SELECT r.user_id, r.reset_at, u.name FROM password_resets r \
             LEFT JOIN users u ON u.id = r.reset_by \
             WHERE r.id IN (SELECT MAX(id) FROM password_resets GROUP BY user_id)",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(user, at, by)| (UserId(user), PasswordReset { by, at }))
            .collect())
    }
}
