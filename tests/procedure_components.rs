//! The procedure screens' pieces in a real browser: the step indicator, the OTP form, and the
//! error summary's links to the fields.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{mount, settle};
use leptos::prelude::*;
use otp_api::config::PublicConfig;
use otp_api::problem::{ErrorCode, Problem};
use otp_api::procedure::{ProcedureKind, ProcedureStep};
use otp_portal::api::ApiError;
use otp_portal::app::provide_contexts;
use otp_portal::components::step_indicator::StepIndicator;
use otp_portal::components::submit::Submit;
use otp_portal::components::token_form::{TokenEntry, TokenForm};
use otp_portal::config::ConfigContext;
use otp_portal::i18n::Locale;
use otp_portal::storage;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_step_indicator_marks_the_current_step() {
    storage::set(storage::LANGUAGE_KEY, Locale::Ja.tag());
    let step = RwSignal::new(ProcedureStep::CurrentToken);
    let m = mount(move || {
        provide_contexts(ConfigContext::fixture(PublicConfig::example()));
        view! { <StepIndicator kind=ProcedureKind::Exchange current=step /> }
    });
    settle().await;
    let items = m.root.query_selector_all("li").unwrap();
    assert_eq!(items.length(), 4);
    assert_eq!(m.text("[aria-current=step]"), "2現在のトークン");
    assert!(m.text("li:first-child").ends_with("(済)"));
    assert_eq!(m.find("nav").get_attribute("aria-label").unwrap(), "手順");
    step.set(ProcedureStep::NewToken);
    settle().await;
    assert_eq!(m.text("[aria-current=step]"), "3新しいトークン");
    assert_eq!(
        m.root
            .query_selector_all("[aria-current]")
            .unwrap()
            .length(),
        1
    );
}

struct TokenHarness {
    mounted: common::Mounted,
    sent: RwSignal<Vec<TokenEntry>>,
    error: RwSignal<Option<ApiError>>,
}

fn token_form(with_serial: bool) -> TokenHarness {
    storage::set(storage::LANGUAGE_KEY, Locale::Ja.tag());
    let sent = RwSignal::new(Vec::new());
    let error = RwSignal::new(None);
    let mounted = mount(move || {
        provide_contexts(ConfigContext::fixture(PublicConfig::example()));
        view! {
            <TokenForm
                with_serial=with_serial
                submit=Submit::new(move |e| sent.update(|v| v.push(e)), false, error)
                otp_label=Signal::stored("ワンタイムパスワード")
                submit_label=Signal::stored("登録")
                secondary=|| view! { <span></span> }
            />
        }
    });
    TokenHarness {
        mounted,
        sent,
        error,
    }
}

#[wasm_bindgen_test]
async fn the_otp_field_brings_up_the_digit_keypad_and_accepts_pasted_full_width_digits() {
    let h = token_form(false);
    settle().await;
    let m = &h.mounted;
    let otp = m.input("#otp");
    assert_eq!(otp.get_attribute("inputmode").unwrap(), "numeric");
    assert_eq!(otp.get_attribute("autocomplete").unwrap(), "one-time-code");
    m.type_into("#otp", "１２３ ４５６");
    m.click("button[type=submit]");
    settle().await;
    let sent = h.sent.get_untracked();
    assert_eq!(
        sent,
        vec![TokenEntry {
            serial: None,
            otp: "123456".to_owned()
        }]
    );
}

#[wasm_bindgen_test]
async fn a_short_code_is_named_before_sending() {
    let h = token_form(false);
    settle().await;
    let m = &h.mounted;
    m.type_into("#otp", "12345");
    m.click("button[type=submit]");
    settle().await;
    assert!(h.sent.get_untracked().is_empty());
    assert!(
        m.text(".error-summary")
            .contains("ワンタイムパスワード: 桁数が正しくありません。")
    );
    assert_eq!(
        m.input("#otp").get_attribute("aria-invalid").unwrap(),
        "true"
    );
}

#[wasm_bindgen_test]
async fn an_unknown_serial_links_to_the_serial_field_and_keeps_it() {
    let h = token_form(true);
    settle().await;
    let m = &h.mounted;
    m.type_into("#serial", "vsst-1234-5678");
    m.type_into("#otp", "123456");
    m.click("button[type=submit]");
    settle().await;
    assert_eq!(
        h.sent.get_untracked()[0].serial.as_deref(),
        Some("VSST12345678")
    );
    h.error.set(Some(ApiError::Problem(Problem::new(
        ErrorCode::SerialUnknown,
    ))));
    settle().await;
    let link = m.find(".error-summary a");
    assert_eq!(link.get_attribute("href").unwrap(), "#serial");
    assert!(
        link.text_content()
            .unwrap()
            .contains("シリアル番号は見つかりません")
    );
    assert_eq!(m.input("#serial").value(), "vsst-1234-5678");
    assert_eq!(m.input("#otp").value(), "", "a refused code is cleared");
}

#[wasm_bindgen_test]
async fn remaining_attempts_are_announced_when_a_lock_is_near() {
    let h = token_form(false);
    settle().await;
    h.error.set(Some(ApiError::Problem(
        Problem::new(ErrorCode::OtpInvalid).with_remaining_attempts(1),
    )));
    settle().await;
    let summary = h.mounted.text(".error-summary");
    assert!(summary.contains("あと1回間違えると"), "{summary}");
    assert_eq!(
        h.mounted
            .find(".error-summary")
            .get_attribute("role")
            .unwrap(),
        "alert"
    );
}
