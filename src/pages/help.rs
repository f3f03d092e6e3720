//! The help pages: ワンタイムパスワードご案内 `/help/otp` and the soft keyboard's 使用方法
//! `/help/keyboard`.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::contact::ContactBox;
use crate::components::page_heading::PageHeading;
use crate::config::use_config;
use crate::i18n::{Catalog, FilledSection, OtpFacts, section, use_i18n};

/// Which help page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpTopic {
    /// ワンタイムパスワードご案内.
    Otp,
    /// ソフトウェアキーボードの使用方法.
    Keyboard,
}

fn title(m: Catalog, topic: HelpTopic) -> &'static str {
    match topic {
        HelpTopic::Otp => m.help().otp_title,
        HelpTopic::Keyboard => m.help().keyboard_title,
    }
}

/// The page's sections; the guide's with the bank's values.
fn sections(m: Catalog, topic: HelpTopic, facts: Option<&OtpFacts>) -> Vec<FilledSection> {
    match (topic, facts) {
        (HelpTopic::Otp, Some(facts)) => (m.help().otp_sections)(facts),
        (HelpTopic::Otp, None) => Vec::new(),
        (HelpTopic::Keyboard, _) => m
            .help()
            .keyboard_sections
            .iter()
            .map(|(title, paragraphs)| section(title, paragraphs))
            .collect(),
    }
}

/// A help page: its sections, each a heading and paragraphs.
#[component]
pub fn HelpPage(
    /// Which page.
    topic: HelpTopic,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let sections = move || {
        let bank_self = config.read(|c| i18n.pick(&c.bank_self));
        let config = config.get();
        let facts = config.as_ref().map(|c| OtpFacts {
            period: c.otp_period,
            digits: c.otp_digits,
            serial: &c.rules.serial,
            otp_failures: c.locks.otp_failures,
            bank_self: &bank_self,
        });
        sections(i18n.t(), topic, facts.as_ref())
    };
    view! {
        <div class="page page--help">
            <PageHeading text=move || title(i18n.t(), topic).to_owned() />
            {move || {
                sections()
                    .into_iter()
                    .map(|(heading, paragraphs)| view! {
                        <section class="panel">
                            <h2 class="panel__title">{heading}</h2>
                            {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                        </section>
                    })
                    .collect_view()
            }}
            {(topic == HelpTopic::Otp).then(|| view! { <div id="contact"><ContactBox /></div> })}
            <p><A href="/">{move || i18n.t().help().back}</A></p>
        </div>
    }
}
