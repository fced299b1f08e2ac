//! The `users` table: accounts, roles, passwords and activation.
use super::{now_ms, unique_or, Store, StoreError};
use crate::domain::account::{DisplayName, EmailAddress, Role, User, UserId};
use sqlx::FromRow;

/// A user as stored, before its role string is checked.
#[derive(FromRow)]
pub(super) struct UserRow {
    id: i64,
    name: String,
    email: String,
    role: String,
    only_assigned_data: i64,
    active: i64,
    must_change_password: i64,
}

pub(super) const USER_COLUMNS: &str =
    "users.id, users.name, users.email, users.role, users.only_assigned_data, users.active, users.must_change_password";

impl UserRow {
    pub(super) fn into_user(self) -> Result<User, StoreError> {
        let role = Role::from_key(&self.role)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(e.to_string().into())))?;
        Ok(User {
            id: UserId(self.id),
            name: self.name,
            email: self.email,
            role,
            only_assigned_data: self.only_assigned_data != 0,
            active: self.active != 0,
            must_change_password: self.must_change_password != 0,
        })
    }
}

/// What is needed to create a user; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: DisplayName,
    pub email: EmailAddress,
    pub password_hash: String,
    pub role: Role,
    pub only_assigned_data: bool,
    pub must_change_password: bool,
}

pub(super) async fn insert<'e, E>(executor: E, user: &NewUser) -> Result<User, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!(
        "INSERT INTO users (name, email, password_hash, role, only_assigned_data, active, must_change_password, created_at) \
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7) RETURNING {USER_COLUMNS}"
    );
    let row: UserRow = sqlx::query_as(&sql)
        .bind(user.name.as_str())
        .bind(user.email.as_str())
        .bind(&user.password_hash)
        .bind(user.role.key())
        .bind(i64::from(user.only_assigned_data))
        .bind(i64::from(user.must_change_password))
        .bind(now_ms())
        .fetch_one(executor)
        .await
        .map_err(|err| unique_or(err, StoreError::EmailTaken))?;
    row.into_user()
}

impl Store {
    pub async fn create_user(&self, user: &NewUser) -> Result<User, StoreError> {
        insert(self.pool(), user).await
    }

    pub async fn user(&self, id: UserId) -> Result<User, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row: Option<UserRow> = sqlx::query_as(&sql)
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::UserNotFound)?.into_user()
    }

    /// The user with this email and their password hash, active or not.
    pub async fn user_with_password(
        &self,
        email: &EmailAddress,
    ) -> Result<Option<(User, String)>, StoreError> {
        #[derive(FromRow)]
        struct WithHash {
            #[sqlx(flatten)]
            user: UserRow,
            password_hash: String,
        }
        let sql = format!("SELECT {USER_COLUMNS}, users.password_hash FROM users WHERE email = $1");
        let row: Option<WithHash> = sqlx::query_as(&sql)
            .bind(email.as_str())
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| Ok((r.user.into_user()?, r.password_hash)))
            .transpose()
    }

    /// Every user, active first, then by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY active DESC, lower(name), id");
        let rows: Vec<UserRow> = sqlx::query_as(&sql).fetch_all(self.pool()).await?;
        rows.into_iter().map(UserRow::into_user).collect()
    }

    /// Active users by name: the people a deal can be assigned to.
    pub async fn active_people(&self) -> Result<Vec<crate::domain::board::Named>, StoreError> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM users WHERE active = 1 ORDER BY lower(name), id")
                .fetch_all(self.pool())
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| crate::domain::board::Named { id, name })
            .collect())
    }

    pub async fn set_user_access(
        &self,
        id: UserId,
        role: Role,
        only_assigned_data: bool,
    ) -> Result<User, StoreError> {
        let result =
            sqlx::query("UPDATE users SET role = $1, only_assigned_data = $2 WHERE id = $3")
                .bind(role.key())
                .bind(i64::from(only_assigned_data))
                .bind(id.0)
                .execute(self.pool())
                .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::UserNotFound);
        }
        self.feed().access_changed();
        self.user(id).await
    }

    /// Activates or deactivates a user; deactivation ends all their sessions at once.
    pub async fn set_user_active(&self, id: UserId, active: bool) -> Result<User, StoreError> {
        let mut tx = self.write_transaction().await?;
        let result = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
            .bind(i64::from(active))
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::UserNotFound);
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.feed().access_changed();
        self.user(id).await
    }

    pub async fn set_password(
        &self,
        id: UserId,
        password_hash: &str,
        must_change_password: bool,
    ) -> Result<(), StoreError> {
        let result = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(i64::from(must_change_password))
        .bind(id.0)
        .execute(self.pool())
        .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::UserNotFound);
        }
        Ok(())
    }
}
