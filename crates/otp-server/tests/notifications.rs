//! Notices to the customer: one row for each token registration, exchange, stop, revocation
//! and lock, written in the transaction of the change (and gone with it when it fails).

mod common;

use axum::http::StatusCode;
use common::*;
use otp_api::totp::TotpParams;
use otp_server::store::{Notice, NotificationRow};
use serde_json::json;

const A: &str = "VSST00000001";
const B: &str = "VSST00000002";

async fn app_with_tokens() -> TestApp {
    let app = TestApp::new().await;
    app.provision(A, SECRET_A, TotpParams::default()).await;
    app.provision(B, SECRET_B, TotpParams::default()).await;
    app
}

/// The notices waiting, as (event, old serial, new serial), each for the demo customer.
async fn notices(app: &TestApp) -> Vec<(String, Option<String>, Option<String>)> {
    let rows: Vec<NotificationRow> = app.store.notifications(false).await.unwrap();
    rows.into_iter()
        .map(|r| {
            assert_eq!(r.contract_id, ID);
            assert!(r.at >= T0 && r.taken_at.is_none());
            (r.event, r.old_serial, r.new_serial)
        })
        .collect()
}

fn notice(
    event: Notice,
    old: Option<&str>,
    new: Option<&str>,
) -> (String, Option<String>, Option<String>) {
    (
        event.as_str().to_owned(),
        old.map(str::to_owned),
        new.map(str::to_owned),
    )
}

#[tokio::test]
async fn registration_exchange_stop_and_revocation_each_leave_one_masked_notice() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    assert_eq!(
        notices(&app).await,
        [notice(Notice::TokenRegistered, None, Some("VSST****0001"))]
    );

    let (started, browser) = app.start("exchange", None).await;
    let id = &started.json["id"];
    app.current_token(id, SECRET_A, &browser).await;
    let done = app.new_token(id, B, SECRET_B, &browser).await;
    assert_eq!(done.json["step"], "completed", "{}", done.json);
    app.next_step();
    let exchanged = notice(
        Notice::TokenExchanged,
        Some("VSST****0001"),
        Some("VSST****0002"),
    );
    assert_eq!(notices(&app).await[1], exchanged);

    let (started, browser) = app.start("stop", None).await;
    let id = started.json["id"].as_str().unwrap().to_owned();
    app.current_token(&started.json["id"], SECRET_B, &browser)
        .await;
    let path = format!("/api/v1/procedures/{id}/confirm");
    let done = app.post(&path, json!({}), Some(&browser)).await;
    assert_eq!(done.json["step"], "completed", "{}", done.json);
    assert_eq!(
        notices(&app).await[2],
        notice(Notice::TokenStopped, Some("VSST****0002"), None)
    );

    // The bank revokes a registered token: the customer is told; an unassigned one: nobody.
    app.next_step();
    app.provision("VSST00000003", SECRET_C, TotpParams::default())
        .await;
    app.activate("VSST00000003", SECRET_C).await;
    app.store
        .revoke_token(&app.operator(None), "VSST00000003")
        .await
        .unwrap();
    app.provision("VSST00000004", SECRET_A, TotpParams::default())
        .await;
    app.store
        .revoke_token(&app.operator(None), "VSST00000004")
        .await
        .unwrap();
    let all = notices(&app).await;
    assert_eq!(all.len(), 5, "{all:?}");
    assert_eq!(
        all[4],
        notice(Notice::TokenRevoked, Some("VSST****0003"), None)
    );
    // A notice never holds a whole serial.
    assert!(all.iter().all(|(_, o, n)| {
        [o, n]
            .iter()
            .all(|s| s.as_deref().is_none_or(|s| s.contains("****")))
    }));
}

#[tokio::test]
async fn a_lock_by_passwords_or_by_codes_leaves_one_notice() {
    let app = app_with_tokens().await;
    for _ in 0..app.settings.max_password_failures + 2 {
        app.login(ID, "wrong-pass1").await;
    }
    assert_eq!(
        notices(&app).await,
        [notice(Notice::AccountLocked, None, None)]
    );

    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let login = app.login(ID, PASSWORD).await.cookie().unwrap();
    for _ in 0..app.settings.max_otp_failures + 2 {
        app.post("/api/v1/login/otp", json!({"otp": "000000"}), Some(&login))
            .await;
    }
    let all = notices(&app).await;
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(
        all[1],
        notice(Notice::TokenLocked, Some("VSST****0001"), None)
    );
}

#[tokio::test]
async fn a_refused_or_failed_change_leaves_no_notice() {
    let app = app_with_tokens().await;
    app.activate(A, SECRET_A).await;
    let before = notices(&app).await;

    // Refused: a serial already in use.
    let (started, browser) = app.start("exchange", None).await;
    let id = &started.json["id"];
    app.current_token(id, SECRET_A, &browser).await;
    let refused = app.new_token(id, A, SECRET_A, &browser).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.json);

    // Failed at its last statement: the new serial was withdrawn meanwhile; the notice
    // written in that transaction goes with it.
    let row = app
        .store
        .procedure(id.as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    app.store
        .revoke_token(&app.operator(None), B)
        .await
        .unwrap();
    let mut tx = app.store.begin(&[]).await.unwrap();
    tx.notify(T0, ID, Notice::TokenExchanged, Some(A), Some(B))
        .await
        .unwrap();
    assert!(tx.complete_with_new_token(&row, B, 1, T0).await.is_err());
    drop(tx);
    assert_eq!(notices(&app).await, before);
}

#[tokio::test]
async fn two_exchanges_at_once_leave_one_notice() {
    let app = app_with_tokens().await;
    app.provision("VSST00000003", SECRET_C, TotpParams::default())
        .await;
    app.activate(A, SECRET_A).await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (started, browser) = app.start("exchange", None).await;
        app.current_token(&started.json["id"], SECRET_A, &browser)
            .await;
        app.next_step();
        ids.push((started.json["id"].clone(), browser));
    }
    let (first, second) = tokio::join!(
        app.new_token(&ids[0].0, B, SECRET_B, &ids[0].1),
        app.new_token(&ids[1].0, "VSST00000003", SECRET_C, &ids[1].1),
    );
    let won = [&first, &second]
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    assert_eq!(won, 1, "{} {}", first.json, second.json);
    let exchanged = notices(&app)
        .await
        .into_iter()
        .filter(|n| n.0 == "token_exchanged")
        .count();
    assert_eq!(exchanged, 1);
}
