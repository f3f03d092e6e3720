//! `otp-server`: the reference bank API and its operator commands.
//!
//! ```text
//! otp-server serve --listen 127.0.0.1:8080 --database otp-portal.sqlite3 --static dist --demo
//! echo 'secret123' | otp-server customer add --contract-id 0123456789 --name '山田 太郎'
//! ```

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
