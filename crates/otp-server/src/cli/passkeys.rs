//! `otp-server passkey list|remove`: a contract's passkeys, for the help desk (a customer who
//! lost the device of a passkey, or reports one they do not know).

use anyhow::{Result, bail};
use otp_server::Settings;
use otp_server::store::{AuditEvent, Lock, Notice, Outcome};
use otp_server::timefmt::format_utc;

use super::{DatabaseArg, operator};

/// One line of `list`.
#[derive(serde::Serialize)]
struct Line<'a> {
    id: &'a str,
    name: &'a str,
    created_at_utc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_used_at_utc: Option<String>,
    synced: bool,
}

pub(super) async fn list(db: DatabaseArg, contract_id: &str, settings: &Settings) -> Result<()> {
    let contract_id = operator::contract_id(contract_id, settings)?;
    let store = db.open().await?;
    for row in store.passkeys(&contract_id).await? {
        let line = Line {
            id: &row.id,
            name: &row.name,
            created_at_utc: format_utc(row.created_at),
            last_used_at_utc: row.last_used_at.map(format_utc),
            synced: row.backup_eligible != 0,
        };
        println!("{}", serde_json::to_string(&line)?);
    }
    Ok(())
}

pub(super) async fn remove(
    db: DatabaseArg,
    contract_id: &str,
    id: &str,
    settings: &Settings,
) -> Result<()> {
    let contract_id = operator::contract_id(contract_id, settings)?;
    let store = db.open().await?;
    let audit = operator::audit(Some(&contract_id));
    let mut tx = store.begin(&[Lock::Contract(&contract_id)]).await?;
    if !tx.remove_passkey(&contract_id, id).await? {
        bail!(
            "contract {contract_id} has no passkey {id} (otp-server passkey list shows its passkeys)"
        );
    }
    tx.audit_about(&audit, AuditEvent::PasskeyRemoved, Outcome::Ok, id)
        .await?;
    tx.notify(audit.now, &contract_id, Notice::PasskeyRemoved, None, None)
        .await?;
    tx.commit().await?;
    println!("removed passkey {id} of contract {contract_id}");
    Ok(())
}
