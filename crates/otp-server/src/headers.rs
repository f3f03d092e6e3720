//! The headers every answer carries (security policy) and the cache policy of the SPA's files.
//!
//! One place decides them, so that a test can assert each header on each kind of answer:
//! the SPA's `index.html`, a hashed asset, a file without a hash, an API answer, an error.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// The Content-Security-Policy: only this origin's files; no inline script or style, no
/// `eval` (WebAssembly compiles under `'wasm-unsafe-eval'`); no framing, no `<base>`.
///
/// A deployment that serves the static SPA against another origin's API adds that origin to
/// `connect-src` in its own web server (docs/operating.md, "The static SPA against another bank's API").
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy of a demo server (`serve --demo`, never a production one): the same, and images
/// from `data:` URLs too — the gallery's "save as PNG" draws its grid through one (Chromium
/// refuses to export a canvas that drew the same picture from a `blob:` URL).
pub const CONTENT_SECURITY_POLICY_DEMO: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every powerful feature the app does not use is denied; passkeys (WebAuthn's `get`) and the
/// clipboard (the demo panel's copy button) are this origin's only.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), \
     display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), \
     idle-detection=(), magnetometer=(), microphone=(), midi=(), payment=(), \
     picture-in-picture=(), publickey-credentials-get=(self), screen-wake-lock=(), serial=(), usb=(), \
     xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(self)";

/// HSTS for a site behind HTTPS (`security.secure_cookies`): two years, subdomains included.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

/// Hashed file names never change content: cached for a year, never revalidated.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `index.html` and unhashed files: cached, but revalidated before each use, so a new release
/// is seen at the next visit.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// The security headers of every answer; `https` adds HSTS, `demo` the demo's policy.
pub fn security_headers(https: bool, demo: bool) -> Vec<(HeaderName, HeaderValue)> {
    let policy = match demo {
        true => CONTENT_SECURITY_POLICY_DEMO,
        false => CONTENT_SECURITY_POLICY,
    };
    let mut headers = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(policy),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ),
        // For browsers older than `frame-ancestors`.
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if https {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        ));
    }
    headers
}

/// Middleware: adds `security` (built once by [`security_headers`]) to every answer.
pub async fn add_security_headers(
    security: Arc<[(HeaderName, HeaderValue)]>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in security.iter() {
        headers.insert(name, value.clone());
    }
    response
}

/// Whether a file name carries Trunk's content hash (`name-0123456789abcdef.ext`: 16 hex digits
/// less leading zeros, or
/// `name-<hash>_bg.wasm` for the wasm).
pub fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = file.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty()
            && (12..=16).contains(&hash.len())
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The `Cache-Control` of a static answer: hashed files are immutable; `index.html` (the
/// answer to every client-side route), other files and errors (a missing file may exist after
/// the next release) are revalidated.
pub fn static_cache_control(path: &str, status: StatusCode, headers: &HeaderMap) -> &'static str {
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let found = status.is_success() || status == StatusCode::NOT_MODIFIED;
    if found && is_hashed_asset(path) && !is_html {
        CACHE_IMMUTABLE
    } else {
        CACHE_REVALIDATE
    }
}

/// Middleware for the SPA's files: the cache policy, and `Vary: Accept-Encoding` because the
/// same URL answers brotli, gzip or identity.
pub async fn add_static_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let cache = static_cache_control(&path, response.status(), response.headers());
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_are_hashed_assets() {
        assert!(is_hashed_asset("/otp-portal-7d9631ee2ad4bf07.js"));
        assert!(is_hashed_asset("/otp-portal-7d9631ee2ad4bf07_bg.wasm"));
        assert!(is_hashed_asset("/theme-example-6fc252d668dd45f4.css"));
        assert!(is_hashed_asset("/loader-33461c5089a3623e.js"));
        assert!(is_hashed_asset("/pages-ffaf211ec108827.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/favicon.svg"));
        assert!(!is_hashed_asset("/procedures/0123456789abcdef"));
        assert!(!is_hashed_asset("/x-0123456789abcdeg.js"));
        assert!(!is_hashed_asset("/-0123456789abcdef.js"));
    }

    #[test]
    fn html_and_errors_are_never_immutable() {
        let mut html = HeaderMap::new();
        html.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        let asset = "/a-0123456789abcdef.js";
        let ok = StatusCode::OK;
        assert_eq!(static_cache_control(asset, ok, &html), CACHE_REVALIDATE);
        assert_eq!(
            static_cache_control(asset, ok, &HeaderMap::new()),
            CACHE_IMMUTABLE
        );
        assert_eq!(
            static_cache_control(asset, StatusCode::NOT_FOUND, &HeaderMap::new()),
            CACHE_REVALIDATE
        );
    }
}
