//! The data commands: customers, tokens, unlock, the audit trail and the key file. Each
//! change is audited in its own transaction, with the operator's OS user as the actor.

use std::io::BufRead;

use otp_api::totp::{TotpAlgorithm, TotpParams};
use otp_api::validate;
use otp_server::store::{Audit, ProvisionError};
use otp_server::timefmt::{format_utc, parse_utc};
use otp_server::{Clock, Settings, SystemClock, password};
use rand::{Rng, RngCore};

use super::DatabaseArg;

/// The operator, as the audit names them: `operator:<OS user>`.
fn operator() -> String {
    use std::os::unix::fs::MetadataExt;
    let by_env = ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
    let name = by_env.or_else(|| {
        let uid = std::fs::metadata("/proc/self").ok()?.uid();
        let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
        passwd
            .lines()
            .map(|l| l.split(':').collect::<Vec<_>>())
            .find(|f| f.len() > 2 && f[2] == uid.to_string())
            .map(|f| f[0].to_owned())
            .or(Some(format!("uid {uid}")))
    });
    format!("operator:{}", name.unwrap_or_else(|| "unknown".to_owned()))
}

/// `--contract-id`, validated and normalised by the configured rule.
fn contract_id_arg(text: &str, settings: &Settings) -> Result<String, String> {
    let rule = &settings.rules.contract_id;
    validate::contract_id(text, rule)
        .map_err(|code| format!("--contract-id: must be {} digits ({code:?})", rule.digits))
}

fn operator_audit(contract_id: Option<&str>) -> Audit {
    Audit {
        now: SystemClock.now(),
        contract_id: contract_id.map(str::to_owned),
        client: None,
        actor: Some(operator()),
    }
}

fn read_password_from_stdin() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

pub(super) async fn add_customer(
    db: DatabaseArg,
    contract_id: String,
    name: String,
    settings: &Settings,
) -> Result<(), String> {
    let rules = &settings.rules;
    let contract_id = contract_id_arg(&contract_id, settings)?;
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err("--name: must not be empty".to_owned());
    }
    let pw = read_password_from_stdin()?;
    validate::password(&pw, &rules.password).map_err(|code| {
        format!(
            "password: {}–{} letters, digits and {} with at least one letter and one digit ({code:?})",
            rules.password.min_len, rules.password.max_len, rules.password.symbols
        )
    })?;
    let store = db.open().await?;
    let hash = password::hash(&settings.argon2, pw)
        .await
        .map_err(|e| e.to_string())?;
    store
        .add_customer(&operator_audit(Some(&contract_id)), &name, &hash)
        .await
        .map_err(|e| e.to_string())?;
    println!("added customer {contract_id} ({name})");
    Ok(())
}

fn parse_csv_line(
    line: &str,
    defaults: &TotpParams,
    settings: &Settings,
) -> Result<(String, Vec<u8>, TotpParams), String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    if !(fields.len() == 2 || fields.len() == 5) {
        return Err("expected serial,secret or serial,secret,algorithm,digits,period".to_owned());
    }
    let serial = validate::serial(fields[0], &settings.rules.serial)
        .map_err(|code| format!("serial {:?}: {code:?}", fields[0]))?;
    let secret = data_encoding::BASE32_NOPAD
        .decode(
            fields[1]
                .trim_end_matches('=')
                .to_ascii_uppercase()
                .as_bytes(),
        )
        .map_err(|_| format!("secret of {serial}: not base32"))?;
    if secret.len() < 16 {
        return Err(format!("secret of {serial}: at least 128 bits (RFC 4226)"));
    }
    let mut params = *defaults;
    if fields.len() == 5 {
        params.algorithm = TotpAlgorithm::parse(fields[2])
            .ok_or_else(|| format!("algorithm {:?}: SHA1, SHA256 or SHA512", fields[2]))?;
        params.digits = fields[3]
            .parse()
            .map_err(|_| format!("digits {:?}", fields[3]))?;
        params.period = fields[4]
            .parse()
            .map_err(|_| format!("period {:?}", fields[4]))?;
        if !params.is_valid() {
            return Err("digits must be 6–8 and period 10–300".to_owned());
        }
    }
    Ok((serial, secret, params))
}

pub(super) async fn provision(
    db: DatabaseArg,
    generate: Option<u32>,
    settings: &Settings,
) -> Result<(), String> {
    let defaults = settings.totp;
    let mut rows = Vec::new();
    match generate {
        Some(n) => {
            if n == 0 || n > 100_000 {
                return Err("--generate: between 1 and 100000".to_owned());
            }
            for _ in 0..n {
                let mut secret = vec![0u8; 20];
                rand::rngs::OsRng.fill_bytes(&mut secret);
                let serial = format!("TEST{:08}", rand::rngs::OsRng.gen_range(0..100_000_000u32));
                rows.push((serial, secret, defaults));
            }
        }
        None => {
            for (number, line) in std::io::stdin().lock().lines().enumerate() {
                let line = line.map_err(|e| format!("standard input: {e}"))?;
                let line = line.trim();
                if line.is_empty()
                    || line.starts_with('#')
                    || (number == 0 && line.starts_with("serial"))
                {
                    continue;
                }
                let row = parse_csv_line(line, &defaults, settings)
                    .map_err(|e| format!("line {}: {e}", number + 1))?;
                rows.push(row);
            }
            if rows.is_empty() {
                return Err("no tokens on standard input (CSV: serial,base32-secret[,algorithm,digits,period])".to_owned());
            }
        }
    }
    let store = db.open().await?;
    let audit = operator_audit(None);
    let mut added = 0;
    for (serial, secret, params) in &rows {
        match store.provision_token(&audit, serial, secret, params).await {
            Ok(()) => {
                added += 1;
                if generate.is_some() {
                    println!(
                        "{serial},{},{},{},{}",
                        data_encoding::BASE32_NOPAD.encode(secret),
                        params.algorithm.as_str(),
                        params.digits,
                        params.period
                    );
                }
            }
            Err(ProvisionError::Exists(serial)) if generate.is_some() => {
                eprintln!("otp-server: skipped {serial}: already provisioned");
            }
            Err(e) => return Err(format!("{e} (tokens before it were added: {added})")),
        }
    }
    eprintln!("otp-server: provisioned {added} token(s)");
    Ok(())
}

pub(super) async fn revoke(
    db: DatabaseArg,
    serial: String,
    settings: &Settings,
) -> Result<(), String> {
    let serial = validate::serial(&serial, &settings.rules.serial)
        .map_err(|code| format!("serial {serial:?}: {code:?}"))?;
    let store = db.open().await?;
    if !store
        .revoke_token(&operator_audit(None), &serial)
        .await
        .map_err(|e| e.to_string())?
    {
        return Err(format!("no token with serial {serial}"));
    }
    println!("revoked {serial}");
    Ok(())
}

pub(super) async fn unlock(
    db: DatabaseArg,
    contract_id: Option<String>,
    serial: Option<String>,
    settings: &Settings,
) -> Result<(), String> {
    if let Some(serial) = serial {
        let serial = validate::serial(&serial, &settings.rules.serial)
            .map_err(|code| format!("--serial {serial:?}: {code:?}"))?;
        let store = db.open().await?;
        return match store
            .unlock_token(&operator_audit(None), &serial)
            .await
            .map_err(|e| e.to_string())?
        {
            None => Err(format!("no token with serial {serial}")),
            Some(true) => {
                println!("unlocked token {serial}");
                Ok(())
            }
            Some(false) => {
                println!("token {serial}: nothing was locked");
                Ok(())
            }
        };
    }
    let contract_id = contract_id.unwrap_or_default();
    let contract_id = contract_id_arg(&contract_id, settings)?;
    let store = db.open().await?;
    let changed = store
        .unlock(&operator_audit(Some(&contract_id)))
        .await
        .map_err(|e| e.to_string())?;
    if changed {
        println!("unlocked {contract_id}");
    } else {
        println!("{contract_id}: nothing was locked");
    }
    Ok(())
}

pub(super) async fn rotate_key(db: DatabaseArg) -> Result<(), String> {
    let store = db.open().await?;
    let (id, count) = store.rotate_key(&operator_audit(None)).await?;
    println!(
        "key {id} now seals the token secrets: {count} secret(s) re-sealed; keys {:?} stay in \
         the key file (restart every instance, then keep the old keys for as long as a backup \
         may need them)",
        store.key_ids()
    );
    Ok(())
}

pub(super) async fn audit(
    db: DatabaseArg,
    contract_id: Option<String>,
    since: Option<String>,
    settings: &Settings,
) -> Result<(), String> {
    let since = since
        .map(|t| {
            parse_utc(&t).ok_or_else(|| {
                format!("--since {t:?}: Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
            })
        })
        .transpose()?;
    let contract_id = contract_id
        .map(|id| {
            validate::contract_id(&id, &settings.rules.contract_id)
                .map_err(|code| format!("--contract-id {id:?}: {code:?}"))
        })
        .transpose()?;
    let store = db.open().await?;
    let rows = store
        .audit_entries(contract_id.as_deref(), since)
        .await
        .map_err(|e| e.to_string())?;
    for row in rows {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            format_utc(row.at),
            row.contract_id.as_deref().unwrap_or("-"),
            row.client_addr.as_deref().unwrap_or("-"),
            row.event,
            row.outcome,
            row.actor.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
