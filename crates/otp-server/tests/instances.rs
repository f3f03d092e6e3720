//! Two server instances on one database, as behind a load balancer: a customer's consecutive
//! requests go to either, and the same request reaches both at once. Every rule that keeps
//! someone out holds across them (the test command runs this on SQLite and on PostgreSQL).

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::burst::{at_once, tally};
use common::*;
use otp_api::totp::TotpParams;
use otp_server::Settings;
use otp_server::settings::{Limit, Throttle};
use otp_server::store::TokenState;
use serde_json::json;

const A: &str = "VSST00000001";
const B: &str = "VSST00000002";

/// Two instances on one fresh database, with tokens A and B in the registry.
async fn two_instances(settings: Settings) -> (Arc<TestApp>, Arc<TestApp>) {
    let one = TestApp::with_settings(settings).await;
    one.provision(A, SECRET_A, TotpParams::default()).await;
    one.provision(B, SECRET_B, TotpParams::default()).await;
    let two = one.second_instance().await;
    (Arc::new(one), Arc::new(two))
}

/// The instance that takes request `i` (round robin).
fn pick(pair: &(Arc<TestApp>, Arc<TestApp>), i: usize) -> &Arc<TestApp> {
    if i.is_multiple_of(2) {
        &pair.0
    } else {
        &pair.1
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_starting_together_on_a_new_database_all_come_up() {
    let dir = tempfile::tempdir().unwrap();
    let database = test_database(dir.path()).await;
    let key = dir.path().join("test.key");
    otp_server::seal::Keyring::create(&key).unwrap();
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let (database, key) = (database.clone(), key.clone());
            tokio::spawn(async move {
                let store = otp_server::Store::connect(&database, Some(&key)).await?;
                otp_server::demo::check_purpose(&store, true)
                    .await
                    .map_err(anyhow::Error::msg)?;
                otp_server::demo::seed(&store, &Settings::default().argon2, T0).await?;
                anyhow::Ok(store)
            })
        })
        .collect();
    let mut stores = Vec::new();
    for start in starts {
        stores.push(start.await.unwrap().unwrap());
    }
    assert_eq!(stores[0].customer_count().await.unwrap(), 1);
    for store in &stores {
        assert_eq!(store.ready().await, Ok(()));
    }
}

#[tokio::test]
async fn a_session_and_a_procedure_go_on_on_the_other_instance() {
    let (one, two) = two_instances(Settings::default()).await;
    one.activate(A, SECRET_A).await;

    // Login on one, its OTP step on the other, the session seen by both.
    let half = one.login(ID, PASSWORD).await.cookie().unwrap();
    let session = two.otp_login(&half, SECRET_A).await.cookie().unwrap();
    assert_eq!(one.session(&session).await.status, StatusCode::OK);

    // 交換 started on one, each step on the other one in turn.
    one.next_step();
    let (started, browser) = two.start("exchange", None).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.json);
    let id = &started.json["id"];
    let current = one.current_token(id, SECRET_A, &browser).await;
    assert_eq!(current.json["step"], "new_token", "{}", current.json);
    let done = two.new_token(id, B, SECRET_B, &browser).await;
    assert_eq!(done.json["step"], "completed", "{}", done.json);
    let seen = one
        .get(
            &format!("/api/v1/procedures/{}", id.as_str().unwrap()),
            Some(&browser),
        )
        .await;
    assert_eq!(seen.json["step"], "completed");

    // The exchange ended the old token's session everywhere.
    assert_eq!(two.session(&session).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(one.session(&session).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_logout_on_one_instance_ends_the_session_on_the_other() {
    let (one, two) = two_instances(Settings::default()).await;
    let session = one.login(ID, PASSWORD).await.cookie().unwrap();
    assert_eq!(two.session(&session).await.status, StatusCode::OK);
    let out = two.post("/api/v1/logout", json!({}), Some(&session)).await;
    assert!(out.status.is_success(), "{}", out.json);
    assert_eq!(one.session(&session).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_wrong_passwords_on_both_instances_is_judged_only_up_to_the_lock() {
    let pair = two_instances(Settings::default()).await;
    let answers = at_once(40, |i| {
        let app = pick(&pair, i).clone();
        async move {
            let body = json!({"contract_id": ID, "password": "wrong1234"});
            app.post_from(
                &format!("198.51.100.{}", i + 1),
                "/api/v1/login",
                body,
                None,
            )
            .await
        }
    })
    .await;
    let judged = pair.0.passwords.verifications() + pair.1.passwords.verifications();
    let counts = tally(&answers);
    assert!(
        judged <= 5,
        "{judged} judged on the two instances: {counts:?}"
    );
    assert!(counts["account_locked"] >= 1, "{counts:?}");
    let attempts = pair.1.store.login_attempts(ID).await.unwrap();
    assert_eq!(attempts.consecutive_failures, 5);
    // Locked on both: the right password is refused by each, and judged by neither.
    for app in [&pair.0, &pair.1] {
        assert_eq!(app.login(ID, PASSWORD).await.code(), "account_locked");
    }
    assert_eq!(
        pair.0.passwords.verifications() + pair.1.passwords.verifications(),
        judged
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_code_sent_to_both_instances_at_once_is_accepted_once() {
    let (one, two) = two_instances(Settings::default()).await;
    one.activate(A, SECRET_A).await;
    let first = one.login(ID, PASSWORD).await.cookie().unwrap();
    let second = two.login(ID, PASSWORD).await.cookie().unwrap();
    let code = one.code(SECRET_A, &TotpParams::default());
    let send = |app: Arc<TestApp>, cookie: String| {
        let code = code.clone();
        tokio::spawn(async move {
            app.post("/api/v1/login/otp", json!({"otp": code}), Some(&cookie))
                .await
        })
    };
    let (r1, r2) = (send(one.clone(), first), send(two.clone(), second));
    let answers = [r1.await.unwrap(), r2.await.unwrap()];
    let counts = tally(&answers);
    assert_eq!(counts.get("ok"), Some(&1), "{counts:?}");
    assert_eq!(counts.get("otp_invalid"), Some(&1), "{counts:?}");
    let token = two.store.token(A).await.unwrap().unwrap();
    assert_eq!(
        token.consecutive_failures, 1,
        "the replay counts as a wrong code"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_registrations_at_once_on_two_instances_leave_one_active_token() {
    let (one, two) = two_instances(Settings::default()).await;
    let (first, browser_one) = one.start("activate", None).await;
    let (second, browser_two) = two.start("activate", None).await;
    let (id_one, id_two) = (first.json["id"].clone(), second.json["id"].clone());
    let (r1, r2) = tokio::join!(
        tokio::spawn({
            let one = one.clone();
            async move { one.new_token(&id_one, A, SECRET_A, &browser_one).await }
        }),
        tokio::spawn({
            let two = two.clone();
            async move { two.new_token(&id_two, B, SECRET_B, &browser_two).await }
        }),
    );
    let answers = [r1.unwrap(), r2.unwrap()];
    let done = answers
        .iter()
        .filter(|a| a.json["step"] == "completed")
        .count();
    assert_eq!(
        done,
        1,
        "{:?}",
        answers.iter().map(|a| &a.json).collect::<Vec<_>>()
    );
    let refused = answers
        .iter()
        .find(|a| a.json["step"] != "completed")
        .unwrap();
    assert!(
        ["token_already_active", "procedure_superseded"].contains(&refused.code()),
        "{}",
        refused.json
    );
    let active = one.store.active_token(ID).await.unwrap().unwrap();
    let other = if active.serial == A { B } else { A };
    assert_eq!(
        two.store.token(other).await.unwrap().unwrap().status,
        TokenState::Available
    );
}

#[tokio::test]
async fn the_throttle_counts_one_address_across_instances() {
    let settings = Settings {
        throttle: Throttle {
            failures_per_address: Limit::new(6, 1),
            ..Throttle::default()
        },
        ..Settings::default()
    };
    let pair = two_instances(settings).await;
    let mut refused_at = None;
    for i in 0..12 {
        let id = format!("{:010}", 7_000_000_000u64 + i as u64);
        let answer = pick(&pair, i)
            .login_from("203.0.113.7", &id, "wrong1234")
            .await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(answer.code(), "rate_limited");
            refused_at = Some(i);
            break;
        }
        assert_eq!(answer.code(), "invalid_credentials");
    }
    assert_eq!(
        refused_at,
        Some(6),
        "the seventh failure, on either instance, is refused"
    );
}
