//! The rules that keep an attacker out, tried as an attacker would: concurrent bursts on a
//! multi-threaded runtime, many addresses and contract IDs, forged headers, replays. Each test
//! counts what was judged (argon2 verifications, counted attempts), not only what was answered.

mod common;

use common::burst::{at_once, tally};
use std::sync::Arc;

use axum::http::StatusCode;
use common::*;
use otp_server::Settings;
use otp_server::settings::{Limit, Lockout, Throttle};
use serde_json::json;

/// `n` logins at once, from `n` different addresses (so only the contract's rules apply).
async fn burst(
    app: &Arc<TestApp>,
    n: usize,
    id: &str,
    password: impl Fn(usize) -> String,
) -> Vec<Answer> {
    at_once(n, |i| {
        let (app, id, pw) = (app.clone(), id.to_owned(), password(i));
        async move {
            app.login_from(&format!("198.51.100.{}", i % 250 + 1), &id, &pw)
                .await
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_wrong_passwords_is_judged_at_most_up_to_the_lock() {
    let app = Arc::new(TestApp::new().await);
    let answers = burst(&app, 40, ID, |_| "wrong1234".to_owned()).await;
    let judged = app.passwords.verifications();
    let counts = tally(&answers);
    assert!(judged <= 5, "{judged} attempts were judged: {counts:?}");
    assert_eq!(counts.get("ok"), None);
    assert!(counts["account_locked"] >= 1, "{counts:?}");
    // The right password after the slots are gone is refused, and costs nothing.
    let right = app.login(ID, PASSWORD).await;
    assert_eq!(right.code(), "account_locked");
    assert_eq!(app.passwords.verifications(), judged);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_right_password_hidden_in_a_burst_never_makes_more_than_the_threshold_judged() {
    let app = Arc::new(TestApp::new().await);
    let answers = burst(&app, 30, ID, |i| {
        if i == 29 { PASSWORD } else { "wrong1234" }.to_owned()
    })
    .await;
    let judged = app.passwords.verifications();
    let counts = tally(&answers);
    // Either the right password was among the judged ones, or it was refused: never judged
    // beyond the slots.
    let logged_in = counts.get("ok").copied().unwrap_or(0);
    assert!(logged_in <= 1, "{counts:?}");
    if logged_in == 0 {
        assert!(judged <= 5, "{judged} judged: {counts:?}");
    } else {
        // It held one of the five slots, so at most four wrong ones were judged before it;
        // a right password ends the run of consecutive failures (as it does one attempt at a
        // time), so the burst's rest meets the threshold anew: at most five more.
        assert!(judged <= 1 + 4 + 5, "{judged} judged: {counts:?}");
        assert!(
            counts.get("invalid_credentials").copied().unwrap_or(0) <= 9,
            "{counts:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_wrong_codes_locks_the_token_after_exactly_the_threshold() {
    let app = Arc::new(TestApp::new().await);
    app.provision("VSST00000001", SECRET_A, Default::default())
        .await;
    app.activate("VSST00000001", SECRET_A).await;
    let half = app.login(ID, PASSWORD).await.cookie().unwrap();
    let answers = at_once(30, |i| {
        let (app, half) = (app.clone(), half.clone());
        async move {
            app.post_from(
                &format!("198.51.100.{}", i + 1),
                "/api/v1/login/otp",
                json!({"otp": format!("{:06}", 100_000 + i)}),
                Some(&half),
            )
            .await
        }
    })
    .await;
    let counts = tally(&answers);
    let judged = counts.get("otp_invalid").unwrap_or(&0);
    assert!(*judged <= 4, "{counts:?}");
    let token = app.store.token("VSST00000001").await.unwrap().unwrap();
    assert!(token.locked(), "{counts:?}");
    assert_eq!(token.consecutive_failures, 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_address_spraying_unknown_ids_is_throttled_before_hashing() {
    let app = Arc::new(TestApp::new().await);
    let answers = at_once(120, |i| {
        let app = app.clone();
        async move {
            let id = format!("{:010}", 7_000_000_000u64 + i as u64);
            app.login_from("203.0.113.7", &id, "wrong1234").await
        }
    })
    .await;
    let counts = tally(&answers);
    let burst = Throttle::default().failures_per_address.burst as usize;
    assert_eq!(counts["invalid_credentials"], burst, "{counts:?}");
    assert_eq!(counts["rate_limited"], 120 - burst, "{counts:?}");
    assert_eq!(app.passwords.verifications(), burst as u64);
    let limited = answers.iter().find(|a| a.code() == "rate_limited").unwrap();
    let wait: u32 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(limited.json["retry_after_seconds"], wait);
    assert!((1..=60).contains(&wait), "{wait}");
    // A forged X-Forwarded-For from an untrusted peer changes nothing.
    let forged = app
        .send_from(
            "203.0.113.7",
            axum::http::Request::post("/api/v1/login")
                .header("content-type", "application/json")
                .header("x-forwarded-for", "192.0.2.99")
                .body(axum::body::Body::from(
                    json!({"contract_id": "7999999999", "password": "wrong1234"}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.code(), "rate_limited");
    // Another address is not affected, and the bucket leaks: a minute later one more fits.
    assert_eq!(
        app.login_from("203.0.113.8", ID, PASSWORD).await.status,
        StatusCode::OK
    );
    app.clock.advance(60);
    assert_eq!(
        app.login_from("203.0.113.7", "7999999998", "wrong1234")
            .await
            .code(),
        "invalid_credentials"
    );
}

#[tokio::test]
async fn honest_customers_behind_one_address_are_never_throttled_for_logging_in() {
    let app = TestApp::new().await;
    for _ in 0..60 {
        assert_eq!(
            app.login_from("192.0.2.1", ID, PASSWORD).await.status,
            StatusCode::OK
        );
    }
    // A few typos among them count, but the right passwords around them do not.
    for _ in 0..8 {
        app.login_from("192.0.2.1", ID, "wrong1234").await;
        assert_eq!(
            app.login_from("192.0.2.1", ID, PASSWORD).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn many_addresses_against_one_contract_meet_the_contract_limit() {
    // A bank with a high lock threshold still has the per-contract throttle (ASVS 2.2.1).
    let app = TestApp::with_settings(Settings {
        max_password_failures: 1000,
        ..Settings::default()
    })
    .await;
    let burst = Throttle::default().failures_per_contract.burst;
    for i in 0..burst {
        let a = app
            .login_from(&format!("198.51.100.{}", i + 1), ID, "wrong1234")
            .await;
        assert_eq!(a.code(), "invalid_credentials", "{i}");
    }
    let next = app.login_from("198.51.100.200", ID, "wrong1234").await;
    assert_eq!(next.code(), "rate_limited");
    // The customer's own success does not reset this count (it is not the lock's).
    assert_eq!(
        app.login_from("198.51.100.201", ID, PASSWORD).await.code(),
        "rate_limited"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_counts_and_is_audited() {
    let app = TestApp::with_settings(Settings {
        trusted_proxies: otp_server::client_addr::parse_list("10.0.0.0/8").unwrap(),
        throttle: Throttle {
            failures_per_address: Limit::new(2, 60),
            ..Throttle::default()
        },
        ..Settings::default()
    })
    .await;
    let via_proxy = |client: &str, id: &str| {
        axum::http::Request::post("/api/v1/login")
            .header("content-type", "application/json")
            .header("x-forwarded-for", format!("6.6.6.6, {client}"))
            .body(axum::body::Body::from(
                json!({"contract_id": id, "password": "wrong1234"}).to_string(),
            ))
            .unwrap()
    };
    for id in ["1000000001", "1000000002"] {
        let a = app
            .send_from("10.0.0.2", via_proxy("198.51.100.1", id))
            .await;
        assert_eq!(a.code(), "invalid_credentials");
    }
    let third = app
        .send_from("10.0.0.2", via_proxy("198.51.100.1", "1000000003"))
        .await;
    assert_eq!(third.code(), "rate_limited");
    // Another client behind the same proxy has its own bucket.
    let other = app
        .send_from("10.0.0.2", via_proxy("198.51.100.2", "1000000004"))
        .await;
    assert_eq!(other.code(), "invalid_credentials");
    let audit = app
        .store
        .audit_entries(Some("1000000001"), None)
        .await
        .unwrap();
    assert_eq!(audit[0].client_addr.as_deref(), Some("198.51.100.1"));
}

#[tokio::test]
async fn a_temporary_lock_ends_by_itself_with_a_growing_wait() {
    let app = TestApp::with_settings(Settings {
        lockout: Lockout::Temporary {
            first_wait_seconds: 60,
            max_wait_seconds: 90,
        },
        // This test is about the lock, not the per-contract throttle.
        throttle: Throttle {
            failures_per_contract: Limit::new(100, 100),
            ..Throttle::default()
        },
        ..Settings::default()
    })
    .await;
    for _ in 0..4 {
        app.login(ID, "wrong1234").await;
    }
    let locked = app.login(ID, "wrong1234").await;
    assert_eq!(locked.code(), "account_locked");
    assert_eq!(locked.json["retry_after_seconds"], 60);
    assert_eq!(locked.headers["retry-after"], "60");
    assert_eq!(app.login(ID, PASSWORD).await.code(), "account_locked");
    app.clock.advance(61);
    for _ in 0..5 {
        app.login(ID, "wrong1234").await;
    }
    // The second lock waits longer (capped at the maximum).
    let again = app.login(ID, PASSWORD).await;
    assert_eq!(again.json["retry_after_seconds"], 90);
    app.clock.advance(91);
    assert_eq!(app.login(ID, PASSWORD).await.status, StatusCode::OK);
}

#[tokio::test]
async fn hashing_beyond_its_slots_is_refused_and_never_counts() {
    let app = Arc::new(
        TestApp::with_settings(Settings {
            argon2: otp_server::settings::Argon2Params {
                slots: 1,
                queue_max: 0,
                ..Default::default()
            },
            ..Settings::default()
        })
        .await,
    );
    let answers = burst(&app, 12, ID, |_| "wrong1234".to_owned()).await;
    let counts = tally(&answers);
    let busy: Vec<_> = answers
        .iter()
        .filter(|a| a.code() == "service_unavailable")
        .collect();
    assert!(!busy.is_empty(), "{counts:?}");
    assert!(busy.iter().all(|a| a.headers["retry-after"] == "2"));
    // Only judged attempts count toward the lock.
    let judged = app.passwords.verifications() as i64;
    let attempts = app.store.login_attempts(ID).await.unwrap();
    assert_eq!(attempts.consecutive_failures, judged.min(5), "{counts:?}");
}

#[tokio::test]
async fn new_procedures_are_throttled_per_contract() {
    let app = TestApp::new().await;
    let burst = Throttle::default().starts_per_contract.burst;
    for i in 0..burst {
        let (a, _) = app.start("activate", None).await;
        assert_eq!(a.status, StatusCode::CREATED, "{i}: {}", a.json);
    }
    let (refused, _) = app.start("activate", None).await;
    assert_eq!(refused.code(), "rate_limited");
    assert!(refused.json["retry_after_seconds"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn demo_tokens_are_throttled_and_capped() {
    let app = TestApp::with_settings(Settings {
        demo: true,
        throttle: Throttle {
            demo_tokens_max: 25,
            ..Throttle::default()
        },
        ..Settings::default()
    })
    .await;
    let burst = Throttle::default().demo_tokens_per_address.burst;
    let demo_token = |ip| app.post_from(ip, "/api/v1/demo/tokens", json!({}), None);
    for _ in 0..burst {
        assert_eq!(demo_token("192.0.2.1").await.status, StatusCode::CREATED);
    }
    assert_eq!(demo_token("192.0.2.1").await.code(), "rate_limited");
    for _ in burst..25 {
        assert_eq!(demo_token("192.0.2.2").await.status, StatusCode::CREATED);
    }
    // The cap is reached: the demo is closed to everyone, but only until the unregistered
    // tokens' ten minutes are up, and the answer says when that is.
    let refused = demo_token("192.0.2.3").await;
    assert_eq!(refused.code(), "rate_limited");
    assert_eq!(refused.json["retry_after_seconds"], 600);
    app.clock.advance(300);
    let refused = demo_token("192.0.2.3").await;
    assert_eq!(refused.json["retry_after_seconds"], 300, "{}", refused.json);
    app.clock.advance(301);
    let again = app
        .post_from("192.0.2.3", "/api/v1/demo/tokens", json!({}), None)
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_flood_of_demo_tokens_never_removes_a_registered_one() {
    let app = TestApp::with_settings(Settings {
        demo: true,
        throttle: Throttle {
            demo_tokens_max: 3,
            ..Throttle::default()
        },
        ..Settings::default()
    })
    .await;
    let token = app
        .post_from("192.0.2.1", "/api/v1/demo/tokens", json!({}), None)
        .await;
    let serial = token.json["serial"].as_str().unwrap().to_owned();
    let secret = data_encoding::BASE32_NOPAD
        .decode(token.json["secret"].as_str().unwrap().as_bytes())
        .unwrap();
    app.activate(&serial, &secret).await;
    for i in 0..3 {
        let ip = format!("192.0.2.{}", 10 + i);
        let made = app
            .post_from(&ip, "/api/v1/demo/tokens", json!({}), None)
            .await;
        assert_eq!(made.status, StatusCode::CREATED);
    }
    app.clock.advance(601);
    // The three unregistered ones go for the next visitor; the customer's token stays.
    let next = app
        .post_from("192.0.2.20", "/api/v1/demo/tokens", json!({}), None)
        .await;
    assert_eq!(next.status, StatusCode::CREATED);
    let registered = app.store.token(&serial).await.unwrap().unwrap();
    assert_eq!(registered.contract_id.as_deref(), Some(ID));
}

/// A client that hangs up while its password is being hashed neither escapes the count nor
/// holds the contract's slots (which would refuse its owner for a minute).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attempts_whose_clients_hang_up_are_still_judged_and_counted() {
    let app = Arc::new(TestApp::new().await);
    for i in 0..5 {
        let dropped = tokio::time::timeout(
            std::time::Duration::from_millis(1),
            app.login_from(&format!("198.51.100.{}", i + 1), ID, "wrong1234"),
        )
        .await;
        assert!(dropped.is_err(), "the request should still be hashing");
    }
    for _ in 0..500 {
        if app
            .store
            .login_attempts(ID)
            .await
            .unwrap()
            .locked_at
            .is_some()
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(app.passwords.verifications(), 5);
    assert_eq!(app.login(ID, PASSWORD).await.code(), "account_locked");
}
