//! The frame of every screen: skip link, header with the bank's name and the language switch,
//! and the main landmark.

use leptos::either::Either;
use leptos::prelude::*;

use crate::components::contact::ContactBox;
use crate::components::language_switch::LanguageSwitch;
use crate::config::use_config;
use crate::i18n::{Locale, use_i18n};

/// Wraps a screen in the header and the `<main>` landmark. The screen is shown once the
/// bank's configuration is loaded (its texts state the bank's values); when it cannot be, the
/// network message with a retry and the help desk.
#[component]
pub fn Layout(
    /// The screen.
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    // A returning English reader sees no Japanese while the English catalog is on its way.
    let ready = move || i18n.ready();
    let loaded = Memo::new(move |_| config.loaded() && ready());
    // The app has its screen (or the configuration's failure): it is shown, and takes over
    // from the prerendered login screen if the page has one (src/early_input.js).
    Effect::new(move |_| {
        if (loaded.get() || config.failed_to_load())
            && let Some(root) = document().get_element_by_id("app")
        {
            let _ = root.remove_attribute("hidden");
        }
    });
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
        <a class="skip-link" href="#main">{move || i18n.t().common().skip_to_content}</a>
        // Hidden (style/base.css) while a returning English reader's catalog is on its way, so
        // that no Japanese shows meanwhile (nor a switch offering English).
        <header class="site-header" aria-busy=move || (!ready()).then_some("true")>
            <div class="site-header__inner">
                // Two fixed lines, the first reserved before /config names the bank, so
                // nothing below moves when it arrives (no layout shift).
                <p class="site-header__bank">
                    <span class="site-header__name">
                        <span class="site-header__logo" aria-hidden="true"></span>
                        {bank_name}
                    </span>
                    <span class="site-header__service">{move || i18n.t().common().app_title}</span>
                </p>
                <LanguageSwitch />
            </div>
        </header>
        // When English was chosen and could not be fetched.
        {move || i18n.failed().then(|| view! {
            <p class="language-failed" role="alert">{move || i18n.t().common().language_failed}</p>
        })}
        <main id="main" class="site-main" tabindex="-1">
            {move || if loaded.get() {
                Either::Left(children())
            } else {
                Either::Right(view! { <ConfigPending /> })
            }}
        </main>
    }
}

/// While the configuration loads: nothing (a moment); when it failed: what to do, a retry,
/// and the help desk.
#[component]
fn ConfigPending() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    move || {
        config.failed_to_load().then(|| {
            view! {
                <div class="page page--problem" data-problem="config">
                    <section class="panel panel--problem" role="alert">
                        <p>{move || i18n.t().common().config_failed}</p>
                        <button class="button button--primary" type="button" on:click=move |_| config.retry()>
                            {move || i18n.t().common().retry}
                        </button>
                    </section>
                    <ContactBox />
                </div>
            }
        })
    }
}
