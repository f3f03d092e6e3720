//! Notices to the customer: every token registration, exchange, stop, revocation and lock
//! leaves a row, in the transaction of the change, for the bank's mailer to take
//! (`otp-server notifications list|ack`). A customer whose password was phished hears of the
//! token someone else registered.

use otp_api::session::mask_serial;

use super::{Store, Tx};

/// What the notice tells (stored by its snake_case name; the mailer picks its wording by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum Notice {
    /// 利用開始: a token was registered to the contract.
    TokenRegistered,
    /// 交換: the contract's token was replaced by another.
    TokenExchanged,
    /// 利用中止: the contract's token was stopped.
    TokenStopped,
    /// The bank withdrew the contract's token.
    TokenRevoked,
    /// Wrong passwords locked the account.
    AccountLocked,
    /// Wrong one-time passwords locked the token.
    TokenLocked,
    /// A passkey was registered to the contract.
    PasskeyAdded,
    /// One of the contract's passkeys was renamed.
    PasskeyRenamed,
    /// A passkey was removed from the contract.
    PasskeyRemoved,
    /// The customer reported a use they do not recognise (「心当たりがない」): for the bank,
    /// to call the customer back.
    CustomerReported,
}

impl Notice {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One notice waiting for (or taken by) the mailer.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct NotificationRow {
    /// Its number (what `ack` takes).
    pub id: i64,
    /// Unix seconds of the change.
    pub at: i64,
    /// The contract to tell.
    pub contract_id: String,
    /// What happened ([`Notice`]'s name).
    pub event: String,
    /// The token given up or concerned, masked.
    pub old_serial: Option<String>,
    /// The token registered, masked.
    pub new_serial: Option<String>,
    /// When the mailer acknowledged it.
    pub taken_at: Option<i64>,
}

impl Tx {
    /// Records a notice for `contract_id`, committed with the change it tells of.
    pub async fn notify(
        &mut self,
        now: i64,
        contract_id: &str,
        notice: Notice,
        old_serial: Option<&str>,
        new_serial: Option<&str>,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO notifications (at, contract_id, event, old_serial, new_serial)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(now)
        .bind(contract_id)
        .bind(notice.as_str())
        .bind(old_serial.map(mask_serial))
        .bind(new_serial.map(mask_serial))
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

impl Store {
    /// The notices, oldest first: only those waiting, or all.
    pub async fn notifications(&self, all: bool) -> sqlx::Result<Vec<NotificationRow>> {
        sqlx::query_as(
            "SELECT id, at, contract_id, event, old_serial, new_serial, taken_at
             FROM notifications WHERE $1 = 1 OR taken_at IS NULL ORDER BY id",
        )
        .bind(i64::from(all))
        .fetch_all(&self.pool)
        .await
    }

    /// Marks the notices `ids` as taken at `now`, all or none: an unknown id is refused
    /// (`Err(Some(id))`) and nothing is marked. Returns how many were waiting.
    pub async fn ack_notifications(&self, ids: &[i64], now: i64) -> Result<u64, AckError> {
        let mut tx = self.begin(&[]).await?;
        let mut waiting = 0;
        for &id in ids {
            let found: Option<Option<i64>> =
                sqlx::query_scalar("SELECT taken_at FROM notifications WHERE id = $1")
                    .bind(id)
                    .fetch_optional(tx.conn())
                    .await?;
            match found {
                None => return Err(AckError::Unknown(id)),
                Some(Some(_)) => {}
                Some(None) => {
                    sqlx::query("UPDATE notifications SET taken_at = $1 WHERE id = $2")
                        .bind(now)
                        .bind(id)
                        .execute(tx.conn())
                        .await?;
                    waiting += 1;
                }
            }
        }
        tx.commit().await?;
        Ok(waiting)
    }
}

/// Why an acknowledgement was refused.
#[derive(Debug, thiserror::Error)]
pub enum AckError {
    /// No notice has this number (nothing was marked).
    #[error("no notification {0}; nothing was acknowledged")]
    Unknown(i64),
    /// The database refused.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn every_notice_has_its_own_name() {
        let names: std::collections::HashSet<_> = Notice::iter().map(Notice::as_str).collect();
        assert_eq!(names.len(), Notice::iter().count());
        assert_eq!(Notice::TokenExchanged.as_str(), "token_exchanged");
    }
}
