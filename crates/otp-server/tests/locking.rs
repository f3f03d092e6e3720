//! What write transactions serialise on: one contract's read-then-write paths and one serial's
//! registration, nothing else. On PostgreSQL two customers' transactions never wait for each
//! other, while two on one contract, on two instances, take turns; the locks are taken in one
//! order whatever the order a caller names them in. SQLite keeps its single writer. The test
//! command runs this on both.

mod common;

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use common::*;
use otp_server::Settings;
use otp_server::store::{Backend, Lock};
use serde_json::json;

const A: &str = "VSST00000001";
const B: &str = "VSST00000002";
const C: &str = "VSST00000003";
const OTHER: &str = "2222222222";
const OTHER_PASSWORD: &str = "other123";

/// Two instances on one database with tokens A, B, C and a second customer.
async fn two_instances() -> (Arc<TestApp>, Arc<TestApp>) {
    let one = TestApp::new().await;
    for (serial, secret) in [(A, SECRET_A), (B, SECRET_B), (C, SECRET_C)] {
        one.provision(serial, secret, Default::default()).await;
    }
    let hash = otp_server::password::hash(&Settings::default().argon2, OTHER_PASSWORD.into())
        .await
        .unwrap();
    one.store
        .add_customer(&one.operator(Some(OTHER)), "別 顧客", &hash)
        .await
        .unwrap();
    let two = one.second_instance().await;
    (Arc::new(one), Arc::new(two))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_customers_never_wait_for_each_other_one_contract_takes_turns() {
    let (one, two) = two_instances().await;
    let held = one.store.begin(&[Lock::Contract(ID)]).await.unwrap();
    // The same contract on the other instance waits for the first to end.
    let same = tokio::spawn({
        let two = two.clone();
        async move { two.store.begin(&[Lock::Contract(ID)]).await.map(|_| ()) }
    });
    match one.store.backend() {
        Backend::Postgres => {
            // Another customer's transaction is not held up (ten seconds is only the bound
            // of a slow machine; it takes milliseconds).
            let other = tokio::time::timeout(
                Duration::from_secs(10),
                two.store.begin(&[Lock::Contract(OTHER)]),
            )
            .await;
            let other = other
                .expect("another contract's transaction waited")
                .unwrap();
            other.commit().await.unwrap();
            // It answered while the first still holds its contract: the second one waits.
            assert!(!same.is_finished());
            tokio::time::sleep(Duration::from_millis(300)).await;
            assert!(!same.is_finished(), "the same contract did not wait");
        }
        // One writer: everyone waits for it, as before.
        Backend::Sqlite => assert!(!same.is_finished()),
    }
    held.commit().await.unwrap();
    same.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn locks_named_in_any_order_never_deadlock() {
    let (one, two) = two_instances().await;
    // Half name the contract first, half the serial: taken in the given order, pairs of
    // them would deadlock (PostgreSQL would abort one with 40P01).
    let runs: Vec<_> = (0..60)
        .map(|i| {
            let app = if i % 2 == 0 { one.clone() } else { two.clone() };
            tokio::spawn(async move {
                let (contract, serial) = (Lock::Contract(ID), Lock::Serial(A));
                let order = if i % 2 == 0 {
                    [contract, serial]
                } else {
                    [serial, contract]
                };
                let mut tx = app.store.begin(&order).await?;
                tx.audit(
                    &app.operator(Some(ID)),
                    otp_server::store::AuditEvent::Unlock,
                    otp_server::store::Outcome::NothingLocked,
                )
                .await?;
                tokio::task::yield_now().await;
                tx.commit().await
            })
        })
        .collect();
    for run in runs {
        run.await.unwrap().unwrap();
    }
}

/// A procedure of `kind` for (`id`, `password`) on `app`, taken to its last step.
async fn to_last_step(app: &TestApp, kind: &str, id: &str, password: &str) -> (String, String) {
    let body = json!({"kind": kind, "contract_id": id, "password": password});
    let started = app.post("/api/v1/procedures", body, None).await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.json);
    let browser = started.cookie().unwrap();
    let pid = started.json["id"].as_str().unwrap().to_owned();
    if kind != "activate" {
        let current = app.current_token(&json!(pid), SECRET_A, &browser).await;
        assert_eq!(current.status, StatusCode::OK, "{}", current.json);
        app.next_step();
    }
    (pid, browser)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_exchange_and_a_stop_of_one_contract_on_two_instances_leave_it_whole() {
    let (one, two) = two_instances().await;
    one.activate(A, SECRET_A).await;
    let (exchange, exchange_browser) = to_last_step(&one, "exchange", ID, PASSWORD).await;
    let (stop, stop_browser) = to_last_step(&two, "stop", ID, PASSWORD).await;
    let code_b = one.code(SECRET_B, &Default::default());
    let (new_token, confirm) = (
        format!("/api/v1/procedures/{exchange}/new-token"),
        format!("/api/v1/procedures/{stop}/confirm"),
    );
    let (exchanged, stopped) = tokio::join!(
        one.post(
            &new_token,
            json!({"serial": B, "otp": code_b}),
            Some(&exchange_browser),
        ),
        two.post(&confirm, json!({}), Some(&stop_browser)),
    );
    let won: Vec<_> = [&exchanged, &stopped]
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .map(|a| a.json["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(won.len(), 1, "{} / {}", exchanged.json, stopped.json);
    let lost = if won[0] == "exchange" {
        &stopped
    } else {
        &exchanged
    };
    assert_eq!(lost.code(), "procedure_superseded", "{}", lost.json);
    // Exactly one active token (B) after the exchange, none after the stop.
    let active = one.store.active_token(ID).await.unwrap();
    match won[0].as_str() {
        "exchange" => assert_eq!(active.map(|t| t.serial).as_deref(), Some(B)),
        _ => assert!(active.is_none()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_serial_registered_by_two_contracts_at_once_goes_to_one() {
    let (one, two) = two_instances().await;
    let (mine, my_browser) = to_last_step(&one, "activate", ID, PASSWORD).await;
    let (theirs, their_browser) = to_last_step(&two, "activate", OTHER, OTHER_PASSWORD).await;
    let code = one.code(SECRET_C, &Default::default());
    let (path_mine, path_theirs) = (
        format!("/api/v1/procedures/{mine}/new-token"),
        format!("/api/v1/procedures/{theirs}/new-token"),
    );
    let body = json!({"serial": C, "otp": code});
    let (first, second) = tokio::join!(
        one.post(&path_mine, body.clone(), Some(&my_browser)),
        two.post(&path_theirs, body, Some(&their_browser)),
    );
    let statuses = [first.status, second.status];
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{} / {}",
        first.json,
        second.json
    );
    let lost = if first.status == StatusCode::OK {
        &second
    } else {
        &first
    };
    // The loser's code was taken by the winner (a replay now), or the serial is no longer free.
    assert!(
        ["serial_unavailable", "otp_invalid"].contains(&lost.code()),
        "{}",
        lost.json
    );
    let owner = one
        .store
        .token(C)
        .await
        .unwrap()
        .unwrap()
        .contract_id
        .unwrap();
    let winner = if first.status == StatusCode::OK {
        ID
    } else {
        OTHER
    };
    assert_eq!(owner, winner);
}
