//! Every page arrives whole, load after load, from a real server process with the demo
//! workspace, on both engines: no part left for the browser to fill in
//! (`__INCOMPLETE_CHUNKS`), and no panic in the server's log.
mod common;

use common::on_each_database;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const LOADS: usize = 50;
/// Requests sent at once: a few people opening pages together.
const AT_ONCE: usize = 3;

/// A `dealflow serve` of its own on a free port; ended when dropped.
struct Server {
    child: Child,
    addr: String,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(database_url: &str) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("server.log");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_dealflow"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env("DATABASE_URL", database_url)
            .env("DEALFLOW_DATA_DIR", dir.path())
            .env("LEPTOS_SITE_ROOT", dir.path().join("site"))
            .env("LEPTOS_ENV", "PROD")
            .env("RUST_LOG", "warn")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            addr: String::new(),
            log,
            _dir: dir,
        };
        let started = Instant::now();
        while server.addr.is_empty() {
            let log = server.log();
            if let Some(at) = log.split("ready at http://").nth(1) {
                server.addr = at.split_whitespace().next().unwrap().to_string();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not start in 30 s:\n{log}"
            );
            assert!(
                server.child.try_wait().unwrap().is_none(),
                "the server stopped:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends one HTTP/1.0 request (so the answer ends when the connection closes):
    /// the status line, headers and body as text.
    fn request(&self, method: &str, path: &str, cookie: &str, form: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let addr = &self.addr;
        let request = format!(
            "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nAccept: text/html\r\n\
             Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len()
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The session cookie of Dana, admin of a new workspace filled with demo data.
fn demo_workspace(server: &Server) -> String {
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("business_name", "Acme"),
            ("currency", "EUR"),
            ("name", "Dana Scully"),
            ("email", "dana@acme.test"),
            ("password", "correct horse battery"),
            ("demo", "on"),
        ])
        .finish();
    let answer = server.request("POST", "/api/account/create_workspace", "", &form);
    let cookie = answer
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie: "))
        .map(|l| &l["set-cookie: ".len()..])
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("a session cookie is set:\n{answer}"));
    cookie.to_string()
}

/// The first link in `html` to a record under `prefix` (`/contacts/`): its path.
fn first_link(html: &str, prefix: &str) -> String {
    html.split(&format!("href=\"{prefix}"))
        .skip(1)
        .find_map(|rest| {
            let id: String = rest.chars().take_while(char::is_ascii_digit).collect();
            (!id.is_empty()).then(|| format!("{prefix}{id}"))
        })
        .unwrap_or_else(|| panic!("a link to {prefix}… is on the page"))
}

/// What is wrong with a page's answer, if anything.
fn fault(answer: &str) -> Option<String> {
    let status = answer.lines().next().unwrap_or_default();
    if !status.contains(" 200 ") {
        return Some(format!("answered {status}"));
    }
    if !answer.contains("</html>") {
        return Some("was cut short".into());
    }
    let incomplete = answer
        .split("__INCOMPLETE_CHUNKS=[")
        .nth(1)
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    incomplete
        .then(|| "left part of the page for the browser to render (__INCOMPLETE_CHUNKS)".into())
}

fn check_every_page(database_url: &str, second_pipeline: impl FnOnce() -> i64) {
    let server = Server::start(database_url);
    let cookie = demo_workspace(&server);
    let page = |path: &str| server.request("GET", path, &cookie, "");
    let list = page("/opportunities?view=list");
    let contacts = page("/contacts");
    let companies = page("/companies");
    let pages = [
        "/".to_string(),
        "/opportunities".into(),
        format!("/opportunities?pipeline={}", second_pipeline()),
        "/opportunities?view=list".into(),
        first_link(&list, "/opportunities/"),
        "/contacts".into(),
        first_link(&contacts, "/contacts/"),
        "/companies".into(),
        first_link(&companies, "/companies/"),
        "/settings/pipelines".into(),
        "/settings/opportunities".into(),
        "/settings/fields".into(),
        "/users".into(),
        "/opportunities/import".into(),
        "/account".into(),
    ];
    let mut faults = Vec::new();
    for path in &pages {
        let mut done = 0;
        while done < LOADS {
            let batch = AT_ONCE.min(LOADS - done);
            let answers: Vec<String> = std::thread::scope(|s| {
                let loads: Vec<_> = (0..batch).map(|_| s.spawn(|| page(path))).collect();
                loads.into_iter().map(|l| l.join().unwrap()).collect()
            });
            faults.extend(
                answers
                    .iter()
                    .filter_map(|a| fault(a))
                    .map(|f| format!("{path} {f}")),
            );
            done += batch;
        }
    }
    let log = server.log();
    // A panic's first line says where; the next one what.
    let lines: Vec<&str> = log.lines().collect();
    let panics: Vec<String> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("panicked"))
        .map(|(i, l)| format!("{l} {}", lines.get(i + 1).unwrap_or(&"")))
        .collect();
    assert!(
        faults.is_empty() && panics.is_empty(),
        "{} of {} loads failed: {:#?}\npanics in the server's log: {:#?}",
        faults.len(),
        pages.len() * LOADS,
        faults.iter().take(20).collect::<Vec<_>>(),
        panics.iter().take(20).collect::<Vec<_>>(),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_arrives_whole_without_a_panic() {
    on_each_database(Duration::from_secs(600), |store, url| async move {
        let runtime = tokio::runtime::Handle::current();
        let second_pipeline = move || {
            let pipelines = runtime.block_on(store.pipelines()).unwrap();
            pipelines
                .get(1)
                .expect("the demo has a second pipeline")
                .id
                .0
        };
        tokio::task::spawn_blocking(move || check_every_page(&url, second_pipeline))
            .await
            .unwrap();
    })
    .await;
}
