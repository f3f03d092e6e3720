//! Faults: the server killed (SIGKILL) in the middle of an exchange, and a database that is
//! full or read-only. Nothing may be half-written, and every refusal is a clear problem+json.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use data_encoding::BASE32_NOPAD;
use http_body_util::BodyExt;
use otp_api::totp::{self, TotpParams};
use otp_server::settings::Argon2Params;
use otp_server::store::{Database, SqliteTuning};
use otp_server::{AppState, ManualClock, Settings, Store, app, demo};
use serde_json::{Value, json};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use tower::ServiceExt;

const CONTRACT: &str = "2468013579";
const PASSWORD: &str = "kill9test";

// ---------------------------------------------------------------------------------------------
// The real binary, killed mid-exchange.

/// A running `otp-server serve` on a free port.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(db: &Path) -> Self {
        let (child, line) = common::binary::spawn_serve(db, |cmd| {
            // One contract starts an exchange for each of the kills.
            cmd.env("OTP_PORTAL_THROTTLE_STARTS_PER_CONTRACT_BURST", "1000")
                .stderr(Stdio::null());
        });
        let port = line
            .trim()
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        Self { child, port }
    }

    /// SIGKILL: no shutdown code runs, exactly like a power cut for the process.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on its own connection: (status, `name=value` cookies set, JSON body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    cookie: &str,
) -> std::io::Result<(u16, Vec<String>, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} /api/v1{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nCookie: {cookie}\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw)?;
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other(format!("no answer: {raw:?}")))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let cookies = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .filter_map(|c| c.split(';').next())
        .map(str::to_owned)
        .collect();
    let json = serde_json::from_str(body).unwrap_or(Value::Null);
    Ok((status, cookies, json))
}

fn run_cli(db: &Path, args: &[&str], stdin: &str) {
    let (ok, _, err) = common::binary::run(args, db, stdin);
    assert!(ok, "{args:?}: {err}");
}

/// A provisioned token, and the last TOTP step the test used with it (the server refuses a
/// replayed step).
struct Token {
    serial: String,
    secret: Vec<u8>,
    last_step: u64,
}

impl Token {
    /// A code the server accepts now: the current step, or the one before or after, always
    /// later than the last one used.
    fn fresh_code(&mut self) -> String {
        let params = TotpParams::default();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let current = params.step_at(now);
        let step = (current - 1).max(self.last_step + 1);
        assert!(step <= current + 1, "ran out of fresh steps");
        self.last_step = step;
        totp::code_at_step(&self.secret, &params, step)
    }
}

/// Starts a procedure of `kind` for the test contract: (the browser cookie when the server set
/// one, the procedure's id).
fn start(port: u16, kind: &str, browser: &str) -> (Option<String>, String) {
    let body = json!({"kind": kind, "contract_id": CONTRACT, "password": PASSWORD});
    let (status, cookies, started) =
        http(port, "POST", "/procedures", Some(&body), browser).unwrap();
    assert_eq!(status, 201, "{started}");
    let id = started["id"].as_str().unwrap().to_owned();
    (cookies.into_iter().next(), id)
}

/// The new-token step's body for `token`, with a fresh code.
fn new_token_body(token: &mut Token) -> Value {
    json!({"serial": token.serial, "otp": token.fresh_code()})
}

/// Registers `token` at the new-token step of procedure `id` and expects it completed.
fn register(port: u16, id: &str, token: &mut Token, browser: &str) {
    let body = new_token_body(token);
    let path = format!("/procedures/{id}/new-token");
    let (status, _, done) = http(port, "POST", &path, Some(&body), browser).unwrap();
    assert_eq!(
        (status, done["step"].as_str()),
        (200, Some("completed")),
        "{done}"
    );
}

/// What the database says about the contract and a procedure.
struct DbState {
    active: Vec<String>,
    step: String,
    statuses: Vec<(String, String)>,
}

/// A read-only look at the SQLite file at `db`, behind the server's back.
async fn look_into(db: &Path) -> sqlx::SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(db).read_only(true))
        .await
        .unwrap()
}

async fn db_state(db: &Path, procedure: &str) -> DbState {
    let pool = look_into(db).await;
    let active: Vec<String> = sqlx::query_scalar(
        "SELECT serial FROM tokens WHERE contract_id = ? AND status = 'active' ORDER BY serial",
    )
    .bind(CONTRACT)
    .fetch_all(&pool)
    .await
    .unwrap();
    let step: String = sqlx::query_scalar("SELECT step FROM procedures WHERE id = ?")
        .bind(procedure)
        .fetch_optional(&pool)
        .await
        .unwrap()
        .unwrap_or_default();
    let statuses = sqlx::query_as("SELECT serial, status FROM tokens ORDER BY serial")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    DbState {
        active,
        step,
        statuses,
    }
}

fn status_of(state: &DbState, serial: &str) -> String {
    state
        .statuses
        .iter()
        .find(|(s, _)| s == serial)
        .map(|(_, st)| st.clone())
        .unwrap()
}

/// Kills the server at spread-out moments while the new token of an exchange is being
/// registered (the transaction that retires the old token and activates the new one), restarts
/// it on the same database, and checks: exactly one active token, and the procedure either
/// completed (new token active, old retired) or still at its step with nothing changed — and
/// then resumable to completion.
#[tokio::test(flavor = "multi_thread")]
async fn sigkill_mid_exchange_leaves_one_valid_token_and_a_whole_procedure() {
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("kill.sqlite3");
    // Kill delays after the request is sent, in microseconds: from "before the server read
    // it" to "long after it answered", densest where the transaction commits.
    let delays_us: [u64; 14] = [
        0, 100, 300, 500, 800, 1_200, 1_600, 2_000, 3_000, 4_000, 6_000, 10_000, 25_000, 100_000,
    ];
    let mut tokens: Vec<Token> = (0..=delays_us.len())
        .map(|i| Token {
            serial: format!("KILL{i:08}"),
            secret: format!("kill-test-secret-{i:04}").into_bytes(),
            last_step: 0,
        })
        .collect();
    run_cli(
        &db,
        &[
            "customer",
            "add",
            "--contract-id",
            CONTRACT,
            "--name",
            "試験 九郎",
        ],
        &format!("{PASSWORD}\n"),
    );
    let csv: String = tokens
        .iter()
        .map(|t| format!("{},{}\n", t.serial, BASE32_NOPAD.encode(&t.secret)))
        .collect();
    run_cli(&db, &["token", "provision"], &csv);

    // The first token, registered normally.
    let server = Server::start(&db);
    let (cookie, id) = start(server.port, "activate", "");
    let mut browser = cookie.expect("a new browser gets its cookie");
    register(server.port, &id, &mut tokens[0], &browser);

    let mut server = Some(server);
    let (mut completed, mut resumed) = (0, 0);
    for (i, delay) in delays_us.iter().enumerate() {
        let (old, new) = (i, i + 1);
        let port = server.as_ref().unwrap().port;
        // Each start binds the browser under a new id.
        let (cookie, id) = start(port, "exchange", &browser);
        browser = cookie.expect("every start renews the browser cookie");
        let code = tokens[old].fresh_code();
        let (status, _, current) = http(
            port,
            "POST",
            &format!("/procedures/{id}/current-token"),
            Some(&json!({"otp": code})),
            &browser,
        )
        .unwrap();
        assert_eq!(status, 200, "{current}");

        // The registration of the new token, with the kill racing it.
        let body = new_token_body(&mut tokens[new]);
        let path = format!("/procedures/{id}/new-token");
        let cookie = browser.clone();
        let request = std::thread::spawn(move || http(port, "POST", &path, Some(&body), &cookie));
        std::thread::sleep(Duration::from_micros(*delay));
        server.take().unwrap().kill();
        let answered = request
            .join()
            .unwrap()
            .ok()
            .filter(|(status, _, _)| *status != 0);

        // Restart on the same database: nothing half-written.
        let restarted = Server::start(&db);
        let state = db_state(&db, &id).await;
        assert_eq!(
            state.active.len(),
            1,
            "after kill {i}: {:?}",
            state.statuses
        );
        match state.step.as_str() {
            "completed" => {
                assert_eq!(state.active[0], tokens[new].serial);
                assert_eq!(status_of(&state, &tokens[old].serial), "retired");
                completed += 1;
            }
            "new_token" => {
                assert!(
                    answered.is_none(),
                    "the server answered {answered:?} but did not keep it"
                );
                assert_eq!(state.active[0], tokens[old].serial);
                assert_eq!(status_of(&state, &tokens[new].serial), "available");
                // Resumable: the same procedure, at the same step, in the same browser.
                let (status, _, view) = http(
                    restarted.port,
                    "GET",
                    &format!("/procedures/{id}"),
                    None,
                    &browser,
                )
                .unwrap();
                assert_eq!((status, view["step"].as_str()), (200, Some("new_token")));
                register(restarted.port, &id, &mut tokens[new], &browser);
                resumed += 1;
            }
            other => panic!("after kill {i}: procedure at step {other}"),
        }
        if let Some((status, _, json)) = answered {
            assert_eq!(status, 200, "{json}");
            assert_eq!(state.step, "completed", "an answered registration was kept");
        }
        server = Some(restarted);
    }
    let state = db_state(&db, "no procedure").await.active;
    assert_eq!(state, vec![tokens.last().unwrap().serial.clone()]);
    println!(
        "{} kills mid-exchange: {completed} found completed, {resumed} found at their step and resumed",
        delays_us.len()
    );
}

// ---------------------------------------------------------------------------------------------
// A database that cannot take writes.

/// Cheap hashing: these tests are about the database, not the password.
fn cheap_settings() -> Settings {
    Settings {
        argon2: Argon2Params {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
            ..Argon2Params::default()
        },
        // These tests fill the database with failed logins from one address.
        throttle: otp_server::settings::Throttle {
            enabled: false,
            ..Default::default()
        },
        ..Settings::default()
    }
}

async fn seeded_db(dir: &Path, settings: &Settings) -> PathBuf {
    let path = dir.join("db.sqlite3");
    let store = Store::open(&path).await.unwrap();
    demo::seed(&store, &settings.argon2, 0).await.unwrap();
    store.close().await;
    path
}

async fn send(
    router: &axum::Router,
    method: &str,
    path: &str,
    body: Value,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/json")
        .body(if body.is_null() {
            Body::empty()
        } else {
            Body::from(body.to_string())
        })
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn assert_unavailable(status: StatusCode, headers: &axum::http::HeaderMap, json: &Value) {
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
    assert_eq!(headers[header::RETRY_AFTER], "30");
    assert_eq!(json["code"], "service_unavailable");
    assert_eq!(json["status"], 503);
    let detail = json.to_string();
    assert!(
        !detail.contains("SQLITE") && !detail.contains("database"),
        "no internals in the answer: {detail}"
    );
}

/// Reads still answer when writes cannot.
async fn assert_still_serving(router: &axum::Router) {
    let (status, _, config) = send(router, "GET", "/api/v1/config", Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{config}");
    let (status, _, session) = send(router, "GET", "/api/v1/session", Value::Null).await;
    assert_eq!(
        (status, session["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthenticated"))
    );
}

/// A database that cannot grow (SQLITE_FULL): the writes that need space are refused with
/// `service_unavailable`; the server keeps answering.
#[tokio::test]
async fn a_full_database_answers_service_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let settings = cheap_settings();
    let path = seeded_db(dir.path(), &settings).await;
    let look = look_into(&path).await;
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(&look)
        .await
        .unwrap();
    look.close().await;
    let router = tuned_app(
        &path,
        SqliteTuning {
            pragmas: format!("PRAGMA max_page_count = {pages};"),
            ..SqliteTuning::default()
        },
        settings,
    )
    .await;

    // Each wrong login (a new contract ID each time) adds a lockout counter and an audit row,
    // until a page is needed that the database may not have.
    let mut refused = None;
    for i in 0..5_000 {
        let body =
            json!({"contract_id": format!("{:010}", 5_000_000_000u64 + i), "password": "wrong123"});
        let (status, headers, json) = send(&router, "POST", "/api/v1/login", body).await;
        if status == StatusCode::UNAUTHORIZED {
            assert_eq!(json["code"], "invalid_credentials");
            continue;
        }
        assert_unavailable(status, &headers, &json);
        refused = Some(i);
        break;
    }
    let refused = refused.expect("the database never filled up");
    println!("the full database refused login attempt {refused} with service_unavailable");
    assert_still_serving(&router).await;
}

/// A database opened read-only (SQLITE_READONLY, as on a read-only mount): logins and
/// procedures are refused with `service_unavailable`, nothing panics, reads still answer.
#[tokio::test]
async fn a_read_only_database_answers_service_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let settings = cheap_settings();
    let path = seeded_db(dir.path(), &settings).await;
    let tuning = SqliteTuning {
        read_only: true,
        ..SqliteTuning::default()
    };
    let router = tuned_app(&path, tuning, settings).await;

    let demo = demo::DEMO_CUSTOMERS[0];
    for (path, body) in [
        (
            "/api/v1/login",
            json!({"contract_id": demo.contract_id, "password": demo.password}),
        ),
        (
            "/api/v1/login",
            json!({"contract_id": "9999999999", "password": "wrong123"}),
        ),
        (
            "/api/v1/procedures",
            json!({"kind": "activate", "contract_id": demo.contract_id, "password": demo.password}),
        ),
    ] {
        let (status, headers, json) = send(&router, "POST", path, body).await;
        assert_unavailable(status, &headers, &json);
    }
    assert_still_serving(&router).await;
}

/// The application on the SQLite file at `path` opened with `tuning`.
async fn tuned_app(path: &Path, tuning: SqliteTuning, settings: Settings) -> axum::Router {
    let database = Database::Sqlite(path.to_owned());
    let pool = otp_server::store::PoolSettings::default();
    let store = Store::connect_tuned(&database, None, &tuning, &pool)
        .await
        .unwrap();
    app(
        AppState::new(store, Arc::new(ManualClock::new(0)), settings),
        None,
    )
}
