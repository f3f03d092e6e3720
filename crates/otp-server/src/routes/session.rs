//! `GET /session` and `POST /logout`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use otp_api::problem::ErrorCode;
use otp_api::session::{Customer, SessionInfo};

use super::ClientAddr;
use crate::AppState;
use crate::error::AppResult;
use crate::session;
use crate::store::{AuditEvent, SessionRow};

/// The request's live, fully authenticated session; restarts its idle timer.
///
/// No cookie or an unknown one is `unauthenticated`; a session past its idle or absolute
/// timeout is deleted and answered with `session_expired`.
pub async fn current(state: &AppState, headers: &HeaderMap) -> AppResult<SessionRow> {
    let secure = state.settings.secure_cookies;
    let id = session::session_id(headers, secure).ok_or(ErrorCode::Unauthenticated)?;
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
    if !row.authenticated {
        return Err(ErrorCode::Unauthenticated.into());
    }
    state.store.touch_session(&row.id_hash, now).await?;
    Ok(row)
}

/// Who is logged in.
pub async fn get_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<axum::Json<SessionInfo>> {
    let row = current(&state, &headers).await?;
    let customer = state
        .store
        .customer(&row.contract_id)
        .await?
        .ok_or(ErrorCode::Unauthenticated)?;
    Ok(axum::Json(SessionInfo {
        customer: Customer {
            name: customer.name,
        },
        idle_timeout_seconds: state.settings.session_idle_seconds,
    }))
}

/// Ends the session and removes its cookie.
pub async fn logout(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
) -> AppResult<Response> {
    let row = current(&state, &headers).await?;
    state.store.delete_session(&row.id_hash).await?;
    let now = state.clock.now();
    state
        .store
        .audit(
            now,
            Some(&row.contract_id),
            client.as_deref(),
            AuditEvent::Logout,
            "ok",
        )
        .await?;
    let secure = state.settings.secure_cookies;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, session::clear_cookie(secure))],
    )
        .into_response())
}
