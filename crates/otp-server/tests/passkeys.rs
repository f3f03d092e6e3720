//! Passkeys through the real router, with a software authenticator: registration behind a
//! fresh proof, the passkey login, factor changes a relay cannot make, and the attacks on the
//! ceremonies (another origin, a challenge used twice or another's, an expired one, a counter
//! that goes back, a burst).

mod common;

use axum::http::StatusCode;
use common::authenticator::{self, Credential, ORIGIN};
use common::burst::{at_once, tally};
use common::{Answer, ID, PASSWORD, SECRET_A, SECRET_B, TestApp};
use otp_api::passkey::FactorChanges;
use otp_server::Settings;
use serde_json::json;

/// A logged-in session (password + the token's code) of the demo customer with token A.
async fn otp_session(app: &TestApp) -> String {
    let login = app.login(ID, PASSWORD).await;
    let cookie = login.cookie().unwrap();
    let done = app.otp_login(&cookie, SECRET_A).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.json);
    app.next_step();
    done.cookie().unwrap()
}

async fn ready() -> TestApp {
    ready_with(Settings::default()).await
}

async fn ready_with(settings: Settings) -> TestApp {
    let app = TestApp::with_settings(settings).await;
    app.provision("VSST00000001", SECRET_A, Default::default())
        .await;
    app.provision("VSST00000002", SECRET_B, Default::default())
        .await;
    app.activate("VSST00000001", SECRET_A).await;
    app
}

/// Registers a passkey from `cookie`'s session: the answer and the credential.
async fn register(app: &TestApp, cookie: &str, seed: u8) -> (Answer, Credential) {
    let options = app
        .post("/api/v1/passkeys/options", json!({}), Some(cookie))
        .await;
    assert_eq!(options.status, StatusCode::OK, "{}", options.json);
    let public_key = &options.json["publicKey"];
    assert_eq!(
        public_key["authenticatorSelection"]["residentKey"],
        "required"
    );
    assert_eq!(
        public_key["authenticatorSelection"]["userVerification"],
        "required"
    );
    assert_eq!(public_key["rp"]["id"], "localhost");
    let (credential, made) = authenticator::register(public_key, ORIGIN, seed);
    let body = json!({"ceremony": options.json["ceremony"], "credential": made, "name": "iPhone"});
    (
        app.post("/api/v1/passkeys", body, Some(cookie)).await,
        credential,
    )
}

/// Asks for a challenge at `options_path` and answers it with `credential`.
async fn answer(
    app: &TestApp,
    options_path: &str,
    answer_path: &str,
    cookie: Option<&str>,
    credential: &mut Credential,
) -> Answer {
    let options = app.post(options_path, json!({}), cookie).await;
    assert_eq!(options.status, StatusCode::OK, "{}", options.json);
    let assertion = credential.assert(&options.json["publicKey"]);
    let body = json!({"ceremony": options.json["ceremony"], "credential": assertion});
    app.post(answer_path, body, cookie).await
}

async fn passkey_login(app: &TestApp, credential: &mut Credential) -> Answer {
    answer(
        app,
        "/api/v1/login/passkey/options",
        "/api/v1/login/passkey",
        None,
        credential,
    )
    .await
}

#[tokio::test]
async fn a_passkey_registered_after_an_otp_login_logs_in_alone() {
    let app = ready().await;
    let cookie = otp_session(&app).await;
    let (added, mut credential) = register(&app, &cookie, 7).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.json);
    assert_eq!(added.json["name"], "iPhone");
    assert_eq!(added.json["synced"], true);
    let list = app.get("/api/v1/passkeys", Some(&cookie)).await;
    assert_eq!(list.json["passkeys"].as_array().unwrap().len(), 1);
    assert_eq!(list.json["max"], 10);

    let login = passkey_login(&app, &mut credential).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.json);
    assert_eq!(login.json["otp_required"], false);
    assert_eq!(login.json["customer"]["name"], "山田 太郎");
    let session = app.session(&login.cookie().unwrap()).await;
    assert_eq!(session.status, StatusCode::OK, "{}", session.json);
    assert!(app.audited("login_passkey").await);
    assert!(app.audited("passkey_added").await);
    let notices = app.store.notifications(true).await.unwrap();
    assert!(notices.iter().any(|n| n.event == "passkey_added"));
    let list = app.get("/api/v1/passkeys", Some(&cookie)).await;
    assert!(list.json["passkeys"][0]["last_used_at"].is_i64());
}

#[tokio::test]
async fn a_relayed_password_and_code_cannot_change_the_factors_of_a_contract_with_a_passkey() {
    let app = ready().await;
    let cookie = otp_session(&app).await;
    let (added, _) = register(&app, &cookie, 7).await;
    assert_eq!(added.status, StatusCode::CREATED);
    let id = added.json["id"].as_str().unwrap().to_owned();

    // What a phishing proxy holds: the password and a current code.
    app.clock.advance(400);
    let relayed = otp_session(&app).await;
    let more = app
        .post("/api/v1/passkeys/options", json!({}), Some(&relayed))
        .await;
    assert_eq!(more.code(), "confirmation_required");
    let by_code = app
        .post(
            "/api/v1/session/confirm/otp",
            json!({"otp": app.code(SECRET_A, &Default::default())}),
            Some(&relayed),
        )
        .await;
    assert_eq!(by_code.code(), "confirmation_required");
    let removed = app
        .delete(&format!("/api/v1/passkeys/{id}"), Some(&relayed))
        .await;
    assert_eq!(removed.code(), "confirmation_required");
    let list = app.get("/api/v1/passkeys", Some(&relayed)).await;
    assert_eq!(list.json["confirm_with"], "passkey");
    assert!(list.json["fresh_until"].is_null());

    // 交換 and 利用中止 wait for the passkey: the current code moves nothing.
    for kind in ["exchange", "stop"] {
        let (started, browser) = app.start(kind, None).await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.json);
        assert_eq!(started.json["step"], "passkey");
        assert_eq!(started.json["proof"], "passkey");
        let by_code = app
            .current_token(&started.json["id"], SECRET_A, &browser)
            .await;
        assert_eq!(by_code.code(), "step_out_of_order", "{kind}");
    }
}

#[tokio::test]
async fn exchange_and_stop_complete_with_the_passkey_and_removing_it_brings_the_code_back() {
    let app = ready().await;
    let cookie = otp_session(&app).await;
    let (added, mut credential) = register(&app, &cookie, 9).await;
    let passkey_id = added.json["id"].as_str().unwrap().to_owned();

    let (started, browser) = app.start("exchange", None).await;
    let id = started.json["id"].as_str().unwrap().to_owned();
    let step = answer(
        &app,
        &format!("/api/v1/procedures/{id}/passkey/options"),
        &format!("/api/v1/procedures/{id}/passkey"),
        Some(&browser),
        &mut credential,
    )
    .await;
    assert_eq!(step.status, StatusCode::OK, "{}", step.json);
    assert_eq!(step.json["step"], "new_token");
    let done = app
        .new_token(&started.json["id"], "VSST00000002", SECRET_B, &browser)
        .await;
    assert_eq!(done.json["step"], "completed", "{}", done.json);
    assert!(app.audited("procedure_passkey").await);

    // Removing the passkey needs a passkey: confirm with it, then remove.
    app.next_step();
    let cookie = app.login(ID, PASSWORD).await.cookie().unwrap();
    let cookie = app.otp_login(&cookie, SECRET_B).await.cookie().unwrap();
    let confirmed = answer(
        &app,
        "/api/v1/session/confirm/options",
        "/api/v1/session/confirm/passkey",
        Some(&cookie),
        &mut credential,
    )
    .await;
    assert_eq!(
        confirmed.status,
        StatusCode::NO_CONTENT,
        "{}",
        confirmed.json
    );
    let removed = app
        .delete(&format!("/api/v1/passkeys/{passkey_id}"), Some(&cookie))
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.json);
    assert!(app.audited("passkey_removed").await);
    let (started, _) = app.start("stop", None).await;
    assert_eq!(started.json["step"], "current_token", "{}", started.json);
    assert_eq!(started.json["proof"], "otp");
}

#[tokio::test]
async fn registering_needs_a_fresh_proof_and_the_code_gives_one() {
    let app = ready().await;
    let cookie = otp_session(&app).await;
    app.clock.advance(301);
    let options = app
        .post("/api/v1/passkeys/options", json!({}), Some(&cookie))
        .await;
    assert_eq!(options.status, StatusCode::FORBIDDEN);
    assert_eq!(options.code(), "confirmation_required");
    let list = app.get("/api/v1/passkeys", Some(&cookie)).await;
    assert_eq!(list.json["confirm_with"], "otp");
    let wrong = app
        .post(
            "/api/v1/session/confirm/otp",
            json!({"otp": "000000"}),
            Some(&cookie),
        )
        .await;
    assert_eq!(wrong.code(), "otp_invalid");
    app.next_step();
    let right = app
        .post(
            "/api/v1/session/confirm/otp",
            json!({"otp": app.code(SECRET_A, &Default::default())}),
            Some(&cookie),
        )
        .await;
    assert_eq!(right.status, StatusCode::NO_CONTENT, "{}", right.json);
    let (added, _) = register(&app, &cookie, 3).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.json);

    // A login with the password alone (no token) proves nothing.
    let bare = TestApp::new().await;
    let cookie = bare.login(ID, PASSWORD).await.cookie().unwrap();
    let options = bare
        .post("/api/v1/passkeys/options", json!({}), Some(&cookie))
        .await;
    assert_eq!(options.code(), "no_active_token");
}

#[tokio::test]
async fn another_sites_answer_a_used_challenge_and_an_expired_one_are_refused() {
    let app = ready().await;
    let cookie = otp_session(&app).await;
    let (_, mut credential) = register(&app, &cookie, 5).await;

    // Made for a phishing site (Chromium would not; the software authenticator does).
    let options = app
        .post("/api/v1/login/passkey/options", json!({}), None)
        .await;
    let phished = credential.assert_with(
        &options.json["publicKey"],
        "http://localhost.evil.example:8080",
        1,
    );
    let body = json!({"ceremony": options.json["ceremony"], "credential": phished});
    let refused = app.post("/api/v1/login/passkey", body, None).await;
    assert_eq!(refused.code(), "passkey_invalid");

    // A challenge answers once.
    let options = app
        .post("/api/v1/login/passkey/options", json!({}), None)
        .await;
    let assertion = credential.assert(&options.json["publicKey"]);
    let body = json!({"ceremony": options.json["ceremony"], "credential": assertion});
    assert_eq!(
        app.post("/api/v1/login/passkey", body.clone(), None)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.post("/api/v1/login/passkey", body, None).await.code(),
        "passkey_invalid"
    );

    // An expired one.
    let options = app
        .post("/api/v1/login/passkey/options", json!({}), None)
        .await;
    app.clock.advance(301);
    let assertion = credential.assert(&options.json["publicKey"]);
    let body = json!({"ceremony": options.json["ceremony"], "credential": assertion});
    let expired = app.post("/api/v1/login/passkey", body, None).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert_eq!(expired.code(), "passkey_expired");

    // A counter that goes back: a possible clone.
    let options = app
        .post("/api/v1/login/passkey/options", json!({}), None)
        .await;
    let cloned = credential.assert_with(&options.json["publicKey"], ORIGIN, 1);
    let body = json!({"ceremony": options.json["ceremony"], "credential": cloned});
    assert_eq!(
        app.post("/api/v1/login/passkey", body, None).await.code(),
        "passkey_invalid"
    );
    let trail = app.store.audit_entries(Some(ID), None).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|r| r.event.as_str() == "login_passkey" && r.outcome.as_str() == "possible_clone")
    );
    assert!(
        trail
            .iter()
            .any(|r| r.event.as_str() == "login_passkey" && r.outcome.as_str() == "passkey_invalid")
    );
}

#[tokio::test]
async fn one_sessions_challenge_does_not_confirm_another() {
    let app = ready().await;
    let first = otp_session(&app).await;
    let (_, mut credential) = register(&app, &first, 5).await;
    let second = otp_session(&app).await;
    let options = app
        .post("/api/v1/session/confirm/options", json!({}), Some(&first))
        .await;
    let assertion = credential.assert(&options.json["publicKey"]);
    let body = json!({"ceremony": options.json["ceremony"], "credential": assertion});
    let other = app
        .post("/api/v1/session/confirm/passkey", body, Some(&second))
        .await;
    assert_eq!(other.code(), "passkey_invalid");
}

#[tokio::test]
async fn a_ceremony_begun_on_one_instance_is_finished_on_the_other() {
    let app = ready().await;
    let other = app.second_instance().await;
    let cookie = otp_session(&app).await;
    let options = app
        .post("/api/v1/passkeys/options", json!({}), Some(&cookie))
        .await;
    let (mut credential, made) = authenticator::register(&options.json["publicKey"], ORIGIN, 11);
    let body = json!({"ceremony": options.json["ceremony"], "credential": made, "name": "鍵"});
    let added = other.post("/api/v1/passkeys", body, Some(&cookie)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.json);
    let options = other
        .post("/api/v1/login/passkey/options", json!({}), None)
        .await;
    let assertion = credential.assert(&options.json["publicKey"]);
    let body = json!({"ceremony": options.json["ceremony"], "credential": assertion});
    assert_eq!(
        app.post("/api/v1/login/passkey", body, None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_burst_of_assertions_with_one_counter_is_judged_once() {
    let app = ready().await;
    let cookie = otp_session(&app).await;
    let (_, credential) = register(&app, &cookie, 13).await;
    // Twenty challenges, answered at once with the same counter (a cloned authenticator, or
    // one assertion replayed into many ceremonies).
    let mut bodies = Vec::new();
    for _ in 0..20 {
        let options = app
            .post("/api/v1/login/passkey/options", json!({}), None)
            .await;
        let assertion = credential.assert_with(&options.json["publicKey"], ORIGIN, 7);
        bodies.push(json!({"ceremony": options.json["ceremony"], "credential": assertion}));
    }
    let app = std::sync::Arc::new(app);
    let bodies = std::sync::Arc::new(bodies);
    let answers = at_once(20, |i| {
        let (app, bodies) = (app.clone(), bodies.clone());
        async move {
            app.post("/api/v1/login/passkey", bodies[i].clone(), None)
                .await
        }
    })
    .await;
    let counts = tally(&answers);
    assert_eq!(counts.get("ok"), Some(&1), "{counts:?}");
    // The rest are refused, as clones or, past the contract's failure budget, by the throttle.
    let refused =
        counts.get("passkey_invalid").unwrap_or(&0) + counts.get("rate_limited").unwrap_or(&0);
    assert_eq!(refused, 19, "{counts:?}");
}

#[tokio::test]
async fn the_banks_policy_and_limit() {
    let mut settings = Settings::default();
    settings.passkeys.factor_changes = FactorChanges::PasskeyRequired;
    settings.passkeys.max_per_contract = 1;
    let app = ready_with(settings).await;
    let (refused, _) = app.start("exchange", None).await;
    assert_eq!(refused.code(), "passkey_required");
    let cookie = otp_session(&app).await;
    let (added, _) = register(&app, &cookie, 1).await;
    assert_eq!(added.status, StatusCode::CREATED);
    let full = app
        .post("/api/v1/passkeys/options", json!({}), Some(&cookie))
        .await;
    assert_eq!(
        full.code(),
        "confirmation_required",
        "a passkey is needed now"
    );
    let (started, _) = app.start("exchange", None).await;
    assert_eq!(started.json["step"], "passkey");

    let mut settings = Settings::default();
    settings.passkeys.factor_changes = FactorChanges::Otp;
    let app = ready_with(settings).await;
    let cookie = otp_session(&app).await;
    register(&app, &cookie, 1).await;
    let (started, _) = app.start("exchange", None).await;
    assert_eq!(started.json["step"], "current_token", "the seed's rule");
}

#[tokio::test]
async fn names_limits_and_unknown_passkeys() {
    let mut settings = Settings::default();
    settings.passkeys.max_per_contract = 1;
    let app = ready_with(settings).await;
    let cookie = otp_session(&app).await;
    let options = app
        .post("/api/v1/passkeys/options", json!({}), Some(&cookie))
        .await;
    let (_, made) = authenticator::register(&options.json["publicKey"], ORIGIN, 2);
    let nameless =
        json!({"ceremony": options.json["ceremony"], "credential": made.clone(), "name": " "});
    let refused = app.post("/api/v1/passkeys", nameless, Some(&cookie)).await;
    assert_eq!(refused.code(), "validation");
    assert_eq!(refused.json["fields"][0]["field"], "name");
    let (added, _) = register(&app, &cookie, 2).await;
    let id = added.json["id"].as_str().unwrap();
    // The limit; then a rename and an unknown id.
    let confirm = app
        .post("/api/v1/session/confirm/options", json!({}), Some(&cookie))
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    let renamed = app
        .send(
            axum::http::Request::patch(format!("/api/v1/passkeys/{id}"))
                .header("content-type", "application/json")
                .header("cookie", &cookie)
                .body(axum::body::Body::from(
                    json!({"name": "仕事のPC"}).to_string(),
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(renamed.json["name"], "仕事のPC", "{}", renamed.json);
    assert!(app.audited("passkey_renamed").await);
    let unknown = app.delete("/api/v1/passkeys/nope", Some(&cookie)).await;
    assert_eq!(unknown.code(), "confirmation_required");
}

#[tokio::test]
async fn an_address_origin_turns_passkeys_off_and_says_so() {
    let settings = Settings {
        public_origins: vec!["http://127.0.0.1:8080".into()],
        ..Settings::default()
    };
    let app = TestApp::with_settings(settings).await;
    let config = app.get("/api/v1/config", None).await;
    assert_eq!(config.json["passkeys"]["enabled"], false);
    let options = app
        .post("/api/v1/login/passkey/options", json!({}), None)
        .await;
    assert_eq!(options.code(), "not_found");
    let on = TestApp::new().await;
    assert_eq!(
        on.get("/api/v1/config", None).await.json["passkeys"]["enabled"],
        true
    );
}

#[tokio::test]
async fn the_help_desk_lists_and_removes_a_contracts_passkeys() {
    use common::binary::{otp_server, succeeded};
    let app = TestApp::on_sqlite().await;
    app.provision("VSST00000001", SECRET_A, Default::default())
        .await;
    app.activate("VSST00000001", SECRET_A).await;
    let cookie = otp_session(&app).await;
    let (added, _) = register(&app, &cookie, 21).await;
    let id = added.json["id"].as_str().unwrap().to_owned();
    let database = app.database.to_string();
    let out = otp_server()
        .args([
            "passkey",
            "list",
            "--contract-id",
            ID,
            "--database",
            &database,
        ])
        .output()
        .unwrap();
    let listed = succeeded(&out);
    let line: serde_json::Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    assert_eq!(line["id"], id.as_str());
    assert_eq!(line["name"], "iPhone");
    let out = otp_server()
        .args([
            "passkey",
            "remove",
            "--contract-id",
            ID,
            "--database",
            &database,
            &id,
        ])
        .output()
        .unwrap();
    succeeded(&out);
    assert!(app.store.passkeys(ID).await.unwrap().is_empty());
    let trail = app.store.audit_entries(Some(ID), None).await.unwrap();
    let removal = trail
        .iter()
        .find(|r| r.event.as_str() == "passkey_removed")
        .unwrap();
    assert!(
        removal
            .actor
            .as_deref()
            .unwrap_or_default()
            .starts_with("operator:")
    );
    let again = otp_server()
        .args([
            "passkey",
            "remove",
            "--contract-id",
            ID,
            "--database",
            &database,
            &id,
        ])
        .output()
        .unwrap();
    assert!(!again.status.success());
    // A passkey's id is base64url: one in 32 begins with `-`, and is an id, not an option.
    let dash = otp_server()
        .args([
            "passkey",
            "remove",
            "--contract-id",
            ID,
            "--database",
            &database,
            "-kNotThere",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&dash.stderr);
    assert!(!dash.status.success());
    assert!(!err.contains("unexpected argument"), "{err}");
}
