//! The operator interface, run as the real binary.

mod common;

use common::binary::{SOMEONE_ELSE, TestDb, failed, os_account, otp_server, run_on, succeeded};

/// `customer add` with the password on stdin: (success, stdout, stderr).
fn add_customer(db: &TestDb, id: &str, password: &str) -> (bool, String, String) {
    let args = [
        "customer",
        "add",
        "--contract-id",
        id,
        "--name",
        "佐藤 花子",
    ];
    run_on(&args, db, &format!("{password}\n"))
}

/// The command stopped with exit status 1 and one line on standard error naming `what`.
fn refused_in_one_line(out: &std::process::Output, what: &str) {
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(what), "{err}");
}

#[test]
fn customer_add_reads_the_password_from_stdin() {
    let db = TestDb::new();
    let (ok, out, err) = add_customer(&db, "1111111111", "hanako99");
    assert!(ok, "{err}");
    assert!(out.contains("1111111111"));

    let (ok, _, err) = add_customer(&db, "1111111111", "hanako99");
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("already exists"));
}

#[test]
fn bad_input_is_one_line_and_a_non_zero_exit() {
    let db = TestDb::new();
    for (id, pw, expect) in [
        ("12", "hanako99", "--contract-id"),
        ("1111111111", "short", "password"),
    ] {
        let (ok, _, err) = add_customer(&db, id, pw);
        assert!(!ok);
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
    refused_in_one_line(&out, "cannot open database");
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

#[test]
fn token_provision_reads_csv_and_refuses_bad_lines_by_number() {
    let db = TestDb::new();
    let csv = "serial,secret\nVSST00000001,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\nvsst-0000-0002,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,SHA256,8,60\n";
    let (ok, _, err) = run_on(&["token", "provision"], &db, csv);
    assert!(ok, "{err}");
    assert!(err.contains("provisioned 2 token(s)"), "{err}");

    for (bad, expect) in [
        (
            "VSST00000003,not-base32!\n",
            "line 1: secret of VSST00000003: not base32",
        ),
        ("VSST00000003,GEZDGNBV\n", "at least 128 bits"),
        ("BAD,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n", "line 1: serial"),
        (
            "VSST00000003,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,MD5,6,30\n",
            "algorithm",
        ),
        (
            "VSST00000003,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,SHA1,9,30\n",
            "digits must be 6–8",
        ),
        (
            "VSST00000001,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
            "already provisioned",
        ),
        ("", "no tokens"),
    ] {
        let (ok, _, err) = run_on(&["token", "provision"], &db, bad);
        assert!(!ok, "{bad:?} was accepted");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expect), "{bad:?}: {err}");
    }
}

#[test]
fn token_provision_generates_test_tokens_as_csv() {
    let db = TestDb::new();
    let (ok, out, err) = run_on(&["token", "provision", "--generate", "3"], &db, "");
    assert!(ok, "{err}");
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    for line in lines {
        let fields: Vec<_> = line.split(',').collect();
        assert!(
            fields[0].starts_with("TEST") && fields[0].len() == 12,
            "{line}"
        );
        assert_eq!(
            data_encoding::BASE32_NOPAD
                .decode(fields[1].as_bytes())
                .unwrap()
                .len(),
            20
        );
        assert_eq!(&fields[2..], ["SHA1", "6", "30"]);
    }
    let (ok, _, err) = run_on(&["token", "provision", "--generate", "0"], &db, "");
    assert!(!ok && err.contains("--generate"), "{err}");
}

#[test]
fn token_revoke_names_unknown_serials() {
    let db = TestDb::new();
    run_on(
        &["token", "provision"],
        &db,
        "VSST00000001,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n",
    );
    let (ok, out, _) = run_on(&["token", "revoke", "vsst00000001"], &db, "");
    assert!(ok);
    assert_eq!(out.trim(), "revoked VSST00000001");
    let (ok, _, err) = run_on(&["token", "revoke", "VSST99999999"], &db, "");
    assert!(!ok);
    assert!(err.contains("no token with serial VSST99999999"), "{err}");
    let (ok, _, err) = run_on(&["token", "revoke", "x"], &db, "");
    assert!(!ok && err.lines().count() == 1, "{err}");
}

#[tokio::test]
async fn unlock_lifts_a_lock_made_by_the_server_and_audit_shows_it() {
    let db = TestDb::new();
    let store = db.open().await;
    let now = 1_795_651_200;
    let audit = otp_server::store::Audit {
        now,
        contract_id: Some("0123456789".to_owned()),
        ..Default::default()
    };
    for _ in 0..5 {
        store
            .claim_login_attempt("0123456789", 5, now)
            .await
            .unwrap();
        let mut tx = store.begin(&[]).await.unwrap();
        tx.login_failed(
            &audit,
            otp_server::store::AuditEvent::Login,
            5,
            otp_server::settings::Lockout::Permanent,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    assert!(
        store
            .login_attempts("0123456789")
            .await
            .unwrap()
            .locked(now)
    );
    let (ok, out, err) = run_on(&["unlock", "--contract-id", "0123456789"], &db, "");
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "unlocked 0123456789");
    assert!(
        !store
            .login_attempts("0123456789")
            .await
            .unwrap()
            .locked(now)
    );
    let (_, out, _) = run_on(&["unlock", "--contract-id", "0123456789"], &db, "");
    assert!(out.contains("nothing was locked"));

    let (ok, out, _) = run_on(&["audit", "--contract-id", "0123456789"], &db, "");
    assert!(ok);
    let rows: Vec<_> = out.lines().collect();
    assert_eq!(rows.len(), 5 + 1 + 2, "{out}");
    assert!(
        rows[5].contains("\taccount_locked\tlocked\t-"),
        "{}",
        rows[5]
    );
    // The operator's OS account is the actor of what the operator did: the process's user,
    // not what `$USER` says.
    let actor = format!("0123456789\t-\tunlock\tunlocked\toperator:{}", os_account());
    assert!(rows[6].contains(&actor), "{}", rows[6]);
    assert!(!rows[6].contains(SOMEONE_ELSE), "{}", rows[6]);
    let (ok, out, _) = run_on(&["audit", "--since", "2999-01-01"], &db, "");
    assert!(ok && out.is_empty());
    let (ok, _, err) = run_on(&["audit", "--since", "yesterday"], &db, "");
    assert!(!ok && err.contains("--since"), "{err}");
    let (ok, _, err) = run_on(&["unlock", "--contract-id", "12"], &db, "");
    assert!(!ok && err.contains("--contract-id"), "{err}");
}

#[test]
fn an_invalid_configuration_stops_with_the_key_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("otp-portal.toml");
    std::fs::write(&config, "[session]\nidle_seconds = 5\n").unwrap();
    let out = otp_server()
        .args(["serve", "--listen", "127.0.0.1:0", "--config"])
        .arg(&config)
        .arg("--database")
        .arg(dir.path().join("db.sqlite3"))
        .output()
        .unwrap();
    refused_in_one_line(&out, "session.idle_seconds");
    let out = otp_server()
        .args(["unlock", "--contract-id", "0123456789", "--database"])
        .arg(dir.path().join("db.sqlite3"))
        .env("OTP_PORTAL_SECURITY_MAX_OTP_FAILURES", "many")
        .output()
        .unwrap();
    let err = failed(&out);
    assert!(
        err.contains("OTP_PORTAL_SECURITY_MAX_OTP_FAILURES"),
        "{err}"
    );
}

#[test]
fn key_rotate_reseals_every_secret_and_is_audited() {
    let db = TestDb::new();
    let (ok, _, err) = run_on(&["token", "provision", "--generate", "2"], &db, "");
    assert!(ok, "{err}");
    let (ok, out, err) = run_on(&["key", "rotate"], &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("2 secret(s) re-sealed"), "{out}");
    let (ok, out, _) = run_on(&["audit"], &db, "");
    assert!(ok && out.contains("key_rotated"), "{out}");
}

#[test]
fn key_create_makes_the_file_every_instance_shares() {
    let db = TestDb::new();
    let key = db.dir.path().join("shared.key");
    let create = || {
        otp_server()
            .args(["key", "create", "--key-file"])
            .arg(&key)
            .output()
            .unwrap()
    };
    succeeded(&create());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // An existing key file is never replaced.
    failed(&create());

    // On PostgreSQL an instance never makes its own key: a missing file is an error that says
    // how to make the shared one.
    if let otp_server::store::Database::Postgres(url) = &db.database {
        let out = otp_server()
            .args(["audit", "--database", url, "--key-file"])
            .arg(db.dir.path().join("missing.key"))
            .output()
            .unwrap();
        let err = failed(&out);
        assert!(err.contains("otp-server key create"), "{err}");
        assert!(!db.dir.path().join("missing.key").exists());
    }
}

#[test]
fn migrate_creates_the_schema_and_is_idempotent() {
    let db = TestDb::new();
    for _ in 0..2 {
        let out = otp_server()
            .args(["migrate", "--database", &db.database.to_string()])
            .output()
            .unwrap();
        let stdout = succeeded(&out);
        assert!(stdout.contains("schema at version 7"), "{stdout}");
    }
    // The schema is the one the server expects.
    let ready = std::thread::spawn(move || {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(async { db.open().await.ready().await })
    });
    assert_eq!(ready.join().unwrap(), Ok(()));
}

#[tokio::test]
async fn notifications_list_as_json_lines_and_ack_all_or_nothing() {
    use otp_server::store::Notice;
    let db = TestDb::new();
    let store = db.open().await;
    let mut tx = store.begin(&[]).await.unwrap();
    tx.notify(
        1_795_651_200,
        "0123456789",
        Notice::TokenRegistered,
        None,
        Some("VSST12345678"),
    )
    .await
    .unwrap();
    tx.notify(
        1_795_651_260,
        "0123456789",
        Notice::AccountLocked,
        None,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let (ok, out, err) = run_on(&["notifications", "list"], &db, "");
    assert!(ok, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0]["event"], "token_registered");
    assert_eq!(lines[0]["contract_id"], "0123456789");
    assert_eq!(lines[0]["new_serial"], "VSST****5678");
    assert_eq!(lines[0]["at_utc"], "2026-11-26T00:00:00Z");
    assert_eq!(lines[1]["event"], "account_locked");
    let first = lines[0]["id"].as_i64().unwrap().to_string();
    let second = lines[1]["id"].as_i64().unwrap().to_string();

    // An unknown id: refused in one line, nothing marked.
    let (ok, _, err) = run_on(&["notifications", "ack", &first, "999999"], &db, "");
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("999999"), "{err}");
    assert_eq!(
        run_on(&["notifications", "list"], &db, "")
            .1
            .lines()
            .count(),
        2
    );

    let (ok, out, err) = run_on(&["notifications", "ack", &first], &db, "");
    assert!(ok, "{err}");
    assert!(out.contains("acknowledged 1"), "{out}");
    // Again, with the other: one was already taken.
    let (ok, out, _) = run_on(&["notifications", "ack", &first, &second], &db, "");
    assert!(ok);
    assert!(
        out.contains("acknowledged 1") && out.contains("1 already"),
        "{out}"
    );
    assert_eq!(run_on(&["notifications", "list"], &db, "").1, "");
    let (_, all, _) = run_on(&["notifications", "list", "--all"], &db, "");
    assert_eq!(all.lines().count(), 2);
    assert!(all.contains("taken_at_utc"), "{all}");
    assert!(
        !run_on(&["notifications", "ack"], &db, "").0,
        "ids are required"
    );
}

#[test]
fn public_config_prints_what_the_api_answers_and_the_gallerys_other_bank_is_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = otp_server()
        .args(["public-config", "--config"])
        .arg(root.join("end2end/other-bank/bank.toml"))
        .output()
        .unwrap();
    let printed: serde_json::Value = serde_json::from_str(&succeeded(&out)).unwrap();
    assert_eq!(printed["otp_digits"], 8);
    assert_eq!(printed["bank_self"]["ja"], "当行");
    // The gallery's "other-bank" is this file: regenerate it when the configuration changes
    // (otp-server public-config --config end2end/other-bank/bank.toml).
    let committed =
        std::fs::read_to_string(root.join("public/gallery-banks/other-bank.json")).unwrap();
    let committed: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(printed, committed);
}
