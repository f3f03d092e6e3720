//! ログイン `/`: the seed's login screen, with the ワンタイムパスワード管理 section below it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use otp_api::problem::{ErrorCode, Field, FieldError};
use otp_api::session::{LoginRequest, LoginResponse};

use crate::api::{self, ApiError};
use crate::components::error_summary::{ErrorSummary, SummaryItem};
use crate::components::password_field::{PasswordField, PasswordFieldTexts};
use crate::components::text_field::TextField;
use crate::config::use_config;
use crate::form::{LoginInput, api_field_errors, check_login, field_error};
use crate::i18n::{Messages, fill, use_i18n};

/// The id of the contract ID input.
pub const CONTRACT_ID_INPUT: &str = "contract-id";
/// The id of the password input.
pub const PASSWORD_INPUT: &str = "password";

/// The login screen wired to the API: logs in and goes home.
#[component]
pub fn LoginPage() -> impl IntoView {
    let navigate = use_navigate();
    let login = Action::new_local(|request: &LoginRequest| {
        let request = request.clone();
        async move { api::login(&request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(LoginResponse {
            otp_required: false,
            ..
        })) = login.value().get()
        {
            navigate("/home", Default::default());
        }
    });
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    view! {
        <LoginView
            on_submit=Callback::new(move |request| {
                login.dispatch(request);
            })
            pending=login.pending()
            error=error
        />
    }
}

fn summary_message(m: &Messages, error: &ApiError) -> String {
    match error {
        ApiError::Network => m.errors.network.to_owned(),
        ApiError::Problem(p) => {
            let mut text = m.errors.get(p.code).to_owned();
            if p.code == ErrorCode::InvalidCredentials
                && let Some(n) = p.remaining_attempts.filter(|n| *n <= 2)
            {
                text.push(' ');
                text.push_str(&fill(m.errors.remaining_attempts, &n.to_string()));
            }
            text
        }
    }
}

/// The login screen as the customer sees it: the form, its notes, and the OTP management
/// section. Validates with the bank's rules before calling `on_submit`; ignores a second
/// submit while one is `pending`.
#[component]
pub fn LoginView(
    /// Called with a checked, normalised request.
    on_submit: Callback<LoginRequest>,
    /// A login is in flight.
    #[prop(into)]
    pending: Signal<bool>,
    /// The last login's failure, if it failed.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// What the form starts with (the gallery's "filled" state).
    #[prop(optional)]
    initial: LoginInput,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let contract_id = RwSignal::new(initial.contract_id);
    let password = RwSignal::new(initial.password);
    let client_errors = RwSignal::new(Vec::<FieldError>::new());

    // A refused login never keeps the password on screen.
    Effect::new(move |_| {
        if error.get().is_some() {
            password.set(String::new());
        }
    });

    let field_errors = move || {
        let client = client_errors.get();
        if client.is_empty() {
            error
                .get()
                .map(|e| api_field_errors(&e))
                .unwrap_or_default()
        } else {
            client
        }
    };
    let field_message = move |field: Field| {
        Signal::derive(move || field_error(&field_errors(), field).map(|c| i18n.t().fields.get(c)))
    };
    let summary = Signal::derive(move || {
        let m = i18n.t();
        let mut items: Vec<SummaryItem> = field_errors()
            .iter()
            .map(|e| {
                let (label, target) = match e.field {
                    Field::ContractId => (m.login.contract_id_label, CONTRACT_ID_INPUT),
                    _ => (m.login.password_label, PASSWORD_INPUT),
                };
                SummaryItem {
                    message: format!("{label}: {}", m.fields.get(e.code)),
                    target: Some(target),
                }
            })
            .collect();
        if client_errors.get().is_empty()
            && let Some(err) = error.get()
            && err.code() != Some(ErrorCode::Validation)
        {
            items.push(SummaryItem {
                message: summary_message(m, &err),
                target: None,
            });
        }
        items
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let input = LoginInput {
            contract_id: contract_id.get_untracked(),
            password: password.get_untracked(),
        };
        match check_login(&input, &config.rules()) {
            Ok(request) => {
                client_errors.set(Vec::new());
                on_submit.run(request);
            }
            Err(errors) => client_errors.set(errors),
        }
    };

    let password_texts = Signal::derive(move || {
        let m = &i18n.t().login;
        PasswordFieldTexts {
            label: m.password_label,
            hint: m.password_hint,
            show: m.show_password,
            caps_lock: m.caps_lock_on,
        }
    });
    let bank_url = move || config.get().map(|c| c.bank_url).unwrap_or_default();

    view! {
        <div class="page page--login">
            <h1 class="page__title">{move || i18n.t().login.page_title}</h1>
            <section class="panel" aria-labelledby="login-title">
                <h2 class="panel__title" id="login-title">{move || i18n.t().login.section_title}</h2>
                <p class="panel__lead">{move || i18n.t().login.instruction}</p>
                <ErrorSummary title=Signal::derive(move || i18n.t().common.error_summary_title) items=summary />
                <form class="form" novalidate on:submit=submit>
                    <TextField
                        id=CONTRACT_ID_INPUT
                        label=Signal::derive(move || i18n.t().login.contract_id_label)
                        hint=Signal::derive(move || i18n.t().login.contract_id_hint)
                        value=contract_id
                        error=field_message(Field::ContractId)
                        autocomplete="username"
                        inputmode="numeric"
                    />
                    <PasswordField
                        id=PASSWORD_INPUT
                        texts=password_texts
                        value=password
                        error=field_message(Field::Password)
                    />
                    <div class="form__actions">
                        <a class="button button--secondary" href=bank_url>
                            {move || i18n.t().login.back}
                        </a>
                        <button
                            class="button button--primary"
                            type="submit"
                            aria-disabled=move || if pending.get() { "true" } else { "false" }
                        >
                            {move || {
                                if pending.get() { i18n.t().login.submitting } else { i18n.t().login.submit }
                            }}
                        </button>
                    </div>
                </form>
                <ul class="notes">
                    {move || i18n.t().login.notes.iter().map(|n| view! { <li>{*n}</li> }).collect_view()}
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
            <h2 class="panel__title" id="otp-title">{move || i18n.t().login.otp_section_title}</h2>
            <p class="panel__lead">{move || i18n.t().login.otp_section_lead}</p>
            <ul class="notes">
                {move || {
                    i18n.t().login.otp_instructions.iter().map(|n| view! { <li>{*n}</li> }).collect_view()
                }}
            </ul>
            <nav class="procedure-buttons" aria-labelledby="otp-title">
                <A href="/activate" attr:class="button button--procedure">
                    {move || i18n.t().login.activate}
                </A>
                <A href="/exchange" attr:class="button button--procedure">
                    {move || i18n.t().login.exchange}
                </A>
                <A href="/stop" attr:class="button button--procedure">
                    {move || i18n.t().login.stop}
                </A>
            </nav>
            <p class="panel__link">
                <A href="/help/otp">{move || i18n.t().login.otp_guide_link}</A>
            </p>
            <div class="caution">
                <h3 class="caution__title">{move || i18n.t().login.caution_title}</h3>
                <p>{move || i18n.t().login.caution_uninstall}</p>
            </div>
        </section>
    }
}
