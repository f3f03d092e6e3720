//! The real `otp-server` binary, for tests of the operator commands and of the process itself.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The binary, without the environment that would point it at another database or config.
pub fn otp_server() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_otp-server"));
    cmd.env_remove("OTP_PORTAL_DATABASE")
        .env_remove("OTP_PORTAL_CONFIG");
    cmd
}

/// Runs `otp-server ARGS --database DB` with `stdin`: (success, stdout, stderr).
pub fn run(args: &[&str], db: &Path, stdin: &str) -> (bool, String, String) {
    let mut child = otp_server()
        .args(args)
        .arg("--database")
        .arg(db)
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
