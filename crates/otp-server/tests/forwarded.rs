//! Behind the bank's proxy: the address `X-Forwarded-For` names is the one the throttle counts
//! and the audit records, whatever a client writes in front of it, and however the proxy
//! writes it (ports, IPv6 in brackets, many hops).

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use otp_server::Settings;
use otp_server::settings::{Limit, Throttle};
use serde_json::json;

const PROXY: &str = "10.0.0.2";

/// A server behind proxies in 10.0.0.0/8 that refuses the third wrong password from one
/// address (any contract).
async fn behind_a_proxy() -> TestApp {
    TestApp::with_settings(Settings {
        trusted_proxies: otp_server::client_addr::parse_list("10.0.0.0/8").unwrap(),
        throttle: Throttle {
            failures_per_address: Limit::new(2, 1),
            ..Throttle::default()
        },
        ..Settings::default()
    })
    .await
}

/// A wrong password for `id` through the proxy, with `forwarded` as the header(s) it passed on.
async fn wrong_login(app: &TestApp, forwarded: &[&[u8]], id: &str) -> String {
    let mut request = Request::post("/api/v1/login").header("content-type", "application/json");
    for value in forwarded {
        request = request.header("x-forwarded-for", *value);
    }
    let body = json!({"contract_id": id, "password": "wrong1234"}).to_string();
    let answer = app
        .send_from(PROXY, request.body(Body::from(body)).unwrap())
        .await;
    answer.code().to_owned()
}

/// Three wrong passwords with `forwarded`: the third must be refused (one client, one bucket).
async fn third_is_refused(app: &TestApp, forwarded: &[&[u8]], first_id: u64) {
    let codes: Vec<String> = three_wrong_logins(app, forwarded, first_id).await;
    assert_eq!(
        codes,
        ["invalid_credentials", "invalid_credentials", "rate_limited"],
        "{:?}",
        forwarded
            .iter()
            .map(|v| String::from_utf8_lossy(v))
            .collect::<Vec<_>>()
    );
}

async fn three_wrong_logins(app: &TestApp, forwarded: &[&[u8]], first_id: u64) -> Vec<String> {
    let mut codes = Vec::new();
    for i in 0..3 {
        codes.push(wrong_login(app, forwarded, &format!("{:010}", first_id + i)).await);
    }
    codes
}

/// The client address the audit recorded for contract `id`.
async fn audited_client(app: &TestApp, id: u64) -> Option<String> {
    let rows = app
        .store
        .audit_entries(Some(&format!("{id:010}")), None)
        .await
        .unwrap();
    rows[0].client_addr.clone()
}

#[tokio::test]
async fn a_bogus_entry_in_front_never_hides_the_client() {
    let app = behind_a_proxy().await;
    let cases: [&[&[u8]]; 5] = [
        &[b"bogus, 198.51.100.1"],
        &[b"999.999.1.1, 198.51.100.2"],
        &[b"1.2.3.4:99999, 198.51.100.3"],
        // Two headers: the client's and the proxy's.
        &[b"not an address", b"198.51.100.4"],
        // Bytes that are not text in front of what the proxy appended.
        &[b"\xff\xfe, 198.51.100.5"],
    ];
    for (n, forwarded) in cases.iter().enumerate() {
        let first = 1_000_000_000 + 10 * n as u64;
        third_is_refused(&app, forwarded, first).await;
        let client = format!("198.51.100.{}", n + 1);
        assert_eq!(audited_client(&app, first).await, Some(client));
    }
}

#[tokio::test]
async fn a_proxy_that_writes_ports_keeps_its_customers_apart() {
    let app = behind_a_proxy().await;
    third_is_refused(&app, &[b"198.51.100.1:50001"], 2_000_000_000).await;
    // The same client from another port is the same client.
    assert_eq!(
        wrong_login(&app, &[b"198.51.100.1:50002"], "2000000009").await,
        "rate_limited"
    );
    // Another customer behind the same proxy is not refused.
    third_is_refused(&app, &[b"198.51.100.2:50001"], 2_000_000_010).await;
    assert_eq!(
        audited_client(&app, 2_000_000_010).await.as_deref(),
        Some("198.51.100.2")
    );
    // IPv6 with a port, counted by its /64 like any IPv6 client.
    third_is_refused(&app, &[b"[2001:db8:1:2::7]:443"], 2_000_000_020).await;
    assert_eq!(
        wrong_login(&app, &[b"[2001:db8:1:2::9]:443"], "2000000029").await,
        "rate_limited"
    );
    assert_eq!(
        wrong_login(&app, &[b"[2001:db8:1:3::7]:443"], "2000000030").await,
        "invalid_credentials"
    );
    assert_eq!(
        audited_client(&app, 2_000_000_020).await.as_deref(),
        Some("2001:db8:1:2::7")
    );
}

#[tokio::test]
async fn many_hops_and_only_trusted_hops() {
    let app = behind_a_proxy().await;
    let hops: Vec<String> = (1..=40).map(|i| format!("10.0.{i}.1")).collect();
    let chain = format!("6.6.6.6, 198.51.100.9, {}", hops.join(", "));
    third_is_refused(&app, &[chain.as_bytes()], 3_000_000_000).await;
    assert_eq!(
        audited_client(&app, 3_000_000_000).await.as_deref(),
        Some("198.51.100.9")
    );
    // Only proxies: the leftmost is the client (an internal machine).
    third_is_refused(&app, &[b"10.9.9.9, 10.0.0.3"], 3_000_000_010).await;
    assert_eq!(
        audited_client(&app, 3_000_000_010).await.as_deref(),
        Some("10.9.9.9")
    );
}

#[tokio::test]
async fn an_entry_the_proxy_wrote_that_does_not_parse_is_unknown_never_the_proxy() {
    let app = behind_a_proxy().await;
    third_is_refused(&app, &[b"198.51.100.1, garbage"], 4_000_000_000).await;
    assert_eq!(
        audited_client(&app, 4_000_000_000).await.as_deref(),
        Some("unknown")
    );
    // The proxy's own bucket (its requests without a header) is untouched.
    assert_eq!(
        wrong_login(&app, &[], "4000000010").await,
        "invalid_credentials"
    );
    assert_eq!(
        audited_client(&app, 4_000_000_010).await.as_deref(),
        Some(PROXY)
    );
}
