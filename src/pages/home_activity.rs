//! Home's 前回ログイン section: when and how the contract last logged in before this session,
//! the wrong passwords and codes since, and the ways on: ご利用履歴 and 「心当たりがない」.

use leptos::prelude::*;
use otp_api::activity::{FailedLogins, PreviousLogin};

use crate::config::use_config;
use crate::i18n::use_i18n;
use crate::time::{Precision, bank_time};

/// `/activity`, the activity page.
pub const ACTIVITY_PATH: &str = "/activity";
/// `/activity/report`, 「心当たりがない」.
pub const REPORT_PATH: &str = "/activity/report";

/// The section. With failures, it is an alert the customer should not miss (a `role=status`
/// would be read once; the text stays at the top of home).
#[component]
pub fn PreviousLoginSection(
    /// The login before this session's (none: the first).
    previous: Option<PreviousLogin>,
    /// Wrong answers since it.
    failed: FailedLogins,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let since = previous.is_some();
    let warn = !failed.none();
    let when = move || {
        let m = i18n.t().previous_login();
        match previous {
            Some(p) => {
                let zone = config.read(|c| c.time_zone.clone());
                let at = bank_time(p.at, &zone, i18n.locale(), Precision::Minute);
                (m.when_how)(&at, p.factor)
            }
            None => m.first_login.to_owned(),
        }
    };
    view! {
        <section class="panel previous-login" class:previous-login--warn=warn aria-labelledby="previous-login-title">
            <h2 class="panel__title" id="previous-login-title">{move || i18n.t().previous_login().title}</h2>
            <p class="previous-login__when">{when}</p>
            {(failed.password > 0).then(|| view! {
                <p class="previous-login__failed">{move || (i18n.t().previous_login().failed_passwords)(failed.password, since)}</p>
            })}
            {(failed.otp > 0).then(|| view! {
                <p class="previous-login__failed">{move || (i18n.t().previous_login().failed_otps)(failed.otp, since)}</p>
            })}
            <p>{move || i18n.t().previous_login().not_me_lead}</p>
            <p class="previous-login__links">
                <a class="button button--secondary" href=REPORT_PATH>{move || i18n.t().previous_login().not_me}</a>
                <a class="previous-login__history" href=ACTIVITY_PATH>{move || i18n.t().previous_login().history_link}</a>
            </p>
        </section>
    }
}
