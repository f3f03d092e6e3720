//! Data at rest: the database files are private, token secrets never reach them in the clear,
//! and a wrong or missing key is an error at start, never a wrong code accepted later.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use axum::http::StatusCode;
use common::*;
use otp_api::totp::TotpParams;
use otp_server::Store;
use otp_server::store::Audit;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every byte the database keeps on disk: the file, its WAL and its shared memory.
fn raw_bytes(db: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(bytes) = std::fs::read(&name) {
            all.extend(bytes);
        }
    }
    all
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn the_files_are_private_and_hold_no_secret() {
    let app = TestApp::on_sqlite().await;
    app.provision("VSST00000001", SECRET_A, TotpParams::default())
        .await;
    app.activate("VSST00000001", SECRET_A).await;
    let db = app.dir.path().join("test.sqlite3");
    for file in [
        "test.sqlite3",
        "test.sqlite3-wal",
        "test.sqlite3-shm",
        "test.key",
    ] {
        assert_eq!(mode(&app.dir.path().join(file)), 0o600, "{file}");
    }
    // The secret and its base32 form are nowhere in the files, while the server still uses it.
    let base32 = data_encoding::BASE32_NOPAD.encode(SECRET_A);
    let bytes = raw_bytes(&db);
    assert!(contains(&bytes, b"VSST00000001"), "the files were read");
    assert!(!contains(&bytes, SECRET_A));
    assert!(!contains(&bytes, base32.as_bytes()));
    let half = app.login(ID, PASSWORD).await.cookie().unwrap();
    let done = app
        .post(
            "/api/v1/login/otp",
            serde_json::json!({"otp": app.code(SECRET_A, &TotpParams::default())}),
            Some(&half),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK);
}

#[tokio::test]
async fn an_existing_world_readable_database_is_made_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite3");
    Store::open(&db).await.unwrap().close().await;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    Store::open(&db).await.unwrap().close().await;
    assert_eq!(mode(&db), 0o600);
}

/// A database from before sealing: its secrets are sealed at the next start, and nothing of
/// them stays in the file's free space.
#[tokio::test]
async fn secrets_stored_in_the_clear_are_sealed_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    Store::open(&db).await.unwrap().close().await;
    let url = format!("sqlite:{}", db.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query(
        "INSERT INTO tokens (serial, secret, algorithm, digits, period, provisioned_at)
         VALUES ('VSST00000009', ?, 'SHA1', 6, 30, 0)",
    )
    .bind(SECRET_B)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    assert!(contains(&raw_bytes(&db), SECRET_B));
    let store = Store::open(&db).await.unwrap();
    assert_eq!(
        store.token("VSST00000009").await.unwrap().unwrap().secret,
        SECRET_B
    );
    store.close().await;
    assert!(!contains(&raw_bytes(&db), SECRET_B));
}

#[tokio::test]
async fn a_missing_or_wrong_key_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let key = dir.path().join("db.key");
    let store = Store::open(&db).await.unwrap();
    let audit = Audit::default();
    store
        .provision_token(&audit, "VSST00000001", SECRET_A, &TotpParams::default())
        .await
        .unwrap();
    store.close().await;

    let original = std::fs::read(&key).unwrap();
    std::fs::remove_file(&key).unwrap();
    let err = Store::open(&db).await.unwrap_err().to_string();
    assert!(err.contains("is missing") && err.contains("[1]"), "{err}");
    assert!(
        !key.exists(),
        "no new key is made when secrets need the old one"
    );

    // Another key under the same id: refused, naming the key and the token.
    otp_server::seal::Keyring::create(&key).unwrap();
    let err = Store::open(&db).await.unwrap_err().to_string();
    assert!(
        err.contains("does not open") && err.contains("VSST00000001"),
        "{err}"
    );

    // The right key back: it opens again.
    std::fs::write(&key, &original).unwrap();
    let store = Store::open(&db).await.unwrap();
    assert_eq!(
        store.token("VSST00000001").await.unwrap().unwrap().secret,
        SECRET_A
    );
}

#[tokio::test]
async fn rotation_reseals_every_secret_under_the_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let store = Store::open(&db).await.unwrap();
    let audit = Audit::default();
    for (serial, secret) in [("VSST00000001", SECRET_A), ("VSST00000002", SECRET_B)] {
        store
            .provision_token(&audit, serial, secret, &TotpParams::default())
            .await
            .unwrap();
    }
    let before = raw_bytes(&db);
    // Another process's handle, whose keyring only knows key 1.
    let other = Store::open(&db).await.unwrap();
    let (id, count) = store.rotate_key(&audit).await.unwrap();
    assert_eq!((id, count), (2, 2));
    let url = format!("sqlite:{}", db.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT secret_key_id FROM tokens")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(ids, [2]);
    pool.close().await;
    assert_ne!(before, raw_bytes(&db));
    // It reloads the key file when it meets key 2.
    assert_eq!(other.key_ids(), [1]);
    assert_eq!(
        other.token("VSST00000002").await.unwrap().unwrap().secret,
        SECRET_B
    );
    assert_eq!(other.key_ids(), [1, 2]);
    let audit_rows = store.audit_entries(None, None).await.unwrap();
    assert!(audit_rows.iter().any(|r| r.event.as_str() == "key_rotated"
        && r.outcome.as_str() == "ok"
        && r.subject.as_deref() == Some("2")));
}
