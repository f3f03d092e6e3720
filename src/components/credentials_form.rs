//! 契約者ID(利用者番号) + ログインパスワード: the form that opens the login and each procedure.
//! Validates with the bank's rules before anything is sent, shows the API's refusal in an
//! error summary, and never keeps a refused password on screen.

use leptos::prelude::*;
use otp_api::problem::Field;
use otp_api::session::LoginRequest;

use crate::components::error_summary::ErrorSummary;
use crate::components::form_errors::FormErrors;
use crate::components::password_field::{PasswordField, PasswordFieldTexts};
use crate::components::submit::Submit;
use crate::components::text_field::TextField;
use crate::config::use_config;
use crate::form::{TypedCredentials, check_login};
use crate::i18n::use_i18n;

/// The id of the contract ID input.
pub const CONTRACT_ID_INPUT: &str = "contract-id";
/// The id of the password input.
pub const PASSWORD_INPUT: &str = "password";

/// The credentials form. `on_submit` receives a checked, normalised request; a second submit
/// while `pending` is ignored.
#[component]
pub fn CredentialsForm(
    /// Where a checked, normalised request goes, and its state.
    submit: Submit<LoginRequest>,
    /// The submit button's label (ログイン, 次へ).
    #[prop(into)]
    submit_label: Signal<&'static str>,
    /// The secondary action beside the submit button (戻る, 中止).
    #[prop(into)]
    secondary: ViewFn,
    /// What the form starts with (the gallery's "filled" state).
    #[prop(optional)]
    initial: TypedCredentials,
    /// Start with the soft keyboard open (the gallery's "keyboard open" state).
    #[prop(optional)]
    keyboard_open: bool,
    /// Offer the browser's passkeys in the 契約者ID field's autofill (the login screen).
    #[prop(optional)]
    passkey_autofill: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let contract_id = RwSignal::new(initial.contract_id);
    let password = RwSignal::new(initial.password);
    let errors = FormErrors::new(submit.error);
    let keyboard_open = RwSignal::new(keyboard_open);
    submit.clear_on_error(password);

    let summary = errors.summary(
        |m, field| match field {
            Field::ContractId => (m.login().contract_id_label, CONTRACT_ID_INPUT),
            _ => (m.login().password_label, PASSWORD_INPUT),
        },
        |_| None,
    );

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // The soft keyboard closes (and forgets its Shift/Caps state) on every submit.
        keyboard_open.set(false);
        submit.send(errors, || {
            let input = TypedCredentials {
                contract_id: contract_id.get_untracked(),
                password: password.get_untracked(),
            };
            check_login(&input, &config.rules())
        });
    };

    let password_texts = Signal::derive(move || {
        let m = &i18n.t().login();
        let (min, max) = config.read(|c| (c.rules.password.min_len, c.rules.password.max_len));
        PasswordFieldTexts {
            label: m.password_label,
            hint: (m.password_hint)(min, max),
            show: m.show_password,
            caps_lock: m.caps_lock_on,
        }
    });

    view! {
        <ErrorSummary title=move || i18n.t().common().error_summary_title items=summary />
        <form class="form" novalidate on:submit=on_submit>
            <TextField
                id=CONTRACT_ID_INPUT
                label=move || i18n.t().login().contract_id_label
                hint=move || (i18n.t().login().contract_id_hint)(config.read(|c| c.rules.contract_id.digits))
                value=contract_id
                error=errors.message(Field::ContractId)
                autocomplete=if passkey_autofill { "username webauthn" } else { "username" }
                inputmode="numeric"
            />
            <PasswordField
                id=PASSWORD_INPUT
                texts=password_texts
                value=password
                error=errors.message(Field::Password)
                soft_keyboard=keyboard_open
            />
            <div class="form__actions">
                {secondary.run()}
                <button
                    class="button button--primary"
                    type="submit"
                    aria-disabled=move || if submit.pending.get() { "true" } else { "false" }
                >
                    {move || submit_label.get()}
                </button>
            </div>
        </form>
    }
}
