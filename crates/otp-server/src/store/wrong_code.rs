//! A wrong one-time password, recorded: the failure counted (the token locked at the
//! threshold) with its audit rows and, at the lock, the customer's notice — what an attacker's
//! guesses cost the database, so it is the hot path under attack.
//!
//! On PostgreSQL it is one statement (data-modifying CTEs), atomic on its own: the token row's
//! lock orders two wrong codes for one token (the second re-reads the row the first wrote, so
//! it counts after it and never locks twice), so no advisory lock and no explicit transaction
//! is needed — one round trip where a transaction takes four, the database a hop away. On
//! SQLite the same statements run in a write transaction. Either way a conflict (40001, 40P01)
//! runs it again ([`super::write::WRITE_ATTEMPTS`] tries).

use otp_api::session::mask_serial;

use super::{Audit, AuditEvent, Backend, Lock, OtpFailures, Outcome, Store, TokenRow};
use crate::error::{AppError, AppResult};
use otp_api::problem::ErrorCode;

/// The one statement on PostgreSQL. Parameters: $1 threshold, $2 now, $3 serial, $4 contract,
/// $5 client, $6 the event, $7 actor, $8 browser, $9 os, $10 a replay, $11 the masked serial.
const AT_ONCE: &str = "
WITH t AS (
  UPDATE tokens SET consecutive_failures = consecutive_failures + 1,
    locked_at = CASE WHEN consecutive_failures + 1 >= $1::bigint THEN $2::bigint ELSE NULL END
  WHERE serial = $3::text AND locked_at IS NULL
  RETURNING consecutive_failures, locked_at, contract_id
), rows AS (
  SELECT 1 AS n, $6::text AS event, 'otp_invalid' AS outcome FROM t
  UNION ALL SELECT 2, 'otp_replay', 'refused' FROM t WHERE $10::boolean
  UNION ALL SELECT 3, 'token_locked', 'locked' FROM t WHERE t.locked_at IS NOT NULL
  UNION ALL SELECT 4, $6::text, 'token_locked' WHERE NOT EXISTS (SELECT 1 FROM t)
), audited AS (
  INSERT INTO audit (at, contract_id, client_addr, event, outcome, actor, browser, os)
  SELECT $2::bigint, $4::text, $5::text, rows.event, rows.outcome, $7::text, $8::text, $9::text
  FROM rows ORDER BY rows.n
), noticed AS (
  INSERT INTO notifications (at, contract_id, event, old_serial, new_serial)
  SELECT $2::bigint, t.contract_id, 'token_locked', $11::text, NULL
  FROM t WHERE t.locked_at IS NOT NULL AND t.contract_id IS NOT NULL
)
SELECT consecutive_failures, locked_at, contract_id FROM t";

/// [`AT_ONCE`] for a login waiting for its code, judged against the token this instance
/// remembers for the session (`crate::waiting_logins`): counted only while the session is live
/// and waiting, and the token still the contract's active, unlocked one with the same sealed
/// secret — else nothing is written and no row comes back. The session is touched once the
/// failure is counted: the token's row is locked first, then the session's (as the login that
/// completes and the procedures that end sessions do), so the two never wait on each other in
/// turn. Parameters as [`AT_ONCE`]'s but $4 (the session's contract), and: $12 the session's id
/// hash, $13 and $14 its idle and absolute bounds, $15 the sealed secret.
const WAITING_AT_ONCE: &str = "
WITH t AS (
  UPDATE tokens SET consecutive_failures = consecutive_failures + 1,
    locked_at = CASE WHEN consecutive_failures + 1 >= $1::bigint THEN $2::bigint ELSE NULL END
  WHERE serial = $3::text AND locked_at IS NULL AND status = 'active'
    AND contract_id = $4::text AND secret = $15::bytea
    AND EXISTS (SELECT 1 FROM sessions WHERE id_hash = $12::text AND contract_id = $4::text
      AND authenticated = 0 AND last_seen_at >= $13::bigint AND created_at >= $14::bigint)
  RETURNING consecutive_failures, locked_at, contract_id
), touched AS (
  UPDATE sessions SET last_seen_at = $2::bigint
  WHERE id_hash = $12::text AND EXISTS (SELECT 1 FROM t)
), rows AS (
  SELECT 1 AS n, $6::text AS event, 'otp_invalid' AS outcome FROM t
  UNION ALL SELECT 2, 'otp_replay', 'refused' FROM t WHERE $10::boolean
  UNION ALL SELECT 3, 'token_locked', 'locked' FROM t WHERE t.locked_at IS NOT NULL
), audited AS (
  INSERT INTO audit (at, contract_id, client_addr, event, outcome, actor, browser, os)
  SELECT $2::bigint, $4::text, $5::text, rows.event, rows.outcome, $7::text, $8::text, $9::text
  FROM rows ORDER BY rows.n
), noticed AS (
  INSERT INTO notifications (at, contract_id, event, old_serial, new_serial)
  SELECT $2::bigint, t.contract_id, 'token_locked', $11::text, NULL
  FROM t WHERE t.locked_at IS NOT NULL
)
SELECT consecutive_failures, locked_at, contract_id FROM t";

/// The session a remembered login's code came in, as [`Store::record_wrong_code_waiting`]
/// checks it.
pub struct WaitingSession<'a> {
    /// Its id hash.
    pub id_hash: &'a str,
    /// Live only if seen since (idle bound) …
    pub idle_before: i64,
    /// … and begun since (absolute bound).
    pub absolute_before: i64,
}

impl Store {
    /// Records a judged wrong (or replayed, `replay`) code on a registered token: the failure
    /// counted and, at `max_failures`, the lock, with the audit rows and the notice. `None`
    /// when the token was locked already (by another attempt meanwhile): nothing counted, the
    /// refusal audited as `token_locked`.
    pub async fn record_wrong_code(
        &self,
        audit: &Audit,
        event: AuditEvent,
        serial: &str,
        max_failures: u32,
        replay: bool,
    ) -> AppResult<Option<OtpFailures>> {
        if self.backend == Backend::Sqlite {
            let locks = [Lock::Serial(serial)];
            return self
                .write(&locks, |tx, _| {
                    Box::pin(async move {
                        let judged = tx.otp_failed(audit, event, serial, max_failures).await?;
                        match judged {
                            None => tx.audit(audit, event, ErrorCode::TokenLocked).await?,
                            Some(_) if replay => {
                                tx.audit(audit, AuditEvent::OtpReplay, Outcome::Refused)
                                    .await?
                            }
                            Some(_) => {}
                        }
                        Ok(judged)
                    })
                })
                .await;
        }
        let judged = self
            .at_once(AT_ONCE, audit, event, serial, max_failures, replay, None)
            .await?;
        self.count_events(event, replay, judged.as_ref());
        Ok(judged)
    }

    /// [`Store::record_wrong_code`] for a login waiting for its code, on PostgreSQL in one
    /// statement that also checks and touches the session (`WAITING_AT_ONCE`); `Ok(None)`:
    /// nothing written, because the session or the token is no longer what this instance
    /// remembered (or the token locked meanwhile) — the caller reads them again. `None` on
    /// SQLite too, where nothing is remembered (no hop to save).
    pub async fn record_wrong_code_waiting(
        &self,
        audit: &Audit,
        session: &WaitingSession<'_>,
        token: &TokenRow,
        max_failures: u32,
        replay: bool,
    ) -> AppResult<Option<OtpFailures>> {
        let event = AuditEvent::LoginOtp;
        if self.backend == Backend::Sqlite {
            return Ok(None);
        }
        let waiting = Some((session, token.sealed_secret()));
        let statement = WAITING_AT_ONCE;
        let serial = token.serial.as_str();
        let judged = self
            .at_once(
                statement,
                audit,
                event,
                serial,
                max_failures,
                replay,
                waiting,
            )
            .await?;
        if let Some(failures) = &judged {
            self.metrics.remembered_code();
            self.count_events(event, replay, Some(failures));
        }
        Ok(judged)
    }

    /// Runs [`AT_ONCE`] or, with the session and sealed secret of a remembered login,
    /// [`WAITING_AT_ONCE`]; again after a conflict (40001, 40P01), up to
    /// [`super::write::WRITE_ATTEMPTS`] tries.
    #[allow(clippy::too_many_arguments)]
    async fn at_once(
        &self,
        statement: &str,
        audit: &Audit,
        event: AuditEvent,
        serial: &str,
        max_failures: u32,
        replay: bool,
        waiting: Option<(&WaitingSession<'_>, &[u8])>,
    ) -> AppResult<Option<OtpFailures>> {
        let mut attempt = 1;
        loop {
            let mut query = sqlx::query_as(statement)
                .bind(i64::from(max_failures))
                .bind(audit.now)
                .bind(serial)
                .bind(&audit.contract_id)
                .bind(&audit.client)
                .bind(event.as_str())
                .bind(&audit.actor)
                .bind(&audit.browser)
                .bind(&audit.os)
                .bind(replay)
                .bind(mask_serial(serial));
            if let Some((session, sealed)) = waiting {
                query = query
                    .bind(session.id_hash)
                    .bind(session.idle_before)
                    .bind(session.absolute_before)
                    .bind(sealed);
            }
            match query
                .fetch_optional(&self.pool)
                .await
                .map_err(AppError::from)
            {
                Err(AppError::Conflict(cause)) if attempt < super::write::WRITE_ATTEMPTS => {
                    self.before_retry(&cause, attempt).await;
                    attempt += 1;
                }
                done => return done,
            }
        }
    }

    /// The audit rows the statement wrote, in `/metrics`.
    fn count_events(&self, event: AuditEvent, replay: bool, judged: Option<&OtpFailures>) {
        let Some(failures) = judged else {
            self.metrics.event(event.as_str(), "token_locked");
            return;
        };
        self.metrics.event(event.as_str(), "otp_invalid");
        if replay {
            self.metrics
                .event(AuditEvent::OtpReplay.as_str(), "refused");
        }
        if failures.locked_at.is_some() {
            self.metrics
                .event(AuditEvent::TokenLocked.as_str(), "locked");
        }
    }
}
