//! Storage: one sqlx `Any` pool over SQLite or PostgreSQL, and the queries of each table family.
//!
//! Queries are written once in SQL both engines accept (`$1` placeholders, 0/1 flags,
//! `RETURNING`), so every feature runs unchanged on either database.
pub mod connect;
pub mod sessions;
pub mod sign_in_failures;
pub mod users;
pub mod workspace;

use sqlx::AnyPool;
use thiserror::Error;

pub use connect::{connect, Engine, StoreOptions, Synchronous};

/// The database, shared by every request.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
}

impl Store {
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Applies every pending migration for this engine.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = match self.engine {
            Engine::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Engine::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Why storage refused or failed, in words an operator or user can act on.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("Cannot write to the data directory {path}: {reason}. Choose another with --data-dir or fix its permissions.")]
    DataDirUnwritable { path: String, reason: String },
    #[error("Cannot reach the database at {host}: {reason}. Check DATABASE_URL and that the database server is running.")]
    Unreachable { host: String, reason: String },
    #[error("DATABASE_URL must start with sqlite:// or postgres://, not '{0}'.")]
    UnsupportedUrl(String),
    #[error("That email address is already used by another user.")]
    EmailTaken,
    #[error("This database already has a workspace.")]
    WorkspaceExists,
    #[error("No such user.")]
    UserNotFound,
    #[error("The database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("Database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// A unique-constraint violation becomes `conflict`; any other error passes through.
pub(crate) fn unique_or(err: sqlx::Error, conflict: StoreError) -> StoreError {
    if err
        .as_database_error()
        .is_some_and(|db| db.is_unique_violation())
    {
        conflict
    } else {
        err.into()
    }
}

/// Milliseconds since the Unix epoch: how every timestamp is stored.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
