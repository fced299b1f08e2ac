//! Settings from flags and environment variables, with the defaults `make run` relies on.
use app::auth::network::{PublicOrigin, TrustedProxies};
use app::store::{StoreOptions, Synchronous};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where Dealflow keeps its data. Shared by every command.
#[derive(Debug, Clone, Args)]
pub struct StorageConfig {
    /// Directory for the embedded SQLite database (and, later, uploaded files).
    #[arg(long, env = "DEALFLOW_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Use this database instead: sqlite://path/to/file.db or postgres://user@host/db.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// SQLite durability: `full` (an acknowledged write survives power loss) or `normal`.
    #[arg(long, env = "DEALFLOW_SQLITE_SYNCHRONOUS", default_value = "full", value_parser = parse_synchronous, global = true)]
    pub sqlite_synchronous: Synchronous,
}

fn parse_synchronous(raw: &str) -> Result<Synchronous, String> {
    Synchronous::parse(raw)
        .ok_or_else(|| format!("'{raw}' is not a SQLite synchronous mode; use full or normal"))
}

impl StorageConfig {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_string(),
            _ => format!("sqlite://{}", self.data_dir.join("dealflow.db").display()),
        }
    }

    pub fn store_options(&self) -> StoreOptions {
        StoreOptions {
            synchronous: self.sqlite_synchronous,
            ..StoreOptions::new(self.database_url())
        }
    }
}

/// How the web server listens and where its built assets are.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address and port to listen on.
    #[arg(long, env = "DEALFLOW_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Directory with the built site (pkg/ with wasm, js and css), made by cargo-leptos.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// The largest file people may attach to a deal, in megabytes.
    #[arg(long, env = "DEALFLOW_MAX_UPLOAD_MB", default_value_t = 25, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_upload_mb: u64,

    /// The address people open Dealflow at, like https://crm.example.com. When set, a
    /// write is accepted only from its pages: the browser's Origin must name it.
    #[arg(long, env = "DEALFLOW_PUBLIC_URL", value_parser = PublicOrigin::parse)]
    pub public_url: Option<PublicOrigin>,

    /// Proxies whose X-Forwarded-For header names the caller (for sign-in throttling):
    /// addresses or networks separated by commas, like 10.0.0.1 or 10.0.0.0/8.
    #[arg(long, env = "DEALFLOW_TRUSTED_PROXY", value_parser = TrustedProxies::parse)]
    pub trusted_proxy: Option<TrustedProxies>,
}

impl ServeConfig {
    pub fn max_upload_bytes(&self) -> u64 {
        self.max_upload_mb * 1024 * 1024
    }
}
