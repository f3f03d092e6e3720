//! `GET /session` and `POST /logout`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use otp_api::problem::{ErrorCode, Problem};
use otp_api::session::{Customer, SessionInfo};

use super::Caller;
use crate::AppState;
use crate::error::AppResult;
use crate::session::{self, Cookie};
use crate::store::{AuditEvent, SessionRow};

/// The request's live session (fully logged in or waiting for its OTP); restarts its idle
/// timer.
///
/// No cookie or an unknown one is `unauthenticated`; a session past its idle or absolute
/// timeout is deleted and answered with `session_expired`.
pub async fn live(state: &AppState, headers: &HeaderMap) -> AppResult<SessionRow> {
    let secure = state.settings.secure_cookies;
    let id = session::cookie_value(headers, Cookie::Session, secure)
        .ok_or(ErrorCode::Unauthenticated)?;
    let row = state
        .store
        .session(&session::hash_id(&id))
        .await?
        .ok_or(ErrorCode::Unauthenticated)?;
    let now = state.clock.now();
    let settings = &state.settings;
    let idle = now - row.last_seen_at > i64::from(settings.session_idle_seconds);
    let absolute = now - row.created_at > i64::from(settings.session_absolute_seconds);
    if idle || absolute {
        state.store.delete_session(&row.id_hash).await?;
        return Err(ErrorCode::SessionExpired.into());
    }
    state.store.touch_session(&row.id_hash, now).await?;
    Ok(row)
}

/// The request's fully logged-in session.
pub async fn current(state: &AppState, headers: &HeaderMap) -> AppResult<SessionRow> {
    let row = live(state, headers).await?;
    if row.authenticated {
        Ok(row)
    } else {
        Err(ErrorCode::Unauthenticated.into())
    }
}

/// Who is logged in, and the state of their token.
#[utoipa::path(
    get, path = "/session", tag = "login",
    responses(
        (status = 200, description = "The session's customer and token", body = SessionInfo),
        (status = 401, description = "`unauthenticated` or `session_expired`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<axum::Json<SessionInfo>> {
    let row = current(&state, &headers).await?;
    let store = &state.store;
    let customer = store
        .customer(&row.contract_id)
        .await?
        .ok_or(ErrorCode::Unauthenticated)?;
    let token = store.active_token(&row.contract_id).await?;
    Ok(axum::Json(SessionInfo {
        customer: Customer {
            name: customer.name,
        },
        token: token.map(|t| t.status()),
        idle_timeout_seconds: state.settings.session_idle_seconds,
        expires_at: row.created_at + i64::from(state.settings.session_absolute_seconds),
    }))
}

/// Ends the session and removes its cookie.
#[utoipa::path(
    post, path = "/logout", tag = "login",
    responses(
        (status = 204, description = "Logged out; the cookie is cleared"),
        (status = 401, description = "`unauthenticated` or `session_expired`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> AppResult<Response> {
    let row = live(&state, &headers).await?;
    let audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    let secure = state.settings.secure_cookies;
    let mut tx = state.store.begin().await?;
    tx.delete_session(&row.id_hash).await?;
    // The browser's open procedure ends with the session (a shared computer).
    if let Some(browser) = session::cookie_value(&headers, Cookie::Browser, secure) {
        let cancelled = tx
            .cancel_browser_procedures(&session::hash_id(&browser), audit.now)
            .await?;
        if cancelled > 0 {
            tx.audit(&audit, AuditEvent::ProcedureCancel, "logout")
                .await?;
        }
    }
    tx.audit(&audit, AuditEvent::Logout, "ok").await?;
    tx.commit().await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            session::clear_cookie(Cookie::Session, secure),
        )],
    )
        .into_response())
}
