//! The steps of a procedure after its start: the current token's code, the new token (which
//! completes 利用開始 and 交換), and 利用中止's confirmation.

use axum::extract::State;
use axum::http::HeaderMap;
use otp_api::problem::{ErrorCode, Problem};
use otp_api::procedure::{NewTokenRequest, OtpRequest, Procedure, ProcedureAction};

use super::{end_other_sessions, expect_step, now_at};
use crate::AppState;
use crate::error::AppResult;
use crate::json::ApiJson;
use crate::routes::auth::{check_new_token_otp, check_otp};
use crate::routes::extract::{Caller, OwnProcedure};
use crate::store::{AuditEvent, Lock, Notice, Outcome, TokenState};
use crate::throttle::{self, Kind};

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
    tx.audit(&audit, event, Outcome::Ok).await?;
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
        store.audit(&audit, event, ErrorCode::SerialUnknown).await?;
        return Err(ErrorCode::SerialUnknown.into());
    };
    if token.status != TokenState::Available || token.locked() {
        taken.keep();
        store
            .audit(&audit, event, ErrorCode::SerialUnavailable)
            .await?;
        return Err(ErrorCode::SerialUnavailable.into());
    }
    let accepted = check_new_token_otp(&state, &audit, &row.id, &token, &code, taken).await?;
    let step = accepted.step;
    let (mut tx, taken) = accepted.split();
    tx.complete_with_new_token(&row, &serial, step, audit.now)
        .await?;
    tx.audit_about(&audit, AuditEvent::TokenRegistered, Outcome::Ok, &serial)
        .await?;
    if let Some(old) = &row.old_serial {
        tx.audit_about(&audit, AuditEvent::TokenReleased, Outcome::Ok, old)
            .await?;
    }
    tx.audit_about(
        &audit,
        AuditEvent::ProcedureCompleted,
        Outcome::Ok,
        row.kind.as_str(),
    )
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
                tx.audit(audit, AuditEvent::ProcedureConfirm, Outcome::Ok)
                    .await?;
                let old = row_ref.old_serial.as_deref().unwrap_or_default();
                tx.audit_about(audit, AuditEvent::TokenReleased, Outcome::Ok, old)
                    .await?;
                tx.audit_about(
                    audit,
                    AuditEvent::ProcedureCompleted,
                    Outcome::Ok,
                    row_ref.kind.as_str(),
                )
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
