//! The routes loaded on navigation: each screen but the login screen is a split point
//! (`#[wasm_split]`), so its code arrives in a chunk of its own the first time it is shown
//! (scripts/wasm_split_step.py cuts them). A chunk that cannot be fetched shows the network
//! message with a retry, never a panic.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;
use otp_api::procedure::ProcedureKind;

use crate::components::load_error::LoadError;
use crate::pages::help::{HelpPage, HelpTopic};
use crate::pages::home::HomePage;
use crate::pages::login_otp::LoginOtpPage;
use crate::pages::procedure::ProcedurePage;
use crate::pages::procedure_start::ProcedureStartPage;

/// A chunk's view, or the network message when it could not be loaded (a retry reloads the
/// page: the chunk is fetched again).
pub fn shown(view: Result<AnyView, SplitLoaderError>) -> AnyView {
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
                    shown($load().await)
                }
            }
        )*

        /// Fetches every route's chunk (each once; a failed one is fetched again when its
        /// route is shown).
        async fn preload_all() {
            $( let _ = $preload().await; )*
            crate::components::problem_panel::preload().await;
        }
    };
}

lazy_routes! {
    /// `/login/otp`.
    LoginOtp: login_otp, load_login_otp, preload_login_otp => view! { <LoginOtpPage /> };
    /// `/home`.
    Home: home, load_home, preload_home => view! { <HomePage /> };
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

/// Once the browser is idle after the login screen is shown, fetches the other routes' chunks
/// and the wrong-state pages', so a customer never waits for one after pressing ログイン.
pub fn prefetch_when_idle() {
    when_idle(|| leptos::task::spawn_local(preload_all()));
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
