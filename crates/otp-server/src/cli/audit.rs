//! `otp-server audit`: the audit trail, oldest first, one tab-separated row a line.

use anyhow::{Result, anyhow};
use otp_server::Settings;
use otp_server::timefmt::{format_utc, parse_utc};

use super::{DatabaseArg, operator};

pub(super) async fn print(
    db: DatabaseArg,
    contract_id: Option<String>,
    since: Option<String>,
    settings: &Settings,
) -> Result<()> {
    let since = since
        .map(|t| {
            parse_utc(&t).ok_or_else(|| {
                anyhow!("--since {t:?}: Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
            })
        })
        .transpose()?;
    let contract_id = contract_id
        .map(|id| operator::contract_id(&id, settings))
        .transpose()?;
    let store = db.open().await?;
    for row in store.audit_entries(contract_id.as_deref(), since).await? {
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
