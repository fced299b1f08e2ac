//! The `sessions` table: signed-in browsers, stored by the hash of their cookie token.
use super::users::{UserRow, USER_COLUMNS};
use super::{Store, StoreError};
use crate::domain::account::{User, UserId};

impl Store {
    pub async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        created_at: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user.0)
            .bind(created_at)
            .bind(expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The active user behind a live session, if any.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<User>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM sessions JOIN users ON users.id = sessions.user_id \
             WHERE sessions.token_hash = $1 AND sessions.expires_at > $2 AND users.active = 1"
        );
        let row: Option<UserRow> = sqlx::query_as(&sql)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
        row.map(UserRow::into_user).transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        self.feed().access_changed();
        Ok(())
    }

    /// Ends every session of a user except, optionally, the one in use.
    pub async fn delete_sessions_of(
        &self,
        user: UserId,
        keep: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user.0)
            .bind(keep.unwrap_or(""))
            .execute(self.pool())
            .await?;
        self.feed().access_changed();
        Ok(())
    }

    pub async fn delete_expired_sessions(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self.pool())
            .await?;
        if done.rows_affected() > 0 {
            self.feed().access_changed();
        }
        Ok(done.rows_affected())
    }
}
