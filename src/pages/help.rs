//! The help pages: ワンタイムパスワードご案内 `/help/otp` and the soft keyboard's 使用方法
//! `/help/keyboard`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::page_heading::PageHeading;
use crate::i18n::{HelpSection, Messages, use_i18n};

/// Which help page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpTopic {
    /// ワンタイムパスワードご案内.
    Otp,
    /// ソフトウェアキーボードの使用方法.
    Keyboard,
}

fn content(m: &Messages, topic: HelpTopic) -> (&'static str, &'static [HelpSection]) {
    match topic {
        HelpTopic::Otp => (m.help.otp_title, m.help.otp_sections),
        HelpTopic::Keyboard => (m.help.keyboard_title, m.help.keyboard_sections),
    }
}

/// A help page: its sections, each a heading and paragraphs.
#[component]
pub fn HelpPage(
    /// Which page.
    topic: HelpTopic,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page page--help">
            <PageHeading text=move || content(i18n.t(), topic).0.to_owned() />
            {move || {
                content(i18n.t(), topic)
                    .1
                    .iter()
                    .map(|(heading, paragraphs)| view! {
                        <section class="panel">
                            <h2 class="panel__title">{*heading}</h2>
                            {paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                        </section>
                    })
                    .collect_view()
            }}
            <p><A href="/">{move || i18n.t().help.back}</A></p>
        </div>
    }
}
