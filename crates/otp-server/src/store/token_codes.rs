//! The codes judged on a token, in the transaction that holds its lock: an accepted code's
//! step (the replay guard), a wrong code's failure counted toward the token's lock. On
//! PostgreSQL a wrong code is one statement of its own: `wrong_code.rs`.

use super::{Audit, AuditEvent, Notice, Outcome, Tx};
use otp_api::problem::ErrorCode;

/// The lock counters of one token after a wrong code.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OtpFailures {
    /// Wrong codes in a row.
    pub consecutive_failures: i64,
    /// When it locked, if it did.
    pub locked_at: Option<i64>,
    /// The contract it is registered to, if any.
    pub contract_id: Option<String>,
}

impl Tx {
    /// Records an accepted code at `step` (the replay guard) and forgets the wrong ones (codes
    /// still being judged, such as a replay of this one, keep their slots), unless a code at or
    /// after that step was accepted meanwhile (a concurrent replay) or the token locked:
    /// returns whether it was recorded.
    pub async fn otp_succeeded(&mut self, serial: &str, step: i64, now: i64) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE tokens SET last_step = $1, last_used_at = $2, consecutive_failures = 0
             WHERE serial = $3 AND locked_at IS NULL AND (last_step IS NULL OR last_step < $1)",
        )
        .bind(step)
        .bind(now)
        .bind(serial)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a judged wrong (or replayed) code on a registered token, in the transaction
    /// that holds its lock: counts the failure and locks the token at the threshold, with the
    /// audit rows and the notice. `None` when the token was locked already (by another
    /// attempt meanwhile): nothing counted, nothing written.
    pub async fn otp_failed(
        &mut self,
        audit: &Audit,
        event: AuditEvent,
        serial: &str,
        max_failures: u32,
    ) -> sqlx::Result<Option<OtpFailures>> {
        // One statement: `locked_at` was NULL before, so a lock returned is this failure's.
        let counted: Option<OtpFailures> = sqlx::query_as(
            "UPDATE tokens SET consecutive_failures = consecutive_failures + 1,
               locked_at = CASE WHEN consecutive_failures + 1 >= $1 THEN $2 ELSE NULL END
             WHERE serial = $3 AND locked_at IS NULL
             RETURNING consecutive_failures, locked_at, contract_id",
        )
        .bind(i64::from(max_failures))
        .bind(audit.now)
        .bind(serial)
        .fetch_optional(self.conn())
        .await?;
        let Some(failures) = counted else {
            return Ok(None);
        };
        let locked_now = failures.locked_at.is_some();
        self.audit(audit, event, ErrorCode::OtpInvalid).await?;
        if locked_now {
            self.audit(audit, AuditEvent::TokenLocked, Outcome::Locked)
                .await?;
            if let Some(contract_id) = failures.contract_id.as_deref() {
                self.notify(
                    audit.now,
                    contract_id,
                    Notice::TokenLocked,
                    Some(serial),
                    None,
                )
                .await?;
            }
        }
        Ok(Some(failures))
    }
}
