//! ログイン — ワンタイムパスワード `/login/otp`: the login's second step, when the contract has
//! an active token. The half-done login lives on the server; a reload asks again.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use otp_api::problem::ErrorCode;
use otp_api::procedure::OtpRequest;

use crate::api::{self, ApiError};
use crate::components::page_heading::PageHeading;
use crate::components::problem_page::problem_page_or;
use crate::components::submit::Submit;
use crate::components::token_form::{TokenEntry, TokenForm};
use crate::i18n::use_i18n;

/// Sends the code; goes home on success, back to login when the half-done login is gone.
#[component]
pub fn LoginOtpPage() -> impl IntoView {
    let navigate = use_navigate();
    let check = Action::new_local(|otp: &String| {
        let request = OtpRequest { otp: otp.clone() };
        async move { api::login_otp(&request).await }
    });
    Effect::new(move |_| match check.value().get() {
        Some(Ok(_)) => navigate("/home", Default::default()),
        Some(Err(ApiError::Problem(p))) if p.code == ErrorCode::Unauthenticated => {
            navigate("/", Default::default())
        }
        _ => {}
    });
    let error = Signal::derive(move || check.value().get().and_then(Result::err));
    problem_page_or(error, move || {
        view! {
            <LoginOtpView submit=Submit::new(
                move |entry: TokenEntry| {
                    check.dispatch(entry.otp);
                },
                check.pending(),
                error,
            ) />
        }
        .into_any()
    })
}

/// The OTP step as the customer sees it.
#[component]
pub fn LoginOtpView(
    /// Where the checked code goes, and the attempt's state.
    submit: Submit<TokenEntry>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page page--login-otp">
            <PageHeading text=move || i18n.t().otp_login().page_title.to_owned() />
            <section class="panel">
                <p class="panel__lead">{move || i18n.t().otp_login().lead}</p>
                <TokenForm
                    submit=submit
                    otp_label=move || i18n.t().otp_login().otp_label
                    submit_label=move || i18n.t().otp_login().submit
                    secondary=move || view! {
                        <A href="/" attr:class="button button--secondary">{move || i18n.t().otp_login().back_to_login}</A>
                    }
                />
            </section>
        </div>
    }
}
