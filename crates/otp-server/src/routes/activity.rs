//! `GET /activity` (ご利用履歴) and `POST /activity/report` (「心当たりがない」).

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use otp_api::activity::{
    ACTIVITY_DAYS, ACTIVITY_PAGE_SIZE, ActivityEvent, ActivityPage, ReportOutcome, page_count,
};
use otp_api::problem::ErrorCode;
use serde::Deserialize;

use super::extract::{Caller, SignedIn};
use crate::AppState;
use crate::cookies::{self, Cookie};
use crate::error::AppResult;
use crate::store::{AuditEvent, Lock, Notice, Outcome};

/// The most audit rows read for one contract's activity (250 pages).
const MAX_ROWS: i64 = 5000;

/// `?page=N` (1 first).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// The page, 1 first (1 when absent).
    pub page: Option<u32>,
}

/// One page of the contract's security activity of the last 30 days, newest first.
#[utoipa::path(
    get, path = "/activity", tag = "activity",
    params(PageQuery),
    responses(
        (status = 200, description = "One page of the contract's activity", body = ActivityPage),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
        (status = 422, description = "`validation`: the page is not a number of 1 or more"),
    )
)]
pub async fn get_activity(
    State(state): State<AppState>,
    SignedIn(row): SignedIn,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<axum::Json<ActivityPage>> {
    let page = match query {
        Ok(Query(PageQuery { page: None })) => 1,
        Ok(Query(PageQuery { page: Some(p) })) if p >= 1 => p,
        _ => return Err(ErrorCode::Validation.into()),
    };
    let since = state.clock.now() - i64::from(ACTIVITY_DAYS) * 86_400;
    let rows = state
        .store
        .contract_audit(&row.contract_id, since, MAX_ROWS)
        .await?;
    let events: Vec<ActivityEvent> = rows.iter().filter_map(crate::activity::event).collect();
    let pages = page_count(events.len() as u64);
    let size = ACTIVITY_PAGE_SIZE as usize;
    let start = (page.min(pages) as usize - 1) * size;
    Ok(axum::Json(ActivityPage {
        events: match page <= pages {
            true => events.into_iter().skip(start).take(size).collect(),
            false => Vec::new(),
        },
        page,
        pages,
        days: ACTIVITY_DAYS,
    }))
}

/// 「心当たりがない」: ends every other session of the contract, cancels its open procedures,
/// records the report for the bank (an audit row and a notice) and, when the bank locks on a
/// report (`security.report_locks`), locks the account until the bank unlocks it and ends this
/// session too. One transaction.
#[utoipa::path(
    post, path = "/activity/report", tag = "activity",
    responses(
        (status = 200, description = "Reported: what was done", body = ReportOutcome),
        (status = 401, description = "`unauthenticated` or `session_expired`"),
        (status = 503, description = "`service_unavailable`: nothing was changed (`Retry-After`)"),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    SignedIn(row): SignedIn,
) -> AppResult<Response> {
    let audit = caller
        .audit(state.clock.now())
        .for_contract(&row.contract_id);
    let locks = state.settings.report_locks;
    let (row_ref, audit_ref) = (&row, &audit);
    let outcome = state
        .store
        .write(&[Lock::Contract(&row.contract_id)], |tx, _| {
            Box::pin(async move {
                let contract_id = &row_ref.contract_id;
                let now = audit_ref.now;
                // A report that raced another from a second session: the first one ended
                // this session, so this one reports nothing (one report, never two that end
                // each other's sessions).
                if !tx.session_exists(&row_ref.id_hash).await? {
                    return Err(ErrorCode::Unauthenticated.into());
                }
                let keep = (!locks).then_some(row_ref.id_hash.as_str());
                let mut ended = tx.end_sessions(contract_id, keep).await?;
                if locks {
                    ended = ended.saturating_sub(1);
                    tx.lock_until_unlocked(contract_id, now).await?;
                }
                let cancelled = tx.cancel_contract_procedures(contract_id, now).await?;
                let outcome = match locks {
                    true => Outcome::Locked,
                    false => Outcome::Ok,
                };
                tx.audit(audit_ref, AuditEvent::CustomerReported, outcome)
                    .await?;
                if ended > 0 {
                    tx.audit(
                        audit_ref,
                        AuditEvent::SessionsEnded,
                        Outcome::CustomerReported,
                    )
                    .await?;
                }
                if cancelled > 0 {
                    tx.audit(
                        audit_ref,
                        AuditEvent::ProcedureCancel,
                        Outcome::CustomerReported,
                    )
                    .await?;
                }
                tx.notify(now, contract_id, Notice::CustomerReported, None, None)
                    .await?;
                Ok(ReportOutcome {
                    sessions_ended: u32::try_from(ended).unwrap_or(u32::MAX),
                    procedures_cancelled: u32::try_from(cancelled).unwrap_or(u32::MAX),
                    locked: locks,
                    token: tx.has_active_token(contract_id).await?,
                    passkeys: tx.count_passkeys(contract_id).await? > 0,
                })
            })
        })
        .await?;
    let mut response = axum::Json(outcome).into_response();
    if locks {
        let secure = state.settings.secure_cookies;
        let clear = cookies::clear_cookie(Cookie::Session, secure);
        response.headers_mut().insert(header::SET_COOKIE, clear);
    }
    Ok(response)
}
