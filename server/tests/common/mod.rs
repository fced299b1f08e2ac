//! Test harness: a fresh database per test, on SQLite and (with TEST_POSTGRES_URL) on PostgreSQL.
#![allow(dead_code)]
pub mod custom;
pub mod deals;
pub mod engine_checks;
pub mod http;
pub mod import_http;
pub mod imports;
pub mod process;
pub mod workflow_http;
pub mod workflows;
use app::store::{connect, Store, StoreOptions};
use rand::Rng;
use sqlx::{Connection, Executor};
use std::future::Future;
use std::time::Duration;

/// A test that hangs fails with a message instead of stalling the run.
pub const TEST_LIMIT: Duration = Duration::from_secs(30);

pub struct TestDb {
    pub label: &'static str,
    pub store: Store,
    /// Where the database is, for a server process of its own.
    pub url: String,
    postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        let store = connect(&StoreOptions::new(url.clone()))
            .await
            .expect("sqlite opens");
        store.migrate().await.expect("sqlite migrates");
        TestDb {
            label: "sqlite",
            store,
            url,
            postgres: None,
            _dir: Some(dir),
        }
    }

    async fn postgres(admin_url: &str) -> TestDb {
        sqlx::any::install_default_drivers();
        let name = format!("dealflow_test_{}", rand::thread_rng().gen::<u64>());
        let mut admin = sqlx::AnyConnection::connect(admin_url)
            .await
            .expect("TEST_POSTGRES_URL reachable");
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create test database");
        admin.close().await.ok();
        let url = with_database(admin_url, &name);
        let store = connect(&StoreOptions::new(url.clone()))
            .await
            .expect("postgres opens");
        store.migrate().await.expect("postgres migrates");
        TestDb {
            label: "postgres",
            store,
            url,
            postgres: Some((admin_url.to_string(), name)),
            _dir: None,
        }
    }

    async fn drop_database(self) {
        self.store.close().await;
        if let Some((admin_url, name)) = self.postgres {
            if let Ok(mut admin) = sqlx::AnyConnection::connect(&admin_url).await {
                let _ = admin
                    .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await;
            }
        }
    }
}

/// `postgres://u@h:5432/db?x` with its database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// Runs `test` on a fresh SQLite database and, if TEST_POSTGRES_URL is set, a fresh
/// PostgreSQL database, dropping each afterwards even when the test fails.
pub async fn on_each_engine<F, Fut>(test: F)
where
    F: Fn(Store) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    on_each_database(TEST_LIMIT, |store, _| test(store)).await
}

/// Like `on_each_engine`, with the database's URL too (for a server process of its own),
/// and a time limit of its own for tests that are long by design.
pub async fn on_each_database<F, Fut>(limit: Duration, test: F)
where
    F: Fn(Store, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut dbs = vec![TestDb::sqlite().await];
    if let Ok(url) = std::env::var("TEST_POSTGRES_URL") {
        if !url.is_empty() {
            dbs.push(TestDb::postgres(&url).await);
        }
    }
    for db in dbs {
        let label = db.label;
        let outcome =
            tokio::time::timeout(limit, tokio::spawn(test(db.store.clone(), db.url.clone()))).await;
        let dropped = tokio::time::timeout(TEST_LIMIT, db.drop_database()).await;
        match outcome {
            Err(_) => panic!("the test did not finish within {limit:?} on {label}"),
            Ok(Err(err)) => {
                eprintln!("failed on {label}");
                std::panic::resume_unwind(err.into_panic());
            }
            Ok(Ok(())) => {}
        }
        assert!(
            dropped.is_ok(),
            "closing the {label} database did not finish within {TEST_LIMIT:?}"
        );
    }
}

/// Runs `test` on a fresh PostgreSQL database only, or says why it was skipped when
/// TEST_POSTGRES_URL is not set (tests of what only PostgreSQL allows: several servers).
pub async fn on_postgres<F, Fut>(limit: Duration, test: F)
where
    F: FnOnce(Store, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let url = std::env::var("TEST_POSTGRES_URL").unwrap_or_default();
    if url.is_empty() {
        eprintln!("skipped: set TEST_POSTGRES_URL=postgres://user@host/db to run this test");
        return;
    }
    let db = TestDb::postgres(&url).await;
    let outcome =
        tokio::time::timeout(limit, tokio::spawn(test(db.store.clone(), db.url.clone()))).await;
    let dropped = tokio::time::timeout(TEST_LIMIT, db.drop_database()).await;
    match outcome {
        Err(_) => panic!("the test did not finish within {limit:?} on postgres"),
        Ok(Err(err)) => std::panic::resume_unwind(err.into_panic()),
        Ok(Ok(())) => {}
    }
    assert!(
        dropped.is_ok(),
        "closing the postgres database did not finish within {TEST_LIMIT:?}"
    );
}

#[test]
fn database_names_are_swapped_in_urls() {
    assert_eq!(
        with_database("postgres://p@h:5432/test", "x"),
        "postgres://p@h:5432/x"
    );
    assert_eq!(
        with_database("postgres://p@h/test?sslmode=disable", "x"),
        "postgres://p@h/x?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "x"), "postgres://h/x");
}
