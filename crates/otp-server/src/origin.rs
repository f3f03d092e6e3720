//! The host and origin allow-list (`security.public_origins`).
//!
//! - Every request's `Host` (or HTTP/2 `:authority`) must name one of the public origins:
//!   anything else is `misdirected_request` (421). This stops DNS rebinding, where a page on
//!   `evil.test` is made to resolve to this server and then talks to it as its own origin.
//! - A state-changing request (`POST`, `DELETE`, …) whose `Origin` is not one of the public
//!   origins, or that the browser marks `Sec-Fetch-Site: cross-site`/`same-site`, is
//!   `forbidden_origin` (403: the CSRF check). The comparison is with the allow-list, never
//!   with `Host`, which the attacker's page controls under rebinding. Requests with neither
//!   header come from non-browser clients (operators' tools, the conformance kit), which
//!   cannot carry a victim's cookie, and pass.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use otp_api::problem::ErrorCode;

use crate::error::AppError;

/// One public origin, normalised: lower case, no trailing slash, no default port.
pub fn parse_origin(text: &str) -> Result<String, String> {
    let lower = text.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = lower
        .split_once("://")
        .filter(|(s, _)| matches!(*s, "http" | "https"))
        .ok_or_else(|| format!("{text:?}: an origin is http(s)://host[:port]"))?;
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
        return Err(format!("{text:?}: an origin is http(s)://host[:port]"));
    }
    let rest = match (scheme, rest.rsplit_once(':')) {
        ("http", Some((host, "80"))) | ("https", Some((host, "443"))) => host,
        _ => rest,
    };
    Ok(format!("{scheme}://{rest}"))
}

/// A comma-separated list of origins.
pub fn parse_origins(text: &str) -> Result<Vec<String>, String> {
    let list: Vec<String> = text
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(parse_origin)
        .collect::<Result<_, _>>()?;
    if list.is_empty() {
        return Err("at least one origin".to_owned());
    }
    Ok(list)
}

/// The allow-list, ready for the checks.
#[derive(Debug, Clone)]
pub struct PublicOrigins {
    origins: Vec<String>,
    hosts: Vec<String>,
}

impl PublicOrigins {
    /// From normalised origins (see [`parse_origin`]).
    pub fn new(origins: &[String]) -> Self {
        let mut hosts = Vec::new();
        for origin in origins {
            let (scheme, authority) = origin.split_once("://").unwrap_or(("http", origin));
            hosts.push(authority.to_owned());
            // A browser may name the default port explicitly.
            if !authority.contains(':') || authority.ends_with(']') {
                let port = if scheme == "https" { 443 } else { 80 };
                hosts.push(format!("{authority}:{port}"));
            }
        }
        Self {
            origins: origins.to_vec(),
            hosts,
        }
    }

    /// Whether `host` (a `Host` header's value) is one of ours.
    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    /// Whether `origin` (an `Origin` header's value) is one of ours.
    pub fn allows_origin(&self, origin: &str) -> bool {
        parse_origin(origin).is_ok_and(|o| self.origins.contains(&o))
    }
}

/// The request's host: the `Host` header, or the URI's authority (HTTP/2).
fn request_host(req: &Request) -> Option<String> {
    match req.headers().get(header::HOST) {
        Some(value) => value.to_str().ok().map(str::to_owned),
        None => req.uri().authority().map(|a| a.as_str().to_owned()),
    }
}

/// Whether a state-changing request comes from one of our origins (or from no browser).
pub fn is_same_origin(origins: &PublicOrigins, req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match headers.get(header::ORIGIN).map(|v| v.to_str()) {
        None => true,
        Some(Ok(origin)) => origins.allows_origin(origin),
        Some(Err(_)) => false,
    }
}

/// Middleware: refuses a request for another host, and a state-changing request from another
/// origin.
pub async fn check_host_and_origin(
    origins: Arc<PublicOrigins>,
    req: Request,
    next: Next,
) -> Response {
    if !request_host(&req).is_some_and(|h| origins.allows_host(&h)) {
        return AppError::from(ErrorCode::MisdirectedRequest).into_response();
    }
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_origin(&origins, &req) {
        next.run(req).await
    } else {
        AppError::from(ErrorCode::ForbiddenOrigin).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised() {
        assert_eq!(
            parse_origin("HTTPS://IB.Bank.Example:443/").unwrap(),
            "https://ib.bank.example"
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "ib.bank.example",
            "ftp://x",
            "https://x/path",
            "https://",
            "https://u@x",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
        assert!(parse_origins(" , ").is_err());
    }

    #[test]
    fn hosts_and_origins_are_matched_against_the_list() {
        let list = PublicOrigins::new(&[
            "https://ib.bank.example".to_owned(),
            "http://127.0.0.1:8080".to_owned(),
        ]);
        assert!(list.allows_host("ib.bank.example"));
        assert!(list.allows_host("IB.bank.example:443"));
        assert!(list.allows_host("127.0.0.1:8080"));
        assert!(!list.allows_host("127.0.0.1:8081"));
        assert!(!list.allows_host("evil.test"));
        assert!(list.allows_origin("https://ib.bank.example"));
        assert!(!list.allows_origin("http://ib.bank.example"));
        assert!(!list.allows_origin("http://evil.test"));
        assert!(!list.allows_origin("null"));
    }
}
