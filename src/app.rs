//! The root component: contexts (language, configuration) and the routes.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::components::layout::Layout;
use crate::config::ConfigContext;
use crate::i18n::{I18n, Locale};

use crate::lazy;
use crate::pages::login::LoginPage;
use crate::pages::not_found::NotFoundPage;
use crate::storage;

/// The language stored in this browser, or Japanese.
fn initial_locale() -> Locale {
    storage::get(storage::LANGUAGE_KEY)
        .map(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// Provides the language and configuration contexts; the chosen language is kept in
/// `<html lang>` and remembered in this browser.
pub fn provide_app_contexts() -> I18n {
    provide_contexts(initial_config())
}

/// Provides the contexts with a given configuration (component tests give a fixture).
pub fn provide_contexts(config: ConfigContext) -> I18n {
    let i18n = I18n::new(initial_locale());
    provide_context(i18n);
    provide_context(config);
    sync_document_language(i18n);
    #[cfg(feature = "demo")]
    crate::demo::provide_demo_tokens();
    i18n
}

/// Whether this page is the gallery, which renders from fixtures and must not call the API.
#[cfg(feature = "gallery")]
fn in_gallery() -> bool {
    window()
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/gallery"))
}

#[cfg(not(feature = "gallery"))]
fn in_gallery() -> bool {
    false
}

/// The bank's configuration: from the API, or the gallery's fixture on gallery pages.
#[cfg(feature = "gallery")]
fn initial_config() -> ConfigContext {
    if in_gallery() {
        ConfigContext::fixture(crate::gallery::fixtures::config())
    } else {
        ConfigContext::load()
    }
}

#[cfg(not(feature = "gallery"))]
fn initial_config() -> ConfigContext {
    ConfigContext::load()
}

/// The customer's screens, under the common layout.
#[component(transparent)]
fn CustomerRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("") view=|| view! { <Layout><Outlet /></Layout> }>
            <Route path=path!("/") view=LoginPage />
            <Route path=path!("/login/otp") view={Lazy::<lazy::LoginOtp>::new()} />
            <Route path=path!("/home") view={Lazy::<lazy::Home>::new()} />
            // ご利用履歴 and 「心当たりがない」: one route and one chunk for both pages.
            <Route path=path!("/activity/:part?") view={Lazy::<lazy::Activity>::new()} />
            <Route path=path!("/activate") view={Lazy::<lazy::Activate>::new()} />
            <Route path=path!("/exchange") view={Lazy::<lazy::Exchange>::new()} />
            <Route path=path!("/stop") view={Lazy::<lazy::Stop>::new()} />
            <Route path=path!("/procedures/:id/:step") view={Lazy::<lazy::Procedure>::new()} />
            <Route path=path!("/help/otp") view={Lazy::<lazy::HelpOtp>::new()} />
            <Route path=path!("/help/keyboard") view={Lazy::<lazy::HelpKeyboard>::new()} />
        </ParentRoute>
    }
    .into_inner()
}

fn not_found() -> impl IntoView {
    view! { <Layout><NotFoundPage /></Layout> }
}

/// The routes: the gallery's first in gallery builds.
#[cfg(feature = "gallery")]
fn routes() -> impl IntoView {
    view! {
        <Routes fallback=not_found>
            <Route path=path!("/gallery") view=crate::gallery::GalleryIndex />
            <Route path=path!("/gallery/grid/:screen") view=crate::gallery::grid::GalleryGrid />
            <Route path=path!("/gallery/:screen/:state") view=crate::gallery::GalleryStory />
            <CustomerRoutes />
        </Routes>
    }
}

/// The routes of a production build: no gallery, so `/gallery` is the not-found page. (An
/// empty `()` route set in its place would match every path and show a blank page.)
#[cfg(not(feature = "gallery"))]
fn routes() -> impl IntoView {
    view! {
        <Routes fallback=not_found>
            <CustomerRoutes />
        </Routes>
    }
}

/// The demo token panel, in demo builds.
#[cfg(feature = "demo")]
fn demo_panel() -> impl IntoView {
    view! { <crate::demo::DemoPanel /> }
}

/// Production builds have none.
#[cfg(not(feature = "demo"))]
fn demo_panel() -> impl IntoView {}

/// Keeps `<html lang>` in step with the chosen language and remembers it in this browser.
fn sync_document_language(i18n: I18n) {
    Effect::new(move |_| {
        let locale = i18n.locale();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.tag());
        }
    });
}

/// The SPA.
#[component]
pub fn App() -> impl IntoView {
    provide_app_contexts();
    lazy::prefetch_ahead_of_links();
    view! {
        <Router>
            {routes()}
            {(!in_gallery()).then(demo_panel)}
        </Router>
    }
}
