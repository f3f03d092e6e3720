//! The contract's passkeys, from home: `GET /passkeys`, registration
//! (`POST /passkeys/options`, `POST /passkeys`), `PATCH` and `DELETE /passkeys/{id}`.
//!
//! Adding or removing one needs a fresh proof: a login or confirmation within
//! `passkeys.fresh_proof_seconds`, by what the bank's policy accepts — once the contract has a
//! passkey, a passkey (a relayed password and code are not enough). Every change is audited and
//! notified in its transaction.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use data_encoding::BASE64URL_NOPAD;
use otp_api::passkey::{self, Accepts, FactorChange, PasskeyInfo, PasskeyList, PasskeyName};
use otp_api::problem::{ErrorCode, Field, FieldError, FieldErrorCode, Problem};
use webauthn_rs::prelude::{PasskeyRegistration, RegisterPublicKeyCredential, Uuid};

use super::extract::{Caller, SignedIn};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::json::ApiJson;
use crate::passkeys::ceremony::{self, CeremonyAnswer, CeremonyOptions};
use crate::passkeys::fresh_until;
use crate::store::{
    Audit, AuditEvent, CeremonyPurpose, Lock, NewPasskey, Notice, Outcome, PasskeyRow, SessionRow,
    Tx,
};

fn info(row: &PasskeyRow) -> PasskeyInfo {
    PasskeyInfo {
        id: row.id.clone(),
        name: row.name.clone(),
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        synced: row.backup_eligible != 0,
    }
}

/// What `change` accepts for the session's contract, and until when the session may make it.
async fn standing(
    state: &AppState,
    session: &SessionRow,
    change: FactorChange,
) -> AppResult<(Accepts, bool, Option<i64>)> {
    let has_passkey = state.store.has_passkey(&session.contract_id).await?;
    let accepts = state
        .settings
        .passkeys
        .factor_changes
        .accepts(change, has_passkey);
    let until = fresh_until(
        session.proof,
        accepts,
        state.settings.passkeys.fresh_proof_seconds,
        state.clock.now(),
    );
    Ok((accepts, has_passkey, until))
}

/// What a confirmation can be made with: a passkey once the contract has one, else its
/// token's one-time password; nothing when it has neither.
async fn confirm_with(
    state: &AppState,
    contract_id: &str,
    accepts: Accepts,
    has_passkey: bool,
) -> AppResult<Option<passkey::Proof>> {
    let asks = accepts.asks(has_passkey);
    if asks == Some(passkey::Proof::Otp) && state.store.active_token(contract_id).await?.is_none() {
        return Ok(None);
    }
    Ok(asks)
}

/// The contract's passkeys, and whether the session may add or remove one now.
#[utoipa::path(
    get, path = "/passkeys", tag = "passkeys",
    responses(
        (status = 200, description = "The passkeys, the limit, and the session's fresh proof", body = PasskeyList),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
        (status = 404, description = "`not_found`: passkeys are off on this server"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> AppResult<axum::Json<PasskeyList>> {
    state.relying_party()?;
    let rows = state.store.passkeys(&session.contract_id).await?;
    let (accepts, has_passkey, fresh) =
        standing(&state, &session, FactorChange::AddPasskey).await?;
    Ok(axum::Json(PasskeyList {
        passkeys: rows.iter().map(info).collect(),
        max: state.settings.passkeys.max_per_contract,
        fresh_until: fresh,
        confirm_with: confirm_with(&state, &session.contract_id, accepts, has_passkey).await?,
    }))
}

/// The challenge of a registration (the browser's dialog names the bank and the contract).
#[utoipa::path(
    post, path = "/passkeys/options", tag = "passkeys",
    responses(
        (status = 200, description = "The options for `navigator.credentials.create()`", body = CeremonyOptions),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
        (status = 403, description = "`confirmation_required`: confirm with the one-time password (or, once the contract has one, a passkey) first"),
        (status = 404, description = "`not_found`: passkeys are off on this server"),
        (status = 409, description = "`passkey_limit`, or `no_active_token`: nothing can prove the contract (register a token first)"),
    )
)]
pub async fn register_options(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
) -> AppResult<axum::Json<CeremonyOptions>> {
    let rp = state.relying_party()?;
    let contract_id = &session.contract_id;
    let (accepts, has_passkey, fresh) =
        standing(&state, &session, FactorChange::AddPasskey).await?;
    if confirm_with(&state, contract_id, accepts, has_passkey)
        .await?
        .is_none()
    {
        return Err(ErrorCode::NoActiveToken.into());
    }
    if fresh.is_none() {
        return Err(ErrorCode::ConfirmationRequired.into());
    }
    let existing = state.store.passkeys(contract_id).await?;
    if existing.len() >= state.settings.passkeys.max_per_contract as usize {
        return Err(ErrorCode::PasskeyLimit.into());
    }
    let handle = state
        .store
        .ensure_passkey_user(contract_id, &Uuid::new_v4().to_string())
        .await?;
    let handle = Uuid::parse_str(&handle).map_err(AppError::internal)?;
    let exclude = existing
        .iter()
        .map(|row| ceremony::stored(&row.credential).map(|p| p.cred_id().clone()))
        .collect::<AppResult<Vec<_>>>()?;
    let (options, registration) = rp
        .webauthn
        .start_passkey_registration(handle, contract_id, contract_id, Some(exclude))
        .map_err(AppError::internal)?;
    let body = ceremony::begin(
        &state,
        CeremonyPurpose::Register,
        Some(contract_id),
        Some(&session.id_hash),
        &registration,
        &options,
    )
    .await?;
    Ok(axum::Json(body))
}

/// Registers the passkey the browser made for the session's ceremony.
#[utoipa::path(
    post, path = "/passkeys", tag = "passkeys",
    request_body = CeremonyAnswer,
    responses(
        (status = 201, description = "Registered", body = PasskeyInfo),
        (status = 401, description = "`passkey_invalid` (another site's answer, another session's challenge, one used before), `unauthenticated` or `session_expired`"),
        (status = 404, description = "`not_found`: passkeys are off on this server"),
        (status = 409, description = "`passkey_already_registered` or `passkey_limit`"),
        (status = 410, description = "`passkey_expired`"),
        (status = 422, description = "`validation`: the name (`name`)"),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    caller: Caller,
    SignedIn(session): SignedIn,
    ApiJson(answer): ApiJson<CeremonyAnswer>,
) -> AppResult<(StatusCode, axum::Json<PasskeyInfo>)> {
    let rp = state.relying_party()?;
    let contract_id = &session.contract_id;
    let name = answer
        .name
        .as_deref()
        .and_then(passkey::name)
        .ok_or_else(|| name_refused(answer.name.as_deref()))?;
    let registration: PasskeyRegistration = ceremony::take(
        &state,
        &answer.ceremony,
        CeremonyPurpose::Register,
        Some(&session.id_hash),
        Some(contract_id),
    )
    .await?;
    let audit = caller.audit(state.clock.now()).for_contract(contract_id);
    let event = AuditEvent::PasskeyAdded;
    let made = serde_json::from_value::<RegisterPublicKeyCredential>(answer.credential)
        .map_err(|e| e.to_string())
        .and_then(|c| {
            rp.webauthn
                .finish_passkey_registration(&c, &registration)
                .map_err(|e| e.to_string())
        });
    let made = match made {
        Ok(made) => made,
        Err(err) => {
            tracing::warn!(%err, "passkey registration refused");
            state
                .store
                .audit(&audit, event, ErrorCode::PasskeyInvalid)
                .await?;
            return Err(ErrorCode::PasskeyInvalid.into());
        }
    };
    let (sign_count, synced) = ceremony::counter_and_backup(&made)?;
    let credential = serde_json::to_string(&made).map_err(AppError::internal)?;
    let credential_id = BASE64URL_NOPAD.encode(made.cred_id().as_ref());
    let id = BASE64URL_NOPAD.encode(Uuid::new_v4().as_bytes());
    let row = NewPasskey {
        id: &id,
        contract_id,
        credential_id: &credential_id,
        name: &name,
        credential: &credential,
        sign_count,
        backup_eligible: synced,
        now: audit.now,
    };
    let max = i64::from(state.settings.passkeys.max_per_contract);
    let (row, audit_ref) = (&row, &audit);
    let refusal = state
        .store
        .write(&[Lock::Contract(contract_id)], |tx, _| {
            Box::pin(async move {
                let refusal = if tx.credential_registered(row.credential_id).await? {
                    Some(ErrorCode::PasskeyAlreadyRegistered)
                } else if tx.count_passkeys(row.contract_id).await? >= max {
                    Some(ErrorCode::PasskeyLimit)
                } else {
                    None
                };
                // A refusal is audited too (and committed).
                if let Some(code) = refusal {
                    tx.audit(audit_ref, event, code).await?;
                    return Ok(Some(code));
                }
                tx.add_passkey(row).await?;
                tx.audit_about(audit_ref, event, Outcome::Ok, row.id)
                    .await?;
                tx.notify(
                    audit_ref.now,
                    row.contract_id,
                    Notice::PasskeyAdded,
                    None,
                    None,
                )
                .await?;
                Ok(None)
            })
        })
        .await?;
    if let Some(code) = refusal {
        return Err(code.into());
    }
    let body = PasskeyInfo {
        id,
        name,
        created_at: audit.now,
        last_used_at: None,
        synced,
    };
    Ok((StatusCode::CREATED, axum::Json(body)))
}

/// A rename or removal of passkey `id`, in its transaction: audited and notified when it
/// `changed` a row, else `passkey_not_found`.
async fn recorded(
    tx: &mut Tx,
    audit: &Audit,
    id: &str,
    changed: bool,
    event: AuditEvent,
    notice: Notice,
) -> AppResult<()> {
    if !changed {
        return Err(ErrorCode::PasskeyNotFound.into());
    }
    tx.audit_about(audit, event, Outcome::Ok, id).await?;
    let contract_id = audit.contract_id.as_deref().unwrap_or_default();
    tx.notify(audit.now, contract_id, notice, None, None)
        .await?;
    Ok(())
}

fn name_refused(raw: Option<&str>) -> AppError {
    let code = match raw.map(str::trim) {
        None | Some("") => FieldErrorCode::Required,
        Some(name) if name.chars().count() > passkey::NAME_MAX_CHARS => FieldErrorCode::TooLong,
        Some(_) => FieldErrorCode::InvalidCharacters,
    };
    Problem::validation(vec![FieldError {
        field: Field::Name,
        code,
    }])
    .into()
}

/// Renames one of the contract's passkeys.
#[utoipa::path(
    patch, path = "/passkeys/{id}", tag = "passkeys",
    params(("id" = String, Path, description = "The passkey's id")),
    request_body = PasskeyName,
    responses(
        (status = 200, description = "Renamed", body = PasskeyInfo),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
        (status = 404, description = "`passkey_not_found`, or `not_found`: passkeys are off"),
        (status = 422, description = "`validation`: the name (`name`)"),
    )
)]
pub async fn rename(
    State(state): State<AppState>,
    caller: Caller,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PasskeyName>,
) -> AppResult<axum::Json<PasskeyInfo>> {
    state.relying_party()?;
    let contract_id = &session.contract_id;
    let name = passkey::name(&req.name).ok_or_else(|| name_refused(Some(&req.name)))?;
    let audit = caller.audit(state.clock.now()).for_contract(contract_id);
    let (id_ref, name_ref, audit_ref) = (&id, &name, &audit);
    state
        .store
        .write(&[Lock::Contract(contract_id)], |tx, _| {
            Box::pin(async move {
                let changed = tx.rename_passkey(contract_id, id_ref, name_ref).await?;
                recorded(
                    tx,
                    audit_ref,
                    id_ref,
                    changed,
                    AuditEvent::PasskeyRenamed,
                    Notice::PasskeyRenamed,
                )
                .await
            })
        })
        .await?;
    let row = state
        .store
        .passkeys(contract_id)
        .await?
        .into_iter()
        .find(|row| row.id == id)
        .ok_or(ErrorCode::PasskeyNotFound)?;
    Ok(axum::Json(info(&row)))
}

/// Removes one of the contract's passkeys (with a fresh proof). Removing the last one brings
/// the one-time password path back.
#[utoipa::path(
    delete, path = "/passkeys/{id}", tag = "passkeys",
    params(("id" = String, Path, description = "The passkey's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
        (status = 403, description = "`confirmation_required`: confirm with a passkey first"),
        (status = 404, description = "`passkey_not_found`, or `not_found`: passkeys are off"),
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    SignedIn(session): SignedIn,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    state.relying_party()?;
    let contract_id = &session.contract_id;
    let (_, has_passkey, fresh) = standing(&state, &session, FactorChange::RemovePasskey).await?;
    if !has_passkey {
        return Err(ErrorCode::PasskeyNotFound.into());
    }
    if fresh.is_none() {
        return Err(ErrorCode::ConfirmationRequired.into());
    }
    let audit = caller.audit(state.clock.now()).for_contract(contract_id);
    let (id_ref, audit_ref) = (&id, &audit);
    state
        .store
        .write(&[Lock::Contract(contract_id)], |tx, _| {
            Box::pin(async move {
                let changed = tx.remove_passkey(contract_id, id_ref).await?;
                recorded(
                    tx,
                    audit_ref,
                    id_ref,
                    changed,
                    AuditEvent::PasskeyRemoved,
                    Notice::PasskeyRemoved,
                )
                .await
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
