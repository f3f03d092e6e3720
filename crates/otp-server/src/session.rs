//! Session cookies: a random 256-bit id in an HttpOnly, SameSite=Strict cookie; the database
//! keeps only its SHA-256, so a stolen database copy holds no usable session.

use axum::http::{HeaderMap, HeaderValue, header};
use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The cookie's name over plain HTTP (development, tests).
pub const COOKIE_NAME: &str = "otp_session";
/// The cookie's name over HTTPS: the `__Host-` prefix pins it to this host and path `/`.
pub const SECURE_COOKIE_NAME: &str = "__Host-otp_session";

/// A new session id (the cookie value) and the hash the database stores.
pub fn new_session_id() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id = BASE64URL_NOPAD.encode(&bytes);
    let hash = hash_id(&id);
    (id, hash)
}

/// The stored form of a session id.
pub fn hash_id(id: &str) -> String {
    HEXLOWER.encode(&Sha256::digest(id.as_bytes()))
}

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

/// The `Set-Cookie` value that installs session `id`.
pub fn set_cookie(id: &str, secure: bool) -> HeaderValue {
    let name = cookie_name(secure);
    let secure_attr = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={id}; Path=/; HttpOnly; SameSite=Strict{secure_attr}"
    ))
    .expect("session ids are base64url")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    let name = cookie_name(secure);
    let secure_attr = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure_attr}"
    ))
    .expect("static cookie")
}

/// The session id the request carries, if any.
pub fn session_id(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_session_id();
        let (b, _) = new_session_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_a, hash_id(&a));
        assert_ne!(hash_a, a);
    }

    #[test]
    fn cookie_attributes() {
        let plain = set_cookie("abc", false);
        assert_eq!(plain, "otp_session=abc; Path=/; HttpOnly; SameSite=Strict");
        let secure = set_cookie("abc", true);
        assert_eq!(
            secure,
            "__Host-otp_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure"
        );
    }

    #[test]
    fn reads_the_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; otp_session=xyz; b=2"),
        );
        assert_eq!(session_id(&headers, false).as_deref(), Some("xyz"));
        assert_eq!(session_id(&headers, true), None);
    }
}
