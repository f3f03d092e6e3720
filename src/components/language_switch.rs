//! The language switch (日本語 ⇄ English), on every screen.

use leptos::prelude::*;

use crate::i18n::{Locale, prefetch_english, use_i18n};

/// A button that switches to the other language; the choice is remembered in this browser.
/// English is fetched when it is first chosen (ahead, when the pointer or the focus reaches
/// the button); when it cannot be, the page stays as it is and the layout says so.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.locale() {
        Locale::Ja => Locale::En,
        Locale::En => Locale::Ja,
    };
    let ahead = move || {
        if other() == Locale::En {
            prefetch_english();
        }
    };
    view! {
        <div class="language-switch" role="group" aria-label=move || i18n.t().common().language_label>
            <button
                type="button"
                class="language-switch__button"
                lang=move || other().tag()
                on:pointerenter=move |_| ahead()
                on:focus=move |_| ahead()
                on:click=move |_| i18n.choose(other())
            >
                {move || i18n.t().common().other_language}
            </button>
        </div>
    }
}
