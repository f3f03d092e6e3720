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
fn shown(view: Result<AnyView, SplitLoaderError>) -> AnyView {
    view.unwrap_or_else(|_| {
        view! { <LoadError on_retry=|_| { let _ = window().location().reload(); } /> }.into_any()
    })
}

macro_rules! lazy_route {
    ($(#[$doc:meta])* $route:ident, $split:ident, $view:expr) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                #[leptos::wasm_split::wasm_split($split, fallible, wasm_split_path = ::leptos::wasm_split)]
                fn load() -> Result<AnyView, SplitLoaderError> {
                    Ok($view.into_any())
                }
                shown(load().await)
            }
        }
    };
}

lazy_route!(/// `/login/otp`.
    LoginOtp, login_otp, view! { <LoginOtpPage /> });
lazy_route!(/// `/home`.
    Home, home, view! { <HomePage /> });
lazy_route!(/// `/activate`.
    Activate, activate, view! { <ProcedureStartPage kind=ProcedureKind::Activate /> });
lazy_route!(/// `/exchange`.
    Exchange, exchange, view! { <ProcedureStartPage kind=ProcedureKind::Exchange /> });
lazy_route!(/// `/stop`.
    Stop, stop, view! { <ProcedureStartPage kind=ProcedureKind::Stop /> });
lazy_route!(/// `/procedures/:id/:step`.
    Procedure, procedure, view! { <ProcedurePage /> });
lazy_route!(/// `/help/otp`.
    HelpOtp, help_otp, view! { <HelpPage topic=HelpTopic::Otp /> });
lazy_route!(/// `/help/keyboard`.
    HelpKeyboard, help_keyboard, view! { <HelpPage topic=HelpTopic::Keyboard /> });
