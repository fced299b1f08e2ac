//! Storage: one sqlx `Any` pool over SQLite or PostgreSQL, and the queries of each table family.
//!
//! Queries are written once in SQL both engines accept (`$1` placeholders, 0/1 flags,
//! `RETURNING`), so every feature runs unchanged on either database.
pub mod activities;
pub mod companies;
pub mod connect;
pub mod contact_tags;
pub mod contacts;
pub mod custom_fields;
pub mod files;
pub mod imports;
pub mod meetings;
pub mod opportunities;
pub mod password_resets;
pub mod pipelines;
pub mod sessions;
pub mod settings;
pub mod sign_in_failures;
pub mod users;
pub mod workflows;
pub mod workspace;
pub mod writing;

use crate::domain::paging::{offset, page_shown};
use crate::domain::records::{RecordPage, RecordQuery, RECORDS_PER_PAGE};
use crate::live::ChangeFeed;
use sqlx::AnyPool;
use std::sync::Arc;
use thiserror::Error;

pub use connect::{connect, Engine, StoreOptions, Synchronous};

/// The database, shared by every request.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    feed: Arc<dyn ChangeFeed>,
    /// A fixed "now" for changes made through this handle (see `as_of`).
    clock: Option<i64>,
    /// Whose turn it is to write: people's transactions go before background jobs.
    turns: Arc<writing::Turns>,
    /// Rung after a commit that may have given the workflow engine work, so it starts
    /// at once rather than at its next poll (other servers find the work by polling).
    workflow_work: Arc<tokio::sync::Notify>,
}

impl Store {
    pub(crate) fn new(pool: AnyPool, engine: Engine, feed: Arc<dyn ChangeFeed>) -> Store {
        Store {
            pool,
            engine,
            feed,
            clock: None,
            turns: Arc::default(),
            workflow_work: Arc::default(),
        }
    }

    /// Tells this process's workflow engine that work may be waiting.
    pub fn wake_workflows(&self) {
        self.workflow_work.notify_one();
    }

    /// Resolves at the next `wake_workflows` (or at once if one came meanwhile).
    pub async fn workflow_work(&self) {
        self.workflow_work.notified().await;
    }

    /// This store, recording changes as made at `at_ms`: demo data gets a believable
    /// history this way, through the same service as every other change.
    pub fn as_of(&self, at_ms: i64) -> Store {
        Store {
            clock: Some(at_ms),
            ..self.clone()
        }
    }

    /// The time changes are recorded at: now, or the fixed time of `as_of`.
    pub fn now(&self) -> i64 {
        self.clock.unwrap_or_else(now_ms)
    }

    /// Where committed deal and pipeline changes are announced to open boards.
    pub fn feed(&self) -> &dyn ChangeFeed {
        self.feed.as_ref()
    }

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
    #[error("That {0} no longer exists. Reload the page to see the current state.")]
    NotFound(&'static str),
    /// A stale change: someone else changed the deal since it was read.
    #[error("{0}")]
    Conflict(String),
    /// Understood but not allowed, with the reason.
    #[error("{0}")]
    Refused(String),
    /// Input that breaks a rule checked against stored data, for the named field.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// A workflow that cannot be published or imported as it is: each thing to fix.
    #[error("{}", .0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(" "))]
    Problems(Vec<crate::domain::workflow::validate::Problem>),
    #[error("The database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("Database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// A stored value that cannot be read back (a bug or a hand-edited database).
    pub(crate) fn corrupt(what: &str) -> StoreError {
        StoreError::Database(sqlx::Error::Decode(format!("unreadable {what}").into()))
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            field,
            message: message.into(),
        }
    }
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

/// A foreign-key violation (the linked record was deleted meanwhile) becomes an error on
/// `field`; any other error passes through.
pub(crate) fn foreign_key_or(err: sqlx::Error, field: &'static str, message: &str) -> StoreError {
    if err
        .as_database_error()
        .is_some_and(|db| db.is_foreign_key_violation())
    {
        StoreError::invalid(field, message)
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

/// A record list's SQL (contacts, companies): the rows are `{select} WHERE {filter}`,
/// counted over `FROM {from} WHERE {filter}`; `filter` reads the search pattern as `$1`.
pub(crate) struct RecordSql<'a> {
    pub select: &'a str,
    pub from: &'a str,
    pub filter: &'a str,
    /// A further condition of the list's own (a contact's tag) and the value it binds as `$2`.
    pub also: Option<(&'a str, String)>,
    pub order_by: String,
}

impl Store {
    /// One page of the records matching `query`'s search (any case, anywhere in the
    /// searched fields), in `sql.order_by`, and how many match in all; a page past the end
    /// is the last page.
    pub(crate) async fn record_page<Row, T>(
        &self,
        sql: RecordSql<'_>,
        query: &RecordQuery,
        into: impl Fn(Row) -> T,
    ) -> Result<RecordPage<T>, StoreError>
    where
        Row: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
    {
        let pattern = search_pattern(&query.search, true)?;
        let (filter, also) = match sql.also {
            Some((condition, value)) => (format!("{} AND {condition}", sql.filter), Some(value)),
            None => (sql.filter.to_string(), None),
        };
        let count_sql = format!("SELECT COUNT(*) FROM {} WHERE {filter}", sql.from);
        let mut count = sqlx::query_as(&count_sql).bind(&pattern);
        if let Some(value) = &also {
            count = count.bind(value);
        }
        let (total,): (i64,) = count.fetch_one(self.pool()).await?;
        let page = page_shown(query.page, total, RECORDS_PER_PAGE);
        let page_sql = format!(
            "{} WHERE {filter} ORDER BY {} LIMIT {RECORDS_PER_PAGE} OFFSET {}",
            sql.select,
            sql.order_by,
            offset(page, RECORDS_PER_PAGE)
        );
        let mut rows = sqlx::query_as(&page_sql).bind(&pattern);
        if let Some(value) = &also {
            rows = rows.bind(value);
        }
        let rows: Vec<Row> = rows.fetch_all(self.pool()).await?;
        Ok(RecordPage {
            rows: rows.into_iter().map(into).collect(),
            total,
            page,
        })
    }
}

/// The LIKE pattern (with `ESCAPE '\'`) of a search people typed: `%text%` when it may
/// match `anywhere`, else `text%`. What `search_text` refuses never reaches the engine:
/// PostgreSQL cannot take a NUL, SQLite gives up on long patterns.
pub(crate) fn search_pattern(raw: &str, anywhere: bool) -> Result<String, StoreError> {
    let text = crate::domain::text::search_text(raw).map_err(|m| StoreError::invalid("q", m))?;
    let escaped = like_escape(&text.to_lowercase());
    Ok(if anywhere {
        format!("%{escaped}%")
    } else {
        format!("{escaped}%")
    })
}

/// `text` with LIKE's wildcards escaped (use with `ESCAPE '\'`).
pub(crate) fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
