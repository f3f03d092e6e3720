//! A database that cannot serve now answers `503 service_unavailable` with `Retry-After`,
//! nothing half-written, and the instance serves again by itself once it can: an exhausted
//! pool (both backends), and on PostgreSQL a backend terminated mid-transaction, a database
//! turned read-only, and its connection limit reached. (SQLite's own faults, a full or
//! read-only file and a SIGKILL: `faults.rs`. The test command runs this on both backends.)

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::burst::at_once;
use common::*;
use otp_server::error::AppError;
use otp_server::settings::Argon2Params;
use otp_server::store::{AuditEvent, Database, Lock, Outcome, PoolSettings};
use otp_server::{AppState, Settings, Store, app};
use serde_json::json;

/// Another instance on `base`'s database with its own pool settings.
async fn instance_with_pool(base: &TestApp, pool: PoolSettings) -> (Store, axum::Router) {
    let key = base.dir.path().join("test.key");
    let store = Store::connect_with(&base.database, Some(&key), &pool)
        .await
        .unwrap();
    let state = AppState::new(store.clone(), base.clock.clone(), base.settings.clone());
    (store, app(state, None))
}

/// `base` with `router` as its router (the other fields only serve the helpers).
fn served_by(base: &TestApp, router: axum::Router) -> TestApp {
    TestApp {
        router,
        clock: base.clock.clone(),
        store: base.store.clone(),
        database: base.database.clone(),
        settings: base.settings.clone(),
        passwords: base.passwords.clone(),
        dir: tempfile::tempdir().unwrap(),
    }
}

/// A transaction of `store`, tried again while the pool times out: sqlx opens a new connection
/// when none is idle at that instant, and PostgreSQL refuses it while the role's other one is
/// still being returned to the pool (on a loaded machine, for longer than a timeout).
async fn begin_patiently(store: &Store, contract: &str) -> otp_server::store::Tx {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match store.begin(&[Lock::Contract(contract)]).await {
            Ok(tx) => return tx,
            Err(e) => assert!(Instant::now() < deadline, "no transaction in 60 s: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `GET /readyz`'s status (a text answer, not JSON).
async fn ready(app: &TestApp) -> StatusCode {
    use tower::ServiceExt;
    let request = axum::http::Request::get("/readyz")
        .header(axum::http::header::HOST, "127.0.0.1:8080")
        .body(axum::body::Body::empty())
        .unwrap();
    app.router.clone().oneshot(request).await.unwrap().status()
}

fn assert_unavailable(answer: &Answer) {
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.json
    );
    assert_eq!(answer.code(), "service_unavailable");
    assert!(answer.headers.contains_key("retry-after"));
}

#[tokio::test]
async fn an_exhausted_pool_answers_503_quickly_and_never_hangs() {
    let base = TestApp::new().await;
    let pool = PoolSettings {
        max_connections: 1,
        acquire_timeout_ms: 200,
        ..PoolSettings::default()
    };
    let (store, router) = instance_with_pool(&base, pool).await;
    let one = served_by(&base, router);
    // Something holds the only connection (a slow statement, a stuck lock).
    let held = store.begin(&[Lock::Contract("9999999999")]).await.unwrap();
    let started = Instant::now();
    let answer = one.login(ID, PASSWORD).await;
    let waited = started.elapsed();
    assert_unavailable(&answer);
    // The acquire timeout, not the 30 s a pool waits by default (bounded loosely: a busy
    // machine may be slow, but never that slow).
    assert!(waited < Duration::from_secs(10), "{waited:?}");
    held.commit().await.unwrap();
    assert_eq!(one.login(ID, PASSWORD).await.status, StatusCode::OK);
}

/// The test database's name, on PostgreSQL.
fn database_name(app: &TestApp) -> Option<String> {
    match &app.database {
        Database::Postgres(url) => Some(url.rsplit('/').next().unwrap().to_owned()),
        Database::Sqlite(_) => None,
    }
}

/// Ends every other connection to the test database (each instance's pool).
async fn terminate_backends(app: &TestApp) {
    app.execute_raw(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .await;
}

/// Logs in on `app` until it is served: each connection the database ended answers one request
/// 503 (and is then replaced), never 500. Returns how many were refused first.
async fn refused_until_served(app: &TestApp) -> usize {
    let max = PoolSettings::default().max_connections as usize;
    for refused in 0..=max {
        let answer = app.login(ID, PASSWORD).await;
        if answer.status == StatusCode::OK {
            return refused;
        }
        assert_unavailable(&answer);
    }
    panic!("still refused after {max} tries: the pool does not replace dead connections");
}

#[tokio::test]
async fn a_backend_terminated_mid_transaction_rolls_back_and_the_pool_reconnects() {
    let app = TestApp::new().await;
    if database_name(&app).is_none() {
        return; // PostgreSQL's fault; SQLite has no server process to lose.
    }
    let mut tx = app.store.begin(&[Lock::Contract(ID)]).await.unwrap();
    let half = Outcome::NothingLocked;
    tx.audit_about(&app.operator(Some(ID)), AuditEvent::Unlock, half, "half")
        .await
        .unwrap();
    terminate_backends(&app).await;
    let err = tx.commit().await.unwrap_err();
    assert!(
        matches!(AppError::from(err), AppError::Unavailable(_)),
        "a lost connection is a storage fault"
    );
    // The next requests find new connections by themselves, and nothing was half-written.
    refused_until_served(&app).await;
    let trail = app.store.audit_entries(Some(ID), None).await.unwrap();
    assert!(
        trail
            .iter()
            .all(|row| row.subject.as_deref() != Some("half"))
    );
    assert_eq!(app.store.ready().await, Ok(()));
}

#[tokio::test]
async fn a_read_only_database_answers_503_and_writes_nothing() {
    let app = TestApp::new().await;
    let Some(name) = database_name(&app) else {
        return; // SQLite's read-only file: faults.rs.
    };
    let before = app.store.audit_entries(Some(ID), None).await.unwrap().len();
    app.execute_raw(&format!(
        "ALTER DATABASE {name} SET default_transaction_read_only = on"
    ))
    .await;
    // The running instance's connections end; the ones it opens from now on are read-only
    // (a connection idle for over half a second is checked before use, and replaced).
    terminate_backends(&app).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_unavailable(&app.login(ID, PASSWORD).await);
    app.execute_raw(&format!(
        "BEGIN READ WRITE; ALTER DATABASE {name} RESET default_transaction_read_only; COMMIT"
    ))
    .await;
    terminate_backends(&app).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        app.store.audit_entries(Some(ID), None).await.unwrap().len(),
        before
    );
    assert_eq!(app.login(ID, PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_connection_limit_reached_answers_503_never_500() {
    // A cheap password hash: what is measured is the pool, not the hashing on a loaded machine.
    let base = TestApp::with_settings(Settings {
        argon2: Argon2Params {
            memory_kib: 1024,
            iterations: 1,
            ..Argon2Params::default()
        },
        ..Settings::default()
    })
    .await;
    let Some(name) = database_name(&base) else {
        return; // One SQLite file has no connection limit.
    };
    // A role of its own with two connections at most (superusers are exempt from limits).
    let role = format!("{name}_limited");
    base.execute_raw(&format!(
        "CREATE ROLE {role} LOGIN CONNECTION LIMIT 2;
         GRANT USAGE, CREATE ON SCHEMA public TO {role};
         GRANT ALL ON ALL TABLES IN SCHEMA public TO {role};
         GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role};"
    ))
    .await;
    let Database::Postgres(url) = &base.database else {
        unreachable!()
    };
    let mut limited = url::Url::parse(url).unwrap();
    limited.set_username(&role).unwrap();
    let limited_db = Database::Postgres(limited.to_string());
    // An acquire timeout long enough to open a connection on a loaded machine: a refused one
    // (53300) answers at once anyway.
    let pool = PoolSettings {
        acquire_timeout_ms: 3000,
        ..PoolSettings::default()
    };
    let key = base.dir.path().join("test.key");
    let store = Store::connect_with(&limited_db, Some(&key), &pool)
        .await
        .unwrap();
    let state = AppState::new(store.clone(), base.clock.clone(), base.settings.clone());
    let app = Arc::new(served_by(&base, app(state, None)));
    // Both allowed connections are busy: every further one is refused (53300).
    let held = [
        begin_patiently(&store, "9999999998").await,
        begin_patiently(&store, "9999999999").await,
    ];
    let answers = at_once(8, |i| {
        let app = app.clone();
        async move {
            let ip = format!("198.51.100.{}", i + 1);
            let body = json!({"contract_id": ID, "password": PASSWORD});
            app.post_from(&ip, "/api/v1/login", body, None).await
        }
    })
    .await;
    for answer in &answers {
        assert_unavailable(answer);
    }
    for tx in held {
        tx.commit().await.unwrap();
    }
    // The fault ends (the administrator raises the limit): the same instance serves again by
    // itself, without a restart. (With the limit left at two, a pool allowed more connections
    // than the database grants keeps trying to open a third whenever neither is idle at that
    // instant, which on a loaded machine can outlast every acquire: size the pool within the
    // database's limit, docs/instances.md.) Bounded in time, not in tries. Readiness first (it
    // takes no login slot); then a login, which may meet slots that tries cut off by a 503
    // still hold (429 until they go stale).
    base.execute_raw(&format!("ALTER ROLE {role} CONNECTION LIMIT 20"))
        .await;
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut tries = 0;
    while ready(&app).await != StatusCode::OK {
        tries += 1;
        assert!(
            Instant::now() < deadline,
            "never ready again ({tries} tries)"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    loop {
        let answer = app.login(ID, PASSWORD).await;
        if answer.status == StatusCode::OK {
            break;
        }
        assert!(
            matches!(answer.code(), "service_unavailable" | "rate_limited"),
            "{}",
            answer.json
        );
        tries += 1;
        assert!(
            Instant::now() < deadline,
            "the instance never served again ({tries} tries in 120 s)"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("served again after {tries} refused tries");
    store.close().await;
    base.execute_raw(&format!(
        "REVOKE ALL ON SCHEMA public FROM {role};
         REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role};
         REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}; DROP ROLE {role};"
    ))
    .await;
}

/// Makes PostgreSQL refuse the next `n` audit rows of logins with SQLSTATE `state`, as a
/// serialization failure or a deadlock would (a sequence counts them: it is not rolled back).
async fn inject_conflicts(app: &TestApp, state: &str, n: u32) {
    inject_conflicts_on(app, "login", state, n).await;
}

/// [`inject_conflicts`] on the audit rows of `event`.
async fn inject_conflicts_on(app: &TestApp, event: &str, state: &str, n: u32) {
    app.execute_raw(&format!(
        "DROP TRIGGER IF EXISTS inject_conflict ON audit;
         DROP SEQUENCE IF EXISTS injected_conflicts;
         CREATE SEQUENCE injected_conflicts;
         CREATE OR REPLACE FUNCTION inject_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF nextval('injected_conflicts') <= {n} THEN
             RAISE EXCEPTION 'injected conflict' USING ERRCODE = '{state}';
           END IF;
           RETURN NEW;
         END $$;
         CREATE TRIGGER inject_conflict BEFORE INSERT ON audit FOR EACH ROW
           WHEN (NEW.event = '{event}') EXECUTE FUNCTION inject_conflict();"
    ))
    .await;
}

async fn logins_audited(app: &TestApp) -> usize {
    let trail = app.store.audit_entries(Some(ID), None).await.unwrap();
    trail
        .iter()
        .filter(|row| row.event.as_str() == "login")
        .count()
}

#[tokio::test]
async fn a_conflict_runs_the_transaction_again_a_bounded_number_of_times_then_answers_503() {
    use otp_server::store::WRITE_ATTEMPTS;
    let app = TestApp::new().await;
    if database_name(&app).is_none() {
        return; // PostgreSQL's conflicts; SQLite's writers take turns on its one lock.
    }
    // Two conflicts: the login's transaction runs a third time and is served, written once.
    inject_conflicts(&app, "40001", WRITE_ATTEMPTS - 1).await;
    let answer = app.login(ID, PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    assert_eq!(logins_audited(&app).await, 1);
    // As many deadlocks as tries: 503, nothing written, no session; the next login (its
    // first try past them) is served, so no more than WRITE_ATTEMPTS tries were made.
    inject_conflicts(&app, "40P01", WRITE_ATTEMPTS).await;
    let refused = app.login(ID, PASSWORD).await;
    assert_unavailable(&refused);
    assert!(refused.cookie().is_none());
    assert_eq!(logins_audited(&app).await, 1);
    let answer = app.login(ID, PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.json);
    assert_eq!(logins_audited(&app).await, 2);
}

#[tokio::test]
async fn a_wrong_codes_transaction_runs_again_after_a_conflict_and_counts_once() {
    use otp_api::totp::TotpParams;
    use otp_server::store::WRITE_ATTEMPTS;
    let app = TestApp::new().await;
    if database_name(&app).is_none() {
        return; // PostgreSQL's conflicts; SQLite's writers take turns on its one lock.
    }
    app.provision("VSST00000001", SECRET_A, TotpParams::default())
        .await;
    app.activate("VSST00000001", SECRET_A).await;
    let half = app.login(ID, PASSWORD).await.cookie().unwrap();
    inject_conflicts_on(&app, "login_otp", "40001", WRITE_ATTEMPTS - 1).await;
    let wrong = app
        .post("/api/v1/login/otp", json!({"otp": "000000"}), Some(&half))
        .await;
    assert_eq!(wrong.code(), "otp_invalid", "{}", wrong.json);
    assert_eq!(wrong.json["remaining_attempts"], 4, "counted once");
    let token = app.store.token("VSST00000001").await.unwrap().unwrap();
    assert_eq!(token.consecutive_failures, 1);
    let trail = app.store.audit_entries(Some(ID), None).await.unwrap();
    let judged = trail
        .iter()
        .filter(|r| r.event.as_str() == "login_otp")
        .count();
    assert_eq!(judged, 1);
}
