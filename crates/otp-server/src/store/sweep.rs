//! Housekeeping: rows that no request will use again, removed on a schedule
//! (`otp-server serve` runs [`Store::sweep`] once a minute). Each removal is one statement on
//! rows that every instance would judge the same way, so any number of instances may sweep at
//! once: a row goes once, and a request never meets a half-swept state.

use super::{Audit, AuditEvent, Outcome, Store};

/// How long a session is kept after it expired: a customer back within the hour still hears
/// that the session expired (`session_expired`), rather than only being asked to log in.
pub const KEEP_EXPIRED_SESSION_SECONDS: i64 = 3600;

/// How long a procedure is kept after its deadline: a page left open overnight still shows
/// how the procedure ended (completed, cancelled, expired) when it is reloaded.
pub const KEEP_ENDED_PROCEDURE_SECONDS: i64 = 86_400;

/// What one sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Sessions past their idle or absolute timeout (and the hour kept after).
    pub sessions: u64,
    /// Procedures past their deadline (and the day kept after), whatever their step.
    pub procedures: u64,
    /// Throttle buckets that leaked empty.
    pub buckets: u64,
    /// Passkey ceremonies never answered within their time.
    pub ceremonies: u64,
    /// Procedures whose time ran out, written to the audit (each once, at its deadline).
    pub expired: u64,
}

impl Store {
    /// Removes, at `now`, the sessions expired (idle for `idle_seconds`, or begun
    /// `absolute_seconds` ago) for over [`KEEP_EXPIRED_SESSION_SECONDS`], the procedures past
    /// their deadline for over [`KEEP_ENDED_PROCEDURE_SECONDS`], and the empty throttle
    /// buckets.
    pub async fn sweep(
        &self,
        now: i64,
        idle_seconds: u32,
        absolute_seconds: u32,
    ) -> sqlx::Result<Swept> {
        let expired = self.audit_expired_procedures(now).await?;
        let kept_until = now - KEEP_EXPIRED_SESSION_SECONDS;
        let sessions =
            sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                .bind(kept_until - i64::from(idle_seconds))
                .bind(kept_until - i64::from(absolute_seconds))
                .execute(&self.pool)
                .await?
                .rows_affected();
        let procedures = sqlx::query("DELETE FROM procedures WHERE expires_at < $1")
            .bind(now - KEEP_ENDED_PROCEDURE_SECONDS)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let buckets = self.prune_throttle(now).await?;
        let ceremonies = sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(Swept {
            sessions,
            procedures,
            buckets,
            ceremonies,
            expired,
        })
    }

    /// Writes a `procedure_expired` audit row, dated at its deadline, for each procedure whose
    /// time ran out before it was completed or cancelled, and marks it so: one transaction, so
    /// that of instances sweeping at once one writes each (the others' updates find it marked).
    async fn audit_expired_procedures(&self, now: i64) -> sqlx::Result<u64> {
        let mut tx = self.begin(&[]).await?;
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "UPDATE procedures SET expiry_audited = 1
             WHERE expires_at < $1 AND expiry_audited = 0
               AND step NOT IN ('completed', 'cancelled')
             RETURNING contract_id, kind, expires_at",
        )
        .bind(now)
        .fetch_all(tx.conn())
        .await?;
        for (contract_id, kind, expires_at) in &rows {
            let audit = Audit {
                now: *expires_at,
                contract_id: Some(contract_id.clone()),
                ..Audit::default()
            };
            tx.audit_about(&audit, AuditEvent::ProcedureExpired, Outcome::Ok, kind)
                .await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }
}
