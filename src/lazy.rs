//! The routes loaded on navigation: each screen but the login screen is a split point
//! (`#[wasm_split]`), so its code arrives in a chunk of its own the first time it is shown
//! (scripts/wasm_split_step.py cuts them). A chunk that cannot be fetched shows the network
//! message with a retry, never a panic.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;
use otp_api::procedure::ProcedureKind;

use crate::components::load_error::LoadError;
use crate::pages::activity::ActivityRoutes;
use crate::pages::help::{HelpPage, HelpTopic};
use crate::pages::home::HomePage;
use crate::pages::login_otp::LoginOtpPage;
use crate::pages::procedure::ProcedurePage;
use crate::pages::procedure::start::ProcedureStartPage;

/// A chunk's view, or the network message when it could not be loaded (a retry reloads the
/// page: the chunk is fetched again).
pub fn chunk_view(view: Result<AnyView, SplitLoaderError>) -> AnyView {
    view.unwrap_or_else(|_| {
        view! { <LoadError on_retry=|_| { let _ = window().location().reload(); } /> }.into_any()
    })
}

macro_rules! lazy_routes {
    ($( $(#[$doc:meta])* $route:ident: $split:ident, $load:ident, $preload:ident => $view:expr; )*) => {
        $(
            #[leptos::wasm_split::wasm_split(
                $split,
                fallible,
                wasm_split_path = ::leptos::wasm_split,
                preload(#[doc(hidden)] $preload)
            )]
            fn $load() -> Result<AnyView, SplitLoaderError> {
                Ok($view.into_any())
            }

            $(#[$doc])*
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_: Self) -> AnyView {
                    chunk_view($load().await)
                }
            }
        )*

    };
}

lazy_routes! {
    /// `/login/otp`.
    LoginOtp: login_otp, load_login_otp, preload_login_otp => view! { <LoginOtpPage /> };
    /// `/home`.
    Home: home, load_home, preload_home => view! { <HomePage /> };
    /// `/activity` and `/activity/report`.
    Activity: activity, load_activity, preload_activity => view! { <ActivityRoutes /> };
    /// `/activate`.
    Activate: activate, load_activate, preload_activate => view! { <ProcedureStartPage kind=ProcedureKind::Activate /> };
    /// `/exchange`.
    Exchange: exchange, load_exchange, preload_exchange => view! { <ProcedureStartPage kind=ProcedureKind::Exchange /> };
    /// `/stop`.
    Stop: stop, load_stop, preload_stop => view! { <ProcedureStartPage kind=ProcedureKind::Stop /> };
    /// `/procedures/:id/:step`.
    Procedure: procedure, load_procedure, preload_procedure => view! { <ProcedurePage /> };
    /// `/help/otp`.
    HelpOtp: help_otp, load_help_otp, preload_help_otp => view! { <HelpPage topic=HelpTopic::Otp /> };
    /// `/help/keyboard`.
    HelpKeyboard: help_keyboard, load_help_keyboard, preload_help_keyboard => view! { <HelpPage topic=HelpTopic::Keyboard /> };
}

/// Once the browser is idle after the login screen is shown, fetches what a login leads to:
/// the OTP step's and home's chunks (the wrong-state pages' come when a login is sent: the
/// login screen's action). Other routes' chunks come when a link to them is pointed at
/// ([`ahead`]), so a visitor who does nothing fetches nothing more.
pub fn prefetch_when_idle() {
    when_idle(|| {
        leptos::task::spawn_local(async {
            let _ = preload_login_otp().await;
            let _ = preload_home().await;
        })
    });
}

/// From now on, fetches the chunks of the route a link leads to when the link is pointed at,
/// focused or pressed (one listener on the document for each: `pointerover`, `focusin`,
/// `pointerdown`), so they are usually there before the click. Called once, at start.
pub fn prefetch_ahead_of_links() {
    // Without chunks (the wasm-bindgen tests: their runner has no chunk loader) nothing to do.
    #[cfg(feature = "split")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        let listener =
            Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| ahead_of(&ev));
        for kind in ["pointerover", "focusin", "pointerdown"] {
            let _ = document()
                .add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref());
        }
        // The listener lives as long as the page.
        listener.forget();
    }
}

#[cfg(feature = "split")]
fn ahead_of(ev: &web_sys::Event) {
    use wasm_bindgen::JsCast;
    let link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten());
    if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
        leptos::task::spawn_local(preload_path(href));
    }
}

/// Fetches the chunks of the route at `path` (each once).
#[cfg(feature = "split")]
async fn preload_path(path: String) {
    let start = match path.as_str() {
        "/activate" => preload_activate().await,
        "/exchange" => preload_exchange().await,
        "/stop" => preload_stop().await,
        "/help/otp" => return drop(preload_help_otp().await),
        "/help/keyboard" => return drop(preload_help_keyboard().await),
        "/activity" | "/activity/report" => return drop(preload_activity().await),
        _ => return,
    };
    // A procedure's start page leads to its steps.
    if start.is_ok() {
        let _ = preload_procedure().await;
    }
}

/// Calls `f` once the browser is idle (`requestIdleCallback`, or a timer where there is none).
pub fn when_idle(f: impl FnOnce() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let start = Closure::once_into_js(f);
    let window = window();
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let _ = match idle {
        Some(request) => request.call1(&window, &start).map(drop),
        None => window
            .set_timeout_with_callback(start.unchecked_ref())
            .map(drop),
    };
}

#[cfg(test)]
mod tests {
    /// The page's loader preloads, for a deep link, the API answers its route reads
    /// (scripts/trunk-post-build.py's `DEEP_LINKS`) at `/api/v1` unless index.html names
    /// another base; the app's requests take them only if the paths are the contract's.
    #[test]
    fn deep_links_preload_the_contracts_paths() {
        let script = include_str!("../scripts/trunk-post-build.py");
        let table = &script[script.find("DEEP_LINKS = [").expect("the table")..];
        let table = &table[..table.find("\n]").expect("its end")];
        let mut reads = vec![];
        for line in table.lines().filter(|l| l.trim_start().starts_with("(r\"")) {
            let list = &line[line.rfind('[').expect("a list") + 1..line.rfind(']').expect("]")];
            reads.extend(
                list.split(',')
                    .map(|p| p.trim().trim_matches('"'))
                    .filter(|p| !p.is_empty()),
            );
        }
        assert_eq!(reads, ["/session", "/passkeys"]);
        for path in reads {
            assert!(otp_api::paths::ALL.contains(&path), "{path}");
        }
        // Every deep link also reads the configuration, at the API's default base.
        assert!(script.contains(&format!("||'{}'", otp_api::API_PREFIX)));
        assert!(script.contains(&format!("['{}',...a]", otp_api::paths::CONFIG)));
    }
}
