//! `POST /login`: the password step.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use otp_api::problem::{ErrorCode, Field, FieldError, Problem};
use otp_api::session::{Customer, LoginRequest, LoginResponse};
use otp_api::validate;

use super::ClientAddr;
use crate::AppState;
use crate::error::AppResult;
use crate::json::ApiJson;
use crate::session;
use crate::store::AuditEvent;

/// Checks the contract ID and password; on success starts a new session.
///
/// Every attempt costs one argon2 verification, against the stored hash or a decoy, and an
/// unknown contract ID is counted and locked like a known one: nothing in the answer or its
/// timing tells whether a contract exists.
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Response> {
    let rules = &state.settings.rules;
    let contract_id = validate::contract_id(&req.contract_id, &rules.contract_id);
    let password_ok = validate::password(&req.password, &rules.password);
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
    let matched = state.passwords.verify(stored_hash, req.password).await?;
    let now = state.clock.now();
    let client = client.as_deref();
    let audit = |outcome: &'static str| {
        store.audit(now, Some(&contract_id), client, AuditEvent::Login, outcome)
    };

    if store.login_attempts(&contract_id).await?.locked() {
        audit(ErrorCode::AccountLocked.as_str()).await?;
        return Err(ErrorCode::AccountLocked.into());
    }
    let Some(customer) = customer.filter(|_| matched) else {
        let max = state.settings.max_password_failures;
        let attempts = store.record_login_failure(&contract_id, max, now).await?;
        audit(ErrorCode::InvalidCredentials.as_str()).await?;
        if attempts.locked() {
            store
                .audit(
                    now,
                    Some(&contract_id),
                    client,
                    AuditEvent::AccountLocked,
                    "locked",
                )
                .await?;
            return Err(ErrorCode::AccountLocked.into());
        }
        let remaining = i64::from(max) - attempts.consecutive_failures;
        return Err(Problem::new(ErrorCode::InvalidCredentials)
            .with_remaining_attempts(u32::try_from(remaining).unwrap_or(0))
            .into());
    };

    store.reset_login_failures(&contract_id).await?;
    let secure = state.settings.secure_cookies;
    // A login always gets a new session id; the one the browser had (if any) is dropped.
    if let Some(old) = session::session_id(&headers, secure) {
        store.delete_session(&session::hash_id(&old)).await?;
    }
    let (id, id_hash) = session::new_session_id();
    store
        .create_session(&id_hash, &contract_id, true, now)
        .await?;
    audit("ok").await?;

    let body = LoginResponse {
        otp_required: false,
        customer: Some(Customer {
            name: customer.name,
        }),
    };
    Ok((
        [(header::SET_COOKIE, session::set_cookie(&id, secure))],
        axum::Json(body),
    )
        .into_response())
}
