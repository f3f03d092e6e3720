//! The screen for a path the SPA does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

/// "Page not found", with the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page page--not-found">
            <h1 class="page__title">{move || i18n.t().not_found().title}</h1>
            <section class="panel">
                <p>{move || i18n.t().not_found().body}</p>
                <p>
                    <A href="/">{move || i18n.t().not_found().back_to_login}</A>
                </p>
            </section>
        </div>
    }
}
