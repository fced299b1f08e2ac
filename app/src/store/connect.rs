//! Opening the database: engine from the URL, SQLite durability settings, readable start-up errors.
use super::{Store, StoreError};
use crate::live::MemoryFeed;
use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{Connection, Executor};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// SQLite's `synchronous` pragma. `Full` (the default) means an acknowledged write
/// survives power loss; `Normal` trades that for speed in WAL mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synchronous {
    Full,
    Normal,
}

impl Synchronous {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.to_ascii_lowercase().as_str() {
            "full" => Some(Synchronous::Full),
            "normal" => Some(Synchronous::Normal),
            _ => None,
        }
    }

    fn pragma(self) -> &'static str {
        match self {
            Synchronous::Full => "PRAGMA synchronous = FULL",
            Synchronous::Normal => "PRAGMA synchronous = NORMAL",
        }
    }
}

#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub url: String,
    pub synchronous: Synchronous,
    pub max_connections: u32,
}

impl StoreOptions {
    pub fn new(url: impl Into<String>) -> Self {
        StoreOptions {
            url: url.into(),
            synchronous: Synchronous::Full,
            max_connections: 16,
        }
    }
}

impl Engine {
    pub fn of_url(url: &str) -> Result<Engine, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }
}

/// Opens (and for SQLite creates) the database named by `options.url`.
pub async fn connect(options: &StoreOptions) -> Result<Store, StoreError> {
    install_default_drivers();
    let engine = Engine::of_url(&options.url)?;
    let mut url = options.url.clone();
    if engine == Engine::Sqlite {
        let path = sqlite_path(&url);
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            ensure_writable(dir)?;
        }
        if !url.contains("mode=") {
            url.push_str(if url.contains('?') {
                "&mode=rwc"
            } else {
                "?mode=rwc"
            });
        }
    }
    // One plain connection first: a pool only reports "timed out", not why.
    let probe = tokio::time::timeout(CONNECT_TIMEOUT, sqlx::AnyConnection::connect(&url))
        .await
        .map_err(|_| StoreError::Unreachable {
            host: host_of(&options.url),
            reason: format!("no answer within {} seconds", CONNECT_TIMEOUT.as_secs()),
        })?
        .map_err(|err| unreachable(&options.url, err))?;
    probe.close().await.ok();
    let synchronous = options.synchronous;
    let pool = AnyPoolOptions::new()
        .max_connections(match engine {
            Engine::Sqlite => options.max_connections.min(8),
            Engine::Postgres => options.max_connections,
        })
        .acquire_timeout(CONNECT_TIMEOUT)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if conn.backend_name() == "SQLite" {
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute(synchronous.pragma()).await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await
        .map_err(|err| unreachable(&options.url, err))?;
    Ok(Store::new(pool, engine, Arc::new(MemoryFeed::default())))
}

fn unreachable(url: &str, err: sqlx::Error) -> StoreError {
    let reason = match &err {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::Database(db) => db.message().to_string(),
        other => other.to_string(),
    };
    StoreError::Unreachable {
        host: host_of(url),
        reason,
    }
}

fn sqlite_path(url: &str) -> &str {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    rest.split('?').next().unwrap_or(rest)
}

fn ensure_writable(dir: &Path) -> Result<(), StoreError> {
    let fail = |reason: std::io::Error| StoreError::DataDirUnwritable {
        path: dir.display().to_string(),
        reason: reason.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(".dealflow-write-check");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// `host:port` (or the SQLite file) of a database URL, without credentials.
pub fn host_of(url: &str) -> String {
    if url.starts_with("sqlite:") {
        return sqlite_path(url).to_string();
    }
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    authority
        .rsplit('@')
        .next()
        .unwrap_or(authority)
        .to_string()
}

fn redact(url: &str) -> String {
    url.split_once("://")
        .map(|(scheme, _)| format!("{scheme}://..."))
        .unwrap_or_else(|| url.chars().take(20).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_named_without_credentials() {
        let cases = [
            (
                "postgres://postgres:secret@db.internal:5433/crm",
                "db.internal:5433",
            ),
            ("postgres://127.0.0.1:5432/test", "127.0.0.1:5432"),
            ("postgresql://u@h/db?sslmode=require", "h"),
            ("sqlite://data/dealflow.db?mode=rwc", "data/dealflow.db"),
            ("sqlite:dealflow.db", "dealflow.db"),
        ];
        for (url, host) in cases {
            assert_eq!(host_of(url), host, "{url}");
        }
    }

    #[test]
    fn engines_come_from_the_url_scheme() {
        assert_eq!(Engine::of_url("sqlite://x.db").unwrap(), Engine::Sqlite);
        assert_eq!(Engine::of_url("postgres://h/db").unwrap(), Engine::Postgres);
        let err = Engine::of_url("mysql://root:pw@h/db")
            .unwrap_err()
            .to_string();
        assert!(err.contains("mysql://...") && !err.contains("pw"), "{err}");
    }
}
