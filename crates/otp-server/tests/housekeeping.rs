//! Rows that would otherwise pile up: live sessions are capped per contract (the oldest end,
//! audited), and expired sessions and ended procedures are swept on a schedule that every
//! instance may run at once.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::burst::at_once;
use common::*;
use otp_server::store::{KEEP_ENDED_PROCEDURE_SECONDS, KEEP_EXPIRED_SESSION_SECONDS, Swept};
use otp_server::{Clock, Settings};

/// The demo customer's sessions in the database.
async fn sessions(app: &TestApp) -> i64 {
    app.count_raw(&format!(
        "SELECT COUNT(*) FROM sessions WHERE contract_id = '{ID}'"
    ))
    .await
}

#[tokio::test]
async fn a_login_beyond_the_cap_ends_the_oldest_session() {
    let app = TestApp::new().await;
    let cap = Settings::default().sessions_per_contract;
    let mut cookies = Vec::new();
    for _ in 0..cap + 15 {
        let login = app.login(ID, PASSWORD).await;
        assert_eq!(login.status, StatusCode::OK);
        cookies.push(login.cookie().unwrap());
        app.clock.advance(1);
    }
    assert_eq!(sessions(&app).await, i64::from(cap));
    let (ended, live) = cookies.split_at(15);
    for cookie in ended {
        assert_eq!(app.session(cookie).await.code(), "unauthenticated");
    }
    for cookie in live {
        assert_eq!(app.session(cookie).await.status, StatusCode::OK);
    }
    let trail = app.store.audit_entries(Some(ID), None).await.unwrap();
    let limited = trail
        .iter()
        .filter(|r| r.event.as_str() == "sessions_ended" && r.outcome.as_str() == "session_limit")
        .count();
    assert_eq!(limited, 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bursts_of_logins_leave_no_more_than_the_cap() {
    let app = Arc::new(TestApp::new().await);
    // Four at a time (the contract's judging slots allow five), five times over.
    for round in 0..5 {
        let answers = at_once(4, |i| {
            let app = app.clone();
            async move {
                let ip = format!("198.51.100.{}", 4 * round + i + 1);
                app.login_from(&ip, ID, PASSWORD).await
            }
        })
        .await;
        let statuses: Vec<_> = answers.iter().map(|a| a.status).collect();
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "{statuses:?}"
        );
    }
    let cap = i64::from(Settings::default().sessions_per_contract);
    assert_eq!(sessions(&app).await, cap);
}

#[tokio::test]
async fn logins_with_the_password_alone_never_push_out_the_complete_session() {
    let app = TestApp::new().await;
    app.provision("VSST00000001", SECRET_A, Default::default())
        .await;
    app.activate("VSST00000001", SECRET_A).await;
    let half = app.login(ID, PASSWORD).await.cookie().unwrap();
    let full = app.otp_login(&half, SECRET_A).await.cookie().unwrap();
    // Someone with the password but not the token, over and over.
    for _ in 0..20 {
        assert_eq!(app.login(ID, PASSWORD).await.status, StatusCode::OK);
    }
    assert_eq!(app.session(&full).await.status, StatusCode::OK);
}

#[tokio::test]
async fn expired_sessions_and_ended_procedures_are_swept_after_their_grace() {
    let app = TestApp::new().await;
    let settings = Settings::default();
    let (idle, absolute) = (
        settings.session_idle_seconds,
        settings.session_absolute_seconds,
    );
    let sweep = |app: &TestApp| {
        let now = app.clock.now();
        let store = app.store.clone();
        async move { store.sweep(now, idle, absolute).await.unwrap() }
    };
    let idle_one = app.login(ID, PASSWORD).await.cookie().unwrap();
    let (started, _) = app.start("activate", None).await;
    assert_eq!(started.status, StatusCode::CREATED);
    // Expired, but within the grace: a customer back now still hears why.
    app.clock.advance(i64::from(idle) + 1);
    let swept = sweep(&app).await;
    assert_eq!((swept.sessions, swept.procedures), (0, 0), "{swept:?}");
    app.clock.advance(KEEP_EXPIRED_SESSION_SECONDS);
    let swept = sweep(&app).await;
    assert_eq!((swept.sessions, swept.procedures), (1, 0), "{swept:?}");
    assert_eq!(app.session(&idle_one).await.code(), "unauthenticated");
    // A live session stays; the procedure goes a day after its deadline.
    app.clock
        .advance(KEEP_ENDED_PROCEDURE_SECONDS - KEEP_EXPIRED_SESSION_SECONDS);
    let live = app.login(ID, PASSWORD).await.cookie().unwrap();
    let swept = sweep(&app).await;
    assert_eq!((swept.sessions, swept.procedures), (0, 1), "{swept:?}");
    assert_eq!(app.count_raw("SELECT COUNT(*) FROM procedures").await, 0);
    let now = app.session(&live).await;
    assert_eq!(now.status, StatusCode::OK, "{}", now.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_sweeping_at_once_remove_each_row_once() {
    let app = TestApp::new().await;
    let other = app.second_instance().await;
    for i in 0..40 {
        app.login_from(&format!("198.51.100.{}", i + 1), ID, PASSWORD)
            .await;
    }
    for _ in 0..3 {
        app.start("activate", None).await;
    }
    let live = app.login(ID, PASSWORD).await.cookie().unwrap();
    app.clock.advance(KEEP_ENDED_PROCEDURE_SECONDS + 3600);
    let settings = Settings::default();
    let (idle, absolute) = (
        settings.session_idle_seconds,
        settings.session_absolute_seconds,
    );
    let now = app.clock.now();
    let stores = [app.store.clone(), other.store.clone(), app.store.clone()];
    let runs =
        stores.map(|store| tokio::spawn(async move { store.sweep(now, idle, absolute).await }));
    let mut total = Swept::default();
    for run in runs {
        let swept = run.await.unwrap().unwrap();
        total.sessions += swept.sessions;
        total.procedures += swept.procedures;
    }
    // The cap left five sessions of the 41 logins, the last one among them.
    let cap = u64::from(settings.sessions_per_contract);
    assert_eq!((total.sessions, total.procedures), (cap, 3), "{total:?}");
    assert_eq!(app.session(&live).await.code(), "unauthenticated");
    assert_eq!(sessions(&app).await, 0);
}
