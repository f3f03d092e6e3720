//! `otp-server notifications list|ack`: the bank's mailer takes the notices as JSON lines and
//! acknowledges the ones it sent.

use anyhow::Result;
use otp_server::store::NotificationRow;
use otp_server::timefmt::format_utc;
use otp_server::{Clock, SystemClock};

use super::DatabaseArg;

/// One line of `list`: the row with its times also in UTC text.
#[derive(serde::Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    row: &'a NotificationRow,
    at_utc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    taken_at_utc: Option<String>,
}

pub(super) async fn list(db: DatabaseArg, all: bool) -> Result<()> {
    let store = db.open().await?;
    for row in store.notifications(all).await? {
        let line = Line {
            row: &row,
            at_utc: format_utc(row.at),
            taken_at_utc: row.taken_at.map(format_utc),
        };
        println!("{}", serde_json::to_string(&line)?);
    }
    Ok(())
}

pub(super) async fn ack(db: DatabaseArg, ids: Vec<i64>) -> Result<()> {
    let store = db.open().await?;
    let taken = store.ack_notifications(&ids, SystemClock.now()).await?;
    println!(
        "acknowledged {taken} notification(s); {} already were",
        ids.len() as u64 - taken
    );
    Ok(())
}
