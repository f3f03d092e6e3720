//! Who may talk to the server and what a session is worth: the host and origin allow-list,
//! the token registry nobody can spoil, replays that lose a race, sessions that end with the
//! factors they were opened with, and audit rows that commit with their change or not at all.

mod common;

use otp_api::procedure::ProcedureStep;
use otp_server::store::{Backend, TokenState};

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use otp_api::totp::TotpParams;
use otp_server::Settings;
use serde_json::json;

const A: &str = "VSST00000001";
const B: &str = "VSST00000002";

fn login_request(host: &str, origin: Option<&str>) -> Request<Body> {
    let mut req = Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .header("host", host);
    if let Some(origin) = origin {
        req = req.header("origin", origin);
    }
    req.body(Body::from(
        json!({"contract_id": ID, "password": PASSWORD}).to_string(),
    ))
    .unwrap()
}

#[tokio::test]
async fn only_the_public_origins_are_served() {
    let app = TestApp::new().await;
    // DNS rebinding: the attacker's page, its name now pointing here, as its own origin.
    let rebound = app
        .send(login_request("evil.test", Some("http://evil.test")))
        .await;
    assert_eq!(
        (rebound.status, rebound.code()),
        (StatusCode::MISDIRECTED_REQUEST, "misdirected_request")
    );
    // Also a plain read, and a static path.
    let read = app
        .send(
            Request::get("/api/v1/config")
                .header("host", "evil.test:8080")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(read.code(), "misdirected_request");
    // The right host with a foreign Origin is the CSRF check's.
    let csrf = app
        .send(login_request("127.0.0.1:8080", Some("http://evil.test")))
        .await;
    assert_eq!(csrf.code(), "forbidden_origin");
    // Origin compared with the list, never with Host.
    let mismatch = app
        .send(login_request(
            "localhost:8080",
            Some("http://127.0.0.1:8080"),
        ))
        .await;
    assert_eq!(mismatch.status, StatusCode::OK);
    let ok = app
        .send(login_request(
            "127.0.0.1:8080",
            Some("http://127.0.0.1:8080"),
        ))
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn an_https_public_origin_is_the_only_host_and_gets_secure_cookies() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(
        &config,
        "[security]\npublic_origins = \"https://ib.bank.example\"\n",
    )
    .unwrap();
    let settings = otp_server::config_file::load(Some(&config), []).unwrap();
    let app = TestApp::with_settings(settings).await;
    let local = app.send(login_request("127.0.0.1:8080", None)).await;
    assert_eq!(local.code(), "misdirected_request");
    let public = app
        .send(login_request(
            "ib.bank.example",
            Some("https://ib.bank.example"),
        ))
        .await;
    assert_eq!(public.status, StatusCode::OK);
    let cookie = public.headers["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-otp_session=") && cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(public.headers.contains_key("strict-transport-security"));
}

async fn app_with_tokens() -> TestApp {
    let app = TestApp::new().await;
    app.provision(A, SECRET_A, TotpParams::default()).await;
    app.provision(B, SECRET_B, TotpParams::default()).await;
    app
}

fn step_path(id: &serde_json::Value, step: &str) -> String {
    format!("/api/v1/procedures/{}/{step}", id.as_str().unwrap())
}

#[tokio::test]
async fn wrong_codes_for_an_unassigned_serial_end_the_procedure_never_lock_the_token() {
    let app = app_with_tokens().await;
    // Someone with their own contract tries codes for a serial that is not theirs.
    let (started, browser) = app.start("activate", None).await;
    let id = &started.json["id"];
    for remaining in (1..=4).rev() {
        let wrong = app
            .post(
                &step_path(id, "new-token"),
                json!({"serial": B, "otp": "000000"}),
                Some(&browser),
            )
            .await;
        assert_eq!(wrong.code(), "otp_invalid");
        assert_eq!(wrong.json["remaining_attempts"], remaining);
    }
    let last = app
        .post(
            &step_path(id, "new-token"),
            json!({"serial": B, "otp": "000000"}),
            Some(&browser),
        )
        .await;
    assert_eq!(
        (last.status, last.code()),
        (StatusCode::GONE, "procedure_attempts_exceeded")
    );
    // The procedure has ended, with its own answer on reload too; even a right code now fails.
    let reload = app
        .get(
            &format!("/api/v1/procedures/{}", id.as_str().unwrap()),
            Some(&browser),
        )
        .await;
    assert_eq!(reload.code(), "procedure_attempts_exceeded");
    let right = app.new_token(id, B, SECRET_B, &browser).await;
    assert_eq!(right.code(), "procedure_attempts_exceeded");
    // The token is untouched, and its rightful owner registers it.
    let b = app.store.token(B).await.unwrap().unwrap();
    assert_eq!(
        (b.status, b.locked_at, b.consecutive_failures),
        (TokenState::Available, None, 0)
    );
    app.activate(B, SECRET_B).await;
    assert_eq!(app.store.active_token(ID).await.unwrap().unwrap().serial, B);
    assert!(app.audited("procedure_ended").await);
}

#[tokio::test]
async fn the_operator_can_unlock_any_token() {
    let app = app_with_tokens().await;
    sqlx_lock(&app, B).await;
    assert!(app.store.token(B).await.unwrap().unwrap().locked());
    let done = app
        .store
        .unlock_token(&app.operator(None), B)
        .await
        .unwrap();
    assert_eq!(done, Some(true));
    assert!(!app.store.token(B).await.unwrap().unwrap().locked());
    assert_eq!(
        app.store
            .unlock_token(&app.operator(None), "VSST99999999")
            .await
            .unwrap(),
        None
    );
}

/// Locks a token the way an older release could (wrong codes on an unassigned serial).
async fn sqlx_lock(app: &TestApp, serial: &str) {
    app.execute_raw(&format!(
        "UPDATE tokens SET consecutive_failures = 5, locked_at = 1 WHERE serial = '{serial}'"
    ))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replay_that_loses_the_race_answers_like_a_wrong_code_and_counts() {
    let app = Arc::new(app_with_tokens().await);
    app.activate(A, SECRET_A).await;
    let one = app.login(ID, PASSWORD).await.cookie().unwrap();
    let two = app.login(ID, PASSWORD).await.cookie().unwrap();
    let code = app.code(SECRET_A, &TotpParams::default());
    let send = |cookie: String| {
        let (app, code) = (app.clone(), code.clone());
        tokio::spawn(async move {
            app.post("/api/v1/login/otp", json!({"otp": code}), Some(&cookie))
                .await
        })
    };
    let (r1, r2) = (send(one), send(two));
    let (r1, r2) = (r1.await.unwrap(), r2.await.unwrap());
    let (winner, loser) = if r1.status == StatusCode::OK {
        (r1, r2)
    } else {
        (r2, r1)
    };
    assert_eq!(winner.status, StatusCode::OK, "{}", winner.json);
    assert_eq!(loser.code(), "otp_invalid", "{}", loser.json);
    assert_eq!(loser.json["remaining_attempts"], 4);
    let token = app.store.token(A).await.unwrap().unwrap();
    assert_eq!(token.consecutive_failures, 1);
    assert!(app.audited("otp_replay").await);
}

#[tokio::test]
async fn an_exchange_elsewhere_ends_the_sessions_of_the_old_token() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let half = app.login(ID, PASSWORD).await.cookie().unwrap();
    let session = app.otp_login(&half, SECRET_A).await.cookie().unwrap();
    assert_eq!(app.session(&session).await.status, StatusCode::OK);
    app.next_step();
    // Another browser exchanges A for B.
    let (started, browser) = app.start("exchange", None).await;
    let id = &started.json["id"];
    app.current_token(id, SECRET_A, &browser).await;
    let done = app.new_token(id, B, SECRET_B, &browser).await;
    assert_eq!(done.json["step"], "completed", "{}", done.json);
    assert_eq!(app.session(&session).await.code(), "unauthenticated");
}

#[tokio::test]
async fn the_account_lock_and_a_revoked_token_end_every_session() {
    let app = app_with_tokens().await;
    let session = app.login(ID, PASSWORD).await.cookie().unwrap();
    for _ in 0..5 {
        app.login_from("203.0.113.9", ID, "wrong1234").await;
    }
    assert_eq!(app.session(&session).await.code(), "unauthenticated");
    app.store.unlock(&app.operator(Some(ID))).await.unwrap();
    app.activate(A, SECRET_A).await;
    let half = app.login(ID, PASSWORD).await.cookie().unwrap();
    app.store
        .revoke_token(&app.operator(None), A)
        .await
        .unwrap();
    assert_eq!(app.session(&half).await.code(), "unauthenticated");
    let audit = app.store.audit_entries(Some(ID), None).await.unwrap();
    let ended: Vec<_> = audit
        .iter()
        .filter(|r| r.event.as_str() == "sessions_ended")
        .map(|r| r.outcome.as_str())
        .collect();
    assert_eq!(ended, ["account_locked", "token_revoked"]);
}

#[tokio::test]
async fn logout_cancels_the_browsers_open_procedure() {
    let app = app_with_tokens().await;
    let (started, browser) = app.start("activate", None).await;
    let id = started.json["id"].as_str().unwrap().to_owned();
    let session = app.login(ID, PASSWORD).await.cookie().unwrap();
    let both = format!("{session}; {browser}");
    let out = app.post("/api/v1/logout", json!({}), Some(&both)).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let after = app
        .get(&format!("/api/v1/procedures/{id}"), Some(&browser))
        .await;
    assert_eq!(after.json["step"], "cancelled", "{}", after.json);
}

#[tokio::test]
async fn an_audit_row_that_cannot_be_written_takes_its_change_with_it() {
    let app = app_with_tokens().await;
    app.execute_raw(match app.database.backend() {
        Backend::Sqlite => {
            "CREATE TRIGGER audit_breaks BEFORE INSERT ON audit WHEN NEW.event = 'token_registered'
             BEGIN SELECT RAISE(ABORT, 'the audit cannot be written'); END"
        }
        Backend::Postgres => {
            "CREATE FUNCTION audit_breaks() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               IF NEW.event = 'token_registered' THEN
                 RAISE EXCEPTION 'the audit cannot be written';
               END IF;
               RETURN NEW;
             END $$;
             CREATE TRIGGER audit_breaks BEFORE INSERT ON audit
               FOR EACH ROW EXECUTE FUNCTION audit_breaks();"
        }
    })
    .await;
    let (started, browser) = app.start("activate", None).await;
    let id = &started.json["id"];
    let failed = app.new_token(id, A, SECRET_A, &browser).await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    // Nothing of the registration was kept: the token is free, the procedure at its step.
    assert_eq!(
        app.store.token(A).await.unwrap().unwrap().status,
        TokenState::Available
    );
    assert!(app.store.active_token(ID).await.unwrap().is_none());
    let row = app
        .store
        .procedure(id.as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.step, ProcedureStep::NewToken);
    app.execute_raw(match app.database.backend() {
        Backend::Sqlite => "DROP TRIGGER audit_breaks",
        Backend::Postgres => "DROP TRIGGER audit_breaks ON audit",
    })
    .await;
    // And the same request then goes through.
    app.next_step();
    let ok = app.new_token(id, A, SECRET_A, &browser).await;
    assert_eq!(ok.json["step"], "completed", "{}", ok.json);
}

#[tokio::test]
async fn operator_changes_are_audited_with_the_operator() {
    let app = TestApp::with_settings(Settings::default()).await;
    app.provision(A, SECRET_A, TotpParams::default()).await;
    app.store
        .revoke_token(&app.operator(None), A)
        .await
        .unwrap();
    let audit = app.store.audit_entries(None, None).await.unwrap();
    let operator: Vec<_> = audit
        .iter()
        .filter(|r| r.actor.as_deref() == Some("operator:test"))
        .map(|r| r.event.as_str())
        .collect();
    assert_eq!(operator, ["token_provisioned", "token_revoked"]);
}

/// The interleavings a race can produce, step by step: a replay judged after the winner's
/// success counts (from zero), and a failure judged after another locked the token counts
/// nothing and writes nothing.
#[tokio::test]
async fn codes_are_judged_against_the_counters_as_they_stand() {
    use otp_server::store::AuditEvent;
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let store = &app.store;
    let mut tx = store.begin(&[]).await.unwrap();
    assert!(tx.otp_succeeded(A, i64::MAX - 1, T0).await.unwrap());
    tx.commit().await.unwrap();
    let audit = app.operator(Some(ID));
    let mut tx = store.begin(&[]).await.unwrap();
    let after = tx
        .otp_failed(&audit, AuditEvent::LoginOtp, A, 5)
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!((after.consecutive_failures, after.locked_at), (1, None));
    // Locked by the fifth failure; a sixth judged after it counts nothing.
    for n in 2..=5 {
        let mut tx = store.begin(&[]).await.unwrap();
        let failures = tx
            .otp_failed(&audit, AuditEvent::LoginOtp, A, 5)
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(failures.consecutive_failures, n);
        assert_eq!(failures.locked_at.is_some(), n == 5);
    }
    let before = store.audit_entries(Some(ID), None).await.unwrap().len();
    let mut tx = store.begin(&[]).await.unwrap();
    assert!(
        tx.otp_failed(&audit, AuditEvent::LoginOtp, A, 5)
            .await
            .unwrap()
            .is_none()
    );
    tx.commit().await.unwrap();
    assert_eq!(
        store.audit_entries(Some(ID), None).await.unwrap().len(),
        before
    );
    let locks = store
        .audit_filtered(Some(ID), None, Some(AuditEvent::TokenLocked))
        .await
        .unwrap();
    assert_eq!(locks.len(), 1, "locked once");
}

/// A process that died between taking a slot and judging leaves the slot behind; it stops
/// holding a minute later, so nobody is locked out by a crash.
#[tokio::test]
async fn slots_of_a_crashed_attempt_expire() {
    use otp_server::store::LoginClaim;
    let app = TestApp::new().await;
    for _ in 0..5 {
        let claim = app.store.claim_login_attempt(ID, 5, T0).await.unwrap();
        assert_eq!(claim, LoginClaim::Granted);
    }
    assert_eq!(
        app.store.claim_login_attempt(ID, 5, T0 + 1).await.unwrap(),
        LoginClaim::Busy
    );
    app.clock.advance(61);
    assert_eq!(app.login(ID, PASSWORD).await.status, StatusCode::OK);
}
