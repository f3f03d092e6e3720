//! The procedures: 利用開始 (`activate`), 交換 (`exchange`) and 利用中止 (`stop`).
//!
//! A procedure starts with the contract ID and password, then takes its steps in the order of
//! [`otp_api::procedure::next_step`]. It expires after the configured time and is bound to the
//! browser that started it (the `otp_browser` cookie): another browser gets
//! `procedure_not_found`, exactly as for an id that does not exist.

mod start;
mod steps;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use data_encoding::BASE64URL_NOPAD;
use otp_api::problem::ErrorCode;
use otp_api::procedure::{Procedure, ProcedureAction, ProcedureStep, next_step};
use rand::RngCore;

pub use start::*;
pub use steps::*;

use super::extract::{Caller, OwnProcedure};
use crate::AppState;
use crate::cookies::{self, Cookie};
use crate::error::{AppError, AppResult};
use crate::store::{Audit, AuditEvent, CompleteError, Lock, Outcome, ProcedureRow, Tx};

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
    let own = cookies::cookie_value(headers, Cookie::Session, state.settings.secure_cookies)
        .map(|id| cookies::hash_id(&id));
    if tx.end_sessions(contract_id, own.as_deref()).await? > 0 {
        tx.audit(audit, AuditEvent::SessionsEnded, Outcome::TokenChanged)
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
                tx.audit(audit, AuditEvent::ProcedureCancel, Outcome::Ok)
                    .await?;
                Ok(())
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
