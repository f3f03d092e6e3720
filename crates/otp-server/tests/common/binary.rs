//! The real `otp-server` binary, for tests of the operator commands and of the process itself.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The binary, without the environment that would point it at another database or config, and
/// with `$USER` and `$LOGNAME` naming someone else (the audit names the process's real user).
pub fn otp_server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_otp-server"));
    cmd.env_remove("OTP_PORTAL_DATABASE")
        .env_remove("OTP_PORTAL_CONFIG")
        .env("USER", SOMEONE_ELSE)
        .env("LOGNAME", SOMEONE_ELSE);
    cmd
}

/// What `$USER` says in the tests of the binary.
pub const SOMEONE_ELSE: &str = "someone-else";

/// The account that runs the tests, as `id -un` names it.
pub fn os_account() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Runs `otp-server ARGS --database DB` with `stdin`: (success, stdout, stderr).
pub fn run(args: &[&str], db: &Path, stdin: &str) -> (bool, String, String) {
    let db = db.as_os_str().to_str().unwrap();
    run_with(&[args, &["--database", db]].concat(), stdin)
}

/// Runs `otp-server ARGS` with `stdin`: (success, stdout, stderr).
fn run_with(args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = otp_server()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A database for the binary's tests: a SQLite file, or a new PostgreSQL database when
/// `OTP_TEST_POSTGRES` names a server ([`super::test_database`]); with its key file.
pub struct TestDb {
    pub database: otp_server::store::Database,
    pub key: std::path::PathBuf,
    pub dir: tempfile::TempDir,
}

impl TestDb {
    /// A new, empty database (made on a thread of its own, so that sync and async tests alike
    /// can call this).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_owned();
        let database = std::thread::spawn(move || {
            tokio::runtime::Runtime::new()
                .unwrap()
                .block_on(super::test_database(&path))
        })
        .join()
        .unwrap();
        let key = dir.path().join("db.key");
        if let otp_server::store::Database::Postgres(_) = database {
            otp_server::seal::Keyring::create(&key).unwrap();
        }
        Self { key, database, dir }
    }

    /// The store on it, as the server opens it.
    pub async fn open(&self) -> otp_server::Store {
        otp_server::Store::connect(&self.database, Some(&self.key))
            .await
            .unwrap()
    }
}

/// Runs `otp-server ARGS --database DB --key-file KEY` with `stdin`: (success, stdout, stderr).
pub fn run_on(args: &[&str], db: &TestDb, stdin: &str) -> (bool, String, String) {
    let database = db.database.to_string();
    let key = db.key.to_str().unwrap();
    run_with(
        &[args, &["--database", &database, "--key-file", key]].concat(),
        stdin,
    )
}

/// Starts `otp-server serve` on a free port with `db` and `command`'s further settings (flags,
/// environment); returns the process and the first line it printed (`… listening on http://…/`
/// once it serves; empty when it refused to start, its reason then on its standard error).
pub fn spawn_serve(db: &Path, command: impl FnOnce(&mut Command)) -> (Child, String) {
    let mut cmd = otp_server();
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--database"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line)
}

/// One HTTP/1.1 request to the host of `base` (`http://127.0.0.1:PORT/…`) on its own
/// connection: the status and the body.
pub fn http(
    base: &str,
    method: &str,
    path: &str,
    json: Option<&str>,
) -> std::io::Result<(u16, String)> {
    use std::io::Read;
    let host = base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut stream = std::net::TcpStream::connect(&host)?;
    let body = json.unwrap_or("");
    let kind = if json.is_some() {
        "Content-Type: application/json\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{kind}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

/// The standard output of a command that succeeded (its standard error in the failure).
pub fn succeeded(out: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The standard error of a command that failed.
pub fn failed(out: &std::process::Output) -> String {
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}
