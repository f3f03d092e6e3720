//! The login screen's behaviour in a real browser: client-side validation with the shared
//! rules, the error summary, API errors, double submits, and the language switch.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{mount, settle};
use leptos::prelude::*;
use leptos_router::components::Router;
use otp_api::config::PublicConfig;
use otp_api::problem::{ErrorCode, Problem};
use otp_api::session::LoginRequest;
use otp_portal::api::ApiError;
use otp_portal::app::provide_contexts;
use otp_portal::components::language_switch::LanguageSwitch;
use otp_portal::components::submit::Submit;
use otp_portal::config::ConfigContext;
use otp_portal::i18n::Locale;
use otp_portal::pages::login::LoginView;
use otp_portal::storage;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

struct Harness {
    mounted: common::Mounted,
    submitted: RwSignal<Vec<LoginRequest>>,
    pending: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
}

fn login_view(locale: Locale) -> Harness {
    storage::set(storage::LANGUAGE_KEY, locale.tag());
    let submitted = RwSignal::new(Vec::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None);
    let mounted = mount(move || {
        provide_contexts(ConfigContext::fixture(PublicConfig::example()));
        view! {
            <Router>
                <LanguageSwitch />
                <LoginView
                    submit=Submit::new(move |req| submitted.update(|v| v.push(req)), pending, error)
                />
            </Router>
        }
    });
    Harness {
        mounted,
        submitted,
        pending,
        error,
    }
}

#[wasm_bindgen_test]
async fn renders_the_seed_labels_in_japanese() {
    let h = login_view(Locale::Ja);
    settle().await;
    let m = &h.mounted;
    assert_eq!(m.text("label[for=contract-id]"), "契約者ID(利用者番号)");
    assert_eq!(m.text("label[for=password]"), "ログインパスワード");
    assert_eq!(
        m.input("#contract-id")
            .get_attribute("autocomplete")
            .unwrap(),
        "username"
    );
    assert_eq!(
        m.input("#contract-id").get_attribute("inputmode").unwrap(),
        "numeric"
    );
    assert_eq!(
        m.input("#password").get_attribute("autocomplete").unwrap(),
        "current-password"
    );
    assert_eq!(m.input("#password").type_(), "password");
    let text = m.root.text_content().unwrap();
    for expected in [
        "ログイン",
        "戻る",
        "ワンタイムパスワード管理",
        "利用開始",
        "交換",
        "利用中止",
    ] {
        assert!(text.contains(expected), "missing {expected}");
    }
}

#[wasm_bindgen_test]
async fn an_empty_submit_names_each_field_and_sends_nothing() {
    let h = login_view(Locale::Ja);
    settle().await;
    let m = &h.mounted;
    assert!(m.is_hidden(".error-summary"));
    m.click("button[type=submit]");
    settle().await;
    assert!(!m.is_hidden(".error-summary"));
    let summary = m.text(".error-summary");
    assert!(
        summary.contains("契約者ID(利用者番号): 入力してください。"),
        "{summary}"
    );
    assert!(
        summary.contains("ログインパスワード: 入力してください。"),
        "{summary}"
    );
    assert_eq!(
        m.input("#contract-id")
            .get_attribute("aria-invalid")
            .unwrap(),
        "true"
    );
    assert!(
        m.input("#contract-id")
            .get_attribute("aria-describedby")
            .unwrap()
            .contains("contract-id-error")
    );
    assert_eq!(m.find("a[href='#contract-id']").tag_name(), "A");
    assert!(h.submitted.get_untracked().is_empty());
    // The summary takes focus so that it is read out.
    let active = document().active_element().unwrap();
    assert_eq!(active.class_name(), "error-summary");
}

#[wasm_bindgen_test]
async fn a_valid_form_is_sent_once_normalised() {
    let h = login_view(Locale::Ja);
    settle().await;
    let m = &h.mounted;
    m.type_into("#contract-id", "０１２３ ４５６７８９");
    m.type_into("#password", "demo1234");
    m.click("button[type=submit]");
    settle().await;
    h.pending.set(true);
    settle().await;
    // A second press while the first is in flight does nothing.
    m.click("button[type=submit]");
    settle().await;
    let sent = h.submitted.get_untracked();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].contract_id, "0123456789");
    assert_eq!(sent[0].password, "demo1234");
    assert_eq!(
        m.find("button[type=submit]")
            .get_attribute("aria-disabled")
            .unwrap(),
        "true"
    );
}

#[wasm_bindgen_test]
async fn a_refused_login_explains_and_clears_the_password() {
    let h = login_view(Locale::Ja);
    settle().await;
    let m = &h.mounted;
    m.type_into("#contract-id", "0123456789");
    m.type_into("#password", "wrong1234");
    m.click("button[type=submit]");
    settle().await;
    h.error.set(Some(ApiError::Problem(
        Problem::new(ErrorCode::InvalidCredentials).with_remaining_attempts(2),
    )));
    settle().await;
    let summary = m.text(".error-summary");
    assert!(summary.contains("正しくありません"), "{summary}");
    assert!(summary.contains("あと2回"), "{summary}");
    assert_eq!(m.input("#password").value(), "");
    assert_eq!(m.input("#contract-id").value(), "0123456789");
}

#[wasm_bindgen_test]
async fn a_network_failure_says_so_and_keeps_the_id() {
    let h = login_view(Locale::Ja);
    settle().await;
    let m = &h.mounted;
    m.type_into("#contract-id", "0123456789");
    h.error.set(Some(ApiError::Network));
    settle().await;
    assert!(m.text(".error-summary").contains("通信できませんでした"));
    assert_eq!(m.input("#contract-id").value(), "0123456789");
}

#[wasm_bindgen_test]
async fn switching_to_english_relabels_and_is_remembered() {
    let h = login_view(Locale::Ja);
    settle().await;
    let m = &h.mounted;
    m.click(".language-switch__button");
    settle().await;
    assert_eq!(
        m.text("label[for=contract-id]"),
        "Contract ID (user number)"
    );
    assert_eq!(m.text(".language-switch__button"), "日本語");
    assert_eq!(storage::get(storage::LANGUAGE_KEY).as_deref(), Some("en"));
    drop(h);
    storage::set(storage::LANGUAGE_KEY, "ja");
}

#[wasm_bindgen_test]
async fn the_password_can_be_shown() {
    let h = login_view(Locale::En);
    settle().await;
    let m = &h.mounted;
    m.click("#password-show");
    settle().await;
    assert_eq!(m.input("#password").type_(), "text");
    m.click("#password-show");
    settle().await;
    assert_eq!(m.input("#password").type_(), "password");
}
