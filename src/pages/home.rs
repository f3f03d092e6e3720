//! ホーム `/home`: who is logged in, and ログアウト.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use otp_api::session::SessionInfo;

use crate::api;
use crate::i18n::{fill, use_i18n};

/// Loads the session; without one, goes back to the login screen.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = LocalResource::new(api::session);
    let logout = Action::new_local(|_: &()| api::logout());
    let navigate = use_navigate();
    Effect::new(move |_| {
        let no_session = matches!(session.get(), Some(Err(_)));
        let logged_out = logout.value().get().is_some();
        if no_session || logged_out {
            navigate("/", Default::default());
        }
    });
    view! {
        {move || match session.get() {
            Some(Ok(info)) => {
                view! {
                    <HomeView
                        info=info
                        on_logout=Callback::new(move |()| {
                            logout.dispatch(());
                        })
                    />
                }
                    .into_any()
            }
            _ => view! { <p class="loading" role="status">{i18n.t().common.loading}</p> }.into_any(),
        }}
    }
}

/// The home screen for a logged-in customer.
#[component]
pub fn HomeView(
    /// The session.
    info: SessionInfo,
    /// ログアウト pressed.
    on_logout: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = info.customer.name;
    view! {
        <div class="page page--home">
            <h1 class="page__title">{move || fill(i18n.t().home.welcome, &name)}</h1>
            <section class="panel">
                <button class="button button--secondary" type="button" on:click=move |_| on_logout.run(())>
                    {move || i18n.t().home.logout}
                </button>
            </section>
        </div>
    }
}
