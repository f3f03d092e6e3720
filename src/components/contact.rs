//! The bank's help desk (from `GET /config`, or as this browser last loaded it), for every
//! page where the customer cannot go on alone.

use leptos::prelude::*;

use crate::config::use_config;
use crate::i18n::use_i18n;

/// The contact box: desk name, telephone (a `tel:` link) and hours.
#[component]
pub fn ContactBox() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    move || {
        let m = i18n.t();
        config.contact().map(|contact| {
            let name = i18n.pick(&contact.name);
            let hours = i18n.pick(&contact.hours);
            let tel = format!("tel:{}", contact.phone.replace('-', ""));
            view! {
                <section class="contact" aria-labelledby="contact-title">
                    <h2 class="contact__title" id="contact-title">{m.common().contact_heading}</h2>
                    <p class="contact__name">{name}</p>
                    <dl class="contact__list">
                        <dt>{m.common().contact_phone}</dt>
                        <dd><a href=tel>{contact.phone}</a></dd>
                        <dt>{m.common().contact_hours}</dt>
                        <dd>{hours}</dd>
                    </dl>
                </section>
            }
        })
    }
}
