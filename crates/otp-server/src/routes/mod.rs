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
use axum::{Router, middleware};
use otp_api::problem::ErrorCode;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::AppError;

/// Every endpoint, once: each handler's `#[utoipa::path]` gives the router its path and method
/// and the OpenAPI document its operation (`openapi::document`).
pub(crate) fn endpoints() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(config::get_config))
        .routes(routes!(login::login))
        .routes(routes!(login::login_otp))
        .routes(routes!(session::get_session))
        .routes(routes!(session::logout))
        .routes(routes!(procedures::start))
        .routes(routes!(procedures::get, procedures::cancel))
        .routes(routes!(procedures::current_token))
        .routes(routes!(procedures::new_token))
        .routes(routes!(procedures::confirm))
        .routes(routes!(passkey_confirm::procedure_options))
        .routes(routes!(passkey_confirm::procedure_passkey))
        .routes(routes!(passkey_login::options))
        .routes(routes!(passkey_login::login))
        .routes(routes!(passkey_manage::list, passkey_manage::register))
        .routes(routes!(passkey_manage::register_options))
        .routes(routes!(passkey_manage::rename, passkey_manage::remove))
        .routes(routes!(passkey_confirm::session_options))
        .routes(routes!(passkey_confirm::session_passkey))
        .routes(routes!(passkey_confirm::session_otp))
        .routes(routes!(activity::get_activity))
        .routes(routes!(activity::report))
        .routes(routes!(demo::create_token))
        .routes(routes!(openapi::get_openapi))
}

/// The API's routes with their middleware.
pub fn api(state: AppState) -> Router {
    let body_limit = state.settings.max_body_bytes;
    let metrics = state.store.metrics().clone();
    let (routes, _) = endpoints().split_for_parts();
    routes
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
