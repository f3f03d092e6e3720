//! `POST /login`, `GET /session`, `POST /logout`: the password step, lockout, sessions.

mod common;

use axum::http::StatusCode;
use common::{ID, PASSWORD, TestApp};
use serde_json::json;

#[tokio::test]
async fn correct_password_starts_a_session_with_a_safe_cookie() {
    let app = TestApp::new().await;
    let answer = app.login(ID, PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json["otp_required"], false);
    assert_eq!(answer.json["customer"]["name"], "山田 太郎");
    let set_cookie = answer.headers["set-cookie"].to_str().unwrap();
    assert!(set_cookie.contains("HttpOnly"));
    assert!(set_cookie.contains("SameSite=Strict"));
    assert_eq!(answer.headers["cache-control"], "no-store");

    let session = app.get("/api/v1/session", answer.cookie().as_deref()).await;
    assert_eq!(session.status, StatusCode::OK);
    assert_eq!(session.json["customer"]["name"], "山田 太郎");
}

#[tokio::test]
async fn full_width_contract_id_is_normalised() {
    let app = TestApp::new().await;
    let answer = app.login("０１２３-４５６７８９", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_password_and_unknown_id_answer_identically() {
    let app = TestApp::new().await;
    let wrong = app.login(ID, "wrong1234").await;
    let unknown = app.login("9999999999", "wrong1234").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    assert_eq!(wrong.json, unknown.json);
    assert_eq!(wrong.json["remaining_attempts"], 4);
    assert!(wrong.cookie().is_none());
}

#[tokio::test]
async fn fifth_wrong_password_locks_the_account_even_for_the_right_password() {
    let app = TestApp::new().await;
    for remaining in (1..=4).rev() {
        let a = app.login(ID, "wrong1234").await;
        assert_eq!(a.code(), "invalid_credentials");
        assert_eq!(a.json["remaining_attempts"], remaining);
    }
    let fifth = app.login(ID, "wrong1234").await;
    assert_eq!(fifth.status, StatusCode::LOCKED);
    assert_eq!(fifth.code(), "account_locked");
    let right = app.login(ID, PASSWORD).await;
    assert_eq!(right.code(), "account_locked");
    assert!(right.cookie().is_none());
}

#[tokio::test]
async fn unknown_ids_lock_exactly_like_known_ones() {
    let app = TestApp::new().await;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..6 {
        known.push(app.login(ID, "wrong1234").await.json);
        unknown.push(app.login("9999999999", "wrong1234").await.json);
    }
    assert_eq!(known, unknown);
    assert_eq!(known[5]["code"], "account_locked");
}

#[tokio::test]
async fn a_correct_password_resets_the_failure_count() {
    let app = TestApp::new().await;
    for _ in 0..4 {
        app.login(ID, "wrong1234").await;
    }
    assert_eq!(app.login(ID, PASSWORD).await.status, StatusCode::OK);
    let again = app.login(ID, "wrong1234").await;
    assert_eq!(again.json["remaining_attempts"], 4);
}

#[tokio::test]
async fn validation_names_each_field() {
    let app = TestApp::new().await;
    let a = app.login("12345", "short").await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.code(), "validation");
    assert_eq!(
        a.json["fields"],
        json!([
            {"field": "contract_id", "code": "wrong_length"},
            {"field": "password", "code": "too_short"}
        ])
    );
    // A refused field never counts toward the lock.
    assert_eq!(
        app.login(ID, "wrong1234").await.json["remaining_attempts"],
        4
    );
}

#[tokio::test]
async fn malformed_bodies_are_problems_not_rejections() {
    let app = TestApp::new().await;
    let cases = [
        (json!({"contract_id": ID}), "malformed_request"),
        (
            json!({"contract_id": 123, "password": PASSWORD}),
            "malformed_request",
        ),
        (
            json!({"contract_id": ID, "password": PASSWORD, "admin": true}),
            "malformed_request",
        ),
        (json!([1, 2]), "malformed_request"),
    ];
    for (body, code) in cases {
        let a = app.post("/api/v1/login", body, None).await;
        assert_eq!(a.code(), code);
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
    }
    let not_json = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{nope"))
        .unwrap();
    assert_eq!(app.send(not_json).await.code(), "malformed_request");
    let form = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("contract_id=1"))
        .unwrap();
    let form = app.send(form).await;
    assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(form.code(), "unsupported_media_type");
    let huge = format!(
        r#"{{"contract_id":"{}","password":"x"}}"#,
        "1".repeat(100_000)
    );
    let huge = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(huge))
        .unwrap();
    let huge = app.send(huge).await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(huge.code(), "payload_too_large");
}

#[tokio::test]
async fn unknown_paths_and_methods_are_problems() {
    let app = TestApp::new().await;
    let a = app.get("/api/v1/nothing-here", None).await;
    assert_eq!((a.status, a.code()), (StatusCode::NOT_FOUND, "not_found"));
    let b = app.get("/api/v1/login", None).await;
    assert_eq!(
        (b.status, b.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
}

#[tokio::test]
async fn cross_origin_posts_are_refused() {
    let app = TestApp::new().await;
    let body = json!({"contract_id": ID, "password": PASSWORD}).to_string();
    let evil = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .header("origin", "https://evil.example")
        .body(axum::body::Body::from(body.clone()))
        .unwrap();
    let a = app.send(evil).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::FORBIDDEN, "forbidden_origin")
    );
    let cross_site = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .header("sec-fetch-site", "cross-site")
        .body(axum::body::Body::from(body.clone()))
        .unwrap();
    assert_eq!(app.send(cross_site).await.code(), "forbidden_origin");
    let same = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .header("origin", "http://127.0.0.1:8080")
        .header("sec-fetch-site", "same-origin")
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(app.send(same).await.status, StatusCode::OK);
}

#[tokio::test]
async fn each_login_gets_a_new_session_id_and_drops_the_old_one() {
    let app = TestApp::new().await;
    let first = app.login(ID, PASSWORD).await.cookie().unwrap();
    let req = axum::http::Request::post("/api/v1/login")
        .header("content-type", "application/json")
        .header("cookie", &first)
        .body(axum::body::Body::from(
            json!({"contract_id": ID, "password": PASSWORD}).to_string(),
        ))
        .unwrap();
    let second = app.send(req).await.cookie().unwrap();
    assert_ne!(first, second);
    assert_eq!(app.session(&first).await.code(), "unauthenticated");
    assert_eq!(app.session(&second).await.status, StatusCode::OK);
}

#[tokio::test]
async fn sessions_expire_after_idle_and_absolute_timeouts() {
    let app = TestApp::new().await;
    let cookie = app.login(ID, PASSWORD).await.cookie().unwrap();
    // Activity every 9 minutes keeps the session alive…
    for _ in 0..6 {
        app.clock.advance(9 * 60);
        let a = app.session(&cookie).await;
        assert_eq!(a.status, StatusCode::OK);
    }
    // …until 60 minutes after login, whatever happens.
    app.clock.advance(7 * 60);
    let a = app.session(&cookie).await;
    assert_eq!(a.code(), "session_expired");

    let cookie = app.login(ID, PASSWORD).await.cookie().unwrap();
    app.clock.advance(10 * 60 + 1);
    let a = app.session(&cookie).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNAUTHORIZED, "session_expired")
    );
    // The expired session is gone, not merely refused.
    assert_eq!(app.session(&cookie).await.code(), "unauthenticated");
}

#[tokio::test]
async fn logout_ends_the_session_and_clears_the_cookie() {
    let app = TestApp::new().await;
    let cookie = app.login(ID, PASSWORD).await.cookie().unwrap();
    let out = app.post("/api/v1/logout", json!({}), Some(&cookie)).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(
        out.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(app.session(&cookie).await.code(), "unauthenticated");
    assert_eq!(
        app.post("/api/v1/logout", json!({}), None).await.code(),
        "unauthenticated"
    );
}

#[tokio::test]
async fn the_audit_trail_records_logins() {
    let app = TestApp::new().await;
    app.login(ID, "wrong1234").await;
    app.login(ID, PASSWORD).await;
    let rows = app.store.audit_entries(Some(ID), None).await.unwrap();
    // The demo seed's row names its actor; the customer's requests name their address.
    assert_eq!(rows[0].event.as_str(), "customer_added");
    assert_eq!(rows[0].actor.as_deref(), Some("demo-seed"));
    let outcomes: Vec<_> = rows[1..]
        .iter()
        .map(|r| {
            (
                r.event.as_str(),
                r.outcome.as_str(),
                r.client_addr.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("login", "invalid_credentials", Some("127.0.0.1")),
            ("login", "ok", Some("127.0.0.1"))
        ]
    );
}

#[tokio::test]
async fn config_publishes_the_rules() {
    let app = TestApp::new().await;
    let a = app.get("/api/v1/config", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json["rules"]["contract_id"]["digits"], 10);
    assert_eq!(a.json["rules"]["password"]["min_len"], 6);
    assert_eq!(a.json["otp_digits"], 6);
    assert_eq!(a.json["demo"], false);
}

#[tokio::test]
async fn every_attempt_costs_exactly_one_argon2_verification() {
    let dir = tempfile::tempdir().unwrap();
    let store = otp_server::Store::open(&dir.path().join("db.sqlite3"))
        .await
        .unwrap();
    let settings = otp_server::Settings::default();
    otp_server::demo::seed(&store, &settings.argon2, common::T0)
        .await
        .unwrap();
    let clock = std::sync::Arc::new(otp_server::ManualClock::new(common::T0));
    let state = otp_server::AppState::new(store, clock, settings);
    let passwords = state.passwords.clone();
    let router = otp_server::app(state, None);
    let login = |id: &str, pw: &str| {
        let router = router.clone();
        let body = json!({"contract_id": id, "password": pw}).to_string();
        async move {
            use tower::ServiceExt;
            let req = axum::http::Request::post("/api/v1/login")
                .header("host", "127.0.0.1:8080")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .unwrap();
            router.oneshot(req).await.unwrap().status()
        }
    };
    let cases = [
        (ID, PASSWORD, 1),
        (ID, "wrong1234", 1),
        ("9999999999", "wrong1234", 1),
        ("12", "wrong1234", 0),
    ];
    for (id, pw, cost) in cases {
        let before = passwords.verifications();
        login(id, pw).await;
        assert_eq!(passwords.verifications() - before, cost, "{id} / {pw}");
    }
    for _ in 0..5 {
        login("9999999999", "wrong1234").await;
    }
    // The lock is decided before the hash: a locked ID costs nothing, known or not.
    for _ in 0..5 {
        login(ID, "wrong1234").await;
    }
    let before = passwords.verifications();
    assert_eq!(login("9999999999", "wrong1234").await, StatusCode::LOCKED);
    assert_eq!(login(ID, PASSWORD).await, StatusCode::LOCKED);
    assert_eq!(
        passwords.verifications() - before,
        0,
        "a locked ID is refused before any hashing"
    );
}
