//! The operator's side of the hardening, through the real binary: demo data never reaches
//! production, keys are rotated, any token can be unlocked, and every change names its
//! operator.

mod common;

use std::io::Read;
use std::path::Path;

use common::binary::{run, spawn_serve};

/// Starts `serve` on `db` with `extra` flags: `Ok(())` once it listens (then stopped), or
/// `Err(stderr)` when it refuses to start.
fn serve(db: &Path, extra: &[&str]) -> Result<(), String> {
    let (mut child, line) = spawn_serve(db, |cmd| {
        cmd.args(extra);
    });
    if line.contains("listening on") {
        child.kill().unwrap();
        child.wait().unwrap();
        return Ok(());
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    Err(err)
}

#[test]
fn a_demo_database_never_serves_without_demo_and_a_real_one_never_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("demo.sqlite3");
    serve(&demo, &["--demo"]).unwrap();
    serve(&demo, &["--demo"]).unwrap();
    let err = serve(&demo, &[]).unwrap_err();
    assert!(
        err.contains("created for the demo") && err.contains("new database"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let real = dir.path().join("real.sqlite3");
    let (ok, _, err) = run(
        &[
            "customer",
            "add",
            "--contract-id",
            "1111111111",
            "--name",
            "佐藤 花子",
        ],
        &real,
        "hanako99\n",
    );
    assert!(ok, "{err}");
    // Real customers in an unmarked database: --demo is refused.
    let err = serve(&real, &["--demo"]).unwrap_err();
    assert!(err.contains("not demo customers"), "{err}");
    serve(&real, &[]).unwrap();
    let err = serve(&real, &["--demo"]).unwrap_err();
    assert!(err.contains("production database"), "{err}");
}

#[test]
fn a_database_served_with_demo_before_it_remembered_is_refused_without_it() {
    // An older release seeded the demo customer without marking the database.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old-demo.sqlite3");
    let (ok, _, err) = run(
        &[
            "customer",
            "add",
            "--contract-id",
            "0123456789",
            "--name",
            "山田 太郎",
        ],
        &db,
        "demo1234\n",
    );
    assert!(ok, "{err}");
    let err = serve(&db, &[]).unwrap_err();
    assert!(err.contains("demo customer"), "{err}");
}

#[test]
fn key_rotate_unlock_by_serial_and_the_operator_in_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let (ok, _, err) = run(
        &[
            "customer",
            "add",
            "--contract-id",
            "2222222222",
            "--name",
            "鍵 交換",
        ],
        &db,
        "rotate12\n",
    );
    assert!(ok, "{err}");
    let (ok, _, err) = run(
        &["token", "provision"],
        &db,
        "VSST00000001,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
    );
    assert!(ok, "{err}");
    let (ok, out, err) = run(&["key", "rotate"], &db, "");
    assert!(ok, "{err}");
    assert!(
        out.contains("key 2 now seals") && out.contains("1 secret(s)"),
        "{out}"
    );
    let key_file = std::fs::read_to_string(dir.path().join("db.key")).unwrap();
    assert!(key_file.contains("\n1:") && key_file.contains("\n2:"));

    let (ok, out, err) = run(&["unlock", "--serial", "VSST00000001"], &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("nothing was locked"), "{out}");
    let (ok, _, err) = run(&["unlock", "--serial", "VSST00000009"], &db, "");
    assert!(
        !ok && err.contains("no token with serial VSST00000009"),
        "{err}"
    );
    let (ok, _, err) = run(&["unlock"], &db, "");
    assert!(!ok && err.contains("--contract-id"), "{err}");

    let (ok, out, _) = run(&["audit"], &db, "");
    assert!(ok);
    let events: Vec<_> = out
        .lines()
        .map(|l| {
            let f: Vec<_> = l.split('\t').collect();
            (f[3].to_owned(), f[5].starts_with("operator:"))
        })
        .collect();
    assert_eq!(
        events,
        [
            ("customer_added".to_owned(), true),
            ("token_provisioned".to_owned(), true),
            ("key_rotated".to_owned(), true),
            ("unlock".to_owned(), true),
        ]
    );
}

#[test]
fn a_named_key_file_is_used_and_its_absence_stops_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let key = dir.path().join("elsewhere.key");
    let (ok, _, err) = run(
        &["token", "provision", "--key-file", key.to_str().unwrap()],
        &db,
        "VSST00000001,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
    );
    assert!(ok, "{err}");
    assert!(key.exists() && !dir.path().join("db.key").exists());
    // Without it, the default key file would be new: refused, the database untouched.
    let (ok, _, err) = run(&["audit"], &db, "");
    assert!(!ok && err.contains("is missing"), "{err}");
}
