//! A test harness: the real router on a real (temporary) database, driven with `oneshot`
//! requests, with a clock the test moves. The database is a SQLite file, or a new database on
//! the PostgreSQL server that `OTP_TEST_POSTGRES` names (the test command runs these tests
//! once on each).

#![allow(dead_code)]

pub mod authenticator;
pub mod binary;
pub mod burst;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use otp_api::totp::TotpParams;
use otp_server::store::{Audit, Database};
use otp_server::{AppState, Clock, ManualClock, Settings, Store, app, demo};
use serde_json::Value;
use tower::ServiceExt;

/// The demo customer's credentials.
pub const ID: &str = "0123456789";
pub const PASSWORD: &str = "demo1234";
/// A fixed start time: 2026-11-26T00:00:00Z.
pub const T0: i64 = 1_795_651_200;
/// Token seeds for the tests.
pub const SECRET_A: &[u8] = b"secret-of-token-A-20";
pub const SECRET_B: &[u8] = b"secret-of-token-B-20";
pub const SECRET_C: &[u8] = b"secret-of-token-C-20";

pub struct TestApp {
    pub router: Router,
    pub clock: Arc<ManualClock>,
    pub store: Store,
    /// Where the store's data lives (another instance opens the same).
    pub database: Database,
    pub settings: Settings,
    /// The server's password hashing (it counts the verifications).
    pub passwords: otp_server::password::Passwords,
    pub dir: tempfile::TempDir,
}

/// An answer, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: Value,
}

impl Answer {
    /// The problem `code` of an error answer.
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or_default()
    }

    /// The `name=value` part of the Set-Cookie header.
    pub fn cookie(&self) -> Option<String> {
        self.headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_settings(Settings::default()).await
    }

    pub async fn with_settings(settings: Settings) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database = test_database(dir.path()).await;
        Self::on(database, dir, settings).await
    }

    /// On a SQLite file whatever the test run's backend (tests of the file itself).
    pub async fn on_sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database = Database::Sqlite(dir.path().join("test.sqlite3"));
        Self::on(database, dir, Settings::default()).await
    }

    async fn on(database: Database, dir: tempfile::TempDir, settings: Settings) -> Self {
        if let Database::Postgres(_) = database {
            // Made once by the operator for all instances (`otp-server key create`).
            otp_server::seal::Keyring::create(&dir.path().join("test.key")).unwrap();
        }
        let store = Store::connect(&database, Some(&dir.path().join("test.key")))
            .await
            .unwrap();
        demo::seed(&store, &settings.argon2, T0).await.unwrap();
        let clock = Arc::new(ManualClock::new(T0));
        let state = AppState::new(store.clone(), clock.clone(), settings.clone());
        Self {
            passwords: state.passwords.clone(),
            router: app(state, None),
            clock,
            store,
            database,
            settings,
            dir,
        }
    }

    /// Another server instance on the same database (its own pool and hashing, the same
    /// settings, key file and clock), as a second process behind a load balancer is.
    pub async fn second_instance(&self) -> Self {
        let store = Store::connect(&self.database, Some(&self.dir.path().join("test.key")))
            .await
            .unwrap();
        let state = AppState::new(store.clone(), self.clock.clone(), self.settings.clone());
        Self {
            passwords: state.passwords.clone(),
            router: app(state, None),
            clock: self.clock.clone(),
            store,
            database: self.database.clone(),
            settings: self.settings.clone(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub async fn delete(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut req = Request::delete(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    /// Sends `request` as the browser at 127.0.0.1 would (with `Host` unless it has one).
    pub async fn send(&self, request: Request<Body>) -> Answer {
        self.send_from("127.0.0.1", request).await
    }

    /// Sends `request` from the client address `ip` (as the socket's peer).
    pub async fn send_from(&self, ip: &str, mut request: Request<Body>) -> Answer {
        let peer: std::net::SocketAddr = format!("{ip}:40000")
            .parse()
            .or_else(|_| format!("[{ip}]:40000").parse())
            .unwrap();
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        if !request.headers().contains_key(header::HOST) {
            request
                .headers_mut()
                .insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        }
        let response: Response<Body> = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        if !status.is_success() {
            assert_eq!(
                headers[header::CONTENT_TYPE],
                "application/problem+json",
                "every error is problem+json"
            );
            assert_eq!(json["status"], status.as_u16());
        }
        Answer {
            status,
            headers,
            json,
        }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut req = Request::get(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn post(&self, path: &str, body: Value, cookie: Option<&str>) -> Answer {
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// The `/metrics` exposition, as the public listener serves it (when the settings ask).
    pub async fn metrics_text(&self) -> String {
        let request = Request::get("/metrics")
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// An operator's audit context now.
    pub fn operator(&self, contract_id: Option<&str>) -> Audit {
        Audit {
            now: self.clock.now(),
            contract_id: contract_id.map(str::to_owned),
            client: None,
            actor: Some("operator:test".to_owned()),
            ..Audit::default()
        }
    }

    /// Adds a token to the registry.
    pub async fn provision(&self, serial: &str, secret: &[u8], params: TotpParams) {
        self.store
            .provision_token(&self.operator(None), serial, secret, &params)
            .await
            .unwrap();
    }

    /// The code `secret` shows now.
    pub fn code(&self, secret: &[u8], params: &TotpParams) -> String {
        otp_api::totp::code_at(secret, params, self.clock.now() as u64)
    }

    /// Moves the clock to the next TOTP step (so a fresh code can be used).
    pub fn next_step(&self) {
        self.clock.advance(30);
    }

    /// Starts a procedure; returns the answer and the browser cookie to continue with.
    pub async fn start(&self, kind: &str, browser: Option<&str>) -> (Answer, String) {
        let answer = self
            .post(
                "/api/v1/procedures",
                serde_json::json!({"kind": kind, "contract_id": ID, "password": PASSWORD}),
                browser,
            )
            .await;
        let cookie = answer
            .cookie()
            .or_else(|| browser.map(str::to_owned))
            .unwrap_or_default();
        (answer, cookie)
    }

    /// Registers `serial` as the demo customer's active token through 利用開始.
    pub async fn activate(&self, serial: &str, secret: &[u8]) {
        let (started, browser) = self.start("activate", None).await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.json);
        let id = started.json["id"].as_str().unwrap().to_owned();
        let done = self
            .post(
                &format!("/api/v1/procedures/{id}/new-token"),
                serde_json::json!({"serial": serial, "otp": self.code(secret, &TotpParams::default())}),
                Some(&browser),
            )
            .await;
        assert_eq!(done.json["step"], "completed", "{}", done.json);
        self.next_step();
    }

    /// `GET /api/v1/session` with the session cookie.
    pub async fn session(&self, cookie: &str) -> Answer {
        self.get("/api/v1/session", Some(cookie)).await
    }

    /// Whether the demo customer's audit trail has an `event` row.
    pub async fn audited(&self, event: &str) -> bool {
        let trail = self.store.audit_entries(Some(ID), None).await.unwrap();
        trail.iter().any(|r| r.event.as_str() == event)
    }

    /// The login's OTP step, with the code `secret` shows now.
    pub async fn otp_login(&self, cookie: &str, secret: &[u8]) -> Answer {
        let otp = self.code(secret, &TotpParams::default());
        self.post(
            "/api/v1/login/otp",
            serde_json::json!({ "otp": otp }),
            Some(cookie),
        )
        .await
    }

    /// A procedure's current-token step, with the code `secret` shows now.
    pub async fn current_token(&self, id: &Value, secret: &[u8], browser: &str) -> Answer {
        let otp = self.code(secret, &TotpParams::default());
        let path = format!("/api/v1/procedures/{}/current-token", id.as_str().unwrap());
        self.post(&path, serde_json::json!({ "otp": otp }), Some(browser))
            .await
    }

    /// A procedure's new-token step for `serial`, with the code `secret` shows now.
    pub async fn new_token(
        &self,
        id: &Value,
        serial: &str,
        secret: &[u8],
        browser: &str,
    ) -> Answer {
        let otp = self.code(secret, &TotpParams::default());
        let path = format!("/api/v1/procedures/{}/new-token", id.as_str().unwrap());
        let body = serde_json::json!({ "serial": serial, "otp": otp });
        self.post(&path, body, Some(browser)).await
    }

    /// A JSON `POST` from the client address `ip`.
    pub async fn post_from(
        &self,
        ip: &str,
        path: &str,
        body: Value,
        cookie: Option<&str>,
    ) -> Answer {
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send_from(ip, req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// A login from the client address `ip`.
    pub async fn login_from(&self, ip: &str, id: &str, password: &str) -> Answer {
        self.post_from(
            ip,
            "/api/v1/login",
            serde_json::json!({ "contract_id": id, "password": password }),
            None,
        )
        .await
    }

    pub async fn login(&self, id: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/login",
            serde_json::json!({ "contract_id": id, "password": password }),
            None,
        )
        .await
    }
}

impl TestApp {
    /// Runs `sql` on the test's database behind the server's back (what an older release or
    /// a fault left there).
    pub async fn execute_raw(&self, sql: &str) {
        use sqlx::Executor;
        let url = match &self.database {
            Database::Sqlite(path) => format!("sqlite://{}", path.display()),
            Database::Postgres(url) => url.clone(),
        };
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        pool.execute(sqlx::raw_sql(sql)).await.unwrap();
        pool.close().await;
    }
}

impl TestApp {
    /// The one integer `sql` selects, read behind the server's back.
    pub async fn count_raw(&self, sql: &str) -> i64 {
        let url = match &self.database {
            Database::Sqlite(path) => format!("sqlite://{}", path.display()),
            Database::Postgres(url) => url.clone(),
        };
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let n: i64 = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }
}

/// A new, empty database for one test: on the PostgreSQL server named by
/// `OTP_TEST_POSTGRES` (a URL of one of its databases, used to create the new one), else a
/// SQLite file in `dir`.
pub async fn test_database(dir: &std::path::Path) -> Database {
    use sqlx::{Connection, Executor};
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let Ok(server) = std::env::var("OTP_TEST_POSTGRES") else {
        return Database::Sqlite(dir.join("test.sqlite3"));
    };
    let name = format!(
        "otp_test_{}_{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    );
    let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    admin.close().await.unwrap();
    let mut url = url::Url::parse(&server).unwrap();
    url.set_path(&name);
    Database::Postgres(url.to_string())
}
