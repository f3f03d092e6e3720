//! The one-time-password forms: the login's OTP step, the current token's code, and the new
//! token's serial number with its code. Numeric keypad, `autocomplete="one-time-code"`, paste
//! allowed; full-width digits and spaces are normalised like the server does.

use leptos::prelude::*;
use otp_api::problem::{ErrorCode, Field};

use crate::components::error_summary::ErrorSummary;
use crate::components::form_errors::FormErrors;
use crate::components::submit::Submit;
use crate::components::text_field::TextField;
use crate::config::use_config;
use crate::form::{check_new_token, check_otp};
use crate::i18n::use_i18n;

/// The id of the serial input.
pub const SERIAL_INPUT: &str = "serial";
/// The id of the OTP input.
pub const OTP_INPUT: &str = "otp";

/// A checked token form: the serial (normalised) when asked for, and the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenEntry {
    /// The normalised serial, when the form asks for one.
    pub serial: Option<String>,
    /// The normalised one-time password.
    pub otp: String,
}

/// A form for a one-time password, with a serial number field when `with_serial`.
#[component]
pub fn TokenForm(
    /// Ask for the new token's serial number too.
    #[prop(optional)]
    with_serial: bool,
    /// Where the checked entry goes, and its state.
    submit: Submit<TokenEntry>,
    /// The OTP field's label.
    #[prop(into)]
    otp_label: Signal<&'static str>,
    /// The submit button's label (次へ, 登録, ログイン).
    #[prop(into)]
    submit_label: Signal<&'static str>,
    /// The secondary action beside the submit button.
    #[prop(into)]
    secondary: ViewFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let serial = RwSignal::new(String::new());
    let otp = RwSignal::new(String::new());
    let errors = FormErrors::new(submit.error);
    // Until the bank's configuration has answered, the contract's default.
    let digits = move || {
        config
            .get()
            .map_or(otp_api::totp::TotpParams::default().digits, |c| {
                c.otp_digits
            })
    };

    // A refused code is gone from the token's screen anyway: clear it for the next one.
    submit.clear_on_error(otp);

    let summary = errors.summary(
        |m, field| match field {
            Field::Serial => (m.procedure().serial_label, SERIAL_INPUT),
            _ => (m.procedure().otp_label, OTP_INPUT),
        },
        |code| match code {
            ErrorCode::SerialUnknown | ErrorCode::SerialUnavailable => Some(SERIAL_INPUT),
            ErrorCode::OtpInvalid => Some(OTP_INPUT),
            _ => None,
        },
    );

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.send(errors, || {
            if with_serial {
                let (typed_serial, typed_otp) = (serial.get_untracked(), otp.get_untracked());
                let rules = config.rules();
                check_new_token(&typed_serial, &typed_otp, &rules, digits()).map(|r| TokenEntry {
                    serial: Some(r.serial),
                    otp: r.otp,
                })
            } else {
                check_otp(&otp.get_untracked(), digits()).map(|r| TokenEntry {
                    serial: None,
                    otp: r.otp,
                })
            }
        });
    };

    view! {
        <ErrorSummary title=move || i18n.t().common().error_summary_title items=summary />
        <form class="form" novalidate on:submit=on_submit>
            {with_serial.then(|| view! {
                <TextField
                    id=SERIAL_INPUT
                    label=move || i18n.t().procedure().serial_label
                    hint=move || config.read(|c| {
                        let s = &c.rules.serial;
                        (i18n.t().procedure().serial_hint)(s.letters, s.digits, &s.example)
                    })
                    value=serial
                    error=errors.message(Field::Serial)
                    autocomplete="off"
                />
            })}
            {demo_fill(with_serial, serial, otp)}
            <TextField
                id=OTP_INPUT
                label=otp_label
                hint=move || (i18n.t().procedure().otp_hint)(digits())
                value=otp
                error=errors.message(Field::Otp)
                autocomplete="one-time-code"
                inputmode="numeric"
            />
            <div class="form__actions">
                {secondary.run()}
                <button
                    class="button button--primary"
                    type="submit"
                    aria-disabled=move || if submit.pending.get() { "true" } else { "false" }
                >
                    {move || if submit.pending.get() { i18n.t().procedure().sending } else { submit_label.get() }}
                </button>
            </div>
        </form>
    }
}

/// The demo build's one-click fill from a demo token.
#[cfg(feature = "demo")]
fn demo_fill(with_serial: bool, serial: RwSignal<String>, otp: RwSignal<String>) -> impl IntoView {
    use crate::demo::DemoFill;
    view! {
        <DemoFill on_fill=move |(s, code): (String, String)| {
            if with_serial {
                serial.set(s);
            }
            otp.set(code);
        } />
    }
}

/// Production builds have no demo tokens.
#[cfg(not(feature = "demo"))]
fn demo_fill(_: bool, _: RwSignal<String>, _: RwSignal<String>) -> impl IntoView {}
