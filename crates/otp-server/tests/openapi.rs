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
    // The document names exactly the contract's paths (`otp_api::paths`), which the router
    // and the SPA's client use.
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = otp_api::paths::ALL.to_vec();
    expected.sort_unstable();
    let mut paths = paths;
    paths.sort_unstable();
    assert_eq!(paths, expected);
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
