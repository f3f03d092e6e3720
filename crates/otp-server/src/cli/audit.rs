//! `otp-server audit`: the audit trail, oldest first, one tab-separated row a line: time,
//! contract ID, client address, event, outcome, actor, subject (`-` for none).

use anyhow::{Result, anyhow};
use otp_server::Settings;
use otp_server::store::AuditEvent;
use otp_server::timefmt::{format_utc, parse_utc};
use strum::IntoEnumIterator;

use super::{DatabaseArg, operator};

pub(super) async fn print(
    db: DatabaseArg,
    contract_id: Option<String>,
    since: Option<String>,
    event: Option<String>,
    settings: &Settings,
) -> Result<()> {
    let event = event
        .map(|name| {
            AuditEvent::parse(&name).ok_or_else(|| {
                let known: Vec<&str> = AuditEvent::iter().map(AuditEvent::as_str).collect();
                anyhow!("--event {name:?}: one of {}", known.join(", "))
            })
        })
        .transpose()?;
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
    for row in store
        .audit_filtered(contract_id.as_deref(), since, event)
        .await?
    {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            format_utc(row.at),
            row.contract_id.as_deref().unwrap_or("-"),
            row.client_addr.as_deref().unwrap_or("-"),
            row.event.as_str(),
            row.outcome,
            row.actor.as_deref().unwrap_or("-"),
            row.subject.as_deref().unwrap_or("-"),
        );
    }
    Ok(())
}
