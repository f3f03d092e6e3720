//! The `/api/v1` router: one file per group of endpoints.

mod auth;
mod config;
mod demo;
mod login;
pub mod openapi;
mod procedures;
mod session;

use std::net::{IpAddr, SocketAddr};

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use otp_api::problem::ErrorCode;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use crate::error::AppError;
use crate::store::Audit;

/// The API's routes with their middleware.
pub fn api(state: AppState) -> Router {
    let body_limit = state.settings.max_body_bytes;
    Router::new()
        .route("/config", get(config::get_config))
        .route("/login", post(login::login))
        .route("/login/otp", post(login::login_otp))
        .route("/session", get(session::get_session))
        .route("/logout", post(session::logout))
        .route("/procedures", post(procedures::start))
        .route(
            "/procedures/{id}",
            get(procedures::get).delete(procedures::cancel),
        )
        .route(
            "/procedures/{id}/current-token",
            post(procedures::current_token),
        )
        .route("/procedures/{id}/new-token", post(procedures::new_token))
        .route("/procedures/{id}/confirm", post(procedures::confirm))
        .route("/demo/tokens", post(demo::create_token))
        .route("/openapi.json", get(openapi::get_openapi))
        .fallback(|| async { AppError::from(ErrorCode::NotFound) })
        .method_not_allowed_fallback(|| async { AppError::from(ErrorCode::MethodNotAllowed) })
        .layer(DefaultBodyLimit::max(body_limit))
        // Answers about a customer must never sit in a cache.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

/// Who is asking: the client's address ([`crate::client_addr::client_ip`]: the socket's
/// peer, or `X-Forwarded-For` behind a trusted proxy), when the server knows it (`oneshot`
/// tests without `ConnectInfo` do not). The throttle and the audit use the same address.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    /// The client's address.
    pub ip: Option<IpAddr>,
}

impl Caller {
    /// The audit context of this request at `now` (the contract is added once known).
    pub fn audit(&self, now: i64) -> Audit {
        Audit {
            now,
            client: self.ip.map(|ip| ip.to_string()),
            ..Audit::default()
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let trusted = &state.settings.trusted_proxies;
        Ok(Caller {
            ip: peer.map(|peer| crate::client_addr::client_ip(peer, &forwarded, trusted)),
        })
    }
}
