//! What every data command shares: the operator as the audit names them, the checked
//! arguments, and the password read from standard input.

use std::io::BufRead;

use anyhow::{Context, Result, anyhow};
use otp_api::validate;
use otp_server::store::Audit;
use otp_server::{Clock, Settings, SystemClock};

/// The operator, as the audit names them: `operator:<account>`, the account of the process's
/// user id (its `/etc/passwd` entry; `uid N` without one). Not `$USER` or `$LOGNAME`, which
/// whoever runs the command can set to any name.
fn operator() -> String {
    use std::os::unix::fs::MetadataExt;
    let Some(uid) = std::fs::metadata("/proc/self").ok().map(|m| m.uid()) else {
        return "operator:unknown".to_owned();
    };
    let uid_field = uid.to_string();
    let name = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| {
            passwd
                .lines()
                .map(|l| l.split(':').collect::<Vec<_>>())
                .find(|f| f.len() > 2 && f[2] == uid_field)
                .map(|f| f[0].to_owned())
        });
    format!("operator:{}", name.unwrap_or_else(|| format!("uid {uid}")))
}

/// The audit context of an operator command now.
pub fn audit(contract_id: Option<&str>) -> Audit {
    Audit {
        now: SystemClock.now(),
        contract_id: contract_id.map(str::to_owned),
        client: None,
        actor: Some(operator()),
        ..Audit::default()
    }
}

/// `--contract-id`, validated and normalised by the configured rule: the one message for a
/// wrong contract ID.
pub fn contract_id(text: &str, settings: &Settings) -> Result<String> {
    let rule = &settings.rules.contract_id;
    validate::contract_id(text, rule).map_err(|code| {
        anyhow!(
            "--contract-id {text:?}: must be {} digits ({code:?})",
            rule.digits
        )
    })
}

/// A serial number argument (`flag` names it in the message).
pub fn serial(flag: &str, text: &str, settings: &Settings) -> Result<String> {
    validate::serial(text, &settings.rules.serial)
        .map_err(|code| anyhow!("{flag} {text:?}: {code:?}"))
}

/// The first line of standard input.
pub fn password_from_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
