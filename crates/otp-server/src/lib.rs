//! The reference bank API of otp-portal.
//!
//! [`app`] builds the whole HTTP application (API under `/api/v1` plus the built SPA) from an
//! [`AppState`], so tests drive it with `tower::ServiceExt::oneshot` and no socket. The binary
//! (`otp-server serve`) wraps it with a listener; see `cli.rs` for the operator commands.

pub mod client_addr;
pub mod clock;
pub mod config_file;
pub mod demo;
pub mod error;
pub mod hash_workers;
pub mod headers;
pub mod json;
pub mod metrics;
pub mod operations;
pub mod origin;
pub mod password;
pub mod provisioning;
pub mod routes;
pub mod seal;
pub mod session;
pub mod settings;
pub mod store;
pub mod throttle;
pub mod timefmt;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
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
}

impl AppState {
    /// A state with the given store, clock and settings.
    pub fn new(store: Store, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        let passwords = password::Passwords::new(settings.argon2.clone());
        Self {
            store,
            clock,
            settings: Arc::new(settings),
            passwords,
        }
    }
}

/// The whole application: `/api/v1/*` and, when `static_dir` is set, the SPA: `/` is its
/// `index.html` (with the prerendered login screen), every other client-side route its
/// `app.html` (the same page without it; `index.html` when there is no `app.html`). Files are served precompressed (`name.br`,
/// `name.gz` beside each file, written by `scripts/build-spa.sh`) when the browser accepts it.
/// Every answer carries the security headers of [`headers`]; every request must name one of
/// the public origins as its host, and a state-changing one must come from one ([`origin`]).
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let security: Arc<[_]> = headers::security_headers(state.settings.secure_cookies).into();
    let origins = Arc::new(origin::PublicOrigins::new(&state.settings.public_origins));
    let probes = operations::router(&state, state.settings.metrics.public);
    let router = Router::new().nest(otp_api::API_PREFIX, routes::api(state));
    let router = match static_dir {
        Some(dir) => {
            let page = match dir.join("app.html") {
                app if app.is_file() => app,
                _ => dir.join("index.html"),
            };
            let index = ServeFile::new(page).precompressed_br().precompressed_gzip();
            let files = ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(spa_route.with_state(index));
            router.fallback_service(
                Router::new()
                    .fallback_service(files)
                    .layer(middleware::from_fn(headers::add_static_headers)),
            )
        }
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

/// A path that is not a file: a client-side route, answered with the SPA's page. A missing file
/// (its last segment has a dot: an old release's asset, a typo) is a 404, never the HTML page
/// under an asset's name.
async fn spa_route(State(index): State<ServeFile>, request: Request) -> Response {
    let last = request.uri().path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return error::AppError::from(otp_api::problem::ErrorCode::NotFound).into_response();
    }
    match index.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}
