//! A login waiting for its one-time password, judged against the token an instance remembers
//! for the session (`waiting_logins`: one statement per wrong code on PostgreSQL): whatever
//! changes behind that instance's back — the token switched, re-sealed or locked, the session
//! ended or expired — is judged as it is now, and nothing is counted twice or against the wrong
//! token. The test command runs this on SQLite (nothing remembered) and on PostgreSQL.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::burst::{at_once, tally};
use common::*;
use otp_api::totp::TotpParams;
use otp_server::settings::{Limit, MetricsSettings, Throttle};
use otp_server::store::Backend;
use otp_server::{Clock, Settings};
use serde_json::json;

const A: &str = "VSST00000001";
const B: &str = "VSST00000002";

/// Two instances on one fresh database; the demo customer's active token is A, B is in the
/// registry; one login waits for its code, started on the first instance.
async fn waiting_login() -> (Arc<TestApp>, Arc<TestApp>, String) {
    waiting_login_with(Settings::default()).await
}

async fn waiting_login_with(settings: Settings) -> (Arc<TestApp>, Arc<TestApp>, String) {
    // `/metrics` on the public listener, as the tests read it.
    let settings = Settings {
        metrics: MetricsSettings {
            listen: None,
            public: true,
        },
        ..settings
    };
    let one = TestApp::with_settings(settings).await;
    one.provision(A, SECRET_A, TotpParams::default()).await;
    one.provision(B, SECRET_B, TotpParams::default()).await;
    one.activate(A, SECRET_A).await;
    let two = one.second_instance().await;
    let login = one.login(ID, PASSWORD).await;
    assert_eq!(login.json["otp_required"], true, "{}", login.json);
    let cookie = login.cookie().unwrap();
    (Arc::new(one), Arc::new(two), cookie)
}

/// A code that neither A nor B shows around now.
fn wrong_code(app: &TestApp) -> String {
    let params = TotpParams::default();
    let now = app.clock.now() as u64;
    let shown: Vec<String> = [SECRET_A, SECRET_B]
        .iter()
        .flat_map(|s| {
            [now - 60, now - 30, now, now + 30, now + 60]
                .map(|at| otp_api::totp::code_at(s, &params, at))
        })
        .collect();
    (0..)
        .map(|n| format!("{:06}", 123_457 + n * 7919))
        .find(|c| !shown.contains(c))
        .unwrap()
}

async fn send_code(app: &TestApp, cookie: &str, code: &str) -> Answer {
    app.post("/api/v1/login/otp", json!({ "otp": code }), Some(cookie))
        .await
}

async fn failures_of(app: &TestApp, serial: &str) -> i64 {
    app.count_raw(&format!(
        "SELECT consecutive_failures FROM tokens WHERE serial = '{serial}'"
    ))
    .await
}

/// Wrong login codes this instance judged against a remembered token (`/metrics`).
async fn remembered(app: &TestApp) -> u64 {
    let text = app.metrics_text().await;
    text.lines()
        .find_map(|l| l.strip_prefix("otp_login_codes_remembered_total "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no otp_login_codes_remembered_total in\n{text}"))
}

/// On PostgreSQL the instance judges from memory after its first read; SQLite remembers
/// nothing (no hop to save).
fn expected_remembered(app: &TestApp, on_postgres: u64) -> u64 {
    match app.store.backend() {
        Backend::Postgres => on_postgres,
        Backend::Sqlite => 0,
    }
}

#[tokio::test]
async fn wrong_codes_on_both_instances_count_once_each_and_lock_at_the_limit() {
    let (one, two, cookie) = waiting_login().await;
    let max = one.settings.max_otp_failures;
    for i in 1..max {
        let app = if i % 2 == 1 { &one } else { &two };
        let answer = send_code(app, &cookie, &wrong_code(app)).await;
        assert_eq!(answer.code(), "otp_invalid", "{}", answer.json);
        assert_eq!(answer.json["remaining_attempts"], max - i);
    }
    let last = send_code(&one, &cookie, &wrong_code(&one)).await;
    assert_eq!(last.code(), "token_locked");
    assert_eq!(failures_of(&one, A).await, i64::from(max));
    // Locked: the right code is refused on both, and nothing more is counted.
    for app in [&one, &two] {
        assert_eq!(
            app.otp_login(&cookie, SECRET_A).await.code(),
            "token_locked"
        );
    }
    assert_eq!(failures_of(&one, A).await, i64::from(max));
    let audited = one
        .count_raw(
            "SELECT COUNT(*) FROM audit WHERE event = 'login_otp' AND outcome = 'otp_invalid'",
        )
        .await;
    assert_eq!(audited, i64::from(max));
    let notices = one
        .count_raw("SELECT COUNT(*) FROM notifications WHERE event = 'token_locked'")
        .await;
    assert_eq!(notices, 1);
    // Each instance read the session once; the codes after that were judged from memory.
    let (first, second) = (remembered(&one).await, remembered(&two).await);
    assert_eq!(
        first + second,
        expected_remembered(&one, u64::from(max) - 2)
    );
}

#[tokio::test]
async fn a_right_code_after_remembered_wrong_ones_logs_in_and_is_forgotten() {
    let (one, _two, cookie) = waiting_login().await;
    for _ in 0..2 {
        assert_eq!(
            send_code(&one, &cookie, &wrong_code(&one)).await.code(),
            "otp_invalid"
        );
    }
    let ok = one.otp_login(&cookie, SECRET_A).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    assert_eq!(failures_of(&one, A).await, 0);
    // The half-done session is gone: its cookie is refused, remembered or not.
    let after = send_code(&one, &cookie, &wrong_code(&one)).await;
    assert_eq!(after.code(), "unauthenticated");
    assert_eq!(remembered(&one).await, expected_remembered(&one, 1));
}

#[tokio::test]
async fn a_token_switched_behind_the_instances_back_is_judged_as_it_is_now() {
    let (one, _two, cookie) = waiting_login().await;
    assert_eq!(
        send_code(&one, &cookie, &wrong_code(&one)).await.code(),
        "otp_invalid"
    );
    // Another instance (here: the database itself) switches the contract to token B.
    one.execute_raw(&format!(
        "UPDATE tokens SET status = 'retired' WHERE serial = '{A}';
         UPDATE tokens SET status = 'active', contract_id = '{ID}', activated_at = {T0}
           WHERE serial = '{B}'"
    ))
    .await;
    // A wrong code counts against B, never A.
    let wrong = send_code(&one, &cookie, &wrong_code(&one)).await;
    assert_eq!(wrong.code(), "otp_invalid");
    assert_eq!(
        wrong.json["remaining_attempts"],
        one.settings.max_otp_failures - 1
    );
    assert_eq!(
        (failures_of(&one, A).await, failures_of(&one, B).await),
        (1, 1)
    );
    // A's right code no longer logs in; B's does.
    assert_eq!(one.otp_login(&cookie, SECRET_A).await.code(), "otp_invalid");
    assert_eq!(failures_of(&one, A).await, 1);
    let ok = one.otp_login(&cookie, SECRET_B).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
}

#[tokio::test]
async fn a_secret_sealed_again_meanwhile_is_read_again() {
    let (one, two, cookie) = waiting_login().await;
    assert_eq!(
        send_code(&one, &cookie, &wrong_code(&one)).await.code(),
        "otp_invalid"
    );
    assert_eq!(
        send_code(&two, &cookie, &wrong_code(&two)).await.code(),
        "otp_invalid"
    );
    // The operator rotates the key: every sealed secret changes, the serials do not.
    two.store.rotate_key(&two.operator(None)).await.unwrap();
    for app in [&two, &one] {
        let answer = send_code(app, &cookie, &wrong_code(app)).await;
        assert_eq!(answer.code(), "otp_invalid", "{}", answer.json);
    }
    assert_eq!(failures_of(&one, A).await, 4);
    let ok = one.otp_login(&cookie, SECRET_A).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
}

#[tokio::test]
async fn a_waiting_login_ended_on_the_other_instance_counts_nothing_more() {
    let (one, two, cookie) = waiting_login().await;
    assert_eq!(
        send_code(&one, &cookie, &wrong_code(&one)).await.code(),
        "otp_invalid"
    );
    let out = two.post("/api/v1/logout", json!({}), Some(&cookie)).await;
    assert!(out.status.is_success(), "{} {}", out.status, out.json);
    let answer = send_code(&one, &cookie, &wrong_code(&one)).await;
    assert_eq!(answer.code(), "unauthenticated", "{}", answer.json);
    assert_eq!(
        one.otp_login(&cookie, SECRET_A).await.code(),
        "unauthenticated"
    );
    assert_eq!(failures_of(&one, A).await, 1);
}

#[tokio::test]
async fn a_waiting_login_past_its_idle_time_expires_and_counts_nothing() {
    let (one, _two, cookie) = waiting_login().await;
    assert_eq!(
        send_code(&one, &cookie, &wrong_code(&one)).await.code(),
        "otp_invalid"
    );
    one.clock
        .advance(i64::from(one.settings.session_idle_seconds) + 1);
    let answer = send_code(&one, &cookie, &wrong_code(&one)).await;
    assert_eq!(answer.code(), "session_expired", "{}", answer.json);
    assert_eq!(failures_of(&one, A).await, 1);
}

#[tokio::test]
async fn a_token_locked_by_another_login_is_locked_here_too() {
    let (one, two, cookie) = waiting_login().await;
    assert_eq!(
        send_code(&one, &cookie, &wrong_code(&one)).await.code(),
        "otp_invalid"
    );
    // A second login of the same contract, on the other instance, uses up the attempts.
    let other = two.login(ID, PASSWORD).await.cookie().unwrap();
    let mut last = String::new();
    for _ in 1..two.settings.max_otp_failures {
        last = send_code(&two, &other, &wrong_code(&two))
            .await
            .code()
            .to_owned();
    }
    assert_eq!(last, "token_locked");
    let max = i64::from(one.settings.max_otp_failures);
    assert_eq!(failures_of(&one, A).await, max);
    // The first instance still remembers A unlocked: a wrong code and the right one are refused
    // as locked, the refusal audited, nothing counted.
    let before = one
        .count_raw("SELECT COUNT(*) FROM audit WHERE outcome = 'token_locked'")
        .await;
    assert_eq!(
        send_code(&one, &cookie, &wrong_code(&one)).await.code(),
        "token_locked"
    );
    assert_eq!(
        one.otp_login(&cookie, SECRET_A).await.code(),
        "token_locked"
    );
    let after = one
        .count_raw("SELECT COUNT(*) FROM audit WHERE outcome = 'token_locked'")
        .await;
    assert_eq!(after, before + 2);
    assert_eq!(failures_of(&one, A).await, max);
}

#[tokio::test]
async fn a_code_used_by_another_login_is_a_replay_judged_from_memory() {
    let (one, two, cookie) = waiting_login().await;
    let other = two.login(ID, PASSWORD).await.cookie().unwrap();
    let code = one.code(SECRET_A, &TotpParams::default());
    assert_eq!(send_code(&two, &other, &code).await.status, StatusCode::OK);
    // Read (and remembered) after the other login used the code: its step is known as used.
    assert_eq!(
        send_code(&one, &cookie, &wrong_code(&one)).await.code(),
        "otp_invalid"
    );
    let replayed = send_code(&one, &cookie, &code).await;
    assert_eq!(replayed.code(), "otp_invalid", "{}", replayed.json);
    let replays = one
        .count_raw("SELECT COUNT(*) FROM audit WHERE event = 'otp_replay'")
        .await;
    assert_eq!(replays, 1);
    assert_eq!(failures_of(&one, A).await, 2);
    assert_eq!(remembered(&one).await, expected_remembered(&one, 1));
}

#[tokio::test]
async fn a_serial_provisioned_again_with_another_secret_is_judged_by_the_new_one() {
    let (one, _two, cookie) = waiting_login().await;
    assert_eq!(
        send_code(&one, &cookie, &wrong_code(&one)).await.code(),
        "otp_invalid"
    );
    // The serial leaves the registry and comes back with another seed (a re-issued token).
    one.execute_raw(&format!(
        "DELETE FROM procedures; DELETE FROM tokens WHERE serial = '{A}'"
    ))
    .await;
    one.provision(A, SECRET_C, TotpParams::default()).await;
    one.execute_raw(&format!(
        "UPDATE tokens SET status = 'active', contract_id = '{ID}', activated_at = {T0}
           WHERE serial = '{A}'"
    ))
    .await;
    // The new seed's code is right, though the remembered one would judge it wrong.
    let ok = one.otp_login(&cookie, SECRET_C).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    assert_eq!(failures_of(&one, A).await, 0);
}

/// Both instances judging one login's codes from memory, 40 at once.
async fn burst(
    one: &Arc<TestApp>,
    two: &Arc<TestApp>,
    cookie: &str,
    right_at: Option<usize>,
) -> Vec<Answer> {
    let wrong = wrong_code(one);
    let right = one.code(SECRET_A, &TotpParams::default());
    let (one, two, cookie) = (one.clone(), two.clone(), cookie.to_owned());
    at_once(40, move |i| {
        let app = if i % 2 == 0 { one.clone() } else { two.clone() };
        let code = if Some(i) == right_at {
            right.clone()
        } else {
            wrong.clone()
        };
        let cookie = cookie.clone();
        async move { send_code(&app, &cookie, &code).await }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_wrong_codes_on_both_instances_is_counted_only_up_to_the_lock() {
    let (one, two, cookie) = waiting_login().await;
    for app in [&one, &two] {
        assert_eq!(
            send_code(app, &cookie, &wrong_code(app)).await.code(),
            "otp_invalid"
        );
    }
    let answers = burst(&one, &two, &cookie, None).await;
    let counts = tally(&answers);
    let max = one.settings.max_otp_failures as usize;
    // Two counted before the burst; the burst's codes up to the lock, the last one locking;
    // the rest refused as locked or by the throttle (which also holds across instances).
    assert_eq!(counts.get("otp_invalid"), Some(&(max - 3)), "{counts:?}");
    let locked = counts.get("token_locked").copied().unwrap_or(0);
    let throttled = counts.get("rate_limited").copied().unwrap_or(0);
    assert!(locked >= 1, "{counts:?}");
    assert_eq!(locked + throttled, 40 - (max - 3), "{counts:?}");
    assert_eq!(failures_of(&one, A).await, max as i64);
    let audited = one
        .count_raw(
            "SELECT COUNT(*) FROM audit WHERE event = 'login_otp' AND outcome = 'otp_invalid'",
        )
        .await;
    assert_eq!(audited, max as i64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_right_code_amid_a_burst_of_wrong_ones_logs_in_once_and_nothing_is_lost() {
    // Limits above the burst: every code is judged.
    let settings = Settings {
        max_otp_failures: 100,
        throttle: Throttle {
            failures_per_address: Limit::new(1000, 60),
            failures_per_contract: Limit::new(1000, 60),
            ..Throttle::default()
        },
        ..Settings::default()
    };
    let (one, two, cookie) = waiting_login_with(settings).await;
    for app in [&one, &two] {
        assert_eq!(
            send_code(app, &cookie, &wrong_code(app)).await.code(),
            "otp_invalid"
        );
    }
    let answers = burst(&one, &two, &cookie, Some(17)).await;
    let counts = tally(&answers);
    // The right code logs in (the session then ends, so the codes after it are refused as
    // unauthenticated); no deadlock or conflict reaches anyone.
    assert_eq!(answers[17].status, StatusCode::OK, "{}", answers[17].json);
    assert_eq!(counts.get("ok"), Some(&1), "{counts:?}");
    let refused = counts.get("otp_invalid").copied().unwrap_or(0);
    let late = counts.get("unauthenticated").copied().unwrap_or(0);
    assert_eq!(refused + late, 39, "{counts:?}");
    // Every wrong code answered as counted is in the audit trail, and no other.
    let audited = one
        .count_raw(
            "SELECT COUNT(*) FROM audit WHERE event = 'login_otp' AND outcome = 'otp_invalid'",
        )
        .await;
    assert_eq!(audited, refused as i64 + 2);
}
