//! Each kind of answer carries its headers: the SPA's `index.html` (also for client-side
//! routes), hashed assets, unhashed files, a missing file, API answers and API errors — each
//! with the security headers, its cache policy, and the precompressed variant the browser
//! accepts; `/` answers `index.html`, other client-side routes `app.html`.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use otp_server::headers::{CACHE_IMMUTABLE, CACHE_REVALIDATE};
use otp_server::{AppState, ManualClock, Settings, Store, app};
use tower::ServiceExt;

const JS: &str = "/otp-portal-0123456789abcdef.js";
const WASM: &str = "/otp-portal-0123456789abcdef_bg.wasm";

struct Site {
    router: Router,
    _dir: tempfile::TempDir,
}

fn write(dir: &Path, name: &str, body: &[u8]) {
    std::fs::write(dir.join(name), body).unwrap();
}

/// A built SPA in miniature: each file with distinguishable `.br` and `.gz` variants.
async fn site(https: bool) -> Site {
    site_with(https, false).await
}

async fn site_with(https: bool, demo: bool) -> Site {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    for (name, body) in [
        (
            "index.html",
            "<!doctype html><title>otp</title><body>the login screen",
        ),
        ("app.html", "<!doctype html><title>otp</title>"),
        (&JS[1..], "export default function init() {}"),
        (&WASM[1..], "\0asm"),
        ("favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ] {
        write(&dist, name, body.as_bytes());
        write(
            &dist,
            &format!("{name}.br"),
            format!("br:{name}").as_bytes(),
        );
        write(
            &dist,
            &format!("{name}.gz"),
            format!("gz:{name}").as_bytes(),
        );
    }
    let store = Store::open(&dir.path().join("db.sqlite3")).await.unwrap();
    let settings = Settings {
        secure_cookies: https,
        demo,
        ..Settings::default()
    };
    let state = AppState::new(store, Arc::new(ManualClock::new(0)), settings);
    Site {
        router: app(state, Some(dist)),
        _dir: dir,
    }
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

async fn send(site: &Site, method: Method, path: &str, encodings: &str) -> Answer {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:8080");
    if !encodings.is_empty() {
        request = request.header(header::ACCEPT_ENCODING, encodings);
    }
    let body = if path.ends_with("/login") {
        request = request.header(header::CONTENT_TYPE, "application/json");
        Body::from("{not json")
    } else {
        Body::empty()
    };
    let response = site
        .router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn header<'a>(answer: &'a Answer, name: &str) -> &'a str {
    answer
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_else(|| panic!("no {name} header"))
}

/// The security headers every answer carries.
fn assert_security_headers(answer: &Answer, https: bool, what: &str) {
    let csp = header(answer, "content-security-policy");
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    assert!(directives.contains(&"default-src 'none'"), "{what}: {csp}");
    assert!(
        directives.contains(&"script-src 'self' 'wasm-unsafe-eval'"),
        "{what}: {csp}"
    );
    assert!(directives.contains(&"style-src 'self'"), "{what}: {csp}");
    assert!(
        directives.contains(&"frame-ancestors 'none'"),
        "{what}: {csp}"
    );
    assert!(directives.contains(&"base-uri 'none'"), "{what}: {csp}");
    assert!(!csp.contains("'unsafe-inline'"), "{what}: {csp}");
    assert!(
        !csp.replace("'wasm-unsafe-eval'", "")
            .contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(
        header(answer, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    assert_eq!(header(answer, "referrer-policy"), "no-referrer", "{what}");
    assert_eq!(header(answer, "x-frame-options"), "DENY", "{what}");
    let permissions = header(answer, "permissions-policy");
    for denied in [
        "camera=()",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
    ] {
        assert!(permissions.contains(denied), "{what}: {permissions}");
    }
    assert_eq!(
        answer
            .headers
            .get("strict-transport-security")
            .map(|v| v.to_str().unwrap()),
        https.then_some("max-age=63072000; includeSubDomains"),
        "{what}: HSTS exactly when behind HTTPS"
    );
}

/// Every kind of answer, over plain HTTP and behind HTTPS.
#[tokio::test]
async fn every_kind_of_answer_carries_its_headers() {
    for https in [false, true] {
        let site = site(https).await;
        let kinds: [(&str, &str, &str, StatusCode, &str, &str); 9] = [
            // (what, path, accept-encoding, status, cache-control, content-type prefix)
            (
                "index.html",
                "/",
                "gzip, br",
                StatusCode::OK,
                CACHE_REVALIDATE,
                "text/html",
            ),
            (
                "client route",
                "/procedures/abc/confirm",
                "br",
                StatusCode::OK,
                CACHE_REVALIDATE,
                "text/html",
            ),
            (
                "hashed JS",
                JS,
                "gzip",
                StatusCode::OK,
                CACHE_IMMUTABLE,
                "text/javascript",
            ),
            (
                "hashed wasm",
                WASM,
                "br",
                StatusCode::OK,
                CACHE_IMMUTABLE,
                "application/wasm",
            ),
            (
                "unhashed file",
                "/favicon.svg",
                "",
                StatusCode::OK,
                CACHE_REVALIDATE,
                "image/svg+xml",
            ),
            (
                "missing asset",
                "/otp-portal-fedcba9876543210.js",
                "br",
                StatusCode::NOT_FOUND,
                CACHE_REVALIDATE,
                "application/problem+json",
            ),
            (
                "API answer",
                "/api/v1/config",
                "br",
                StatusCode::OK,
                "no-store",
                "application/json",
            ),
            (
                "API error",
                "/api/v1/login",
                "",
                StatusCode::BAD_REQUEST,
                "no-store",
                "application/problem+json",
            ),
            (
                "API unknown path",
                "/api/v1/nothing",
                "",
                StatusCode::NOT_FOUND,
                "no-store",
                "application/problem+json",
            ),
        ];
        for (what, path, encodings, status, cache, content_type) in kinds {
            let method = if what == "API error" {
                Method::POST
            } else {
                Method::GET
            };
            let answer = send(&site, method, path, encodings).await;
            assert_eq!(answer.status, status, "{what}: {}", answer.body);
            assert_eq!(header(&answer, "cache-control"), cache, "{what}");
            assert!(
                header(&answer, "content-type").starts_with(content_type),
                "{what}: {}",
                header(&answer, "content-type")
            );
            assert_security_headers(&answer, https, what);
        }
    }
}

/// The precompressed variant the browser accepts is sent, brotli first; without
/// `Accept-Encoding`, the file itself.
#[tokio::test]
async fn precompressed_variants_follow_accept_encoding() {
    let site = site(false).await;
    // `/` is index.html (with the prerendered login screen), other routes app.html.
    for (path, file) in [
        ("/", "index.html"),
        ("/home", "app.html"),
        ("/procedures/x/confirm", "app.html"),
        (JS, &JS[1..]),
    ] {
        let br = send(&site, Method::GET, path, "gzip, deflate, br").await;
        assert_eq!(header(&br, "content-encoding"), "br", "{path}");
        assert_eq!(br.body, format!("br:{file}"), "{path}");
        assert!(
            header(&br, "vary")
                .to_ascii_lowercase()
                .contains("accept-encoding")
        );

        let gz = send(&site, Method::GET, path, "gzip").await;
        assert_eq!(header(&gz, "content-encoding"), "gzip", "{path}");
        assert_eq!(gz.body, format!("gz:{file}"), "{path}");

        let plain = send(&site, Method::GET, path, "").await;
        assert!(plain.headers.get("content-encoding").is_none(), "{path}");
        assert_eq!(
            plain.body.contains("the login screen"),
            path == "/",
            "{path}: only / has the prerendered login screen"
        );
        assert!(!plain.body.starts_with("br:") && !plain.body.starts_with("gz:"));
    }
}

/// Images from `data:` URLs (the gallery's PNG export) only on a demo server: a production
/// one keeps `img-src 'self'`.
#[tokio::test]
async fn only_a_demo_server_takes_images_from_data_urls() {
    for demo in [false, true] {
        let site = site_with(false, demo).await;
        let answer = send(&site, Method::GET, "/gallery/login/empty", "").await;
        let csp = header(&answer, "content-security-policy");
        let images: Vec<&str> = csp
            .split(';')
            .map(str::trim)
            .filter(|d| d.starts_with("img-src"))
            .collect();
        let expected = if demo {
            "img-src 'self' data:"
        } else {
            "img-src 'self'"
        };
        assert_eq!(images, [expected], "demo = {demo}");
    }
}
