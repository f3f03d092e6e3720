//! The language switch (日本語 ⇄ English), on every screen.

use leptos::prelude::*;

use crate::i18n::{Locale, use_i18n};

/// A button that switches to the other language; the choice is remembered in this browser.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.locale() {
        Locale::Ja => Locale::En,
        Locale::En => Locale::Ja,
    };
    view! {
        <div class="language-switch" role="group" aria-label=move || i18n.t().common.language_label>
            <button
                type="button"
                class="language-switch__button"
                lang=move || other().tag()
                on:click=move |_| i18n.0.set(other())
            >
                {move || i18n.t().common.other_language}
            </button>
        </div>
    }
}
