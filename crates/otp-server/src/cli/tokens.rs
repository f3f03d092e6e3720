//! `otp-server token provision|revoke` and `otp-server key rotate`.

use std::io::BufRead;

use anyhow::{Context, Result, anyhow, bail};
use otp_server::Settings;
use otp_server::provisioning::{self, NewToken};
use otp_server::store::ProvisionError;
use rand::{Rng, RngCore};

use super::{DatabaseArg, operator};

fn generated(n: u32, settings: &Settings) -> Result<Vec<NewToken>> {
    if n == 0 || n > 100_000 {
        bail!("--generate: between 1 and 100000");
    }
    Ok((0..n)
        .map(|_| {
            let mut secret = vec![0u8; 20];
            rand::rngs::OsRng.fill_bytes(&mut secret);
            NewToken {
                serial: format!("TEST{:08}", rand::rngs::OsRng.gen_range(0..100_000_000u32)),
                secret,
                params: settings.totp,
            }
        })
        .collect())
}

fn from_stdin(settings: &Settings) -> Result<Vec<NewToken>> {
    let mut rows = Vec::new();
    for (number, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("standard input")?;
        if provisioning::is_skipped(number, &line) {
            continue;
        }
        let row = provisioning::parse_csv_line(line.trim(), &settings.totp, &settings.rules.serial)
            .map_err(|e| anyhow!("line {}: {e}", number + 1))?;
        rows.push(row);
    }
    if rows.is_empty() {
        bail!("no tokens on standard input (CSV: serial,base32-secret[,algorithm,digits,period])");
    }
    Ok(rows)
}

/// Loads tokens from CSV on standard input, or generates test tokens and prints them.
pub(super) async fn provision(
    db: DatabaseArg,
    generate: Option<u32>,
    settings: &Settings,
) -> Result<()> {
    let rows = match generate {
        Some(n) => generated(n, settings)?,
        None => from_stdin(settings)?,
    };
    let store = db.open().await?;
    let audit = operator::audit(None);
    let mut added = 0;
    for row in &rows {
        match store
            .provision_token(&audit, &row.serial, &row.secret, &row.params)
            .await
        {
            Ok(()) => {
                added += 1;
                if generate.is_some() {
                    println!(
                        "{},{},{},{},{}",
                        row.serial,
                        data_encoding::BASE32_NOPAD.encode(&row.secret),
                        row.params.algorithm.as_str(),
                        row.params.digits,
                        row.params.period
                    );
                }
            }
            Err(ProvisionError::Exists(serial)) if generate.is_some() => {
                eprintln!("otp-server: skipped {serial}: already provisioned");
            }
            Err(e) => bail!("{e} (tokens before it were added: {added})"),
        }
    }
    eprintln!("otp-server: provisioned {added} token(s)");
    Ok(())
}

pub(super) async fn revoke(db: DatabaseArg, serial: String, settings: &Settings) -> Result<()> {
    let serial = operator::serial("serial", &serial, settings)?;
    let store = db.open().await?;
    if !store.revoke_token(&operator::audit(None), &serial).await? {
        bail!("no token with serial {serial}");
    }
    println!("revoked {serial}");
    Ok(())
}

pub(super) async fn rotate_key(db: DatabaseArg) -> Result<()> {
    let store = db.open().await?;
    let (id, count) = store
        .rotate_key(&operator::audit(None))
        .await
        .map_err(|e| anyhow!(e))?;
    println!(
        "key {id} now seals the token secrets: {count} secret(s) re-sealed; keys {:?} stay in \
         the key file (restart every instance, then keep the old keys for as long as a backup \
         may need them)",
        store.key_ids()
    );
    Ok(())
}
