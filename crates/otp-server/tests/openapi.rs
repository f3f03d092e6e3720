//! The committed OpenAPI document (`openapi.json`) is the one the code generates, and the one
//! the server serves. Regenerate it with `UPDATE_OPENAPI=1 cargo test -p otp-server --test openapi`.

mod common;

use otp_server::routes::openapi::document_json;

const COMMITTED: &str = include_str!("../openapi.json");

#[test]
fn the_committed_document_is_current() {
    let generated = document_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json"),
            &generated,
        )
        .unwrap();
        return;
    }
    assert!(
        generated == COMMITTED,
        "openapi.json is stale: run UPDATE_OPENAPI=1 cargo test -p otp-server --test openapi"
    );
}

#[test]
fn it_is_openapi_3_1_with_every_endpoint() {
    let doc: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/config",
        "/login",
        "/login/otp",
        "/session",
        "/logout",
        "/procedures",
        "/procedures/{id}",
        "/procedures/{id}/current-token",
        "/procedures/{id}/new-token",
        "/procedures/{id}/confirm",
        "/demo/tokens",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is missing");
    }
    let codes = &doc["components"]["schemas"]["ErrorCode"];
    let text = codes.to_string();
    for code in [
        "invalid_credentials",
        "procedure_expired",
        "serial_unknown",
        "token_locked",
    ] {
        assert!(text.contains(code), "{code} is missing from ErrorCode");
    }
}

#[tokio::test]
async fn the_server_serves_it() {
    let app = common::TestApp::new().await;
    let served = app.get("/api/v1/openapi.json", None).await;
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(served.json, committed);
}
