//! `POST /login` (the password step) and `POST /login/otp` (the token step, when the contract
//! has an active token).

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use otp_api::problem::{ErrorCode, Problem};
use otp_api::procedure::OtpRequest;
use otp_api::session::{Customer, LoginRequest, LoginResponse};

use super::ClientAddr;
use super::auth::{check_credentials, check_otp};
use crate::AppState;
use crate::error::AppResult;
use crate::json::ApiJson;
use crate::session::{self, Cookie};
use crate::store::AuditEvent;

fn login_answer(id: &str, secure: bool, body: LoginResponse) -> Response {
    (
        [(
            header::SET_COOKIE,
            session::set_cookie(Cookie::Session, id, secure),
        )],
        axum::Json(body),
    )
        .into_response()
}

/// Checks the contract ID and password and starts a new session: complete when the contract
/// has no active token, waiting for `POST /login/otp` when it has one.
#[utoipa::path(
    post, path = "/login", tag = "login",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Password accepted; a session cookie is set", body = LoginResponse),
        (status = 401, description = "`invalid_credentials`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation`", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`account_locked` or `token_locked`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Response> {
    let client = client.as_deref();
    let customer = check_credentials(
        &state,
        &req.contract_id,
        req.password,
        client,
        AuditEvent::Login,
    )
    .await?;
    let store = &state.store;
    let now = state.clock.now();
    let token = store.active_token(&customer.contract_id).await?;
    if token.as_ref().is_some_and(|t| t.locked()) {
        store
            .audit(
                now,
                Some(&customer.contract_id),
                client,
                AuditEvent::Login,
                "token_locked",
            )
            .await?;
        return Err(ErrorCode::TokenLocked.into());
    }
    let secure = state.settings.secure_cookies;
    // A login always gets a new session id; the one the browser had (if any) is dropped.
    if let Some(old) = session::cookie_value(&headers, Cookie::Session, secure) {
        store.delete_session(&session::hash_id(&old)).await?;
    }
    let otp_required = token.is_some();
    let (id, id_hash) = session::new_id();
    store
        .create_session(&id_hash, &customer.contract_id, !otp_required, now, now)
        .await?;
    let outcome = if otp_required { "otp_required" } else { "ok" };
    store
        .audit(
            now,
            Some(&customer.contract_id),
            client,
            AuditEvent::Login,
            outcome,
        )
        .await?;
    let body = LoginResponse {
        otp_required,
        customer: (!otp_required).then_some(Customer {
            name: customer.name,
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
        (status = 401, description = "`otp_invalid`, `unauthenticated` or `session_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation`", body = Problem, content_type = "application/problem+json"),
        (status = 423, description = "`token_locked`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn login_otp(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    ApiJson(req): ApiJson<OtpRequest>,
) -> AppResult<Response> {
    let row = super::session::live(&state, &headers).await?;
    let store = &state.store;
    let customer = store
        .customer(&row.contract_id)
        .await?
        .ok_or(ErrorCode::Unauthenticated)?;
    let client = client.as_deref();
    if !row.authenticated
        && let Some(token) = store.active_token(&row.contract_id).await?
    {
        check_otp(&state, &token, &req.otp, client, AuditEvent::LoginOtp).await?;
    }
    let now = state.clock.now();
    // A new session id once the login is complete (no fixation of the half-done one).
    store.delete_session(&row.id_hash).await?;
    let (id, id_hash) = session::new_id();
    store
        .create_session(&id_hash, &row.contract_id, true, row.created_at, now)
        .await?;
    store
        .audit(
            now,
            Some(&row.contract_id),
            client,
            AuditEvent::LoginOtp,
            "ok",
        )
        .await?;
    let body = LoginResponse {
        otp_required: false,
        customer: Some(Customer {
            name: customer.name,
        }),
    };
    Ok(login_answer(&id, state.settings.secure_cookies, body))
}
