//! The two checks every flow shares: 契約者ID + ログインパスワード (login and the start of each
//! procedure) and a token's one-time password (the login's second step and the procedures).
//!
//! Both decide before they judge: the lock's slot and then the throttle's buckets are taken
//! first (each atomically, in the database), so a burst of concurrent attempts is judged at most
//! up to the lock threshold, and never past a throttle limit. A locked account or token is
//! answered as such before the throttle, at no cost.

use otp_api::problem::{ErrorCode, Problem};

use super::Caller;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::store::{
    Audit, AuditEvent, CustomerRow, Lock, LoginClaim, OtpFailures, Outcome, TokenRow, Tx,
    WaitingSession,
};
use crate::throttle::{self, Kind, Taken};
use crate::waiting_logins::Waiting;

/// A contract ID and password that were judged right (and recorded as such: the wrong
/// passwords before it are forgotten, the throttle has its events back).
#[must_use]
pub struct Verified {
    /// The customer.
    pub customer: CustomerRow,
    /// The request's audit context, with the contract.
    pub audit: Audit,
}

/// `account_locked`, with how long to wait when the lock is temporary.
pub(super) fn account_locked(until: Option<i64>, now: i64) -> AppError {
    let problem = Problem::new(ErrorCode::AccountLocked);
    match until {
        Some(until) => problem
            .with_retry_after(u32::try_from(until - now).unwrap_or(1))
            .into(),
        None => problem.into(),
    }
}

fn busy() -> AppError {
    Problem::new(ErrorCode::RateLimited)
        .with_retry_after(1)
        .into()
}

fn validate_credentials(state: &AppState, contract_id: &str, password: &str) -> AppResult<String> {
    otp_api::requests::login(contract_id, password, &state.settings.rules)
        .map(|request| request.contract_id)
        .map_err(|fields| Problem::validation(fields).into())
}

/// Validates, normalises and checks a contract ID and password with the throttle and the
/// lockout rules.
///
/// Every judged attempt costs one argon2 verification, against the stored hash or a decoy, and
/// an unknown contract ID is counted, throttled and locked like a known one: nothing in the
/// answer or its timing tells whether a contract exists.
pub async fn check_credentials(
    state: &AppState,
    caller: Caller,
    contract_id: &str,
    password: String,
    event: AuditEvent,
) -> AppResult<Verified> {
    let contract_id = validate_credentials(state, contract_id, &password)?;
    let state = state.clone();
    // Once admitted, an attempt is judged and recorded even if its client goes away meanwhile
    // (the request's future dropped): a dropped request neither holds a slot nor escapes its
    // count.
    tokio::spawn(async move { judge(&state, caller, contract_id, password, event).await }).await?
}

async fn judge(
    state: &AppState,
    caller: Caller,
    contract_id: String,
    password: String,
    event: AuditEvent,
) -> AppResult<Verified> {
    let store = &state.store;
    let now = state.clock.now();
    let audit = caller.audit(now).for_contract(&contract_id);
    let kind = Kind::Failure {
        contract_id: &contract_id,
        serial: None,
    };
    let max = state.settings.max_password_failures;
    // The lock first: a locked account is answered as such, at no cost, whatever the throttle.
    match store.claim_login_attempt(&contract_id, max, now).await? {
        LoginClaim::Granted => {}
        refused => {
            store.audit(&audit, event, ErrorCode::AccountLocked).await?;
            return Err(match refused {
                LoginClaim::Locked(until) => account_locked(until, now),
                _ => busy(),
            });
        }
    }
    let taken = match throttle::take(state, caller.ip, kind, &audit, event).await {
        Ok(taken) => taken,
        Err(err) => {
            store.release_login_attempt(&contract_id).await?;
            return Err(err);
        }
    };
    let customer = store.customer(&contract_id).await?;
    let stored_hash = customer.as_ref().map(|c| c.password_hash.clone());
    let matched = match state.passwords.verify(stored_hash, password).await {
        Ok(matched) => matched,
        Err(err) => {
            // Never judged (no hashing slot): the attempt gives everything back.
            store.release_login_attempt(&contract_id).await?;
            taken.give_back(state).await?;
            return Err(err);
        }
    };
    if let Some(customer) = customer.filter(|_| matched) {
        if !store.login_succeeded(&contract_id).await? {
            // A concurrent attempt was the last failure: the lock holds for this one too.
            taken.give_back(state).await?;
            store.audit(&audit, event, ErrorCode::AccountLocked).await?;
            return Err(ErrorCode::AccountLocked.into());
        }
        taken.give_back(state).await?;
        return Ok(Verified { customer, audit });
    }
    taken.keep();
    let mut tx = store.begin(&[Lock::Contract(&contract_id)]).await?;
    let attempts = tx
        .login_failed(&audit, event, max, state.settings.lockout)
        .await?;
    tx.commit().await?;
    if attempts.locked(now) {
        return Err(account_locked(attempts.locked_until, now));
    }
    let remaining = i64::from(max) - attempts.consecutive_failures;
    Err(Problem::new(ErrorCode::InvalidCredentials)
        .with_remaining_attempts(u32::try_from(remaining).unwrap_or(0))
        .into())
}

/// A code that was accepted: the transaction holds its record (the new replay guard); the
/// caller adds its own change and audit row, commits, then gives the throttle's events back
/// ([`Accepted::split`], [`Taken::give_back`]).
#[must_use]
pub struct Accepted {
    /// The open transaction.
    pub tx: Tx,
    /// The matched TOTP step.
    pub step: i64,
    taken: Taken,
}

impl Accepted {
    /// The transaction, and the throttle's events to give back after its commit.
    pub fn split(self) -> (Tx, Taken) {
        (self.tx, self.taken)
    }
}

/// The TOTP step `otp` matches on `token` now, and whether it only matches as a replay.
fn match_code(state: &AppState, token: &TokenRow, code: &str) -> (Option<i64>, bool) {
    let params = token.params();
    let at = u64::try_from(state.clock.now()).unwrap_or_default();
    let last = token.last_step.and_then(|s| u64::try_from(s).ok());
    let step = otp_api::totp::verify(&token.secret, &params, code, at, last)
        .map(|s| i64::try_from(s).unwrap_or(i64::MAX));
    let replay = step.is_none()
        && last.is_some()
        && otp_api::totp::verify(&token.secret, &params, code, at, None).is_some();
    (step, replay)
}

/// Checks a one-time password from a registered token (its contract's), with the throttle and
/// the token's lock. A wrong code and a replay — also one that loses a race with the same
/// code — answer alike (`otp_invalid` with `remaining_attempts`) and count toward the lock.
pub async fn check_otp(
    state: &AppState,
    audit: &Audit,
    caller: Caller,
    token: &TokenRow,
    otp: &str,
    event: AuditEvent,
) -> AppResult<Accepted> {
    let store = &state.store;
    if token.locked() {
        store.audit(audit, event, ErrorCode::TokenLocked).await?;
        return Err(ErrorCode::TokenLocked.into());
    }
    let code = otp_api::requests::otp(otp, token.params().digits)
        .map_err(Problem::validation)?
        .otp;
    let contract_id = audit.contract_id.as_deref().unwrap_or_default();
    let kind = Kind::Failure {
        contract_id,
        serial: None,
    };
    let max = state.settings.max_otp_failures;
    // No slot is claimed before the judgement (as a password's is, before its costly hash):
    // the code is judged inside a transaction that holds the token's lock, so attempts on one
    // token are judged one at a time against its counters as they stand, and none after the
    // lock counts.
    let taken = throttle::take(state, caller.ip, kind, audit, event).await?;
    let (step, mut replay) = match_code(state, token, &code);
    let locks = [Lock::Contract(contract_id), Lock::Serial(&token.serial)];
    if let Some(step) = step {
        let mut tx = store.begin(&locks).await?;
        if tx.otp_succeeded(&token.serial, step, audit.now).await? {
            return Ok(Accepted { tx, step, taken });
        }
        // Another request accepted this code (or a later one) first: judged as a replay.
        drop(tx);
        replay = true;
    }
    taken.keep();
    if replay {
        tracing::warn!(serial = %token.serial, "replayed one-time password refused");
    }
    // Recorded in one statement on PostgreSQL, run again after a conflict: judging it again
    // changes nothing, and the throttle's events above are not taken twice.
    let judged = store
        .record_wrong_code(audit, event, &token.serial, max, replay)
        .await?;
    Err(wrong_code_answer(max, judged))
}

/// The answer to a recorded wrong code: `otp_invalid` with the attempts left, or
/// `token_locked` once it locked (by this code or, `None`, before it).
fn wrong_code_answer(max: u32, judged: Option<OtpFailures>) -> AppError {
    let Some(failures) = judged.filter(|f| f.locked_at.is_none()) else {
        return ErrorCode::TokenLocked.into();
    };
    let remaining = i64::from(max) - failures.consecutive_failures;
    Problem::new(ErrorCode::OtpInvalid)
        .with_remaining_attempts(u32::try_from(remaining).unwrap_or(0))
        .into()
}

/// A login's code judged against the token this instance remembers for its session
/// ([`crate::waiting_logins`]): when it is wrong, recorded in one statement that counts it
/// only if the session and token are still as remembered, and answered like [`check_otp`]'s.
/// `None` for everything else — a code that is right or malformed here, a locked token, or a
/// session or token no longer as remembered — which the caller reads and judges as usual.
pub async fn check_remembered_otp(
    state: &AppState,
    caller: &Caller,
    session: &WaitingSession<'_>,
    waiting: &Waiting,
    otp: &str,
) -> AppResult<Option<AppError>> {
    let token = &waiting.token;
    if token.locked() {
        return Ok(None);
    }
    let Ok(code) = otp_api::requests::otp(otp, token.params().digits) else {
        return Ok(None);
    };
    let token = state.store.reopened(token)?;
    let (step, replay) = match_code(state, &token, &code.otp);
    if step.is_some() {
        return Ok(None);
    }
    let contract_id = waiting.contract_id.as_str();
    let audit = caller.audit(state.clock.now()).for_contract(contract_id);
    let kind = Kind::Failure {
        contract_id,
        serial: None,
    };
    let taken = throttle::take(state, caller.ip, kind, &audit, AuditEvent::LoginOtp).await?;
    let max = state.settings.max_otp_failures;
    let judged = state
        .store
        .record_wrong_code_waiting(&audit, session, &token, max, replay)
        .await?;
    let Some(failures) = judged else {
        taken.give_back(state).await?;
        return Ok(None);
    };
    taken.keep();
    if replay {
        tracing::warn!(serial = %token.serial, "replayed one-time password refused");
    }
    Ok(Some(wrong_code_answer(max, Some(failures))))
}

/// Checks a one-time password from a token that is not yet anyone's (a procedure's new
/// token): wrong codes count against the procedure and the throttle (per address, contract
/// and serial), never lock the token. At the limit the procedure ends
/// (`procedure_attempts_exceeded`).
pub async fn check_new_token_otp(
    state: &AppState,
    audit: &Audit,
    procedure_id: &str,
    token: &TokenRow,
    code: &str,
    taken: Taken,
) -> AppResult<Accepted> {
    let store = &state.store;
    let max = state.settings.max_otp_failures;
    if !store.claim_new_token_attempt(procedure_id, max).await? {
        taken.give_back(state).await?;
        let row = store.procedure(procedure_id).await?;
        return Err(match row {
            Some(row) if row.ended_reason.is_some() || row.otp_failures >= i64::from(max) => {
                ErrorCode::ProcedureAttemptsExceeded.into()
            }
            _ => ErrorCode::StepOutOfOrder.into(),
        });
    }
    let (step, _) = match_code(state, token, code);
    let contract_id = audit.contract_id.as_deref().unwrap_or_default();
    let locks = [Lock::Contract(contract_id), Lock::Serial(&token.serial)];
    let mut tx = store.begin(&locks).await?;
    if let Some(step) = step {
        return Ok(Accepted { tx, step, taken });
    }
    taken.keep();
    let event = AuditEvent::ProcedureNewToken;
    tx.audit_about(audit, event, ErrorCode::OtpInvalid, &token.serial)
        .await?;
    let (failures, ended) = tx.new_token_failed(procedure_id, max, audit.now).await?;
    if ended {
        tx.audit(audit, AuditEvent::ProcedureEnded, Outcome::OtpAttempts)
            .await?;
    }
    tx.commit().await?;
    if ended {
        return Err(ErrorCode::ProcedureAttemptsExceeded.into());
    }
    let remaining = i64::from(max) - failures;
    Err(Problem::new(ErrorCode::OtpInvalid)
        .with_remaining_attempts(u32::try_from(remaining).unwrap_or(0))
        .into())
}
