//! Start-up failures are sentences that name what to fix.
use app::store::{connect, StoreOptions};
use server::config::{ServeConfig, StorageConfig};

#[tokio::test]
async fn an_unwritable_data_directory_is_named() {
    let err = connect(&StoreOptions::new(
        "sqlite:///proc/dealflow-test/dealflow.db",
    ))
    .await
    .err()
    .expect("/proc is not writable")
    .to_string();
    assert!(
        err.starts_with("Cannot write to the data directory /proc/dealflow-test:"),
        "{err}"
    );
    assert!(err.contains("--data-dir"), "{err}");
}

#[tokio::test]
async fn an_unreachable_database_is_named_with_the_reason() {
    // Port 9 (discard) has no PostgreSQL server listening on loopback.
    let err = connect(&StoreOptions::new(
        "postgres://dealflow:secret@127.0.0.1:9/crm",
    ))
    .await
    .err()
    .expect("nothing listens on port 9")
    .to_string();
    assert!(
        err.starts_with("Cannot reach the database at 127.0.0.1:9: "),
        "{err}"
    );
    assert!(
        err.to_lowercase().contains("refused"),
        "the OS reason is given: {err}"
    );
    assert!(!err.contains("secret"), "no password in messages: {err}");
}

#[tokio::test]
async fn a_port_in_use_is_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let storage = StorageConfig {
        data_dir: dir.path().to_path_buf(),
        database_url: None,
        sqlite_synchronous: app::store::Synchronous::Full,
    };
    let serve = ServeConfig {
        addr,
        site_root: "target/site".into(),
        max_upload_mb: 25,
        public_url: None,
        trusted_proxy: None,
    };
    let err = server::serve::serve(storage, serve).await.unwrap_err();
    assert!(
        err.starts_with(&format!(
            "Port {} on 127.0.0.1 is already in use.",
            addr.port()
        )),
        "{err}"
    );
}

#[tokio::test]
async fn uploads_cut_off_by_a_killed_server_are_removed_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let imports = dir.path().join("imports");
    std::fs::create_dir_all(&imports).unwrap();
    let stale = imports.join("upload-1700000000000-42.part");
    let kept = imports.join("import-7.csv");
    std::fs::write(&stale, b"Name\nhalf a row").unwrap();
    std::fs::write(&kept, b"Name\nGlobex\n").unwrap();
    let storage = StorageConfig {
        data_dir: dir.path().to_path_buf(),
        database_url: None,
        sqlite_synchronous: app::store::Synchronous::Full,
    };
    let serve = ServeConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        site_root: "target/site".into(),
        max_upload_mb: 25,
        public_url: None,
        trusted_proxy: None,
    };
    let server = tokio::spawn(server::serve::serve(storage, serve));
    for _ in 0..200 {
        if !stale.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    server.abort();
    assert!(!stale.exists(), "the half-received upload is gone");
    assert!(kept.exists(), "a finished import's file stays");
}
