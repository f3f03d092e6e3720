//! The `/api/v1` router: one file per group of endpoints.

mod activity;
mod auth;
mod config;
mod demo;
pub mod extract;
mod login;
pub mod openapi;
mod passkey_check;
mod passkey_confirm;
mod passkey_login;
mod passkey_manage;
mod procedures;
mod session;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::{get, patch, post};
use axum::{Router, middleware};
use otp_api::paths;
use otp_api::problem::ErrorCode;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::AppState;
use crate::error::AppError;

/// The API's routes with their middleware.
pub fn api(state: AppState) -> Router {
    let body_limit = state.settings.max_body_bytes;
    let metrics = state.store.metrics().clone();
    Router::new()
        .route(paths::CONFIG, get(config::get_config))
        .route(paths::LOGIN, post(login::login))
        .route(paths::LOGIN_OTP, post(login::login_otp))
        .route(paths::SESSION, get(session::get_session))
        .route(paths::LOGOUT, post(session::logout))
        .route(paths::PROCEDURES, post(procedures::start))
        .route(
            paths::PROCEDURE,
            get(procedures::get).delete(procedures::cancel),
        )
        .route(paths::CURRENT_TOKEN, post(procedures::current_token))
        .route(paths::NEW_TOKEN, post(procedures::new_token))
        .route(paths::CONFIRM, post(procedures::confirm))
        .route(
            paths::PROCEDURE_PASSKEY,
            post(passkey_confirm::procedure_passkey),
        )
        .route(
            paths::PROCEDURE_PASSKEY_OPTIONS,
            post(passkey_confirm::procedure_options),
        )
        .route(paths::LOGIN_PASSKEY_OPTIONS, post(passkey_login::options))
        .route(paths::LOGIN_PASSKEY, post(passkey_login::login))
        .route(
            paths::PASSKEYS,
            get(passkey_manage::list).post(passkey_manage::register),
        )
        .route(
            paths::PASSKEY_OPTIONS,
            post(passkey_manage::register_options),
        )
        .route(
            paths::PASSKEY,
            patch(passkey_manage::rename).delete(passkey_manage::remove),
        )
        .route(
            paths::SESSION_CONFIRM_OPTIONS,
            post(passkey_confirm::session_options),
        )
        .route(
            paths::SESSION_CONFIRM_PASSKEY,
            post(passkey_confirm::session_passkey),
        )
        .route(
            paths::SESSION_CONFIRM_OTP,
            post(passkey_confirm::session_otp),
        )
        .route(paths::ACTIVITY, get(activity::get_activity))
        .route(paths::ACTIVITY_REPORT, post(activity::report))
        .route(paths::DEMO_TOKENS, post(demo::create_token))
        .route(paths::OPENAPI, get(openapi::get_openapi))
        .fallback(|| async { AppError::from(ErrorCode::NotFound) })
        .method_not_allowed_fallback(|| async { AppError::from(ErrorCode::MethodNotAllowed) })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(
            metrics,
            crate::metrics::record,
        ))
        // Answers about a customer must never sit in a cache.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

pub use extract::Caller;
