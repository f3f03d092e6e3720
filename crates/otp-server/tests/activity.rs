//! What the customer sees of the account's use: the previous login and the failures since it
//! (`GET /session`), the activity (`GET /activity`) and 「心当たりがない」
//! (`POST /activity/report`), across two instances (the test command runs this on SQLite and
//! on PostgreSQL).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use otp_api::totp::TotpParams;
use otp_server::Settings;
use otp_server::clock::Clock;
use otp_server::settings::MetricsSettings;
use serde_json::{Value, json};

const SERIAL: &str = "VSST00000001";

/// A login from `ip` with a browser's `User-Agent`.
async fn login_as(app: &TestApp, ip: &str, agent: &str, password: &str) -> Answer {
    let request = Request::post("/api/v1/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::USER_AGENT, agent)
        .body(Body::from(
            json!({ "contract_id": ID, "password": password }).to_string(),
        ))
        .unwrap();
    app.send_from(ip, request).await
}

const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) \
    AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

async fn activity(app: &TestApp, cookie: &str, page: &str) -> Answer {
    app.get(&format!("/api/v1/activity{page}"), Some(cookie))
        .await
}

fn kinds(page: &Value) -> Vec<&str> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_previous_login_is_the_one_before_this_sessions_across_instances() {
    let one = TestApp::new().await;
    let two = one.second_instance().await;
    let first = one.login(ID, PASSWORD).await.cookie().unwrap();
    let home = one.session(&first).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.json.get("previous_login").is_none(), "{}", home.json);
    assert_eq!(home.json["failed_logins"], json!({"password": 0, "otp": 0}));
    let first_at = one.clock.now();

    one.clock.advance(600);
    for _ in 0..3 {
        assert_eq!(
            two.login(ID, "wrong1234").await.code(),
            "invalid_credentials"
        );
    }
    let second = two.login(ID, PASSWORD).await.cookie().unwrap();
    let home = one.session(&second).await.json;
    assert_eq!(
        home["previous_login"],
        json!({"at": first_at, "factor": "password"})
    );
    assert_eq!(home["failed_logins"], json!({"password": 3, "otp": 0}));
    // The first session still shows what it showed: its own previous login (none).
    assert!(
        two.session(&first)
            .await
            .json
            .get("previous_login")
            .is_none()
    );

    // With a token: a wrong code counts, and the login is by password and code.
    one.provision(SERIAL, SECRET_A, TotpParams::default()).await;
    one.activate(SERIAL, SECRET_A).await;
    one.clock.advance(600);
    let second_at = one.clock.now() - 630;
    let half = one.login(ID, PASSWORD).await.cookie().unwrap();
    let wrong = two
        .post("/api/v1/login/otp", json!({"otp": "000000"}), Some(&half))
        .await;
    assert_eq!(wrong.code(), "otp_invalid");
    let done = two.otp_login(&half, SECRET_A).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    let third = done.cookie().unwrap();
    let home = one.session(&third).await.json;
    assert_eq!(home["previous_login"]["factor"], "password");
    assert!(home["previous_login"]["at"].as_i64().unwrap() >= second_at);
    assert_eq!(home["failed_logins"], json!({"password": 0, "otp": 1}));

    one.next_step();
    let half = two.login(ID, PASSWORD).await.cookie().unwrap();
    let fourth = one.otp_login(&half, SECRET_A).await.cookie().unwrap();
    let home = two.session(&fourth).await.json;
    assert_eq!(home["previous_login"]["factor"], "password_otp");
    assert_eq!(home["failed_logins"], json!({"password": 0, "otp": 0}));
}

#[tokio::test]
async fn the_activity_lists_only_the_callers_contract_masked_newest_first() {
    let app = TestApp::new().await;
    login_as(&app, "203.0.113.57", IPHONE, "wrong1234").await;
    app.clock.advance(5);
    login_as(&app, "2001:db8:1:2::9", IPHONE, "wrong1234").await;
    app.provision(SERIAL, SECRET_A, TotpParams::default()).await;
    app.clock.advance(5);
    app.activate(SERIAL, SECRET_A).await;
    // Another contract's events, and the bank's own, are never shown.
    app.execute_raw(&format!(
        "INSERT INTO audit (at, contract_id, client_addr, event, outcome, subject)
         VALUES ({}, '9999999999', '198.51.100.1', 'login', 'invalid_credentials', NULL),
                ({}, '{ID}', NULL, 'key_rotated', 'ok', '2')",
        app.clock.now(),
        app.clock.now()
    ))
    .await;
    app.clock.advance(5);
    let half = login_as(&app, "203.0.113.80", IPHONE, PASSWORD)
        .await
        .cookie()
        .unwrap();
    let cookie = app.otp_login(&half, SECRET_A).await.cookie().unwrap();

    let page = activity(&app, &cookie, "").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.json);
    assert_eq!(
        kinds(&page.json),
        [
            "login_succeeded",
            "password_accepted",
            "procedure_completed",
            "token_registered",
            "procedure_started",
            "login_failed_password",
            "login_failed_password",
        ]
    );
    let events = page.json["events"].as_array().unwrap();
    assert_eq!(events[0]["factor"], "password_otp");
    assert_eq!(events[1]["address"], "203.0.113.xxx");
    assert_eq!(events[1]["browser"], "Safari");
    assert_eq!(events[1]["os"], "iOS");
    assert_eq!(events[2]["procedure"], "activate");
    assert_eq!(events[3]["serial_masked"], "VSST****0001");
    assert_eq!(events[5]["address"], "2001:db8:1::/48");
    assert_eq!(events[6]["address"], "203.0.113.xxx");
    assert_eq!(
        (page.json["page"].clone(), page.json["pages"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(page.json["days"], 30);
    let text = page.json.to_string();
    for secret in [
        "9999999999",
        "VSST00000001",
        "203.0.113.57",
        "key",
        "invalid_credentials",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[tokio::test]
async fn the_activity_pages_by_twenty_goes_back_thirty_days_and_refuses_bad_pages() {
    let app = TestApp::new().await;
    let now = app.clock.now();
    let mut rows = Vec::new();
    for i in 0..45 {
        rows.push(format!(
            "({}, '{ID}', '203.0.113.9', 'login', 'invalid_credentials')",
            now - 100 - i
        ));
    }
    // Older than thirty days: not shown.
    rows.push(format!(
        "({}, '{ID}', '203.0.113.9', 'logout', 'ok')",
        now - 31 * 86_400
    ));
    app.execute_raw(&format!(
        "INSERT INTO audit (at, contract_id, client_addr, event, outcome) VALUES {}",
        rows.join(", ")
    ))
    .await;
    let cookie = app.login(ID, PASSWORD).await.cookie().unwrap();
    // 45 failures and this login (which ended no session: none is shown for it).
    let first = activity(&app, &cookie, "?page=1").await.json;
    assert_eq!(
        (first["pages"].as_u64(), kinds(&first).len()),
        (Some(3), 20)
    );
    assert_eq!(kinds(&first)[0], "login_succeeded");
    let third = activity(&app, &cookie, "?page=3").await.json;
    assert_eq!(kinds(&third).len(), 6);
    assert!(kinds(&third).iter().all(|k| *k == "login_failed_password"));
    let beyond = activity(&app, &cookie, "?page=4").await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert!(kinds(&beyond.json).is_empty());
    for bad in ["?page=0", "?page=-1", "?page=x", "?page=1&more=2"] {
        let refused = activity(&app, &cookie, bad).await;
        assert_eq!(refused.code(), "validation", "{bad}");
    }
}

#[tokio::test]
async fn activity_and_report_need_a_complete_session() {
    let app = TestApp::new().await;
    assert_eq!(
        app.get("/api/v1/activity", None).await.code(),
        "unauthenticated"
    );
    assert_eq!(
        app.post("/api/v1/activity/report", json!({}), None)
            .await
            .code(),
        "unauthenticated"
    );
    // A login still waiting for its code sees nothing and can report nothing.
    app.provision(SERIAL, SECRET_A, TotpParams::default()).await;
    app.activate(SERIAL, SECRET_A).await;
    let half = app.login(ID, PASSWORD).await.cookie().unwrap();
    assert_eq!(activity(&app, &half, "").await.code(), "unauthenticated");
    let report = app
        .post("/api/v1/activity/report", json!({}), Some(&half))
        .await;
    assert_eq!(report.code(), "unauthenticated");
    assert!(!app.audited("customer_reported").await);
}

#[tokio::test]
async fn a_report_ends_the_other_sessions_on_both_instances_and_cancels_the_procedures() {
    let settings = Settings {
        metrics: MetricsSettings {
            listen: None,
            public: true,
        },
        ..Settings::default()
    };
    let one = TestApp::with_settings(settings).await;
    let two = one.second_instance().await;
    one.provision(SERIAL, SECRET_A, TotpParams::default()).await;
    let stranger = one.login(ID, PASSWORD).await.cookie().unwrap();
    let other = two.login(ID, PASSWORD).await.cookie().unwrap();
    let (started, browser) = two.start("activate", None).await;
    assert_eq!(started.status, StatusCode::CREATED);
    let id = started.json["id"].as_str().unwrap().to_owned();
    let mine = one.login(ID, PASSWORD).await.cookie().unwrap();

    let report = two
        .post("/api/v1/activity/report", json!({}), Some(&mine))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.json);
    assert_eq!(
        report.json,
        json!({"sessions_ended": 2, "procedures_cancelled": 1, "locked": false,
               "token": false, "passkeys": false})
    );
    for app in [&one, &two] {
        assert_eq!(app.session(&stranger).await.code(), "unauthenticated");
        assert_eq!(app.session(&other).await.code(), "unauthenticated");
    }
    assert_eq!(one.session(&mine).await.status, StatusCode::OK);
    let procedure = one
        .get(&format!("/api/v1/procedures/{id}"), Some(&browser))
        .await;
    assert_eq!(procedure.json["step"], "cancelled", "{}", procedure.json);
    let trail = one.store.audit_entries(Some(ID), None).await.unwrap();
    let outcome_of = |event: &str| {
        trail
            .iter()
            .filter(|r| r.event.as_str() == event)
            .map(|r| r.outcome.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(outcome_of("customer_reported"), ["ok"]);
    assert!(outcome_of("sessions_ended").contains(&"customer_reported".to_owned()));
    assert!(outcome_of("procedure_cancel").contains(&"customer_reported".to_owned()));
    let notices = one.store.notifications(true).await.unwrap();
    assert!(
        notices
            .iter()
            .any(|n| n.event == "customer_reported" && n.contract_id == ID),
        "{notices:?}"
    );
    // The activity shows the report; /metrics counts it.
    let shown = activity(&one, &mine, "").await.json;
    assert!(kinds(&shown).contains(&"customer_reported"));
    let text = two.metrics_text().await;
    assert!(
        text.contains(r#"otp_audit_events_total{event="customer_reported",outcome="ok"} 1"#),
        "{text}"
    );
}

#[tokio::test]
async fn with_report_locks_a_report_locks_the_account_and_ends_this_session_too() {
    let app = TestApp::with_settings(Settings {
        report_locks: true,
        ..Settings::default()
    })
    .await;
    let other = app.login(ID, PASSWORD).await.cookie().unwrap();
    let mine = app.login(ID, PASSWORD).await.cookie().unwrap();
    let report = app
        .post("/api/v1/activity/report", json!({}), Some(&mine))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.json);
    assert_eq!(report.json["locked"], true);
    assert_eq!(report.json["sessions_ended"], 1);
    assert!(
        report.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(app.session(&mine).await.code(), "unauthenticated");
    assert_eq!(app.session(&other).await.code(), "unauthenticated");
    // Locked until the bank unlocks it: the right password does not open it, however long
    // one waits.
    app.clock.advance(30 * 86_400);
    assert_eq!(app.login(ID, PASSWORD).await.code(), "account_locked");
    let config = app.get("/api/v1/config", None).await;
    assert_eq!(config.json["report_locks"], true);
}

#[tokio::test]
async fn a_report_that_fails_changes_nothing() {
    let app = TestApp::new().await;
    let other = app.login(ID, PASSWORD).await.cookie().unwrap();
    let mine = app.login(ID, PASSWORD).await.cookie().unwrap();
    let (started, browser) = app.start("activate", None).await;
    let id = started.json["id"].as_str().unwrap().to_owned();
    // The notice cannot be written: the whole report rolls back.
    app.execute_raw("ALTER TABLE notifications RENAME TO notifications_gone")
        .await;
    let report = app
        .post("/api/v1/activity/report", json!({}), Some(&mine))
        .await;
    assert!(report.status.is_server_error(), "{}", report.json);
    app.execute_raw("ALTER TABLE notifications_gone RENAME TO notifications")
        .await;
    assert_eq!(app.session(&other).await.status, StatusCode::OK);
    let procedure = app
        .get(&format!("/api/v1/procedures/{id}"), Some(&browser))
        .await;
    assert_ne!(procedure.json["step"], "cancelled");
    assert!(!app.audited("customer_reported").await);
}

#[tokio::test]
async fn a_procedure_whose_time_ran_out_is_in_the_activity_once_at_its_deadline() {
    let one = TestApp::new().await;
    let two = one.second_instance().await;
    let (started, _) = one.start("activate", None).await;
    let deadline = started.json["expires_at"].as_i64().unwrap();
    one.clock.advance(3600);
    let now = one.clock.now();
    let settings = &one.settings;
    let (idle, absolute) = (
        settings.session_idle_seconds,
        settings.session_absolute_seconds,
    );
    // Two instances sweeping at once write it once.
    let (a, b) = tokio::join!(
        one.store.sweep(now, idle, absolute),
        two.store.sweep(now, idle, absolute)
    );
    assert_eq!(a.unwrap().expired + b.unwrap().expired, 1);
    assert_eq!(
        one.store.sweep(now, idle, absolute).await.unwrap().expired,
        0
    );
    let trail = one.store.audit_entries(Some(ID), None).await.unwrap();
    let expired: Vec<_> = trail
        .iter()
        .filter(|r| r.event.as_str() == "procedure_expired")
        .collect();
    assert_eq!(expired.len(), 1);
    assert_eq!(
        (
            expired[0].at,
            expired[0].outcome.as_str(),
            expired[0].subject.as_deref()
        ),
        (deadline, "ok", Some("activate"))
    );
    let cookie = one.login(ID, PASSWORD).await.cookie().unwrap();
    let shown = activity(&one, &cookie, "").await.json;
    assert!(kinds(&shown).contains(&"procedure_expired"), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sessions_reporting_at_once_on_two_instances_make_one_report() {
    let one = std::sync::Arc::new(TestApp::new().await);
    let two = std::sync::Arc::new(one.second_instance().await);
    for round in 0..5 {
        let a = one.login(ID, PASSWORD).await.cookie().unwrap();
        let b = two.login(ID, PASSWORD).await.cookie().unwrap();
        let (x, y) = tokio::join!(
            one.post("/api/v1/activity/report", json!({}), Some(&a)),
            two.post("/api/v1/activity/report", json!({}), Some(&b))
        );
        let mut statuses = [x.status.as_u16(), y.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 401], "round {round}: {} {}", x.json, y.json);
        // The one who reported first stays logged in; the other was ended by the report.
        let (winner, loser) = if x.status == StatusCode::OK {
            (&a, &b)
        } else {
            (&b, &a)
        };
        assert_eq!(one.session(winner).await.status, StatusCode::OK);
        assert_eq!(two.session(loser).await.code(), "unauthenticated");
    }
    let reports = one
        .store
        .audit_filtered(
            Some(ID),
            None,
            Some(otp_server::store::AuditEvent::CustomerReported),
        )
        .await
        .unwrap();
    assert_eq!(reports.len(), 5);
}

#[tokio::test]
async fn a_cross_site_report_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let other = app.login(ID, PASSWORD).await.cookie().unwrap();
    let mine = app.login(ID, PASSWORD).await.cookie().unwrap();
    // A page on another site posting with the customer's cookie.
    let forged = Request::post("/api/v1/activity/report")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &mine)
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(app.send(forged).await.code(), "forbidden_origin");
    assert_eq!(app.session(&other).await.status, StatusCode::OK);
    assert!(!app.audited("customer_reported").await);
}
