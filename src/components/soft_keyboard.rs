//! ソフトウェアキーボード: an on-screen keyboard that types into the password field, so that a
//! key logger never sees the password. Optional: the field keeps working with the physical
//! keyboard, paste and password managers.
//!
//! The keyboard writes only into the field's value signal; it keeps no copy of what was typed,
//! echoes nothing into attributes, and forgets Shift/Caps when it closes. The letter and digit
//! keys are shuffled at each opening with the browser's cryptographic random source, unless
//! 「キー配列を固定」 is on (remembered in this browser).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

use crate::config::use_config;
use crate::i18n::{Catalog, use_i18n};
use crate::keyboard::{Key, Layout, Modifiers, Outcome, RandomSource, press};
use crate::storage;

/// Where the fixed-layout choice is remembered.
pub const FIXED_LAYOUT_KEY: &str = "otp-portal.keyboard.fixed";

/// The browser's cryptographic random source (`crypto.getRandomValues`).
struct CryptoRandom;

impl RandomSource for CryptoRandom {
    fn next_u32(&mut self) -> u32 {
        // The gallery's frozen clock also fixes the order (gallery builds only).
        #[cfg(feature = "gallery")]
        if let Some(value) = crate::time::frozen_random() {
            return value;
        }
        let mut bytes = [0u8; 4];
        let filled = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
        // Without a cryptographic source the keyboard must not pretend to shuffle.
        assert!(filled, "crypto.getRandomValues is unavailable");
        u32::from_le_bytes(bytes)
    }
}

/// The visible label and the accessible name of a key.
fn key_label(m: Catalog, key: Key, modifiers: Modifiers) -> (String, String) {
    let k = &m.keyboard();
    match key {
        Key::Letter(c) if modifiers.upper() => {
            let upper = c.to_ascii_uppercase();
            (upper.to_string(), (k.capital)(upper))
        }
        Key::Letter(c) => (c.to_string(), (k.small)(c)),
        Key::Digit(c) => (c.to_string(), c.to_string()),
        Key::Symbol(c) => (c.to_string(), k.symbol_name(c)),
        Key::Shift => (k.shift.to_owned(), k.shift.to_owned()),
        Key::Caps => (k.caps.to_owned(), k.caps.to_owned()),
        Key::Backspace => (k.backspace.to_owned(), k.backspace.to_owned()),
        Key::Clear => (k.clear.to_owned(), k.clear.to_owned()),
        Key::Close => (k.close.to_owned(), k.close.to_owned()),
    }
}

/// Moves focus among the keys with the arrow keys: left/right in reading order, up/down to
/// the nearest key of the row above or below (the grid wraps with the screen's width),
/// Home/End to the first and last key.
fn move_focus(container: &HtmlElement, ev: &KeyboardEvent) {
    let Ok(list) = container.query_selector_all("button.soft-keyboard__key") else {
        return;
    };
    let keys: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect();
    let active = document().active_element();
    let Some(at) = keys
        .iter()
        .position(|k| Some(k.unchecked_ref::<web_sys::Element>()) == active.as_ref())
    else {
        return;
    };
    let here = &keys[at];
    let (top, left) = (here.offset_top(), here.offset_left());
    let nearest = |candidates: Vec<&HtmlElement>| {
        candidates
            .into_iter()
            .min_by_key(|k| (k.offset_left() - left).abs())
            .cloned()
    };
    let target = match ev.key().as_str() {
        "Home" => keys.first().cloned(),
        "End" => keys.last().cloned(),
        "ArrowRight" => keys.get(at + 1).cloned(),
        "ArrowLeft" => at.checked_sub(1).and_then(|i| keys.get(i)).cloned(),
        "ArrowDown" => {
            let next_top = keys
                .iter()
                .map(|k| k.offset_top())
                .filter(|t| *t > top)
                .min();
            nearest(
                keys.iter()
                    .filter(|k| Some(k.offset_top()) == next_top)
                    .collect(),
            )
        }
        "ArrowUp" => {
            let prev_top = keys
                .iter()
                .map(|k| k.offset_top())
                .filter(|t| *t < top)
                .max();
            nearest(
                keys.iter()
                    .filter(|k| Some(k.offset_top()) == prev_top)
                    .collect(),
            )
        }
        _ => return,
    };
    ev.prevent_default();
    if let Some(target) = target {
        let _ = target.focus();
    }
}

/// The toggle 「ソフトウェアキーボード入力 (使用方法)」 and, when open, the keyboard, typing into
/// `value` (at most the password rule's maximum length).
#[component]
pub fn SoftKeyboard(
    /// The id of the password input it types into (for `aria-controls`).
    input_id: &'static str,
    /// The password field's value.
    value: RwSignal<String>,
    /// Whether the keyboard is open (the form closes it on submit).
    open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let fixed = RwSignal::new(storage::get(FIXED_LAYOUT_KEY).as_deref() == Some("1"));
    let modifiers = RwSignal::new(Modifiers::default());
    let symbols = move || config.rules().password.symbols;
    let layout = RwSignal::new(Layout::standard(&symbols()));
    let keyboard_id = format!("{input_id}-keyboard");

    // A new order at each opening (and when the fixed option changes while open).
    Effect::new(move |_| {
        if open.get() {
            let symbols = symbols();
            layout.set(if fixed.get() {
                Layout::standard(&symbols)
            } else {
                Layout::shuffled(&symbols, &mut CryptoRandom)
            });
        } else {
            modifiers.set(Modifiers::default());
        }
    });
    Effect::new(move |_| storage::set(FIXED_LAYOUT_KEY, if fixed.get() { "1" } else { "0" }));

    let max_len = move || usize::from(config.rules().password.max_len);
    let on_key = move |key: Key| {
        let mut m = modifiers.get_untracked();
        let mut outcome = Outcome::Ignored;
        value.update(|v| outcome = press(key, v, &mut m, max_len()));
        modifiers.set(m);
        if outcome == Outcome::Close {
            open.set(false);
        }
    };
    let key_button = move |key: Key, extra_class: &'static str| {
        let label = move || key_label(i18n.t(), key, modifiers.get());
        let pressed = match key {
            Key::Shift => Some(Signal::derive(move || modifiers.get().shift)),
            Key::Caps => Some(Signal::derive(move || modifiers.get().caps)),
            _ => None,
        };
        view! {
            <button
                type="button"
                class=format!("soft-keyboard__key {extra_class}")
                aria-label=move || label().1
                aria-pressed=move || pressed.map(|p| if p.get() { "true" } else { "false" })
                on:click=move |_| on_key(key)
            >
                {move || label().0}
            </button>
        }
    };
    let state_text = move || {
        let k = &i18n.t().keyboard();
        let m = modifiers.get();
        if m.caps {
            k.state_caps
        } else if m.shift {
            k.state_shift
        } else {
            k.state_lower
        }
    };
    let grid = NodeRef::<leptos::html::Div>::new();
    let keyboard_id_for_toggle = keyboard_id.clone();
    let fixed_id = format!("{input_id}-keyboard-fixed");

    view! {
        <div class="soft-keyboard-toggle">
            <button
                type="button"
                class="button button--small"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=keyboard_id_for_toggle
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || i18n.t().keyboard().toggle}
            </button>
            " "
            <a href="/help/keyboard" class="soft-keyboard-toggle__help">
                "(" {move || i18n.t().keyboard().help_link} ")"
            </a>
        </div>
        <div
            id=keyboard_id
            class="soft-keyboard"
            role="group"
            aria-label=move || i18n.t().keyboard().group_label
            hidden=move || !open.get()
        >
            <p class="soft-keyboard__state" aria-live="polite">{state_text}</p>
            <div class="soft-keyboard__option">
                <input type="checkbox" id=fixed_id.clone() prop:checked=move || fixed.get()
                    on:change=move |ev| fixed.set(event_target_checked(&ev)) />
                <label for=fixed_id>{move || i18n.t().keyboard().fixed_layout}</label>
            </div>
            <p class="soft-keyboard__note">{move || i18n.t().keyboard().shuffled_note}</p>
            <div
                class="soft-keyboard__keys"
                node_ref=grid
                on:keydown=move |ev| {
                    if let Some(el) = grid.get() {
                        move_focus(&el, &ev);
                    }
                }
            >
                {move || layout.get().keys().into_iter().map(|k| key_button(k, "")).collect_view()}
                {key_button(Key::Shift, "soft-keyboard__key--wide")}
                {key_button(Key::Caps, "soft-keyboard__key--wide")}
                {key_button(Key::Backspace, "soft-keyboard__key--wide")}
                {key_button(Key::Clear, "soft-keyboard__key--wide")}
                {key_button(Key::Close, "soft-keyboard__key--wide")}
            </div>
        </div>
    }
}
