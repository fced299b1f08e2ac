//! Calling the real router in-process, as a browser would: forms, cookies, redirects.
use app::state::AppState;
use app::store::Store;
use axum::body::{to_bytes, Body};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookie: Option<String>,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    /// The `name=value` part of the cookie just set, to send back.
    pub fn cookie(&self) -> String {
        self.set_cookie
            .as_deref()
            .and_then(|c| c.split(';').next())
            .unwrap_or_default()
            .to_string()
    }
}

static IMPORT_DIRS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub struct Client {
    router: Router,
    imports: app::jobs::ImportJobs,
}

impl Client {
    pub fn new(store: Store) -> Client {
        Client::with(store, |_| {})
    }

    /// A client of a server whose settings `configure` changed from the test defaults.
    pub fn with(store: Store, configure: impl FnOnce(&mut server::config::ServeConfig)) -> Client {
        let mut serve = server::config::ServeConfig {
            addr: "127.0.0.1:3000".parse().unwrap(),
            site_root: "target/site".into(),
            max_upload_mb: 1,
            public_url: None,
            trusted_proxy: None,
        };
        configure(&mut serve);
        let import_dir = std::env::temp_dir().join(format!(
            "dealflow-test-imports-{}-{}",
            std::process::id(),
            IMPORT_DIRS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&import_dir).unwrap();
        let imports = app::jobs::ImportJobs::new(import_dir);
        let state: AppState = server::serve::app_state(
            &serve,
            store,
            imports.clone(),
            app::jobs::BulkJobs::default(),
        );
        Client {
            router: server::router::build(state),
            imports,
        }
    }

    /// Where this server keeps uploaded import files.
    pub fn imports(&self) -> &app::jobs::ImportJobs {
        &self.imports
    }

    /// The response as it starts, body unread (for streams).
    pub async fn open(&self, request: Request<Body>) -> axum::response::Response {
        self.router.clone().oneshot(request).await.unwrap()
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (status, location, set_cookie) = {
            let header_text = |name| {
                response
                    .headers()
                    .get(name)
                    .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
            };
            (
                response.status(),
                header_text(header::LOCATION),
                header_text(header::SET_COOKIE),
            )
        };
        let headers = response.headers().clone();
        let body = to_bytes(response.into_body(), 4 << 20).await.unwrap();
        Reply {
            status,
            location,
            set_cookie,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    pub async fn page(&self, path: &str, cookie: &str) -> Reply {
        let mut req = Request::get(path).header(header::ACCEPT, "text/html");
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Calls a server function the way the hydrated app does (fetch, JSON answer).
    pub async fn call(&self, endpoint: &str, cookie: &str, form: &[(&str, &str)]) -> Reply {
        self.post(
            endpoint,
            cookie,
            form,
            &[(header::ACCEPT.as_str(), "application/json")],
        )
        .await
    }

    /// Calls a server function that takes its arguments as JSON (`input = Json`).
    pub async fn call_json(&self, endpoint: &str, cookie: &str, body: &serde_json::Value) -> Reply {
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::HOST, "127.0.0.1:3000");
        if !cookie.is_empty() {
            req = req.header(header::COOKIE, cookie);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub async fn post(
        &self,
        endpoint: &str,
        cookie: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        self.send(form_request(endpoint, cookie, form, headers))
            .await
    }

    /// A form post to a server function from the network address `peer`.
    pub async fn post_from(
        &self,
        peer: &str,
        endpoint: &str,
        cookie: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = form_request(endpoint, cookie, form, headers);
        let peer: std::net::SocketAddr = peer.parse().unwrap();
        req.extensions_mut().insert(ConnectInfo(peer));
        self.send(req).await
    }

    /// Creates the workspace "Acme" with admin Dana and returns Dana's session cookie.
    pub async fn create_workspace(&self, business: &str) -> String {
        let reply = self
            .call(
                "account/create_workspace",
                "",
                &[
                    ("business_name", business),
                    ("currency", "EUR"),
                    ("name", "Dana Scully"),
                    ("email", "dana@acme.test"),
                    ("password", "correct horse battery"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.cookie()
    }

    /// Admin `admin` adds a person with `role` (and `Only assigned data` if asked), who
    /// signs in and chooses their own password; returns their session cookie.
    pub async fn add_teammate(
        &self,
        admin: &str,
        role: &str,
        email: &str,
        only_assigned_data: bool,
    ) -> String {
        let mut form = vec![
            ("name", "Someone"),
            ("email", email),
            ("role", role),
            ("temporary_password", "temporary pass 1"),
        ];
        if only_assigned_data {
            form.push(("only_assigned_data", "on"));
        }
        let reply = self.call("users/add", admin, &form).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let cookie = self.sign_in(email, "temporary pass 1", "").await.cookie();
        // A temporary password allows nothing else until it is changed.
        let own = self
            .call(
                "account/change_password",
                &cookie,
                &[
                    ("current_password", "temporary pass 1"),
                    ("new_password", "my own password"),
                    ("confirm_password", "my own password"),
                ],
            )
            .await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.body);
        cookie
    }

    /// Admin `admin` adds one person of each role below admin: a manager, a user, and a
    /// user with `Only assigned data`; each with their session cookie, role and whether
    /// they have `Only assigned data`.
    pub async fn teammates(&self, admin: &str) -> Vec<(String, &'static str, bool)> {
        let mut team = Vec::new();
        for (role, email, only_assigned) in [
            ("manager", "mona@acme.test", false),
            ("user", "fox@acme.test", false),
            ("user", "walter@acme.test", true),
        ] {
            let cookie = self.add_teammate(admin, role, email, only_assigned).await;
            team.push((cookie, role, only_assigned));
        }
        team
    }

    pub async fn sign_in(&self, email: &str, password: &str, cookie: &str) -> Reply {
        self.call(
            "account/sign_in",
            cookie,
            &[("email", email), ("password", password)],
        )
        .await
    }
}

/// A form post to `/api/{endpoint}`, sent to host 127.0.0.1:3000 unless `headers` name one.
fn form_request(
    endpoint: &str,
    cookie: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Request<Body> {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let mut req = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        req = req.header(header::HOST, "127.0.0.1:3000");
    }
    if !cookie.is_empty() {
        req = req.header(header::COOKIE, cookie);
    }
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.body(Body::from(body)).unwrap()
}
