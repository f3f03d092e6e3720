//! The root component: contexts (language, configuration) and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Layout;
use crate::config::ConfigContext;
use crate::i18n::{I18n, Locale};
use crate::pages::{home::HomePage, login::LoginPage, not_found::NotFoundPage};
use crate::storage;

/// The language stored in this browser, or Japanese.
fn initial_locale() -> Locale {
    storage::get(storage::LANGUAGE_KEY)
        .map(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// Provides the language and configuration contexts (for the app and for component tests);
/// the chosen language is kept in `<html lang>` and remembered in this browser.
pub fn provide_app_contexts() -> I18n {
    let i18n = I18n(RwSignal::new(initial_locale()));
    provide_context(i18n);
    provide_context(ConfigContext::load());
    sync_document_language(i18n);
    i18n
}

/// Keeps `<html lang>` in step with the chosen language and remembers it in this browser.
fn sync_document_language(i18n: I18n) {
    Effect::new(move |_| {
        let locale = i18n.locale();
        storage::set(storage::LANGUAGE_KEY, locale.tag());
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.tag());
        }
    });
}

/// The SPA.
#[component]
pub fn App() -> impl IntoView {
    provide_app_contexts();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=LoginPage />
                    <Route path=path!("/home") view=HomePage />
                </Routes>
            </Layout>
        </Router>
    }
}
