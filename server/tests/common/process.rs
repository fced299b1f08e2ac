//! A real `dealflow serve` process on a test database, to kill at any moment (SIGKILL
//! on unix: no shutdown code runs) and start again on the same database and data dir.
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The built `dealflow` binary, pinned for one test: a hard link (or copy) made at the
/// start, so that a build replacing the target dir's binary meanwhile (another checkout
/// sharing the target dir) cannot swap the server out between two starts.
pub struct Binary {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Binary {
    pub fn pin() -> Binary {
        let built = Path::new(env!("CARGO_BIN_EXE_dealflow"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dealflow");
        if std::fs::hard_link(built, &path).is_err() {
            std::fs::copy(built, &path).unwrap();
        }
        Binary { path, _dir: dir }
    }
}

pub struct Dealflow {
    child: Child,
    log: PathBuf,
}

impl Dealflow {
    /// Starts `binary` on `database_url` with `data_dir`, on a free port, writing its
    /// log to `log_name` in the data dir; `rust_log` filters the log. Does not wait.
    pub fn spawn(
        binary: &Binary,
        database_url: &str,
        data_dir: &Path,
        log_name: &str,
        rust_log: &str,
    ) -> Dealflow {
        let log = data_dir.join(log_name);
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(&binary.path)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("DATABASE_URL", database_url)
            .env("DEALFLOW_DATA_DIR", data_dir)
            .env("LEPTOS_SITE_ROOT", data_dir.join("site"))
            .env("LEPTOS_ENV", "PROD")
            .env("RUST_LOG", rust_log)
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap();
        Dealflow { child, log }
    }

    /// Like `spawn`, then waits for "Dealflow is ready" (its engine has started by then).
    pub async fn start(
        binary: &Binary,
        database_url: &str,
        data_dir: &Path,
        log_name: &str,
        rust_log: &str,
    ) -> Dealflow {
        let mut server = Dealflow::spawn(binary, database_url, data_dir, log_name, rust_log);
        let started = Instant::now();
        while !server.log().contains("Dealflow is ready") {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not start in 30 s:\n{}",
                server.log()
            );
            assert!(
                server.child.try_wait().unwrap().is_none(),
                "the server stopped:\n{}",
                server.log()
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        server
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL, then waits for the process to be gone; returns its log.
    pub fn kill(mut self) -> String {
        self.child.kill().ok();
        self.child.wait().ok();
        self.log()
    }
}

impl Drop for Dealflow {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}
