//! `POST /login` (the password step) and `POST /login/otp` (the token step, when the contract
//! has an active token).

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use otp_api::activity::LoginFactor;
use otp_api::passkey::Proof;
use otp_api::problem::ErrorCode;
use otp_api::procedure::OtpRequest;
use otp_api::session::{Customer, LoginRequest, LoginResponse};

use super::auth::{check_credentials, check_otp, check_remembered_otp};
use super::extract::{Caller, OtpStep};
use crate::AppState;
use crate::cookies::{self, Cookie};
use crate::error::AppResult;
use crate::json::ApiJson;
use crate::store::{Audit, AuditEvent, Lock, Outcome, Tx};
use crate::throttle::Taken;

pub(super) fn login_answer(id: &str, secure: bool, body: LoginResponse) -> Response {
    (
        [(
            header::SET_COOKIE,
            cookies::set_cookie(Cookie::Session, id, secure),
        )],
        axum::Json(body),
    )
        .into_response()
}

/// In a login's transaction: a new session for the audit's contract (its id, for the cookie),
/// begun now and proven by `proof`. The session the browser had (if any) is dropped: a login
/// always gets a new id. Beyond the contract's limit, the oldest sessions end.
pub(super) async fn open_session(
    state: &AppState,
    tx: &mut Tx,
    audit: &Audit,
    headers: &HeaderMap,
    authenticated: bool,
    proof: Option<(Proof, i64)>,
) -> AppResult<String> {
    let contract_id = audit.contract_id.as_deref().unwrap_or_default();
    let settings = &state.settings;
    if let Some(old) = cookies::cookie_value(headers, Cookie::Session, settings.secure_cookies) {
        tx.delete_session(&cookies::hash_id(&old)).await?;
    }
    let ended = tx
        .make_room_for_session(
            contract_id,
            settings.sessions_per_contract,
            audit.now - i64::from(settings.session_idle_seconds),
            audit.now - i64::from(settings.session_absolute_seconds),
        )
        .await?;
    if ended > 0 {
        tx.audit(audit, AuditEvent::SessionsEnded, Outcome::SessionLimit)
            .await?;
    }
    let (id, id_hash) = cookies::new_id();
    tx.create_session(
        &id_hash,
        contract_id,
        authenticated,
        audit.now,
        audit.now,
        proof,
    )
    .await?;
    if authenticated {
        let factor = match proof {
            Some((Proof::Passkey, _)) => LoginFactor::Passkey,
            _ => LoginFactor::Password,
        };
        tx.record_login(&id_hash, contract_id, factor, audit.now)
            .await?;
    }
    Ok(id)
}

/// Checks the contract ID and password and starts a new session: complete when the contract
/// has no active token, waiting for `POST /login/otp` when it has one.
#[utoipa::path(
    post, path = "/login", tag = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Password accepted; a session cookie is set", body = LoginResponse),
        (status = 401, description = "`invalid_credentials`"),
        (status = 422, description = "`validation`"),
        (status = 423, description = "`account_locked` (with `retry_after_seconds` when the lock is temporary) or `token_locked`"),
        (status = 429, description = "`rate_limited`: too many failures from this address or for this contract (`Retry-After`)"),
        (status = 503, description = "`service_unavailable`: every password-hashing slot is busy (`Retry-After`)"),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Response> {
    let verified = check_credentials(
        &state,
        caller,
        &req.contract_id,
        req.password,
        AuditEvent::Login,
    )
    .await?;
    let store = &state.store;
    let audit = &verified.audit;
    let contract_id = verified.customer.contract_id.as_str();
    let token = store.active_token(contract_id).await?;
    if token.as_ref().is_some_and(|t| t.locked()) {
        store
            .audit(audit, AuditEvent::Login, ErrorCode::TokenLocked)
            .await?;
        return Err(ErrorCode::TokenLocked.into());
    }
    let secure = state.settings.secure_cookies;
    let otp_required = token.is_some();
    let outcome = match otp_required {
        true => Outcome::OtpRequired,
        false => Outcome::Ok,
    };
    let (app, headers) = (&state, &headers);
    let id = store
        .write(&[Lock::Contract(contract_id)], |tx, _| {
            Box::pin(async move {
                let id = open_session(app, tx, audit, headers, !otp_required, None).await?;
                tx.audit(audit, AuditEvent::Login, outcome).await?;
                Ok(id)
            })
        })
        .await?;
    let body = LoginResponse {
        otp_required,
        customer: (!otp_required).then(|| Customer {
            name: verified.customer.name.clone(),
        }),
    };
    Ok(login_answer(&id, secure, body))
}

/// The login's second step: the active token's one-time password. Completes the session under
/// a new session id.
#[utoipa::path(
    post, path = "/login/otp", tag = "login",
    request_body = OtpRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is renewed", body = LoginResponse),
        (status = 401, description = "`otp_invalid`, `unauthenticated` or `session_expired`"),
        (status = 422, description = "`validation`"),
        (status = 423, description = "`token_locked`"),
        (status = 429, description = "`rate_limited`: too many failures from this address or for this contract (`Retry-After`)"),
    )
)]
pub async fn login_otp(
    State(state): State<AppState>,
    caller: Caller,
    step: OtpStep,
    ApiJson(req): ApiJson<OtpRequest>,
) -> AppResult<Response> {
    let store = &state.store;
    let (row, token) = match step {
        OtpStep::Read(row, token) => (row, token),
        OtpStep::Remembered(asked, waiting) => {
            let session = asked.waiting_session();
            if let Some(refused) =
                check_remembered_otp(&state, &caller, &session, &waiting, &req.otp).await?
            {
                return Err(refused);
            }
            asked.session_and_token(&state).await?
        }
    };
    let audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    // The code proves the session now; a session that needed none keeps what it had.
    let proof = match token {
        Some(_) => Some((Proof::Otp, audit.now)),
        None => row.proof,
    };
    let checked = token.is_some();
    let (mut tx, taken) = match token {
        Some(token) => check_otp(
            &state,
            &audit,
            caller,
            &token,
            &req.otp,
            AuditEvent::LoginOtp,
        )
        .await?
        .split(),
        None => (
            store.begin(&[Lock::Contract(&row.contract_id)]).await?,
            Taken::default(),
        ),
    };
    // A new session id once the login is complete (no fixation of the half-done one).
    tx.delete_session(&row.id_hash).await?;
    let (id, id_hash) = cookies::new_id();
    tx.create_session(
        &id_hash,
        &row.contract_id,
        true,
        row.created_at,
        audit.now,
        proof,
    )
    .await?;
    if checked || !row.authenticated {
        let factor = match checked {
            true => LoginFactor::PasswordOtp,
            false => LoginFactor::Password,
        };
        tx.record_login(&id_hash, &row.contract_id, factor, audit.now)
            .await?;
    } else {
        tx.carry_login_record(&id_hash, &row).await?;
    }
    tx.audit(&audit, AuditEvent::LoginOtp, Outcome::Ok).await?;
    tx.commit().await?;
    state.waiting.remove(&row.id_hash);
    taken.give_back(&state).await?;
    // The customer's name for the answer, looked up once the code was right (a wrong one
    // needs no more of the database) and outside the transaction (never two connections at
    // once for one request).
    let customer = store
        .customer(&row.contract_id)
        .await?
        .ok_or(ErrorCode::Unauthenticated)?;
    let body = LoginResponse {
        otp_required: false,
        customer: Some(Customer {
            name: customer.name,
        }),
    };
    Ok(login_answer(&id, state.settings.secure_cookies, body))
}
