//! `POST /demo/tokens`: provisions a token and hands out its seed, as a token app on a
//! customer's phone would receive it. Only in demo mode; `not_found` otherwise.

use axum::extract::State;
use axum::http::StatusCode;
use otp_api::problem::{ErrorCode, Problem};
use otp_api::procedure::DemoToken;
use rand::{Rng, RngCore};

use super::Caller;
use crate::AppState;
use crate::error::AppResult;
use crate::store::{AuditEvent, ProvisionError};
use crate::throttle::{self, Kind};

/// Unregistered demo tokens older than this are removed (their seeds sit in some browser).
const DEMO_TOKEN_LIFETIME_SECONDS: i64 = 86_400;

/// Once `throttle.demo_tokens_max` unregistered ones exist (a flood from many addresses),
/// those not registered within this long go too: a visitor registers a demo token minutes
/// after taking it, and the demo reopens for everyone within as long.
const DEMO_TOKEN_GRACE_SECONDS: i64 = 600;

/// A new demo serial: `DEMO` and eight digits (the default serial rule's shape).
fn demo_serial() -> String {
    let n: u32 = rand::rngs::OsRng.gen_range(0..100_000_000);
    format!("DEMO{n:08}")
}

/// Provisions a demo token and returns its seed. Throttled per address, and at most
/// `throttle.demo_tokens_max` unregistered demo tokens exist (those older than a day go first,
/// then, at the cap, those older than ten minutes).
#[utoipa::path(
    post, path = "/demo/tokens", tag = "demo",
    responses(
        (status = 201, description = "A new, unassigned token and its seed", body = DemoToken),
        (status = 404, description = "`not_found`: demo mode is off"),
        (status = 429, description = "`rate_limited`: too many demo tokens from this address, or too many unregistered ones in all (`Retry-After`)"),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
) -> AppResult<(StatusCode, axum::Json<DemoToken>)> {
    if !state.settings.demo {
        return Err(ErrorCode::NotFound.into());
    }
    let now = state.clock.now();
    let audit = caller.audit(now);
    let event = AuditEvent::TokenProvisioned;
    let taken = throttle::take(&state, caller.ip, Kind::DemoToken, &audit, event).await?;
    let max = i64::from(state.settings.throttle.demo_tokens_max);
    let store = &state.store;
    let mut unregistered = store
        .prune_demo_tokens(now - DEMO_TOKEN_LIFETIME_SECONDS)
        .await?;
    if unregistered.0 >= max {
        unregistered = store
            .prune_demo_tokens(now - DEMO_TOKEN_GRACE_SECONDS)
            .await?;
    }
    let (count, oldest) = unregistered;
    if count >= max {
        taken.give_back(&state).await?;
        store
            .audit_about(
                &audit,
                AuditEvent::Throttled,
                ErrorCode::RateLimited,
                "demo_tokens_max",
            )
            .await?;
        // The oldest one's grace ends first.
        let wait = oldest.map_or(DEMO_TOKEN_GRACE_SECONDS, |at| {
            (at + DEMO_TOKEN_GRACE_SECONDS - now).clamp(1, DEMO_TOKEN_GRACE_SECONDS)
        });
        return Err(Problem::new(ErrorCode::RateLimited)
            .with_retry_after(u32::try_from(wait).unwrap_or(1))
            .into());
    }
    taken.keep();
    let params = state.settings.totp;
    let mut secret = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    // A collision among 10⁸ serials is rare; a few tries make it vanishingly so.
    for _ in 0..5 {
        let serial = demo_serial();
        match state
            .store
            .provision_token(&audit, &serial, &secret, &params)
            .await
        {
            Ok(()) => {
                let body = DemoToken {
                    serial,
                    secret: data_encoding::BASE32_NOPAD.encode(&secret),
                    algorithm: params.algorithm,
                    digits: params.digits,
                    period: params.period,
                };
                return Ok((StatusCode::CREATED, axum::Json(body)));
            }
            Err(ProvisionError::Exists(_)) => continue,
            Err(ProvisionError::Database(e)) => return Err(e.into()),
        }
    }
    Err(crate::error::AppError::Internal(
        "no free demo serial".to_owned(),
    ))
}
