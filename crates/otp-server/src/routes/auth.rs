//! The two checks every flow shares: 契約者ID + ログインパスワード (login and the start of each
//! procedure) and a token's one-time password (the login's second step and the procedures).

use otp_api::problem::{ErrorCode, Field, FieldError, Problem};
use otp_api::validate;

use crate::AppState;
use crate::error::AppResult;
use crate::store::{AuditEvent, CustomerRow, TokenRow};

/// Validates, normalises and checks a contract ID and password with the lockout rules.
///
/// Every call costs one argon2 verification, against the stored hash or a decoy, and an
/// unknown contract ID is counted and locked like a known one: nothing in the answer or its
/// timing tells whether a contract exists.
pub async fn check_credentials(
    state: &AppState,
    contract_id: &str,
    password: String,
    client: Option<&str>,
    event: AuditEvent,
) -> AppResult<CustomerRow> {
    let rules = &state.settings.rules;
    let contract_id = validate::contract_id(contract_id, &rules.contract_id);
    let password_ok = validate::password(&password, &rules.password);
    let mut fields = Vec::new();
    if let Err(code) = &contract_id {
        fields.push(FieldError {
            field: Field::ContractId,
            code: *code,
        });
    }
    if let Err(code) = password_ok {
        fields.push(FieldError {
            field: Field::Password,
            code,
        });
    }
    let contract_id = match contract_id {
        Ok(id) if fields.is_empty() => id,
        _ => return Err(Problem::validation(fields).into()),
    };

    let store = &state.store;
    let customer = store.customer(&contract_id).await?;
    let stored_hash = customer.as_ref().map(|c| c.password_hash.clone());
    let matched = state.passwords.verify(stored_hash, password).await?;
    let now = state.clock.now();
    let audit = |event: AuditEvent, outcome: &'static str| {
        store.audit(now, Some(&contract_id), client, event, outcome)
    };

    if store.login_attempts(&contract_id).await?.locked() {
        audit(event, ErrorCode::AccountLocked.as_str()).await?;
        return Err(ErrorCode::AccountLocked.into());
    }
    let Some(customer) = customer.filter(|_| matched) else {
        let max = state.settings.max_password_failures;
        let attempts = store.record_login_failure(&contract_id, max, now).await?;
        audit(event, ErrorCode::InvalidCredentials.as_str()).await?;
        if attempts.locked() {
            audit(AuditEvent::AccountLocked, "locked").await?;
            return Err(ErrorCode::AccountLocked.into());
        }
        let remaining = i64::from(max) - attempts.consecutive_failures;
        return Err(Problem::new(ErrorCode::InvalidCredentials)
            .with_remaining_attempts(u32::try_from(remaining).unwrap_or(0))
            .into());
    };
    store.reset_login_failures(&contract_id).await?;
    Ok(customer)
}

/// The refusal of a malformed one-time password.
pub fn otp_field_error(code: otp_api::problem::FieldErrorCode) -> Problem {
    Problem::validation(vec![FieldError {
        field: Field::Otp,
        code,
    }])
}

/// Checks a one-time password from `token` without recording success: the matched TOTP step,
/// or the refusal (a wrong or replayed code counts toward the token's lock).
///
/// A replayed code (at or before the last accepted step) answers exactly like a wrong one and
/// is written to the audit trail.
pub async fn verify_otp(
    state: &AppState,
    token: &TokenRow,
    otp: &str,
    client: Option<&str>,
    event: AuditEvent,
) -> AppResult<i64> {
    let store = &state.store;
    let now = state.clock.now();
    let contract_id = token.contract_id.as_deref();
    if token.locked() {
        store
            .audit(
                now,
                contract_id,
                client,
                event,
                ErrorCode::TokenLocked.as_str(),
            )
            .await?;
        return Err(ErrorCode::TokenLocked.into());
    }
    let params = token.params();
    let code = validate::otp(otp, params.digits).map_err(otp_field_error)?;
    let at = u64::try_from(now).unwrap_or_default();
    let last = token.last_step.and_then(|s| u64::try_from(s).ok());
    if let Some(step) = otp_api::totp::verify(&token.secret, &params, &code, at, last) {
        return Ok(i64::try_from(step).unwrap_or(i64::MAX));
    }
    if last.is_some() && otp_api::totp::verify(&token.secret, &params, &code, at, None).is_some() {
        tracing::warn!(serial = %token.serial, "replayed one-time password refused");
        store
            .audit(now, contract_id, client, AuditEvent::OtpReplay, "refused")
            .await?;
    }
    let max = state.settings.max_otp_failures;
    let failures = store.record_otp_failure(&token.serial, max, now).await?;
    store
        .audit(
            now,
            contract_id,
            client,
            event,
            ErrorCode::OtpInvalid.as_str(),
        )
        .await?;
    if failures.locked_at.is_some() {
        store
            .audit(now, contract_id, client, AuditEvent::TokenLocked, "locked")
            .await?;
        return Err(ErrorCode::TokenLocked.into());
    }
    let remaining = i64::from(max) - failures.consecutive_failures;
    Err(Problem::new(ErrorCode::OtpInvalid)
        .with_remaining_attempts(u32::try_from(remaining).unwrap_or(0))
        .into())
}

/// Checks a one-time password from a registered token and records it as used (its step
/// becomes the replay guard).
pub async fn check_otp(
    state: &AppState,
    token: &TokenRow,
    otp: &str,
    client: Option<&str>,
    event: AuditEvent,
) -> AppResult<()> {
    let step = verify_otp(state, token, otp, client, event).await?;
    let now = state.clock.now();
    // Conditional on the step still being fresh: two concurrent requests with one code cannot
    // both pass.
    if state
        .store
        .record_otp_success(&token.serial, step, now)
        .await?
    {
        Ok(())
    } else {
        state
            .store
            .audit(
                now,
                token.contract_id.as_deref(),
                client,
                AuditEvent::OtpReplay,
                "refused",
            )
            .await?;
        Err(ErrorCode::OtpInvalid.into())
    }
}
