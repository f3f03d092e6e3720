//! `otp-server customer add` and `otp-server unlock`.

use anyhow::{Result, bail};
use otp_api::validate;
use otp_server::{Settings, password};

use super::{DatabaseArg, operator};

pub(super) async fn add(
    db: DatabaseArg,
    contract_id: String,
    name: String,
    settings: &Settings,
) -> Result<()> {
    let rules = &settings.rules;
    let contract_id = operator::contract_id(&contract_id, settings)?;
    let name = name.trim().to_owned();
    if name.is_empty() {
        bail!("--name: must not be empty");
    }
    let pw = operator::password_from_stdin()?;
    if let Err(code) = validate::password(&pw, &rules.password) {
        bail!(
            "password: {}–{} letters, digits and {} with at least one letter and one digit ({code:?})",
            rules.password.min_len,
            rules.password.max_len,
            rules.password.symbols
        );
    }
    let store = db.open().await?;
    let hash = password::hash(&settings.argon2, pw).await?;
    store
        .add_customer(&operator::audit(Some(&contract_id)), &name, &hash)
        .await?;
    println!("added customer {contract_id} ({name})");
    Ok(())
}

/// Lifts the lock of an account and its active token, or of one token.
pub(super) async fn unlock(
    db: DatabaseArg,
    contract_id: Option<String>,
    serial: Option<String>,
    settings: &Settings,
) -> Result<()> {
    if let Some(serial) = serial {
        let serial = operator::serial("--serial", &serial, settings)?;
        let store = db.open().await?;
        match store.unlock_token(&operator::audit(None), &serial).await? {
            None => bail!("no token with serial {serial}"),
            Some(true) => println!("unlocked token {serial}"),
            Some(false) => println!("token {serial}: nothing was locked"),
        }
        return Ok(());
    }
    let contract_id = operator::contract_id(&contract_id.unwrap_or_default(), settings)?;
    let store = db.open().await?;
    if store.unlock(&operator::audit(Some(&contract_id))).await? {
        println!("unlocked {contract_id}");
    } else {
        println!("{contract_id}: nothing was locked");
    }
    Ok(())
}
