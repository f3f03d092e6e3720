//! The same-origin check (CSRF defence) on every state-changing request.
//!
//! Browsers send `Origin` on every cross-origin and same-origin `POST`/`DELETE` made by `fetch`,
//! and `Sec-Fetch-Site` on every request. A request whose `Origin` is not this host, or that the
//! browser marks `cross-site`/`same-site`, is refused with `forbidden_origin`. Requests with
//! neither header come from non-browser clients (operators' tools, the conformance kit), which
//! cannot carry a victim's cookie, and pass.

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use otp_api::problem::ErrorCode;

use crate::error::AppError;

fn origin_matches_host(origin: &str, host: &str) -> bool {
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    authority.is_some_and(|a| a.eq_ignore_ascii_case(host))
}

/// Whether a request may change state.
pub fn is_same_origin(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match headers.get(header::ORIGIN).map(|v| v.to_str()) {
        None => true,
        Some(Ok(origin)) => headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|host| origin_matches_host(origin, host)),
        Some(Err(_)) => false,
    }
}

/// Middleware: refuses state-changing requests from another origin.
pub async fn require_same_origin(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_origin(&req) {
        next.run(req).await
    } else {
        AppError::from(ErrorCode::ForbiddenOrigin).into_response()
    }
}
