//! One-click filling of a procedure's serial and OTP fields from a demo token (demo mode
//! only), so a designer can walk through a flow in seconds.

use leptos::prelude::*;

use super::panel::DemoTokens;
use crate::config::use_config;
use crate::i18n::use_i18n;
use crate::time;

/// A row of buttons, one per demo token; pressing one calls `on_fill(serial, current code)`.
#[component]
pub fn DemoFill(
    /// Called with the token's serial and its code now.
    #[prop(into)]
    on_fill: Callback<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let demo = use_context::<DemoTokens>();
    move || {
        let demo = demo?;
        let tokens = demo.tokens.get();
        (config.get().is_some_and(|c| c.demo) && !tokens.is_empty()).then(|| {
            view! {
                <div class="demo-fill" role="group" aria-label=move || i18n.t().demo().fill_label>
                    <span class="demo-fill__label" aria-hidden="true">{move || i18n.t().demo().fill_label}</span>
                    {tokens
                        .into_iter()
                        .map(|t| {
                            let serial = t.serial.clone();
                            view! {
                                <button
                                    type="button"
                                    class="button button--small demo-fill__button"
                                    on:click=move |_| on_fill.run((t.serial.clone(), t.code_at(time::now())))
                                >
                                    {serial}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            }
        })
    }
}
