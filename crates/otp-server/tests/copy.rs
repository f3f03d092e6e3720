//! `otp-server copy`: a whole database moved into a new one (SQLite into PostgreSQL when the
//! test command names a PostgreSQL server, else into another SQLite file), row for row, and
//! the customers carry on there.

mod common;

use axum::http::StatusCode;
use common::binary::{failed, otp_server, succeeded};
use common::*;
use otp_api::totp::TotpParams;
use otp_server::store::{CopyError, Database, Purpose};
use otp_server::{AppState, Store, app};

const A: &str = "VSST00000001";

#[tokio::test]
async fn a_database_moves_whole_and_its_customers_carry_on() {
    // A SQLite database with a bit of everything: an active token, sessions, a procedure,
    // failed logins and their throttle buckets, the audit trail.
    let old = TestApp::on_sqlite().await;
    old.store.set_purpose(Purpose::Demo).await.unwrap();
    old.provision(A, SECRET_A, TotpParams::default()).await;
    old.provision("VSST00000002", SECRET_B, TotpParams::default())
        .await;
    old.activate(A, SECRET_A).await;
    old.login(ID, "wrong1234").await;
    old.login("9999999999", "wrong1234").await;
    let half = old.login(ID, PASSWORD).await.cookie().unwrap();
    let session = old.otp_login(&half, SECRET_A).await.cookie().unwrap();
    old.start("stop", None).await;
    // A passkey, and a passkey login's challenge waiting for its answer.
    let options = old
        .post(
            "/api/v1/passkeys/options",
            serde_json::json!({}),
            Some(&session),
        )
        .await;
    let (_, made) = authenticator::register(&options.json["publicKey"], authenticator::ORIGIN, 4);
    let body =
        serde_json::json!({"ceremony": options.json["ceremony"], "credential": made, "name": "鍵"});
    let added = old.post("/api/v1/passkeys", body, Some(&session)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.json);
    old.post("/api/v1/login/passkey/options", serde_json::json!({}), None)
        .await;

    let key = old.dir.path().join("test.key");
    let target = test_database(old.dir.path().join("target").as_path()).await;
    if let Database::Sqlite(path) = &target {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    }
    let new = Store::connect(&target, Some(&key)).await.unwrap();
    let counts = old.store.copy_into(&new).await.unwrap();
    println!("copied into {target}: {counts:?}");
    assert_eq!(counts, old.store.row_counts().await.unwrap());
    for table in [
        "customers",
        "tokens",
        "procedures",
        "sessions",
        "audit",
        "throttle",
        "meta",
        "passkey_users",
        "passkeys",
        "passkey_ceremonies",
    ] {
        let n = counts.iter().find(|(t, _)| *t == table).unwrap().1;
        assert!(
            n > 0,
            "{table} was empty in the source: the test copies nothing"
        );
    }

    // The copy serves: the session goes on, the token's code (sealed, copied as it was)
    // checks, a new row gets a fresh audit id.
    let state = AppState::new(new.clone(), old.clock.clone(), old.settings.clone());
    let moved = TestApp {
        router: app(state.clone(), None),
        passwords: state.passwords.clone(),
        store: new.clone(),
        database: target.clone(),
        clock: old.clock.clone(),
        settings: old.settings.clone(),
        dir: tempfile::tempdir().unwrap(),
    };
    assert_eq!(
        moved.get("/api/v1/session", Some(&session)).await.status,
        StatusCode::OK
    );
    moved.next_step();
    let half = moved.login(ID, PASSWORD).await.cookie().unwrap();
    assert_eq!(
        moved.otp_login(&half, SECRET_A).await.status,
        StatusCode::OK
    );
    let trail = new.audit_entries(Some(ID), None).await.unwrap();
    assert!(trail.len() > counts.iter().find(|(t, _)| *t == "audit").unwrap().1 as usize / 2);

    // A database that holds anything is never a target.
    let again = old.store.copy_into(&new).await.unwrap_err();
    assert!(matches!(again, CopyError::NotEmpty("meta", 1)), "{again}");
}

#[tokio::test]
async fn the_copy_command_prints_each_table_and_refuses_a_used_target() {
    let old = TestApp::on_sqlite().await;
    old.provision(A, SECRET_A, TotpParams::default()).await;
    old.activate(A, SECRET_A).await;
    old.store.close().await;
    let source = old.dir.path().join("test.sqlite3");
    let key = old.dir.path().join("test.key");
    let target = test_database(old.dir.path().join("target").as_path()).await;
    if let Database::Sqlite(path) = &target {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    }
    let run = || {
        otp_server()
            .args(["copy", "--from"])
            .arg(&source)
            .arg("--to")
            .arg(target.to_string())
            .arg("--key-file")
            .arg(&key)
            .output()
            .unwrap()
    };
    let stdout = succeeded(&run());
    assert!(stdout.contains("customers: 1\n"), "{stdout}");
    assert!(stdout.contains("tokens: 1\n"), "{stdout}");
    let stderr = failed(&run());
    assert!(stderr.contains("not empty"), "{stderr}");
}
