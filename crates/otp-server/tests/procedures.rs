//! The three procedures and the OTP rules: steps in order, expiry, replay, token lock, atomic
//! exchange, and the login's OTP step (the browser binding: `browser_binding.rs`).

mod common;

use otp_api::procedure::ProcedureStep;
use otp_server::store::TokenState;

use axum::http::StatusCode;
use common::*;
use otp_api::totp::{TotpAlgorithm, TotpParams};
use serde_json::json;

const A: &str = "VSST00000001";
const B: &str = "VSST00000002";
const C: &str = "VSST00000003";

fn p() -> TotpParams {
    TotpParams::default()
}

async fn app_with_tokens() -> TestApp {
    let app = TestApp::new().await;
    app.provision(A, SECRET_A, p()).await;
    app.provision(B, SECRET_B, p()).await;
    app.provision(C, SECRET_C, p()).await;
    app
}

fn path(id: &serde_json::Value, step: &str) -> String {
    let id = id.as_str().unwrap();
    if step.is_empty() {
        format!("/api/v1/procedures/{id}")
    } else {
        format!("/api/v1/procedures/{id}/{step}")
    }
}

#[tokio::test]
async fn activate_registers_a_token_and_login_then_asks_for_its_code() {
    let app = app_with_tokens().await;
    let (started, browser) = app.start("activate", None).await;
    assert_eq!(started.status, StatusCode::CREATED);
    assert_eq!(started.json["kind"], "activate");
    assert_eq!(started.json["step"], "new_token");
    assert_eq!(started.json["expires_at"], T0 + 600);
    assert!(
        started.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("HttpOnly")
    );
    let id = &started.json["id"];

    let done = app
        .new_token(id, "vsst-0000-0001", SECRET_A, &browser)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    assert_eq!(done.json["step"], "completed");
    assert_eq!(done.json["token"]["serial_masked"], "VSST****0001");
    assert_eq!(
        app.get(&path(id, ""), Some(&browser)).await.json["step"],
        "completed"
    );

    app.next_step();
    let login = app.login(ID, PASSWORD).await;
    assert_eq!(login.json["otp_required"], true);
    assert!(login.json.get("customer").is_none());
    let pending = login.cookie().unwrap();
    assert_eq!(app.session(&pending).await.code(), "unauthenticated");
    let otp = app.otp_login(&pending, SECRET_A).await;
    assert_eq!(otp.status, StatusCode::OK, "{}", otp.json);
    assert_eq!(otp.json["customer"]["name"], "山田 太郎");
    let session = otp.cookie().unwrap();
    assert_ne!(
        session, pending,
        "a new session id once the login is complete"
    );
    let info = app.session(&session).await;
    assert_eq!(info.json["token"]["serial_masked"], "VSST****0001");
    assert_eq!(info.json["token"]["activated_at"], T0);
    assert_eq!(info.json["token"]["locked"], false);
    assert_eq!(app.session(&pending).await.code(), "unauthenticated");
}

#[tokio::test]
async fn exchange_keeps_the_old_token_until_the_new_one_is_registered() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let (started, browser) = app.start("exchange", None).await;
    assert_eq!(started.json["step"], "current_token");
    let id = &started.json["id"];

    // Out of order: the new token before the current one.
    let early = app.new_token(id, B, SECRET_B, &browser).await;
    assert_eq!(
        (early.status, early.code()),
        (StatusCode::CONFLICT, "step_out_of_order")
    );

    let current = app.current_token(id, SECRET_A, &browser).await;
    assert_eq!(current.json["step"], "new_token", "{}", current.json);

    // Between the steps the old token still logs in.
    app.next_step();
    let login = app.login(ID, PASSWORD).await.cookie().unwrap();
    let otp = app.otp_login(&login, SECRET_A).await;
    assert_eq!(otp.status, StatusCode::OK);

    let done = app.new_token(id, B, SECRET_B, &browser).await;
    assert_eq!(done.json["step"], "completed", "{}", done.json);
    assert_eq!(done.json["token"]["serial_masked"], "VSST****0002");

    // A finished procedure cannot be resubmitted.
    let again = app.new_token(id, C, SECRET_C, &browser).await;
    assert_eq!(again.code(), "step_out_of_order");

    app.next_step();
    let login = app.login(ID, PASSWORD).await.cookie().unwrap();
    let old = app.otp_login(&login, SECRET_A).await;
    assert_eq!(old.code(), "otp_invalid", "the old token is released");
    let new = app.otp_login(&login, SECRET_B).await;
    assert_eq!(new.status, StatusCode::OK);
    assert_eq!(
        app.store.token(A).await.unwrap().unwrap().status,
        TokenState::Retired
    );

    let audit: Vec<_> = app.store.audit_entries(Some(ID), None).await.unwrap();
    let events: Vec<_> = audit.iter().map(|e| e.event.as_str()).collect();
    assert!(events.contains(&"token_registered"));
    assert!(events.contains(&"token_released"));
    assert!(events.contains(&"procedure_current_token"));
}

#[tokio::test]
async fn stop_confirms_then_releases_the_token() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let (started, browser) = app.start("stop", None).await;
    let id = &started.json["id"];
    let early = app
        .post(&path(id, "confirm"), json!({}), Some(&browser))
        .await;
    assert_eq!(early.code(), "step_out_of_order");
    let current = app.current_token(id, SECRET_A, &browser).await;
    assert_eq!(current.json["step"], "confirm");
    let done = app
        .post(&path(id, "confirm"), json!({}), Some(&browser))
        .await;
    assert_eq!(done.json["step"], "completed", "{}", done.json);
    assert!(app.store.active_token(ID).await.unwrap().is_none());
    assert_eq!(app.login(ID, PASSWORD).await.json["otp_required"], false);
    // The released token cannot be registered again.
    let (started, browser) = app.start("activate", None).await;
    app.next_step();
    let reuse = app
        .new_token(&started.json["id"], A, SECRET_A, &browser)
        .await;
    assert_eq!(
        (reuse.status, reuse.code()),
        (StatusCode::CONFLICT, "serial_unavailable")
    );
}

#[tokio::test]
async fn wrong_state_starts_are_refused() {
    let app = app_with_tokens().await;
    for kind in ["exchange", "stop"] {
        let (a, _) = app.start(kind, None).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "no_active_token")
        );
    }
    app.activate(A, SECRET_A).await;
    let (a, _) = app.start("activate", None).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "token_already_active")
    );
    let wrong = app
        .post(
            "/api/v1/procedures",
            json!({"kind": "exchange", "contract_id": ID, "password": "wrong1234"}),
            None,
        )
        .await;
    assert_eq!(wrong.code(), "invalid_credentials");
    let bad_kind = app
        .post(
            "/api/v1/procedures",
            json!({"kind": "steal", "contract_id": ID, "password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(bad_kind.code(), "malformed_request");
}

#[tokio::test]
async fn serials_must_be_provisioned_unassigned_and_not_revoked() {
    let app = app_with_tokens().await;
    let (started, browser) = app.start("activate", None).await;
    let id = &started.json["id"];
    let post = |serial: &'static str, otp: String| {
        let browser = browser.clone();
        let app = &app;
        async move {
            app.post(
                &path(id, "new-token"),
                json!({"serial": serial, "otp": otp}),
                Some(&browser),
            )
            .await
        }
    };
    let unknown = post("ZZZZ99999999", "123456".into()).await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "serial_unknown")
    );
    let malformed = post("VSST-12", "12a".into()).await;
    assert_eq!(malformed.code(), "validation");
    assert_eq!(
        malformed.json["fields"],
        json!([{"field": "serial", "code": "pattern"}, {"field": "otp", "code": "invalid_characters"}])
    );
    app.store
        .revoke_token(&app.operator(None), C)
        .await
        .unwrap();
    let revoked = post(C, app.code(SECRET_C, &p())).await;
    assert_eq!(
        (revoked.status, revoked.code()),
        (StatusCode::CONFLICT, "serial_unavailable")
    );
    let short = post(A, "12345".into()).await;
    assert_eq!(
        short.json["fields"],
        json!([{"field": "otp", "code": "wrong_length"}])
    );
    // Still at the new-token step after every refusal.
    assert_eq!(
        app.get(&path(id, ""), Some(&browser)).await.json["step"],
        "new_token"
    );
}

#[tokio::test]
async fn a_replayed_code_is_refused_like_a_wrong_one_and_audited() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let code = app.code(SECRET_A, &p());
    let login = app.login(ID, PASSWORD).await.cookie().unwrap();
    let first = app
        .post("/api/v1/login/otp", json!({"otp": code}), Some(&login))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let login = app.login(ID, PASSWORD).await.cookie().unwrap();
    let replay = app
        .post("/api/v1/login/otp", json!({"otp": code}), Some(&login))
        .await;
    let wrong = {
        let login = app.login(ID, PASSWORD).await.cookie().unwrap();
        app.post("/api/v1/login/otp", json!({"otp": "000000"}), Some(&login))
            .await
    };
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(replay.code(), "otp_invalid");
    assert_eq!(replay.json["title"], wrong.json["title"]);
    assert_eq!(
        replay.json["remaining_attempts"], 4,
        "a replay counts toward the lock"
    );
    assert!(app.audited("otp_replay").await);
}

#[tokio::test]
async fn five_wrong_codes_lock_the_token() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let login = app.login(ID, PASSWORD).await.cookie().unwrap();
    for remaining in (1..=4).rev() {
        let a = app
            .post("/api/v1/login/otp", json!({"otp": "000000"}), Some(&login))
            .await;
        assert_eq!(a.code(), "otp_invalid");
        assert_eq!(a.json["remaining_attempts"], remaining);
    }
    let fifth = app
        .post("/api/v1/login/otp", json!({"otp": "000000"}), Some(&login))
        .await;
    assert_eq!(
        (fifth.status, fifth.code()),
        (StatusCode::LOCKED, "token_locked")
    );
    let right = app.otp_login(&login, SECRET_A).await;
    assert_eq!(right.code(), "token_locked");
    assert_eq!(app.login(ID, PASSWORD).await.code(), "token_locked");
    let (a, _) = app.start("exchange", None).await;
    assert_eq!(a.code(), "token_locked");
    // The bank unlocks it.
    assert!(app.store.unlock(&app.operator(Some(ID))).await.unwrap());
    assert_eq!(app.login(ID, PASSWORD).await.json["otp_required"], true);
}

#[tokio::test]
async fn procedures_expire_after_ten_minutes() {
    let app = app_with_tokens().await;
    let (started, browser) = app.start("activate", None).await;
    let id = &started.json["id"];
    app.clock.advance(599);
    assert_eq!(
        app.get(&path(id, ""), Some(&browser)).await.status,
        StatusCode::OK
    );
    app.clock.advance(1);
    let get = app.get(&path(id, ""), Some(&browser)).await;
    assert_eq!(
        (get.status, get.code()),
        (StatusCode::GONE, "procedure_expired")
    );
    let step = app.new_token(id, A, SECRET_A, &browser).await;
    assert_eq!(step.code(), "procedure_expired");
    assert!(app.store.active_token(ID).await.unwrap().is_none());
}

#[tokio::test]
async fn cancel_ends_an_unfinished_procedure_once() {
    let app = app_with_tokens().await;
    let (started, browser) = app.start("activate", None).await;
    let id = &started.json["id"];
    let cancel = app.delete(&path(id, ""), Some(&browser)).await;
    assert_eq!(cancel.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&path(id, ""), Some(&browser)).await.json["step"],
        "cancelled"
    );
    let again = app.delete(&path(id, ""), Some(&browser)).await;
    assert_eq!(again.code(), "step_out_of_order");
    let step = app.new_token(id, A, SECRET_A, &browser).await;
    assert_eq!(step.code(), "step_out_of_order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_exchanges_at_once_exactly_one_wins() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let (first, browser) = app.start("exchange", None).await;
    // The second start renews the browser's id; the first procedure follows it.
    let (second, browser) = app.start("exchange", Some(&browser)).await;
    let (one, two) = (&first.json["id"], &second.json["id"]);
    let code_a = app.code(SECRET_A, &p());
    let a1 = app
        .post(
            &path(one, "current-token"),
            json!({"otp": code_a}),
            Some(&browser),
        )
        .await;
    assert_eq!(a1.json["step"], "new_token");
    app.next_step();
    let a2 = app.current_token(two, SECRET_A, &browser).await;
    assert_eq!(a2.json["step"], "new_token");
    let (b, c) = (app.code(SECRET_B, &p()), app.code(SECRET_C, &p()));
    let (path_one, path_two) = (path(one, "new-token"), path(two, "new-token"));
    // Both requests are in flight at once; the database serialises their transactions.
    let (r1, r2) = tokio::join!(
        app.post(&path_one, json!({"serial": B, "otp": b}), Some(&browser)),
        app.post(&path_two, json!({"serial": C, "otp": c}), Some(&browser)),
    );
    let mut outcomes = [r1.status.as_u16(), r2.status.as_u16()];
    outcomes.sort();
    assert_eq!(outcomes, [200, 409], "{} / {}", r1.json, r2.json);
    let loser = if r1.status == StatusCode::OK {
        &r2
    } else {
        &r1
    };
    assert_eq!(loser.code(), "procedure_superseded");
    let active = app.store.active_token(ID).await.unwrap().unwrap();
    assert!([B, C].contains(&active.serial.as_str()));
    let other = if active.serial == B { C } else { B };
    assert_eq!(
        app.store.token(other).await.unwrap().unwrap().status,
        TokenState::Available
    );
    assert_eq!(
        app.store.token(A).await.unwrap().unwrap().status,
        TokenState::Retired
    );
}

#[tokio::test]
async fn a_failed_switch_leaves_the_old_token_active() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let (started, browser) = app.start("exchange", None).await;
    let id = started.json["id"].as_str().unwrap();
    app.current_token(&started.json["id"], SECRET_A, &browser)
        .await;
    let row = app.store.procedure(id).await.unwrap().unwrap();
    // The new serial is withdrawn between the check and the switch: the transaction fails at
    // its last statement, after it has already retired the old token and completed the
    // procedure in its own view — and none of that is kept.
    app.store
        .revoke_token(&app.operator(None), B)
        .await
        .unwrap();
    let mut tx = app.store.begin(&[]).await.unwrap();
    let err = tx
        .complete_with_new_token(&row, B, 1, T0)
        .await
        .unwrap_err();
    drop(tx);
    assert!(matches!(
        err,
        otp_server::store::CompleteError::SerialUnavailable
    ));
    assert_eq!(app.store.active_token(ID).await.unwrap().unwrap().serial, A);
    assert_eq!(
        app.store.procedure(id).await.unwrap().unwrap().step,
        ProcedureStep::NewToken
    );
}

#[tokio::test]
async fn codes_from_the_rfc_6238_vectors_are_accepted_once() {
    // Seeds, times and expected codes of RFC 6238 Appendix B, typed in rather than computed
    // by our own TOTP code: an independent check of the server's verification.
    let vectors = [
        (
            TotpAlgorithm::Sha1,
            &b"12345678901234567890"[..],
            1_111_111_109,
            "07081804",
        ),
        (
            TotpAlgorithm::Sha256,
            &b"12345678901234567890123456789012"[..],
            1_234_567_890,
            "91819424",
        ),
        (
            TotpAlgorithm::Sha512,
            &b"1234567890123456789012345678901234567890123456789012345678901234"[..],
            2_000_000_000,
            "38618901",
        ),
    ];
    for (algorithm, seed, time, code) in vectors {
        let app = TestApp::new().await;
        app.clock.advance(time - T0);
        let params = TotpParams {
            algorithm,
            digits: 8,
            period: 30,
        };
        app.provision("RFCX62380000", seed, params).await;
        let (started, browser) = app.start("activate", None).await;
        let done = app
            .post(
                &path(&started.json["id"], "new-token"),
                json!({"serial": "RFCX62380000", "otp": code}),
                Some(&browser),
            )
            .await;
        assert_eq!(
            done.json["step"], "completed",
            "{algorithm:?}: {}",
            done.json
        );
        let login = app.login(ID, PASSWORD).await.cookie().unwrap();
        let again = app
            .post("/api/v1/login/otp", json!({"otp": code}), Some(&login))
            .await;
        assert_eq!(
            again.code(),
            "otp_invalid",
            "{algorithm:?}: the same code twice"
        );
    }
}

#[tokio::test]
async fn the_login_otp_step_needs_a_pending_session() {
    let app = app_with_tokens().await;
    let none = app
        .post("/api/v1/login/otp", json!({"otp": "123456"}), None)
        .await;
    assert_eq!(none.code(), "unauthenticated");
    app.activate(A, SECRET_A).await;
    let login = app.login(ID, PASSWORD).await.cookie().unwrap();
    app.clock.advance(601);
    let late = app.otp_login(&login, SECRET_A).await;
    assert_eq!(late.code(), "session_expired");
    let login = app.login(ID, PASSWORD).await.cookie().unwrap();
    let bad = app
        .post("/api/v1/login/otp", json!({"otp": "12"}), Some(&login))
        .await;
    assert_eq!(bad.code(), "validation");
    assert_eq!(
        bad.json["fields"],
        json!([{"field": "otp", "code": "wrong_length"}])
    );
}

#[tokio::test]
async fn demo_tokens_only_in_demo_mode() {
    let app = TestApp::new().await;
    let off = app.post("/api/v1/demo/tokens", json!({}), None).await;
    assert_eq!(
        (off.status, off.code()),
        (StatusCode::NOT_FOUND, "not_found")
    );

    let demo = TestApp::with_settings(otp_server::Settings {
        demo: true,
        ..Default::default()
    })
    .await;
    let token = demo.post("/api/v1/demo/tokens", json!({}), None).await;
    assert_eq!(token.status, StatusCode::CREATED);
    let serial = token.json["serial"].as_str().unwrap();
    assert!(serial.starts_with("DEMO") && serial.len() == 12);
    assert_eq!(token.json["algorithm"], "SHA1");
    assert_eq!(token.json["digits"], 6);
    let secret = data_encoding::BASE32_NOPAD
        .decode(token.json["secret"].as_str().unwrap().as_bytes())
        .unwrap();
    // The handed-out seed registers the token through 利用開始.
    demo.activate(serial, &secret).await;
    assert_eq!(
        demo.store.active_token(ID).await.unwrap().unwrap().serial,
        serial
    );
}

#[tokio::test]
async fn a_locked_account_cannot_start_a_procedure() {
    let app = app_with_tokens().await;
    for _ in 0..5 {
        app.login(ID, "wrong1234").await;
    }
    let (a, _) = app.start("activate", None).await;
    assert_eq!((a.status, a.code()), (StatusCode::LOCKED, "account_locked"));
}

#[tokio::test]
async fn wrong_codes_at_the_steps_count_toward_the_lock() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let (started, browser) = app.start("exchange", None).await;
    let id = &started.json["id"];
    let wrong = app
        .post(
            &path(id, "current-token"),
            json!({"otp": "000000"}),
            Some(&browser),
        )
        .await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::UNAUTHORIZED, "otp_invalid")
    );
    assert_eq!(wrong.json["remaining_attempts"], 4);
    let ok = app.current_token(id, SECRET_A, &browser).await;
    assert_eq!(ok.json["step"], "new_token");
    let bad_new = app
        .post(
            &path(id, "new-token"),
            json!({"serial": B, "otp": "000000"}),
            Some(&browser),
        )
        .await;
    assert_eq!(bad_new.code(), "otp_invalid");
    assert_eq!(bad_new.json["remaining_attempts"], 4);
    assert_eq!(
        app.get(&path(id, ""), Some(&browser)).await.json["step"],
        "new_token"
    );
    // Counted against the procedure, never against the token that is nobody's yet.
    let b = app.store.token(B).await.unwrap().unwrap();
    assert_eq!((b.consecutive_failures, b.locked_at), (0, None));
    let row = app
        .store
        .procedure(id.as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.otp_failures, 1);
}

#[tokio::test]
async fn behind_https_cookies_are_secure_with_the_host_prefix() {
    let app = TestApp::with_settings(otp_server::Settings {
        secure_cookies: true,
        ..Default::default()
    })
    .await;
    app.provision(A, SECRET_A, p()).await;
    let login = app.login(ID, PASSWORD).await;
    let cookie = login.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-otp_session="), "{cookie}");
    assert!(
        cookie.contains("; Secure")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
    );
    let session = app.get("/api/v1/session", login.cookie().as_deref()).await;
    assert_eq!(session.status, StatusCode::OK);
    // The plain-HTTP cookie name is not accepted in this mode.
    let plain = login
        .cookie()
        .unwrap()
        .replace("__Host-otp_session", "otp_session");
    assert_eq!(app.session(&plain).await.code(), "unauthenticated");
    let (started, _) = app.start("activate", None).await;
    assert!(
        started.headers["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("__Host-otp_browser=")
    );
}
