//! Consecutive wrong passwords per contract ID (known or not) and the account lock.
//!
//! An attempt takes a slot before the password is hashed: one conditional statement counts it
//! as pending, and refuses it when the account is locked or the failures plus the attempts
//! being judged reach the threshold. So however many attempts arrive at once, at most
//! `max_password_failures` are judged before the lock. A judged attempt turns its slot into a
//! failure or, if right, clears the failures; an attempt never judged (the server was busy)
//! gives its slot back. Pending slots older than [`PENDING_TTL_SECONDS`] are those of a process
//! that died mid-attempt and hold nothing.

use super::{Audit, AuditEvent, Notice, Outcome, Store, Tx};
use crate::settings::Lockout;
use otp_api::problem::ErrorCode;

/// How long a claimed slot holds without a judgement (a hash takes well under a second; a
/// request waits for a hashing slot at most `argon2.queue_wait_ms`).
pub const PENDING_TTL_SECONDS: i64 = 60;

/// The lockout state of one contract ID.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct LoginAttempts {
    /// Wrong passwords since the last correct one.
    pub consecutive_failures: i64,
    /// When the account was locked, if it is.
    pub locked_at: Option<i64>,
    /// When a temporary lock ends (`None`: permanent, until the bank unlocks).
    pub locked_until: Option<i64>,
}

impl LoginAttempts {
    /// Whether the account is locked at `now`.
    pub fn locked(&self, now: i64) -> bool {
        self.locked_at.is_some() && self.locked_until.is_none_or(|until| until > now)
    }
}

/// The answer to an attempt's request for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginClaim {
    /// The attempt may be judged.
    Granted,
    /// The account is locked (until the given time, for a temporary lock).
    Locked(Option<i64>),
    /// Every slot is taken by attempts being judged right now (a burst).
    Busy,
}

impl Store {
    /// The lockout state of `contract_id`.
    pub async fn login_attempts(&self, contract_id: &str) -> sqlx::Result<LoginAttempts> {
        let row = sqlx::query_as(
            "SELECT consecutive_failures, locked_at, locked_until FROM login_attempts
             WHERE contract_id = $1",
        )
        .bind(contract_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.unwrap_or_default())
    }

    /// Takes a slot for one password attempt (see the module's documentation). A temporary
    /// lock that has run out is lifted by the attempt that finds it.
    pub async fn claim_login_attempt(
        &self,
        contract_id: &str,
        max_failures: u32,
        now: i64,
    ) -> sqlx::Result<LoginClaim> {
        // ?3 - ?4: before this, pending slots are stale.
        let granted = sqlx::query(
            "INSERT INTO login_attempts AS a (contract_id, consecutive_failures, pending, pending_at)
             VALUES ($1, 0, 1, $3)
             ON CONFLICT (contract_id) DO UPDATE SET
               consecutive_failures = CASE WHEN a.locked_at IS NOT NULL THEN 0 ELSE a.consecutive_failures END,
               pending = CASE WHEN a.locked_at IS NOT NULL OR a.pending_at < $3 - $4 THEN 1 ELSE a.pending + 1 END,
               pending_at = $3,
               locked_at = NULL, locked_until = NULL
             WHERE (a.locked_at IS NULL AND a.consecutive_failures
                      + CASE WHEN a.pending_at < $3 - $4 THEN 0 ELSE a.pending END < $2)
                OR (a.locked_until IS NOT NULL AND a.locked_until <= $3)",
        )
        .bind(contract_id)
        .bind(i64::from(max_failures))
        .bind(now)
        .bind(PENDING_TTL_SECONDS)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        if granted {
            return Ok(LoginClaim::Granted);
        }
        let state = self.login_attempts(contract_id).await?;
        Ok(if state.locked(now) {
            LoginClaim::Locked(state.locked_until)
        } else {
            LoginClaim::Busy
        })
    }

    /// Forgets the wrong passwords after a right one (its slot is given back; attempts still
    /// being judged keep theirs). Returns false when the account locked meanwhile (a
    /// concurrent attempt was the last failure): then the right password is refused too.
    pub async fn login_succeeded(&self, contract_id: &str) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE login_attempts SET consecutive_failures = 0, lock_count = 0,
               pending = max(0, pending - 1)
             WHERE contract_id = $1 AND locked_at IS NULL",
        )
        .bind(contract_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives back the slot of an attempt that was never judged.
    pub async fn release_login_attempt(&self, contract_id: &str) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE login_attempts SET pending = max(0, pending - 1) WHERE contract_id = $1",
        )
        .bind(contract_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

impl Tx {
    /// The lockout state of `contract_id`, read in the transaction (a request that holds
    /// one never takes a second connection).
    pub async fn login_attempts(&mut self, contract_id: &str) -> sqlx::Result<LoginAttempts> {
        let row = sqlx::query_as(
            "SELECT consecutive_failures, locked_at, locked_until FROM login_attempts
             WHERE contract_id = $1",
        )
        .bind(contract_id)
        .fetch_optional(self.conn())
        .await?;
        Ok(row.unwrap_or_default())
    }

    /// Locks the account of `contract_id` at `now` until the bank unlocks it (a report, with
    /// `security.report_locks`), whatever its failures.
    pub async fn lock_until_unlocked(&mut self, contract_id: &str, now: i64) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO login_attempts AS a (contract_id, locked_at, lock_count)
             VALUES ($1, $2, 1)
             ON CONFLICT (contract_id) DO UPDATE SET
               locked_at = $2, locked_until = NULL, lock_count = a.lock_count + 1",
        )
        .bind(contract_id)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records a judged wrong password (its slot becomes a failure): locks the account at the
    /// threshold, and then ends its sessions. Returns the state after.
    pub async fn login_failed(
        &mut self,
        audit: &Audit,
        event: AuditEvent,
        max_failures: u32,
        lockout: Lockout,
    ) -> sqlx::Result<LoginAttempts> {
        let contract_id = audit.contract_id.as_deref().unwrap_or_default();
        let before: LoginAttempts = sqlx::query_as(
            "UPDATE login_attempts SET pending = max(0, pending - 1),
               consecutive_failures = consecutive_failures + CASE WHEN locked_at IS NULL THEN 1 ELSE 0 END
             WHERE contract_id = $1
             RETURNING consecutive_failures, locked_at, locked_until",
        )
        .bind(contract_id)
        .fetch_optional(self.conn())
        .await?
        .unwrap_or_default();
        self.audit(audit, event, ErrorCode::InvalidCredentials)
            .await?;
        let reached = before.consecutive_failures >= i64::from(max_failures);
        if !reached || before.locked_at.is_some() {
            return Ok(before);
        }
        let lock_count: i64 = sqlx::query_scalar(
            "UPDATE login_attempts SET lock_count = lock_count + 1, locked_at = $1
             WHERE contract_id = $2 RETURNING lock_count",
        )
        .bind(audit.now)
        .bind(contract_id)
        .fetch_one(self.conn())
        .await?;
        let until = lockout.wait_seconds(lock_count).map(|w| audit.now + w);
        sqlx::query("UPDATE login_attempts SET locked_until = $1 WHERE contract_id = $2")
            .bind(until)
            .bind(contract_id)
            .execute(self.conn())
            .await?;
        self.audit(audit, AuditEvent::AccountLocked, Outcome::Locked)
            .await?;
        self.notify(audit.now, contract_id, Notice::AccountLocked, None, None)
            .await?;
        let ended = self.end_sessions(contract_id, None).await?;
        if ended > 0 {
            self.audit(audit, AuditEvent::SessionsEnded, ErrorCode::AccountLocked)
                .await?;
        }
        Ok(LoginAttempts {
            locked_at: Some(audit.now),
            locked_until: until,
            ..before
        })
    }
}
