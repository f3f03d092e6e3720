//! A page that could not load because the network failed: says so, and offers to try again.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The network failure message with a retry button.
#[component]
pub fn LoadError(
    /// 「もう一度試す」 pressed.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel panel--problem" role="alert">
            <p>{move || i18n.t().errors().network}</p>
            <button class="button button--primary" type="button" on:click=move |_| on_retry.run(())>
                {move || i18n.t().common().retry}
            </button>
        </section>
    }
}
