//! The soft keyboard in a real browser: typing through its buttons, Shift and Caps, clearing,
//! closing, shuffling, and that nothing typed leaks into the DOM.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{mount, settle};
use leptos::prelude::*;
use otp_api::config::PublicConfig;
use otp_portal::app::provide_contexts;
use otp_portal::components::password_field::{PasswordField, PasswordFieldTexts};
use otp_portal::components::soft_keyboard::FIXED_LAYOUT_KEY;
use otp_portal::config::ConfigContext;
use otp_portal::i18n::Locale;
use otp_portal::storage;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

struct Harness {
    m: common::Mounted,
    value: RwSignal<String>,
    open: RwSignal<bool>,
}

fn keyboard(fixed: bool) -> Harness {
    storage::set(storage::LANGUAGE_KEY, Locale::Ja.tag());
    storage::set(FIXED_LAYOUT_KEY, if fixed { "1" } else { "0" });
    let value = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let m = mount(move || {
        provide_contexts(ConfigContext::fixture(PublicConfig::example()));
        let texts = PasswordFieldTexts {
            label: "ログインパスワード",
            hint: String::new(),
            show: "表示",
            caps_lock: "",
        };
        view! { <PasswordField id="password" texts=Signal::stored(texts) value=value error=Signal::stored(None) soft_keyboard=open /> }
    });
    Harness { m, value, open }
}

impl Harness {
    fn key(&self, name: &str) {
        self.m
            .click(&format!(".soft-keyboard__key[aria-label='{name}']"));
    }

    fn layout(&self) -> String {
        let keys = self
            .m
            .root
            .query_selector_all(".soft-keyboard__key")
            .unwrap();
        (0..keys.length())
            .filter_map(|i| keys.item(i))
            .filter_map(|k| k.text_content())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[wasm_bindgen_test]
async fn the_toggle_opens_and_closes_it() {
    let h = keyboard(false);
    settle().await;
    assert!(h.m.is_hidden(".soft-keyboard"));
    let toggle = h.m.find(".soft-keyboard-toggle button");
    assert_eq!(toggle.text_content().unwrap(), "ソフトウェアキーボード入力");
    assert_eq!(toggle.get_attribute("aria-expanded").unwrap(), "false");
    h.m.click(".soft-keyboard-toggle button");
    settle().await;
    assert!(!h.m.is_hidden(".soft-keyboard"));
    assert_eq!(
        h.m.find(".soft-keyboard-toggle button")
            .get_attribute("aria-expanded")
            .unwrap(),
        "true"
    );
    assert_eq!(
        h.m.find(".soft-keyboard").get_attribute("role").unwrap(),
        "group"
    );
    assert_eq!(
        h.m.find("a[href='/help/keyboard']").text_content().unwrap(),
        "(使用方法)"
    );
    h.key("閉じる");
    settle().await;
    assert!(h.m.is_hidden(".soft-keyboard"));
}

#[wasm_bindgen_test]
async fn pressing_keys_types_into_the_field() {
    let h = keyboard(false);
    h.open.set(true);
    settle().await;
    for name in [
        "小文字d",
        "小文字e",
        "小文字m",
        "小文字o",
        "1",
        "2",
        "シャープ",
    ] {
        h.key(name);
        settle().await;
    }
    assert_eq!(h.value.get_untracked(), "demo12#");
    assert_eq!(h.m.input("#password").value(), "demo12#");
    assert_eq!(
        h.m.input("#password").type_(),
        "password",
        "the field stays masked"
    );
}

#[wasm_bindgen_test]
async fn shift_types_one_capital_and_caps_stays() {
    let h = keyboard(false);
    h.open.set(true);
    settle().await;
    h.key("Shift");
    settle().await;
    assert_eq!(
        h.m.find(".soft-keyboard__key[aria-label='Shift']")
            .get_attribute("aria-pressed")
            .unwrap(),
        "true"
    );
    assert!(
        h.m.text(".soft-keyboard__state")
            .contains("次の1文字だけ大文字")
    );
    h.key("大文字A");
    settle().await;
    h.key("小文字b");
    settle().await;
    h.key("Caps");
    settle().await;
    assert!(
        h.m.text(".soft-keyboard__state")
            .contains("大文字で入力します")
    );
    h.key("大文字C");
    settle().await;
    h.key("大文字D");
    settle().await;
    assert_eq!(h.value.get_untracked(), "AbCD");
}

#[wasm_bindgen_test]
async fn deleting_one_and_clearing_all() {
    let h = keyboard(false);
    h.value.set("abc".to_owned());
    h.open.set(true);
    settle().await;
    h.key("1文字クリア");
    settle().await;
    assert_eq!(h.value.get_untracked(), "ab");
    h.key("すべてクリア");
    settle().await;
    assert_eq!(h.value.get_untracked(), "");
}

#[wasm_bindgen_test]
async fn closing_forgets_shift_and_caps() {
    let h = keyboard(false);
    h.open.set(true);
    settle().await;
    h.key("Caps");
    settle().await;
    h.key("閉じる");
    settle().await;
    h.open.set(true);
    settle().await;
    assert!(
        h.m.text(".soft-keyboard__state")
            .contains("小文字で入力します")
    );
    assert_eq!(
        h.m.find(".soft-keyboard__key[aria-label='Caps']")
            .get_attribute("aria-pressed")
            .unwrap(),
        "false"
    );
}

#[wasm_bindgen_test]
async fn each_opening_shuffles_unless_the_layout_is_fixed() {
    let h = keyboard(false);
    h.open.set(true);
    settle().await;
    let first = h.layout();
    h.open.set(false);
    settle().await;
    h.open.set(true);
    settle().await;
    assert_ne!(first, h.layout());
    drop(h);

    let h = keyboard(true);
    h.open.set(true);
    settle().await;
    assert!(
        h.layout().starts_with("0 1 2 3 4 5 6 7 8 9 a b c"),
        "{}",
        h.layout()
    );
    assert!(h.m.input("#password-keyboard-fixed").checked());
    drop(h);
    storage::set(FIXED_LAYOUT_KEY, "0");
}

#[wasm_bindgen_test]
async fn nothing_typed_is_written_anywhere_else_in_the_dom() {
    let h = keyboard(false);
    h.open.set(true);
    settle().await;
    for name in ["小文字q", "小文字x", "小文字z", "7", "7"] {
        h.key(name);
        settle().await;
    }
    assert_eq!(h.value.get_untracked(), "qxz77");
    let html = h.m.root.outer_html();
    assert!(
        !html.contains("qxz77"),
        "the typed value appears in the markup"
    );
    assert!(h.m.input("#password").get_attribute("value").is_none());
}
