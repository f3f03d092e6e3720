//! The audit's rows read back typed: an outcome is `ok`, an error code or one of the server's
//! own names, and what the event was about is the row's subject. Rows written before the
//! subject had its column are moved by the migration, on both backends.

mod common;

use std::borrow::Cow;

use common::test_database;
use otp_server::Store;
use otp_server::store::Database;
use sqlx::migrate::Migrator;

/// Old rows (event, outcome as written then) and what they read as now (outcome, subject).
const OLD_ROWS: &[(&str, &str, &str, Option<&str>)] = &[
    ("login", "ok", "ok", None),
    ("login", "invalid_credentials", "invalid_credentials", None),
    (
        "token_registered",
        "VSST00000001",
        "ok",
        Some("VSST00000001"),
    ),
    ("token_released", "VSST00000002", "ok", Some("VSST00000002")),
    (
        "token_provisioned",
        "VSST00000003",
        "ok",
        Some("VSST00000003"),
    ),
    ("token_revoked", "VSST00000004", "ok", Some("VSST00000004")),
    ("procedure_start", "exchange", "ok", Some("exchange")),
    ("procedure_start", "rate_limited", "rate_limited", None),
    ("procedure_completed", "activate", "ok", Some("activate")),
    ("procedure_expired", "stop", "ok", Some("stop")),
    (
        "procedure_new_token",
        "otp_invalid VSST00000005",
        "otp_invalid",
        Some("VSST00000005"),
    ),
    ("key_rotated", "key 3", "ok", Some("3")),
    ("unlock", "unlocked", "unlocked", None),
    (
        "unlock",
        "VSST00000001 unlocked",
        "unlocked",
        Some("VSST00000001"),
    ),
    (
        "unlock",
        "VSST00000001 nothing_locked",
        "nothing_locked",
        Some("VSST00000001"),
    ),
    (
        "throttled",
        "Login fail:addr:203.0.113.7",
        "rate_limited",
        Some("Login fail:addr:203.0.113.7"),
    ),
    (
        "throttled",
        "demo_tokens_max",
        "rate_limited",
        Some("demo_tokens_max"),
    ),
    ("passkey_added", "Ab3-x_Yz09", "ok", Some("Ab3-x_Yz09")),
    ("passkey_added", "passkey_limit", "passkey_limit", None),
    ("passkey_removed", "possible_clone", "possible_clone", None),
    (
        "passkey_renamed",
        "rename_me_id",
        "ok",
        Some("rename_me_id"),
    ),
    ("sessions_ended", "account_locked", "account_locked", None),
    ("sessions_ended", "session_limit", "session_limit", None),
    ("login_otp", "otp_invalid", "otp_invalid", None),
];

fn url(database: &Database) -> String {
    match database {
        Database::Sqlite(path) => format!("sqlite://{}?mode=rwc", path.display()),
        Database::Postgres(url) => url.clone(),
    }
}

#[tokio::test]
async fn rows_written_before_the_subject_column_read_back_typed() {
    let dir = tempfile::tempdir().unwrap();
    let database = test_database(dir.path()).await;
    let key = dir.path().join("test.key");
    otp_server::seal::Keyring::create(&key).unwrap();

    // The schema as the release before this one left it, with rows as it wrote them.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url(&database)).await.unwrap();
    let all = database.backend().migrator();
    let before = Migrator {
        migrations: Cow::Owned(
            all.migrations
                .iter()
                .filter(|m| m.version < 7)
                .cloned()
                .collect(),
        ),
        ..Migrator::DEFAULT
    };
    before.run(&pool).await.unwrap();
    for (i, (event, outcome, _, _)) in OLD_ROWS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO audit (at, contract_id, client_addr, event, outcome)
             VALUES ($1, '0123456789', '203.0.113.7', $2, $3)",
        )
        .bind(1_000 + i as i64)
        .bind(*event)
        .bind(*outcome)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    // The server migrates as it opens the store; every row reads back, subject apart.
    let store = Store::connect(&database, Some(&key)).await.unwrap();
    let rows = store.audit_entries(None, None).await.unwrap();
    let read: Vec<_> = rows
        .iter()
        .map(|r| (r.event.as_str(), r.outcome.as_str(), r.subject.as_deref()))
        .collect();
    let expected: Vec<_> = OLD_ROWS
        .iter()
        .map(|&(event, _, outcome, subject)| (event, outcome, subject))
        .collect();
    assert_eq!(read, expected);
}

#[tokio::test]
async fn a_row_with_an_outcome_this_version_does_not_know_is_an_error_not_a_guess() {
    let app = common::TestApp::new().await;
    app.execute_raw(
        "INSERT INTO audit (at, contract_id, event, outcome)
         VALUES (1, '0123456789', 'login', 'ok maybe')",
    )
    .await;
    let err = app.store.audit_entries(None, None).await.unwrap_err();
    assert!(err.to_string().contains("column outcome"), "{err}");
}
