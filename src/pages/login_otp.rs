//! ログイン — ワンタイムパスワード `/login/otp`: the login's second step, when the contract has
//! an active token. The half-done login lives on the server; a reload asks again.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use otp_api::problem::ErrorCode;
use otp_api::procedure::OtpRequest;

use crate::api::{self, ApiError};
use crate::components::page_heading::PageHeading;
use crate::components::problem_panel::{ProblemPanel, own_page_code};
use crate::components::token_form::{TokenEntry, TokenForm};
use crate::i18n::use_i18n;

/// Sends the code; goes home on success, back to login when the half-done login is gone.
#[component]
pub fn LoginOtpPage() -> impl IntoView {
    let navigate = use_navigate();
    let submit = Action::new_local(|otp: &String| {
        let request = OtpRequest { otp: otp.clone() };
        async move { api::login_otp(&request).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(_)) => navigate("/home", Default::default()),
        Some(Err(ApiError::Problem(p))) if p.code == ErrorCode::Unauthenticated => {
            navigate("/", Default::default())
        }
        _ => {}
    });
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    let own_page = own_page_code(error);
    move || match own_page.get() {
        Some(page) => {
            view! { <ProblemPanel code=page.code retry_after=page.retry_after /> }.into_any()
        }
        None => view! {
            <LoginOtpView
                on_submit=move |entry: TokenEntry| {
                    submit.dispatch(entry.otp);
                }
                pending=submit.pending()
                error=error
            />
        }
        .into_any(),
    }
}

/// The OTP step as the customer sees it.
#[component]
pub fn LoginOtpView(
    /// Called with the checked code.
    #[prop(into)]
    on_submit: Callback<TokenEntry>,
    /// A request is in flight.
    #[prop(into)]
    pending: Signal<bool>,
    /// The last attempt's failure.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page page--login-otp">
            <PageHeading text=move || i18n.t().otp_login.page_title.to_owned() />
            <section class="panel">
                <p class="panel__lead">{move || i18n.t().otp_login.lead}</p>
                <TokenForm
                    on_submit=on_submit
                    pending=pending
                    error=error
                    otp_label=move || i18n.t().otp_login.otp_label
                    submit_label=move || i18n.t().otp_login.submit
                    secondary=move || view! {
                        <A href="/" attr:class="button button--secondary">{move || i18n.t().otp_login.back_to_login}</A>
                    }
                />
            </section>
        </div>
    }
}
