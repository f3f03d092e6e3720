//! The three procedures' buttons (利用開始・交換・利用中止), shown on the login and home screens.

use leptos::prelude::*;
use leptos_router::components::A;
use otp_api::procedure::ProcedureKind;

use crate::flow::start_path;
use crate::i18n::use_i18n;

/// A button per procedure, in the seed's order; `labelled_by` names the section's heading.
/// Pointing at a button fetches its procedure's chunks ([`crate::lazy::prefetch_ahead_of_links`]).
/// (Written out: a loop over the kinds costs 1 KB more of wasm.)
#[component]
pub fn ProcedureLinks(labelled_by: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav
            class="procedure-buttons"
            aria-labelledby=labelled_by
        >
            <A href=start_path(ProcedureKind::Activate) attr:class="button button--procedure">{move || i18n.t().login().activate}</A>
            <A href=start_path(ProcedureKind::Exchange) attr:class="button button--procedure">{move || i18n.t().login().exchange}</A>
            <A href=start_path(ProcedureKind::Stop) attr:class="button button--procedure">{move || i18n.t().login().stop}</A>
        </nav>
    }
}
