//! A procedure is bound to the browser that started it (the `otp_browser` cookie): another
//! browser, or a cookie planted before the start, reads nothing; every start renews the id.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

const A: &str = "VSST00000001";

async fn app_with_tokens() -> TestApp {
    let app = TestApp::new().await;
    app.provision(A, SECRET_A, Default::default()).await;
    app
}

fn path(id: &serde_json::Value, step: &str) -> String {
    format!("/api/v1/procedures/{}/{step}", id.as_str().unwrap())
        .trim_end_matches('/')
        .to_owned()
}

fn p() -> otp_api::totp::TotpParams {
    Default::default()
}

#[tokio::test]
async fn procedures_are_bound_to_the_browser_that_started_them() {
    let app = app_with_tokens().await;
    let (started, browser) = app.start("activate", None).await;
    let id = &started.json["id"];
    for other in [None, Some("otp_browser=someone-else")] {
        let get = app.get(&path(id, ""), other).await;
        assert_eq!(
            (get.status, get.code()),
            (StatusCode::NOT_FOUND, "procedure_not_found")
        );
        let step = app
            .post(
                &path(id, "new-token"),
                json!({"serial": A, "otp": app.code(SECRET_A, &p())}),
                other,
            )
            .await;
        assert_eq!(step.code(), "procedure_not_found");
    }
    let unknown = app.get("/api/v1/procedures/nope", Some(&browser)).await;
    assert_eq!(unknown.code(), "procedure_not_found");
    // The next procedure binds the browser under a new id, and the first one follows it.
    let (second, renewed) = app.start("activate", Some(&browser)).await;
    assert!(second.cookie().is_some());
    assert_ne!(renewed, browser);
    for id in [id, &second.json["id"]] {
        assert_eq!(
            app.get(&path(id, ""), Some(&renewed)).await.status,
            StatusCode::OK
        );
        let old = app.get(&path(id, ""), Some(&browser)).await;
        assert_eq!(old.code(), "procedure_not_found");
    }
}

#[tokio::test]
async fn a_planted_browser_cookie_reads_nothing() {
    let app = app_with_tokens().await;
    // Whoever set the cookie before (a sibling site, the last user of a shared machine).
    let planted = "otp_browser=planted-by-someone";
    let (started, browser) = app.start("activate", Some(planted)).await;
    assert_ne!(browser, planted);
    let id = &started.json["id"];
    let read = app.get(&path(id, ""), Some(planted)).await;
    assert_eq!(read.code(), "procedure_not_found");
    let step = app
        .post(
            &path(id, "new-token"),
            json!({"serial": A, "otp": app.code(SECRET_A, &p())}),
            Some(planted),
        )
        .await;
    assert_eq!(step.code(), "procedure_not_found");
    assert_eq!(
        app.get(&path(id, ""), Some(&browser)).await.status,
        StatusCode::OK
    );
}
