//! The operator interface, run as the real binary.

use std::io::Write;
use std::process::{Command, Stdio};

fn otp_server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_otp-server"));
    cmd.env_remove("OTP_PORTAL_DATABASE");
    cmd
}

fn add_customer(db: &std::path::Path, id: &str, password: &str) -> std::process::Output {
    let mut child = otp_server()
        .args([
            "customer",
            "add",
            "--contract-id",
            id,
            "--name",
            "佐藤 花子",
            "--database",
        ])
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn customer_add_reads_the_password_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let out = add_customer(&db, "1111111111", "hanako99");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1111111111"));

    let again = add_customer(&db, "1111111111", "hanako99");
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("already exists"));
}

#[test]
fn bad_input_is_one_line_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    for (id, pw, expect) in [
        ("12", "hanako99", "--contract-id"),
        ("1111111111", "short", "password"),
    ] {
        let out = add_customer(&db, id, pw);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expect), "{err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn unreadable_database_path_is_one_line_and_a_non_zero_exit() {
    let out = otp_server()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            "/nonexistent/dir/db.sqlite3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot open database"), "{err}");
}

#[test]
fn bad_flags_are_refused() {
    let out = otp_server()
        .args(["serve", "--listen", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--listen"), "{err}");
    assert!(!err.contains("panicked"));
}
