//! The reference bank API of otp-portal.
//!
//! [`app`] builds the whole HTTP application (API under `/api/v1` plus the built SPA) from an
//! [`AppState`], so tests drive it with `tower::ServiceExt::oneshot` and no socket. The binary
//! (`otp-server serve`) wraps it with a listener; see `cli.rs` for the operator commands.

pub mod activity;
pub mod client_addr;
pub mod clock;
pub mod config_file;
pub mod cookies;
pub mod demo;
pub mod error;
pub mod hash_workers;
pub mod headers;
pub mod json;
pub mod metrics;
pub mod operations;
pub mod origin;
pub mod passkeys;
pub mod password;
pub mod provisioning;
pub mod routes;
pub mod seal;
pub mod settings;
pub mod static_files;
pub mod store;
pub mod throttle;
pub mod timefmt;
pub mod user_agent;
pub mod waiting_logins;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use tower_http::trace::TraceLayer;

pub use clock::{Clock, ManualClock, SystemClock};
pub use settings::Settings;
pub use store::Store;

/// Everything a request handler needs: shared, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database layer.
    pub store: Store,
    /// The one source of time (tests move it).
    pub clock: Arc<dyn Clock>,
    /// Rules and limits.
    pub settings: Arc<Settings>,
    /// Password hashing, with the decoy hash used for unknown contract IDs.
    pub passwords: password::Passwords,
    /// The relying party of passkeys, or why they are off.
    pub passkeys: Arc<Result<passkeys::RelyingParty, passkeys::Off>>,
    /// The logins this instance saw waiting for their one-time password, and the token each
    /// one's codes are judged by (a hint that saves a read per wrong code on PostgreSQL).
    pub waiting: Arc<waiting_logins::WaitingLogins>,
}

impl AppState {
    /// A state with the given store, clock and settings.
    pub fn new(store: Store, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        let passwords = password::Passwords::new(settings.argon2.clone());
        let passkeys = Arc::new(passkeys::relying_party(&settings));
        Self {
            store,
            clock,
            settings: Arc::new(settings),
            passwords,
            passkeys,
            waiting: Arc::default(),
        }
    }

    /// The relying party, when passkeys are on (else the passkey endpoints are `not_found`).
    pub fn relying_party(&self) -> error::AppResult<&passkeys::RelyingParty> {
        self.passkeys
            .as_ref()
            .as_ref()
            .map_err(|_| otp_api::problem::ErrorCode::NotFound.into())
    }
}

/// The whole application: `/api/v1/*` and, when `static_dir` is set, the SPA
/// ([`static_files`]).
/// Every answer carries the security headers of [`headers`]; every request must name one of
/// the public origins as its host, and a state-changing one must come from one ([`origin`]).
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let security: Arc<[_]> =
        headers::security_headers(state.settings.secure_cookies, state.settings.demo).into();
    let origins = Arc::new(origin::PublicOrigins::new(&state.settings.public_origins));
    let probes = operations::router(&state, state.settings.metrics.public);
    let router = Router::new().nest(otp_api::API_PREFIX, routes::api(state));
    let router = match static_dir {
        Some(dir) => router.fallback_service(static_files::router(dir)),
        None => router
            .fallback(|| async { error::AppError::from(otp_api::problem::ErrorCode::NotFound) }),
    };
    router
        .layer(middleware::from_fn(move |request, next| {
            origin::check_host_and_origin(origins.clone(), request, next)
        }))
        // The load balancer's probes answer whatever Host it sends.
        .merge(probes)
        .layer(middleware::from_fn(move |request, next| {
            headers::add_security_headers(security.clone(), request, next)
        }))
        .layer(TraceLayer::new_for_http())
}
