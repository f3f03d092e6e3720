//! The frame of every screen: skip link, header with the bank's name and the language switch,
//! and the main landmark.

use leptos::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::config::use_config;
use crate::i18n::{Locale, use_i18n};

/// Wraps a screen in the header and the `<main>` landmark.
#[component]
pub fn Layout(
    /// The screen.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let bank_name = move || {
        config
            .get()
            .map(|c| match i18n.locale() {
                Locale::Ja => c.bank_name.ja,
                Locale::En => c.bank_name.en,
            })
            .unwrap_or_default()
    };
    view! {
        <a class="skip-link" href="#main">{move || i18n.t().common.skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                // Two fixed lines, the first reserved before /config names the bank, so
                // nothing below moves when it arrives (no layout shift).
                <p class="site-header__bank">
                    <span class="site-header__name">
                        <span class="site-header__logo" aria-hidden="true"></span>
                        {bank_name}
                    </span>
                    <span class="site-header__service">{move || i18n.t().common.app_title}</span>
                </p>
                <LanguageSwitch />
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
    }
}
