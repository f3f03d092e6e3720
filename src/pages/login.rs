//! ログイン `/`: the seed's login screen, with the ワンタイムパスワード管理 section below it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use otp_api::problem::ErrorCode;
use otp_api::session::LoginRequest;

use crate::api::{self, ApiError};
use crate::components::credentials_form::CredentialsForm;
use crate::components::passkey_login::PasskeyLogin;
use crate::components::problem_page::problem_page_or;
use crate::components::procedure_links::ProcedureLinks;
use crate::components::submit::Submit;
use crate::config::use_config;
use crate::form::TypedCredentials;
use crate::i18n::use_i18n;

/// The login screen wired to the API: logs in, then asks for the OTP or goes home. A lock
/// gets its own page; `?reason=session_expired` (after an idle logout) says why the customer
/// is back here.
#[component]
pub fn LoginPage() -> impl IntoView {
    crate::lazy::prefetch_when_idle();
    let navigate = use_navigate();
    let login = Action::new_local(|request: &LoginRequest| {
        let request = request.clone();
        // A refused login shows a wrong-state page (so can the OTP step after it).
        crate::components::problem_page::fetch_beside_request();
        async move { api::login(&request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(response)) = login.value().get() {
            let next = if response.otp_required {
                "/login/otp"
            } else {
                "/home"
            };
            navigate(next, Default::default());
        }
    });
    let passkey = crate::login_passkey::passkey_login();
    let query = use_query_map();
    let expired = move || query.read().get("reason").as_deref() == Some("session_expired");
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    problem_page_or(error, move || {
        let notice = expired()
            .then(|| ApiError::Problem(otp_api::problem::Problem::of(ErrorCode::SessionExpired)));
        let error = Signal::derive(move || error.get().or_else(|| notice.clone()));
        view! {
            <LoginView
                submit=Submit::new(
                    move |request| {
                        login.dispatch(request);
                    },
                    login.pending(),
                    error,
                )
                passkey=passkey
                passkey_available=crate::passkey::supported()
            />
        }
        .into_any()
    })
}

/// The login screen as the customer sees it: the form, its notes, and the OTP management
/// section.
#[component]
pub fn LoginView(
    /// Where a checked, normalised request goes, and the login's state.
    submit: Submit<LoginRequest>,
    /// What the form starts with (the gallery's "filled" state).
    #[prop(optional)]
    initial: TypedCredentials,
    /// Start with the soft keyboard open (the gallery).
    #[prop(optional)]
    keyboard_open: bool,
    /// The passkey login (none: the gallery's screens without it).
    #[prop(optional)]
    passkey: Option<Submit<()>>,
    /// Whether the browser can use passkeys.
    #[prop(optional)]
    passkey_available: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let bank_url = move || config.get().map(|c| c.bank_url).unwrap_or_default();
    let submit_label = Signal::derive(move || {
        let m = &i18n.t().login();
        if submit.pending.get() {
            m.submitting
        } else {
            m.submit
        }
    });
    view! {
        <div class="page page--login">
            <h1 class="page__title">{move || i18n.t().login().page_title}</h1>
            <section class="panel" aria-labelledby="login-title">
                <h2 class="panel__title" id="login-title">{move || i18n.t().login().section_title}</h2>
                <p class="panel__lead">{move || i18n.t().login().instruction}</p>
                <CredentialsForm
                    submit=submit
                    submit_label=submit_label
                    initial=initial
                    keyboard_open=keyboard_open
                    passkey_autofill=passkey_available
                    secondary=move || view! {
                        <a class="button button--secondary" href=bank_url>
                            {move || i18n.t().login().back}
                        </a>
                    }
                />
                {passkey.map(|submit| view! { <PasskeyLogin submit available=passkey_available /> })}
                <ul class="notes">
                    {move || i18n.t().login().notes.iter().map(|n| view! { <li>{*n}</li> }).collect_view()}
                    <li>{move || (i18n.t().login().lock_note)(config.read(|c| c.locks.password_failures))}</li>
                </ul>
            </section>
            <OtpManagementSection />
        </div>
    }
}

/// ワンタイムパスワード管理: the three procedures, the guide link and the seed's caution.
#[component]
fn OtpManagementSection() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="otp-title">
            <h2 class="panel__title" id="otp-title">{move || i18n.t().login().otp_section_title}</h2>
            <p class="panel__lead">{move || i18n.t().login().otp_section_lead}</p>
            <ul class="notes">
                {move || {
                    i18n.t().login().otp_instructions.iter().map(|n| view! { <li>{*n}</li> }).collect_view()
                }}
            </ul>
            <ProcedureLinks labelled_by="otp-title" />
            <p class="panel__link">
                <A href="/help/otp">{move || i18n.t().login().otp_guide_link}</A>
            </p>
            <div class="caution">
                <h3 class="caution__title">{move || i18n.t().login().caution_title}</h3>
                <p>{move || i18n.t().login().caution_uninstall}</p>
            </div>
        </section>
    }
}
