//! The two cookies: the session (`otp_session`, after login) and the browser binding of
//! procedures (`otp_browser`). Each holds a random 256-bit id in an HttpOnly, SameSite=Strict
//! cookie (`Secure` with the `__Host-` prefix under HTTPS); the database keeps only its
//! SHA-256, so a stolen database copy holds no usable id.

use axum::http::{HeaderMap, HeaderValue};
use axum_extra::extract::cookie::CookieJar;
use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Which cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cookie {
    /// The login session.
    Session,
    /// The browser that started a procedure.
    Browser,
}

impl Cookie {
    /// The cookie's name; over HTTPS the `__Host-` prefix pins it to this host and path `/`.
    pub const fn name(self, secure: bool) -> &'static str {
        match (self, secure) {
            (Cookie::Session, false) => "otp_session",
            (Cookie::Session, true) => "__Host-otp_session",
            (Cookie::Browser, false) => "otp_browser",
            (Cookie::Browser, true) => "__Host-otp_browser",
        }
    }
}

/// A new random id (the cookie value) and the hash the database stores.
pub fn new_id() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id = BASE64URL_NOPAD.encode(&bytes);
    let hash = hash_id(&id);
    (id, hash)
}

/// The stored form of an id.
pub fn hash_id(id: &str) -> String {
    HEXLOWER.encode(&Sha256::digest(id.as_bytes()))
}

/// The cookie as this server sets it: `Path=/`, `HttpOnly`, `SameSite=Strict`, and `Secure`
/// under HTTPS.
fn built(cookie: Cookie, value: &str, secure: bool) -> cookie::CookieBuilder<'static> {
    cookie::Cookie::build((cookie.name(secure), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .secure(secure)
}

/// The `Set-Cookie` value that installs `id`.
pub fn set_cookie(cookie: Cookie, id: &str, secure: bool) -> HeaderValue {
    let text = built(cookie, id, secure).build().encoded().to_string();
    HeaderValue::from_str(&text).expect("ids are base64url")
}

/// The `Set-Cookie` value that removes the cookie.
pub fn clear_cookie(cookie: Cookie, secure: bool) -> HeaderValue {
    let text = built(cookie, "", secure)
        .max_age(time::Duration::ZERO)
        .build()
        .encoded()
        .to_string();
    HeaderValue::from_str(&text).expect("static cookie")
}

/// The id the request carries in `cookie`, if any (an empty value is none).
pub fn cookie_value(headers: &HeaderMap, cookie: Cookie, secure: bool) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(cookie.name(secure))
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use axum::http::header;

    use super::*;

    #[test]
    fn ids_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_id();
        let (b, _) = new_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_a, hash_id(&a));
        assert_ne!(hash_a, a);
    }

    #[test]
    fn cookie_attributes() {
        let plain = set_cookie(Cookie::Session, "abc", false);
        assert_eq!(plain, "otp_session=abc; HttpOnly; SameSite=Strict; Path=/");
        let secure = set_cookie(Cookie::Session, "abc", true);
        assert_eq!(
            secure,
            "__Host-otp_session=abc; HttpOnly; SameSite=Strict; Secure; Path=/"
        );
        assert!(
            set_cookie(Cookie::Browser, "x", true)
                .to_str()
                .unwrap()
                .starts_with("__Host-otp_browser=x")
        );
    }

    #[test]
    fn a_cleared_cookie_expires_at_once() {
        let cleared = clear_cookie(Cookie::Browser, true);
        assert_eq!(
            cleared,
            "__Host-otp_browser=; HttpOnly; SameSite=Strict; Secure; Path=/; Max-Age=0"
        );
    }

    #[test]
    fn reads_the_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; otp_session=xyz; otp_browser=; b=2"),
        );
        assert_eq!(
            cookie_value(&headers, Cookie::Session, false).as_deref(),
            Some("xyz")
        );
        assert_eq!(cookie_value(&headers, Cookie::Session, true), None);
        assert_eq!(cookie_value(&headers, Cookie::Browser, false), None);
    }
}
