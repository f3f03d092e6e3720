//! A test harness: the real router on a real (temporary) SQLite database, driven with
//! `oneshot` requests, with a clock the test moves.

#![allow(dead_code)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use otp_server::{AppState, ManualClock, Settings, Store, app, demo};
use serde_json::Value;
use tower::ServiceExt;

/// The demo customer's credentials.
pub const ID: &str = "0123456789";
pub const PASSWORD: &str = "demo1234";
/// A fixed start time: 2026-11-26T00:00:00Z.
pub const T0: i64 = 1_795_651_200;

pub struct TestApp {
    pub router: Router,
    pub clock: Arc<ManualClock>,
    pub store: Store,
    pub settings: Settings,
    _dir: tempfile::TempDir,
}

/// An answer, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: Value,
}

impl Answer {
    /// The problem `code` of an error answer.
    pub fn code(&self) -> &str {
        self.json["code"].as_str().unwrap_or_default()
    }

    /// The `name=value` part of the Set-Cookie header.
    pub fn cookie(&self) -> Option<String> {
        self.headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::to_owned)
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_settings(Settings::default()).await
    }

    pub async fn with_settings(settings: Settings) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.sqlite3")).await.unwrap();
        demo::seed(&store, &settings.argon2, T0).await.unwrap();
        let clock = Arc::new(ManualClock::new(T0));
        let state = AppState::new(store.clone(), clock.clone(), settings.clone());
        Self {
            router: app(state, None),
            clock,
            store,
            settings,
            _dir: dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response: Response<Body> = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let json = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        if !status.is_success() {
            assert_eq!(
                headers[header::CONTENT_TYPE],
                "application/problem+json",
                "every error is problem+json"
            );
            assert_eq!(json["status"], status.as_u16());
        }
        Answer {
            status,
            headers,
            json,
        }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        let mut req = Request::get(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn post(&self, path: &str, body: Value, cookie: Option<&str>) -> Answer {
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub async fn login(&self, id: &str, password: &str) -> Answer {
        self.post(
            "/api/v1/login",
            serde_json::json!({ "contract_id": id, "password": password }),
            None,
        )
        .await
    }
}
