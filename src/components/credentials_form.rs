//! 契約者ID(利用者番号) + ログインパスワード: the form that opens the login and each procedure.
//! Validates with the bank's rules before anything is sent, shows the API's refusal in an
//! error summary, and never keeps a refused password on screen.

use leptos::prelude::*;
use otp_api::problem::{ErrorCode, Field, FieldError};
use otp_api::session::LoginRequest;

use crate::api::ApiError;
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

/// The summary line for an API refusal, with the attempts left when a lock is near.
pub fn refusal_message(m: &Messages, error: &ApiError) -> String {
    match error {
        ApiError::Network => m.errors.network.to_owned(),
        ApiError::Problem(p) => {
            let mut text = m.errors.get(p.code).to_owned();
            if matches!(
                p.code,
                ErrorCode::InvalidCredentials | ErrorCode::OtpInvalid
            ) && let Some(n) = p.remaining_attempts.filter(|n| *n <= 2)
            {
                text.push(' ');
                text.push_str(&fill(m.errors.remaining_attempts, &n.to_string()));
            }
            text
        }
    }
}

/// The credentials form. `on_submit` receives a checked, normalised request; a second submit
/// while `pending` is ignored.
#[component]
pub fn CredentialsForm(
    /// Called with a checked, normalised request.
    on_submit: Callback<LoginRequest>,
    /// A request is in flight.
    #[prop(into)]
    pending: Signal<bool>,
    /// The last request's failure, if it failed.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// The submit button's label (ログイン, 次へ).
    #[prop(into)]
    submit_label: Signal<&'static str>,
    /// The secondary action beside the submit button (戻る, 中止).
    #[prop(into)]
    secondary: ViewFn,
    /// What the form starts with (the gallery's "filled" state).
    #[prop(optional)]
    initial: LoginInput,
    /// Start with the soft keyboard open (the gallery's "keyboard open" state).
    #[prop(optional)]
    keyboard_open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let contract_id = RwSignal::new(initial.contract_id);
    let password = RwSignal::new(initial.password);
    let client_errors = RwSignal::new(Vec::<FieldError>::new());
    let keyboard_open = RwSignal::new(keyboard_open);

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
                message: refusal_message(m, &err),
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
        // The soft keyboard closes (and forgets its Shift/Caps state) on every submit.
        keyboard_open.set(false);
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

    view! {
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
                soft_keyboard=keyboard_open
            />
            <div class="form__actions">
                {secondary.run()}
                <button
                    class="button button--primary"
                    type="submit"
                    aria-disabled=move || if pending.get() { "true" } else { "false" }
                >
                    {move || submit_label.get()}
                </button>
            </div>
        </form>
    }
}
