//! The `/api/v1` router: one file per group of endpoints.

mod auth;
mod config;
mod demo;
pub mod extract;
mod login;
pub mod openapi;
mod procedures;
mod session;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use otp_api::problem::ErrorCode;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use crate::error::AppError;

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

pub use extract::Caller;
