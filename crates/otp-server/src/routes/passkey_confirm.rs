//! Proofs asked for in the middle of something: a session confirmed again before a passkey
//! is added or removed (`/session/confirm/…`), and a procedure's passkey step
//! (`/procedures/{id}/passkey…`), which takes the place of the current token's code once the
//! contract has a passkey.

use axum::extract::State;
use otp_api::passkey::{FactorChange, Proof};
use otp_api::problem::ErrorCode;
use otp_api::procedure::{OtpRequest, Procedure, ProcedureAction};
use webauthn_rs::prelude::{Passkey, PasskeyAuthentication};

use super::auth::check_otp;
use super::extract::{Caller, OwnProcedure, SignedIn};
use super::passkey_check::{self, Expected};
use super::procedures::{expect_step, now_at};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::json::ApiJson;
use crate::passkeys::ceremony::{self, CeremonyAnswer, CeremonyOptions};
use crate::store::{AuditEvent, CeremonyPurpose, Outcome};

/// A challenge only `contract_id`'s passkeys can answer, bound to `bound_to`.
async fn challenge(
    state: &AppState,
    purpose: CeremonyPurpose,
    contract_id: &str,
    bound_to: &str,
) -> AppResult<axum::Json<CeremonyOptions>> {
    let rp = state.relying_party()?;
    let passkeys = state
        .store
        .passkeys(contract_id)
        .await?
        .iter()
        .map(|row| ceremony::stored(&row.credential))
        .collect::<AppResult<Vec<Passkey>>>()?;
    if passkeys.is_empty() {
        return Err(ErrorCode::PasskeyNotFound.into());
    }
    let (options, auth) = rp
        .webauthn
        .start_passkey_authentication(&passkeys)
        .map_err(AppError::internal)?;
    let body = ceremony::begin(
        state,
        purpose,
        Some(contract_id),
        Some(bound_to),
        &auth,
        &options,
    )
    .await?;
    Ok(axum::Json(body))
}

/// The challenge of a confirmation with one of the contract's passkeys.
#[utoipa::path(
    post, path = "/session/confirm/options", tag = "passkeys",
    responses(
        (status = 200, description = "The options for `navigator.credentials.get()`", body = CeremonyOptions),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
        (status = 404, description = "`passkey_not_found`: the contract has none; `not_found`: passkeys are off"),
    )
)]
pub async fn session_options(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> AppResult<axum::Json<CeremonyOptions>> {
    challenge(
        &state,
        CeremonyPurpose::Confirm,
        &session.contract_id,
        &session.id_hash,
    )
    .await
}

/// Confirms the session with a passkey: a fresh proof for adding or removing passkeys.
#[utoipa::path(
    post, path = "/session/confirm/passkey", tag = "passkeys",
    request_body = CeremonyAnswer,
    responses(
        (status = 204, description = "Confirmed"),
        (status = 401, description = "`passkey_invalid`, `unauthenticated` or `session_expired`"),
        (status = 404, description = "`not_found`: passkeys are off"),
        (status = 410, description = "`passkey_expired`"),
        (status = 429, description = "`rate_limited` (`Retry-After`)"),
    )
)]
pub async fn session_passkey(
    State(state): State<AppState>,
    caller: Caller,
    SignedIn(session): SignedIn,
    ApiJson(answer): ApiJson<CeremonyAnswer>,
) -> AppResult<axum::http::StatusCode> {
    let contract_id = &session.contract_id;
    let auth: PasskeyAuthentication = ceremony::take(
        &state,
        &answer.ceremony,
        CeremonyPurpose::Confirm,
        Some(&session.id_hash),
        Some(contract_id),
    )
    .await?;
    let event = AuditEvent::SessionConfirm;
    let mut audit = caller.audit(state.clock.now()).for_contract(contract_id);
    let accepted = passkey_check::judge(
        &state,
        caller,
        &mut audit,
        event,
        answer.credential,
        Expected::Contract(auth),
    )
    .await?;
    let (mut tx, taken) = (accepted.tx, accepted.taken);
    tx.prove_session(&session.id_hash, Proof::Passkey, audit.now)
        .await?;
    tx.audit(&audit, event, Outcome::Passkey).await?;
    tx.commit().await?;
    taken.give_back(&state).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Confirms the session with the current one-time password, where the contract's factor
/// changes accept it (no passkey yet, or the bank's policy is `otp`).
#[utoipa::path(
    post, path = "/session/confirm/otp", tag = "passkeys",
    request_body = OtpRequest,
    responses(
        (status = 204, description = "Confirmed"),
        (status = 401, description = "`otp_invalid`, `unauthenticated` or `session_expired`"),
        (status = 403, description = "`confirmation_required`: this contract confirms with a passkey"),
        (status = 409, description = "`no_active_token`"),
        (status = 422, description = "`validation`"),
        (status = 423, description = "`token_locked`"),
        (status = 429, description = "`rate_limited` (`Retry-After`)"),
    )
)]
pub async fn session_otp(
    State(state): State<AppState>,
    caller: Caller,
    SignedIn(session): SignedIn,
    ApiJson(req): ApiJson<OtpRequest>,
) -> AppResult<axum::http::StatusCode> {
    let contract_id = &session.contract_id;
    let has_passkey = state.store.has_passkey(contract_id).await?;
    let accepts = state
        .settings
        .passkeys
        .factor_changes
        .accepts(FactorChange::AddPasskey, has_passkey);
    if !accepts.takes(Proof::Otp) {
        return Err(ErrorCode::ConfirmationRequired.into());
    }
    let token = state
        .store
        .active_token(contract_id)
        .await?
        .ok_or(ErrorCode::NoActiveToken)?;
    let event = AuditEvent::SessionConfirm;
    let audit = caller.audit(state.clock.now()).for_contract(contract_id);
    let (mut tx, taken) = check_otp(&state, &audit, caller, &token, &req.otp, event)
        .await?
        .split();
    tx.prove_session(&session.id_hash, Proof::Otp, audit.now)
        .await?;
    tx.audit(&audit, event, Outcome::Otp).await?;
    tx.commit().await?;
    taken.give_back(&state).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// The challenge of a procedure's passkey step.
#[utoipa::path(
    post, path = "/procedures/{id}/passkey/options", tag = "procedures",
    params(("id" = String, Path, description = "The procedure's id")),
    responses(
        (status = 200, description = "The options for `navigator.credentials.get()`", body = CeremonyOptions),
        (status = 404, description = "`procedure_not_found`; `not_found`: passkeys are off"),
        (status = 409, description = "`step_out_of_order` (the procedure does not wait for a passkey) or `procedure_superseded` (the contract's passkeys were removed meanwhile)"),
        (status = 410, description = "`procedure_expired` or `procedure_attempts_exceeded`"),
    )
)]
pub async fn procedure_options(
    State(state): State<AppState>,
    OwnProcedure(row): OwnProcedure,
) -> AppResult<axum::Json<CeremonyOptions>> {
    expect_step(&row, ProcedureAction::Passkey)?;
    challenge(
        &state,
        CeremonyPurpose::Procedure,
        &row.contract_id,
        &row.id,
    )
    .await
    .map_err(|err| match err {
        AppError::Problem(p) if p.code == ErrorCode::PasskeyNotFound => {
            ErrorCode::ProcedureSuperseded.into()
        }
        other => other,
    })
}

/// A procedure's passkey step: the assertion moves it to its next step.
#[utoipa::path(
    post, path = "/procedures/{id}/passkey", tag = "procedures",
    params(("id" = String, Path, description = "The procedure's id")),
    request_body = CeremonyAnswer,
    responses(
        (status = 200, description = "Accepted; the procedure moved to its next step", body = Procedure),
        (status = 401, description = "`passkey_invalid`"),
        (status = 404, description = "`procedure_not_found`; `not_found`: passkeys are off"),
        (status = 409, description = "`step_out_of_order`"),
        (status = 410, description = "`passkey_expired`, `procedure_expired` or `procedure_attempts_exceeded`"),
        (status = 429, description = "`rate_limited` (`Retry-After`)"),
    )
)]
pub async fn procedure_passkey(
    State(state): State<AppState>,
    caller: Caller,
    OwnProcedure(row): OwnProcedure,
    ApiJson(answer): ApiJson<CeremonyAnswer>,
) -> AppResult<axum::Json<Procedure>> {
    let next = expect_step(&row, ProcedureAction::Passkey)?;
    let auth: PasskeyAuthentication = ceremony::take(
        &state,
        &answer.ceremony,
        CeremonyPurpose::Procedure,
        Some(&row.id),
        Some(&row.contract_id),
    )
    .await?;
    let event = AuditEvent::ProcedurePasskey;
    let mut audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    let accepted = passkey_check::judge(
        &state,
        caller,
        &mut audit,
        event,
        answer.credential,
        Expected::Contract(auth),
    )
    .await?;
    let (mut tx, taken) = (accepted.tx, accepted.taken);
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
