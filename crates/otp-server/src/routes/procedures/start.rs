//! A procedure's start: the contract ID and password, the throttle on new procedures, whether
//! this kind may start now, and the new procedure bound to this browser.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use otp_api::passkey::{Accepts, FactorChange, Proof};
use otp_api::problem::ErrorCode;
use otp_api::procedure::{Procedure, ProcedureKind, StartProcedureRequest};
use otp_api::validate;

use super::new_procedure_id;
use crate::AppState;
use crate::cookies::{self, Cookie};
use crate::error::AppResult;
use crate::json::ApiJson;
use crate::routes::auth::check_credentials;
use crate::routes::extract::Caller;
use crate::store::{AuditEvent, Lock, NewProcedure, Outcome, TokenRow};
use crate::throttle::{self, Kind, Taken};

/// Starts a procedure with the contract ID and password.
#[utoipa::path(
    post, path = "/procedures", tag = "procedures",
    request_body = StartProcedureRequest,
    responses(
        (status = 201, description = "Started; the browser cookie binds it to this browser", body = Procedure),
        (status = 401, description = "`invalid_credentials`"),
        (status = 409, description = "`no_active_token` (exchange, stop) or `token_already_active` (activate)"),
        (status = 422, description = "`validation`"),
        (status = 423, description = "`account_locked` (with `retry_after_seconds` when the lock is temporary) or `token_locked`"),
        (status = 429, description = "`rate_limited`: too many new procedures or failures from this address or for this contract (`Retry-After`)"),
        (status = 503, description = "`service_unavailable`: every password-hashing slot is busy (`Retry-After`)"),
    )
)]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<StartProcedureRequest>,
) -> AppResult<Response> {
    let event = AuditEvent::ProcedureStart;
    let starts = take_start(&state, &caller, &req.contract_id).await?;
    let verified =
        match check_credentials(&state, caller, &req.contract_id, req.password, event).await {
            Ok(verified) => verified,
            Err(err) => {
                starts.give_back(&state).await?;
                return Err(err);
            }
        };
    let store = &state.store;
    let audit = &verified.audit;
    let contract_id = verified.customer.contract_id.as_str();
    let token = store.active_token(contract_id).await?;
    // What proves it: once the contract has a passkey, by the bank's policy, a passkey in
    // place of the current token's code (a relay holds the code, never the passkey).
    let has_passkey = store.has_passkey(contract_id).await?;
    let accepts = state
        .settings
        .passkeys
        .factor_changes
        .accepts(FactorChange::Token, has_passkey);
    let proof = match accepts {
        Accepts::Passkey => Proof::Passkey,
        Accepts::OtpOrPasskey | Accepts::PasskeyFirst => Proof::Otp,
    };
    // Every start binds the browser under a new id, as a login renews the session: a
    // browser cookie planted before (by a sibling site, on a shared machine) reads nothing.
    // This contract's procedures of the old id (another tab's) follow to the new one.
    let secure = state.settings.secure_cookies;
    let planted = cookies::cookie_value(&headers, Cookie::Browser, secure);
    let (browser, browser_hash) = cookies::new_id();
    let id = new_procedure_id();
    let row = NewProcedure {
        id: &id,
        kind: req.kind,
        contract_id,
        browser_hash: &browser_hash,
        step: req.kind.first_step(proof),
        proof,
        old_serial: token.as_ref().map(|t| t.serial.as_str()),
        now: audit.now,
        expires_at: audit.now + i64::from(state.settings.procedure_ttl_seconds),
    };
    let mut tx = store.begin(&[Lock::Contract(contract_id)]).await?;
    if let Some(code) = refusal(token.as_ref(), req.kind, accepts) {
        tx.audit(audit, event, code).await?;
        tx.commit().await?;
        starts.give_back(&state).await?;
        return Err(code.into());
    }
    if let Some(old) = planted {
        tx.rebind_procedures(&cookies::hash_id(&old), &browser_hash, contract_id)
            .await?;
    }
    tx.create_procedure(&row).await?;
    tx.audit_about(audit, event, Outcome::Ok, req.kind.as_str())
        .await?;
    tx.commit().await?;
    starts.keep();
    Ok(started(&row, &browser, secure))
}

/// A new procedure counts before the password is checked (each one is more tries at a new
/// token's code); an honest start that fails gives it back. A contract ID that is not one
/// (refused with the password's answer) takes nothing.
async fn take_start(state: &AppState, caller: &Caller, contract_id: &str) -> AppResult<Taken> {
    let normalised =
        validate::contract_id(contract_id, &state.settings.rules.contract_id).unwrap_or_default();
    if normalised.is_empty() {
        return Ok(Taken::default());
    }
    let audit = caller.audit(state.clock.now()).for_contract(&normalised);
    let kind = Kind::Start {
        contract_id: &normalised,
    };
    throttle::take(state, caller.ip, kind, &audit, AuditEvent::ProcedureStart).await
}

/// Why a procedure of `kind` may not start for a contract whose active token is `token`, by
/// the bank's policy (`accepts`); `None` when it may.
fn refusal(token: Option<&TokenRow>, kind: ProcedureKind, accepts: Accepts) -> Option<ErrorCode> {
    match (token, kind.needs_active_token()) {
        (Some(t), _) if t.locked() => Some(ErrorCode::TokenLocked),
        (None, true) => Some(ErrorCode::NoActiveToken),
        (Some(_), false) => Some(ErrorCode::TokenAlreadyActive),
        // A first token is registered with the password alone, whatever the policy (the
        // customer has nothing else yet); 交換 and 利用中止 wait for a passkey.
        _ if accepts == Accepts::PasskeyFirst && kind != ProcedureKind::Activate => {
            Some(ErrorCode::PasskeyRequired)
        }
        _ => None,
    }
}

/// `201 Created` with the procedure, its `Location`, and the cookie that binds it to this
/// browser.
fn started(row: &NewProcedure<'_>, browser: &str, secure: bool) -> Response {
    let body = Procedure {
        id: row.id.to_owned(),
        kind: row.kind,
        step: row.step,
        proof: row.proof,
        expires_at: row.expires_at,
        token: None,
    };
    let mut response = (StatusCode::CREATED, axum::Json(body)).into_response();
    let headers = response.headers_mut();
    let location = format!(
        "{}{}",
        otp_api::API_PREFIX,
        otp_api::paths::procedure(row.id)
    );
    if let Ok(location) = location.parse() {
        headers.insert(header::LOCATION, location);
    }
    headers.insert(
        header::SET_COOKIE,
        cookies::set_cookie(Cookie::Browser, browser, secure),
    );
    response
}
