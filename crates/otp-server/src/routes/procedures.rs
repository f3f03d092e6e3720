//! The procedures: 利用開始 (`activate`), 交換 (`exchange`) and 利用中止 (`stop`).
//!
//! A procedure starts with the contract ID and password, then takes its steps in the order of
//! [`otp_api::procedure::next_step`]. It expires after the configured time and is bound to the
//! browser that started it (the `otp_browser` cookie): another browser gets
//! `procedure_not_found`, exactly as for an id that does not exist.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use data_encoding::BASE64URL_NOPAD;
use otp_api::passkey::{Accepts, FactorChange, Proof};
use otp_api::problem::{ErrorCode, Problem};
use otp_api::procedure::{
    NewTokenRequest, OtpRequest, Procedure, ProcedureAction, ProcedureKind, ProcedureStep,
    StartProcedureRequest, next_step,
};
use otp_api::validate;
use rand::RngCore;

use super::auth::{check_credentials, check_new_token_otp, check_otp};
use super::extract::{Caller, OwnProcedure};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::json::ApiJson;
use crate::session::{self, Cookie};
use crate::store::{
    Audit, AuditEvent, CompleteError, Lock, NewProcedure, Notice, ProcedureRow, TokenState, Tx,
};
use crate::throttle::{self, Kind};

fn new_procedure_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    BASE64URL_NOPAD.encode(&bytes)
}

impl From<CompleteError> for AppError {
    fn from(err: CompleteError) -> Self {
        match err {
            CompleteError::StepMoved => ErrorCode::StepOutOfOrder.into(),
            CompleteError::Superseded => ErrorCode::ProcedureSuperseded.into(),
            CompleteError::SerialUnavailable => ErrorCode::SerialUnavailable.into(),
            CompleteError::Database(e) => e.into(),
        }
    }
}

/// The procedure as the API shows it (with the registered token once completed).
async fn view(state: &AppState, row: &ProcedureRow) -> AppResult<Procedure> {
    let token = match (&row.new_serial, row.step) {
        (Some(serial), ProcedureStep::Completed) => {
            state.store.token(serial).await?.map(|t| t.status())
        }
        _ => None,
    };
    Ok(Procedure {
        id: row.id.clone(),
        kind: row.kind,
        step: row.step,
        proof: row.proof,
        expires_at: row.expires_at,
        token,
    })
}

/// In a completing transaction: ends the contract's other sessions (those logged in with the
/// token that changed), keeping the one that made this request, if any.
async fn end_other_sessions(
    state: &AppState,
    tx: &mut Tx,
    audit: &Audit,
    headers: &HeaderMap,
) -> AppResult<()> {
    let contract_id = audit.contract_id.as_deref().unwrap_or_default();
    let own = session::cookie_value(headers, Cookie::Session, state.settings.secure_cookies)
        .map(|id| session::hash_id(&id));
    if tx.end_sessions(contract_id, own.as_deref()).await? > 0 {
        tx.audit(audit, AuditEvent::SessionsEnded, "token_changed")
            .await?;
    }
    Ok(())
}

/// The procedure `id` as it stands after a step (the answer of every step).
pub(super) async fn now_at(state: &AppState, id: &str) -> AppResult<axum::Json<Procedure>> {
    let row = state
        .store
        .procedure(id)
        .await?
        .ok_or(ErrorCode::ProcedureNotFound)?;
    Ok(axum::Json(view(state, &row).await?))
}

/// The step that `action` leads to from where the procedure stands.
pub(super) fn expect_step(row: &ProcedureRow, action: ProcedureAction) -> AppResult<ProcedureStep> {
    next_step(row.kind, row.step, action).ok_or_else(|| ErrorCode::StepOutOfOrder.into())
}

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
    // A new procedure counts before the password is checked (each one is more tries at a new
    // token's code); an honest start that fails gives it back.
    let normalised = validate::contract_id(&req.contract_id, &state.settings.rules.contract_id)
        .unwrap_or_default();
    let early = caller.audit(state.clock.now()).for_contract(&normalised);
    let starts = if normalised.is_empty() {
        throttle::Taken::default()
    } else {
        let kind = Kind::Start {
            contract_id: &normalised,
        };
        throttle::take(&state, caller.ip, kind, &early, event).await?
    };
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
    let refusal = match (&token, req.kind.needs_active_token()) {
        (Some(t), _) if t.locked() => Some(ErrorCode::TokenLocked),
        (None, true) => Some(ErrorCode::NoActiveToken),
        (Some(_), false) => Some(ErrorCode::TokenAlreadyActive),
        // A first token is registered with the password alone, whatever the policy (the
        // customer has nothing else yet); 交換 and 利用中止 wait for a passkey.
        _ if accepts == Accepts::PasskeyFirst && req.kind != ProcedureKind::Activate => {
            Some(ErrorCode::PasskeyRequired)
        }
        _ => None,
    };
    // Every start binds the browser under a new id, as a login renews the session: a
    // browser cookie planted before (by a sibling site, on a shared machine) reads nothing.
    // This contract's procedures of the old id (another tab's) follow to the new one.
    let secure = state.settings.secure_cookies;
    let planted = session::cookie_value(&headers, Cookie::Browser, secure);
    let (browser, browser_hash) = session::new_id();
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
    if let Some(code) = refusal {
        tx.audit(audit, event, code.as_str()).await?;
        tx.commit().await?;
        starts.give_back(&state).await?;
        return Err(code.into());
    }
    if let Some(old) = planted {
        tx.rebind_procedures(&session::hash_id(&old), &browser_hash, contract_id)
            .await?;
    }
    tx.create_procedure(&row).await?;
    tx.audit(audit, event, req.kind.as_str()).await?;
    tx.commit().await?;
    let body = Procedure {
        id: id.clone(),
        kind: req.kind,
        step: row.step,
        proof,
        expires_at: row.expires_at,
        token: None,
    };
    starts.keep();
    let mut response = (StatusCode::CREATED, axum::Json(body)).into_response();
    let headers = response.headers_mut();
    if let Ok(location) =
        format!("{}{}", otp_api::API_PREFIX, otp_api::paths::procedure(&id)).parse()
    {
        headers.insert(header::LOCATION, location);
    }
    headers.insert(
        header::SET_COOKIE,
        session::set_cookie(Cookie::Browser, &browser, secure),
    );
    Ok(response)
}

/// The procedure's state: which step the customer is at.
#[utoipa::path(
    get, path = "/procedures/{id}", tag = "procedures",
    params(("id" = String, Path, description = "The procedure's id")),
    responses(
        (status = 200, description = "The procedure", body = Procedure),
        (status = 404, description = "`procedure_not_found` (also another browser's procedure)"),
        (status = 410, description = "`procedure_expired` or `procedure_attempts_exceeded`"),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    OwnProcedure(row): OwnProcedure,
) -> AppResult<axum::Json<Procedure>> {
    Ok(axum::Json(view(&state, &row).await?))
}

/// The current token's one-time password (交換, 利用中止).
#[utoipa::path(
    post, path = "/procedures/{id}/current-token", tag = "procedures",
    params(("id" = String, Path, description = "The procedure's id")),
    request_body = OtpRequest,
    responses(
        (status = 200, description = "Accepted; the procedure moved to its next step", body = Procedure),
        (status = 401, description = "`otp_invalid` (wrong or replayed)"),
        (status = 404, description = "`procedure_not_found`"),
        (status = 409, description = "`step_out_of_order` or `procedure_superseded`"),
        (status = 410, description = "`procedure_expired` or `procedure_attempts_exceeded`"),
        (status = 422, description = "`validation`"),
        (status = 423, description = "`token_locked`"),
        (status = 429, description = "`rate_limited`: too many failures from this address or for this contract (`Retry-After`)"),
    )
)]
pub async fn current_token(
    State(state): State<AppState>,
    caller: Caller,
    OwnProcedure(row): OwnProcedure,
    ApiJson(req): ApiJson<OtpRequest>,
) -> AppResult<axum::Json<Procedure>> {
    let next = expect_step(&row, ProcedureAction::CurrentToken)?;
    let store = &state.store;
    let token = store
        .active_token(&row.contract_id)
        .await?
        .filter(|t| Some(&t.serial) == row.old_serial.as_ref())
        .ok_or(ErrorCode::ProcedureSuperseded)?;
    let event = AuditEvent::ProcedureCurrentToken;
    let audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    let (mut tx, taken) = check_otp(&state, &audit, caller, &token, &req.otp, event)
        .await?
        .split();
    if !tx
        .advance_procedure(&row.id, row.step, next, audit.now)
        .await?
    {
        return Err(ErrorCode::StepOutOfOrder.into());
    }
    tx.audit(&audit, event, "ok").await?;
    tx.commit().await?;
    taken.give_back(&state).await?;
    now_at(&state, &row.id).await
}

/// The new token's serial number and one-time password (利用開始, 交換). Registers the token;
/// for 交換 the old token is released in the same transaction.
#[utoipa::path(
    post, path = "/procedures/{id}/new-token", tag = "procedures",
    params(("id" = String, Path, description = "The procedure's id")),
    request_body = NewTokenRequest,
    responses(
        (status = 200, description = "Registered; the procedure is completed", body = Procedure),
        (status = 401, description = "`otp_invalid`"),
        (status = 404, description = "`procedure_not_found`"),
        (status = 409, description = "`serial_unavailable`, `step_out_of_order` or `procedure_superseded`"),
        (status = 410, description = "`procedure_expired`, or `procedure_attempts_exceeded`: too many wrong codes for the new token ended the procedure (the token is not locked)"),
        (status = 422, description = "`validation` or `serial_unknown`"),
        (status = 429, description = "`rate_limited`: too many failures from this address, for this contract or for this serial (`Retry-After`)"),
    )
)]
pub async fn new_token(
    State(state): State<AppState>,
    caller: Caller,
    OwnProcedure(row): OwnProcedure,
    headers: HeaderMap,
    ApiJson(req): ApiJson<NewTokenRequest>,
) -> AppResult<axum::Json<Procedure>> {
    expect_step(&row, ProcedureAction::NewToken)?;
    // The code's length depends on the token: checked once the serial is looked up.
    let NewTokenRequest { serial, .. } =
        otp_api::requests::new_token(&req.serial, &req.otp, &state.settings.rules, None)
            .map_err(Problem::validation)?;

    let store = &state.store;
    let event = AuditEvent::ProcedureNewToken;
    // The new token is not the contract's yet: its audit rows name the procedure's contract.
    let audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    let token = store.token(&serial).await?;
    let code = match &token {
        Some(token) => {
            otp_api::requests::otp(&req.otp, token.params().digits)
                .map_err(Problem::validation)?
                .otp
        }
        None => String::new(),
    };
    // Every serial answer counts until a code is accepted: serials cannot be enumerated fast.
    let kind = Kind::Failure {
        contract_id: &row.contract_id,
        serial: Some(&serial),
    };
    let taken = throttle::take(&state, caller.ip, kind, &audit, event).await?;
    let Some(token) = token else {
        taken.keep();
        store.audit(&audit, event, "serial_unknown").await?;
        return Err(ErrorCode::SerialUnknown.into());
    };
    if token.status != TokenState::Available || token.locked() {
        taken.keep();
        store.audit(&audit, event, "serial_unavailable").await?;
        return Err(ErrorCode::SerialUnavailable.into());
    }
    let accepted = check_new_token_otp(&state, &audit, &row.id, &token, &code, taken).await?;
    let step = accepted.step;
    let (mut tx, taken) = accepted.split();
    tx.complete_with_new_token(&row, &serial, step, audit.now)
        .await?;
    tx.audit(&audit, AuditEvent::TokenRegistered, &serial)
        .await?;
    if let Some(old) = &row.old_serial {
        tx.audit(&audit, AuditEvent::TokenReleased, old).await?;
    }
    tx.audit(&audit, AuditEvent::ProcedureCompleted, row.kind.as_str())
        .await?;
    let notice = match row.old_serial {
        Some(_) => Notice::TokenExchanged,
        None => Notice::TokenRegistered,
    };
    let old = row.old_serial.as_deref();
    tx.notify(audit.now, &row.contract_id, notice, old, Some(&serial))
        .await?;
    end_other_sessions(&state, &mut tx, &audit, &headers).await?;
    tx.commit().await?;
    taken.give_back(&state).await?;
    now_at(&state, &row.id).await
}

/// 利用中止's confirmation: releases the token.
#[utoipa::path(
    post, path = "/procedures/{id}/confirm", tag = "procedures",
    params(("id" = String, Path, description = "The procedure's id")),
    responses(
        (status = 200, description = "The token is released; the procedure is completed", body = Procedure),
        (status = 404, description = "`procedure_not_found`"),
        (status = 409, description = "`step_out_of_order` or `procedure_superseded`"),
        (status = 410, description = "`procedure_expired` or `procedure_attempts_exceeded`"),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    caller: Caller,
    OwnProcedure(row): OwnProcedure,
    headers: HeaderMap,
) -> AppResult<axum::Json<Procedure>> {
    expect_step(&row, ProcedureAction::Confirm)?;
    let store = &state.store;
    let audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    let (app, row_ref, audit, headers) = (&state, &row, &audit, &headers);
    store
        .write(&[Lock::Contract(&row.contract_id)], |tx, _| {
            Box::pin(async move {
                tx.complete_stop(row_ref, audit.now).await?;
                tx.audit(audit, AuditEvent::ProcedureConfirm, "ok").await?;
                let old = row_ref.old_serial.as_deref().unwrap_or_default();
                tx.audit(audit, AuditEvent::TokenReleased, old).await?;
                tx.audit(audit, AuditEvent::ProcedureCompleted, row_ref.kind.as_str())
                    .await?;
                tx.notify(
                    audit.now,
                    &row_ref.contract_id,
                    Notice::TokenStopped,
                    Some(old),
                    None,
                )
                .await?;
                end_other_sessions(app, tx, audit, headers).await
            })
        })
        .await?;
    now_at(&state, &row.id).await
}

/// Cancels an unfinished procedure.
#[utoipa::path(
    delete, path = "/procedures/{id}", tag = "procedures",
    params(("id" = String, Path, description = "The procedure's id")),
    responses(
        (status = 204, description = "Cancelled"),
        (status = 404, description = "`procedure_not_found`"),
        (status = 409, description = "`step_out_of_order` (already completed or cancelled)"),
        (status = 410, description = "`procedure_expired` or `procedure_attempts_exceeded`"),
    )
)]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    OwnProcedure(row): OwnProcedure,
) -> AppResult<StatusCode> {
    let audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    let (row, audit) = (&row, &audit);
    state
        .store
        .write(&[Lock::Contract(&row.contract_id)], |tx, _| {
            Box::pin(async move {
                if !tx.cancel_procedure(&row.id, audit.now).await? {
                    return Err(ErrorCode::StepOutOfOrder.into());
                }
                tx.audit(audit, AuditEvent::ProcedureCancel, "ok").await?;
                Ok(())
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
