//! `GET /session` and `POST /logout`.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use otp_api::problem::ErrorCode;
use otp_api::session::{Customer, SessionInfo};

use super::extract::{Caller, LiveSession, SignedIn};
use crate::AppState;
use crate::cookies::{self, Cookie};
use crate::error::AppResult;
use crate::store::{AuditEvent, Lock, Outcome};

/// Who is logged in, and the state of their token.
#[utoipa::path(
    get, path = "/session", tag = "login",
    responses(
        (status = 200, description = "The session's customer and token", body = SessionInfo),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
    )
)]
pub async fn get_session(
    State(state): State<AppState>,
    SignedIn(row): SignedIn,
) -> AppResult<axum::Json<SessionInfo>> {
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
        previous_login: row.previous_login,
        failed_logins: row.failed_logins,
    }))
}

/// Ends the session and removes its cookie.
#[utoipa::path(
    post, path = "/logout", tag = "login",
    responses(
        (status = 204, description = "Logged out; the cookie is cleared"),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
    )
)]
pub async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    LiveSession(row): LiveSession,
    headers: HeaderMap,
) -> AppResult<Response> {
    let audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    let secure = state.settings.secure_cookies;
    let browser = cookies::cookie_value(&headers, Cookie::Browser, secure);
    let (row, browser, audit) = (&row, &browser, &audit);
    state
        .store
        .write(&[Lock::Contract(&row.contract_id)], |tx, _| {
            Box::pin(async move {
                tx.delete_session(&row.id_hash).await?;
                // The browser's open procedure ends with the session (a shared computer).
                if let Some(browser) = browser {
                    let cancelled = tx
                        .cancel_browser_procedures(&cookies::hash_id(browser), audit.now)
                        .await?;
                    if cancelled > 0 {
                        tx.audit(audit, AuditEvent::ProcedureCancel, Outcome::Logout)
                            .await?;
                    }
                }
                tx.audit(audit, AuditEvent::Logout, Outcome::Ok).await?;
                Ok(())
            })
        })
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            cookies::clear_cookie(Cookie::Session, secure),
        )],
    )
        .into_response())
}
