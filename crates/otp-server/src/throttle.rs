//! Which buckets a request takes ([`crate::store::ThrottleKey`]), and the all-or-nothing
//! taking: a request refused by one bucket gives back what it took from the others, is
//! audited, and is answered `429 rate_limited` with `Retry-After`.

use std::net::IpAddr;

use otp_api::problem::{ErrorCode, Problem};

use crate::AppState;
use crate::client_addr::throttle_key;
use crate::error::AppResult;
use crate::settings::{Limit, Throttle};
use crate::store::{Audit, AuditEvent, ThrottleKey};

/// What a request is about to do that an attacker needs many of.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    /// A password or code to be judged, or a serial to be looked up (counted as a failure until
    /// it turns out right).
    Failure {
        /// The contract ID it is for.
        contract_id: &'a str,
        /// The serial it is for (a new token's).
        serial: Option<&'a str>,
    },
    /// A new procedure.
    Start {
        /// The contract ID it is for.
        contract_id: &'a str,
    },
    /// A new demo token.
    DemoToken,
    /// A new passkey challenge (a row until answered or expired).
    Challenge,
}

fn key(prefix: &str, what: &str, name: &str, limit: Limit) -> ThrottleKey {
    ThrottleKey {
        name: format!("{prefix}:{what}:{name}"),
        limit,
    }
}

/// The buckets `kind` takes from, for a request from `ip`.
pub fn keys(settings: &Throttle, ip: Option<IpAddr>, kind: Kind<'_>) -> Vec<ThrottleKey> {
    if !settings.enabled {
        return Vec::new();
    }
    let addr = ip.map_or_else(|| "unknown".to_owned(), throttle_key);
    match kind {
        Kind::Failure {
            contract_id,
            serial,
        } => {
            let mut keys = vec![
                key("fail", "addr", &addr, settings.failures_per_address),
                key(
                    "fail",
                    "contract",
                    contract_id,
                    settings.failures_per_contract,
                ),
            ];
            if let Some(serial) = serial {
                keys.push(key("fail", "serial", serial, settings.failures_per_serial));
            }
            keys
        }
        Kind::Start { contract_id } => vec![
            key("start", "addr", &addr, settings.starts_per_address),
            key(
                "start",
                "contract",
                contract_id,
                settings.starts_per_contract,
            ),
        ],
        Kind::DemoToken => vec![key("demo", "addr", &addr, settings.demo_tokens_per_address)],
        Kind::Challenge => vec![key(
            "challenge",
            "addr",
            &addr,
            settings.challenges_per_address,
        )],
    }
}

/// Events a request took from the throttle, to give back if it turns out an honest one.
#[derive(Debug, Default)]
#[must_use = "give the events back when the attempt succeeds"]
pub struct Taken(Vec<ThrottleKey>);

impl Taken {
    /// Gives every event back (a right password or code, an attempt never judged).
    pub async fn give_back(self, state: &AppState) -> AppResult<()> {
        for key in &self.0 {
            state.store.throttle_give_back(key).await?;
        }
        Ok(())
    }

    /// Keeps the events: the attempt failed and counts.
    pub fn keep(self) {}
}

/// Takes one event from each bucket of `kind`, or none: over a limit, `429 rate_limited` with
/// the longest wait among the full buckets.
pub async fn take(
    state: &AppState,
    ip: Option<IpAddr>,
    kind: Kind<'_>,
    audit: &Audit,
    event: AuditEvent,
) -> AppResult<Taken> {
    let store = &state.store;
    let mut taken = Vec::new();
    for key in keys(&state.settings.throttle, ip, kind) {
        match store.throttle_take(&key, audit.now).await? {
            Ok(()) => taken.push(key),
            Err(wait) => {
                Taken(taken).give_back(state).await?;
                tracing::warn!(bucket = %key.name, wait, "throttled");
                store
                    .audit_about(
                        audit,
                        AuditEvent::Throttled,
                        ErrorCode::RateLimited,
                        &format!("{} {}", event.as_str(), key.name),
                    )
                    .await?;
                return Err(Problem::new(ErrorCode::RateLimited)
                    .with_retry_after(wait)
                    .into());
            }
        }
    }
    Ok(Taken(taken))
}
