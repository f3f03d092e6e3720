//! `POST /login/passkey/options` and `POST /login/passkey`: a login with a passkey (a
//! discoverable credential, user verification required) is a complete login: no password, no
//! one-time password, and a fresh proof for factor changes.

use axum::extract::State;
use axum::response::Response;
use otp_api::passkey::Proof;
use otp_api::problem::ErrorCode;
use otp_api::session::{Customer, LoginResponse};
use webauthn_rs::prelude::DiscoverableAuthentication;

use super::auth::account_locked;
use super::extract::Caller;
use super::login::{login_answer, open_session};
use super::passkey_check::{self, Expected};
use crate::AppState;
use crate::error::AppResult;
use crate::json::ApiJson;
use crate::passkeys::ceremony::{self, CeremonyAnswer, CeremonyOptions};
use crate::store::{AuditEvent, CeremonyPurpose, Outcome};
use crate::throttle::{self, Kind};

/// The challenge of a passkey login: any of the bank's passkeys may answer it (the browser
/// lets the customer choose, or offers them in the 契約者ID field's autofill).
#[utoipa::path(
    post, path = "/login/passkey/options", tag = "passkeys",
    responses(
        (status = 200, description = "The options for `navigator.credentials.get()`", body = CeremonyOptions),
        (status = 404, description = "`not_found`: passkeys are off on this server"),
        (status = 429, description = "`rate_limited`: too many challenges from this address (`Retry-After`)"),
        (status = 503, description = "`service_unavailable`: too many challenges wait for an answer (`Retry-After`)"),
    )
)]
pub async fn options(
    State(state): State<AppState>,
    caller: Caller,
) -> AppResult<axum::Json<CeremonyOptions>> {
    let rp = state.relying_party()?;
    let audit = caller.audit(state.clock.now());
    // Each challenge is a row until answered or swept: one address asks for few.
    throttle::take(
        &state,
        caller.ip,
        Kind::Challenge,
        &audit,
        AuditEvent::LoginPasskey,
    )
    .await?
    .keep();
    let (options, auth) = rp
        .webauthn
        .start_discoverable_authentication()
        .map_err(crate::error::AppError::internal)?;
    let body = ceremony::begin(&state, CeremonyPurpose::Login, None, None, &auth, &options).await?;
    Ok(axum::Json(body))
}

/// A passkey login's answer: the session starts complete, under a new id.
#[utoipa::path(
    post, path = "/login/passkey", tag = "passkeys",
    request_body = CeremonyAnswer,
    responses(
        (status = 200, description = "Logged in; a session cookie is set", body = LoginResponse),
        (status = 401, description = "`passkey_invalid`: not a passkey of this bank's, another site's answer, a challenge used before, a counter that went back"),
        (status = 404, description = "`not_found`: passkeys are off on this server"),
        (status = 410, description = "`passkey_expired`: the challenge is older than its time"),
        (status = 423, description = "`account_locked`"),
        (status = 429, description = "`rate_limited`: too many failures from this address or for this contract (`Retry-After`)"),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    caller: Caller,
    headers: axum::http::HeaderMap,
    ApiJson(answer): ApiJson<CeremonyAnswer>,
) -> AppResult<Response> {
    let event = AuditEvent::LoginPasskey;
    let auth: DiscoverableAuthentication =
        ceremony::take(&state, &answer.ceremony, CeremonyPurpose::Login, None, None).await?;
    let mut audit = caller.audit(state.clock.now());
    let accepted = passkey_check::judge(
        &state,
        caller,
        &mut audit,
        event,
        answer.credential,
        Expected::Discoverable(auth),
    )
    .await?;
    let (mut tx, taken) = (accepted.tx, accepted.taken);
    let contract_id = accepted.passkey.contract_id;
    // A bank's lock holds whatever the factor.
    let attempts = tx.login_attempts(&contract_id).await?;
    if attempts.locked(audit.now) {
        drop(tx);
        taken.give_back(&state).await?;
        state
            .store
            .audit(&audit, event, ErrorCode::AccountLocked)
            .await?;
        return Err(account_locked(attempts.locked_until, audit.now));
    }
    let secure = state.settings.secure_cookies;
    let audit = audit.for_contract(&contract_id);
    let id = open_session(
        &state,
        &mut tx,
        &audit,
        &headers,
        true,
        Some((Proof::Passkey, audit.now)),
    )
    .await?;
    tx.audit(&audit, event, Outcome::Ok).await?;
    tx.commit().await?;
    taken.give_back(&state).await?;
    let customer = state
        .store
        .customer(&contract_id)
        .await?
        .ok_or(ErrorCode::Unauthenticated)?;
    let body = LoginResponse {
        otp_required: false,
        customer: Some(Customer {
            name: customer.name,
        }),
    };
    Ok(login_answer(&id, secure, body))
}
