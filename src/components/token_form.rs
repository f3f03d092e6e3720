//! The one-time-password forms: the login's OTP step, the current token's code, and the new
//! token's serial number with its code. Numeric keypad, `autocomplete="one-time-code"`, paste
//! allowed; full-width digits and spaces are normalised like the server does.

use leptos::prelude::*;
use otp_api::problem::{ErrorCode, Field, FieldError};

use crate::api::ApiError;
use crate::components::credentials_form::refusal_message;
use crate::components::error_summary::{ErrorSummary, SummaryItem};
use crate::components::text_field::TextField;
use crate::config::use_config;
use crate::form::{TokenInput, api_field_errors, check_new_token, check_otp, field_error};
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
    /// Called with the checked entry.
    on_submit: Callback<TokenEntry>,
    /// A request is in flight.
    #[prop(into)]
    pending: Signal<bool>,
    /// The last request's failure.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
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
    let client_errors = RwSignal::new(Vec::<FieldError>::new());
    let digits = move || config.get().map(|c| c.otp_digits).unwrap_or(6);

    // A refused code is gone from the token's screen anyway: clear it for the next one.
    Effect::new(move |_| {
        if error.get().is_some() {
            otp.set(String::new());
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
                    Field::Serial => (m.procedure.serial_label, SERIAL_INPUT),
                    _ => (otp_label.get(), OTP_INPUT),
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
            let target = match err.code() {
                Some(ErrorCode::SerialUnknown | ErrorCode::SerialUnavailable) => Some(SERIAL_INPUT),
                Some(ErrorCode::OtpInvalid) => Some(OTP_INPUT),
                _ => None,
            };
            items.push(SummaryItem {
                message: refusal_message(m, &err),
                target,
            });
        }
        items
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let checked = if with_serial {
            let input = TokenInput {
                serial: Some(serial.get_untracked()),
                otp: otp.get_untracked(),
            };
            check_new_token(&input, &config.rules(), digits()).map(|r| TokenEntry {
                serial: Some(r.serial),
                otp: r.otp,
            })
        } else {
            check_otp(&otp.get_untracked(), digits()).map(|r| TokenEntry {
                serial: None,
                otp: r.otp,
            })
        };
        match checked {
            Ok(entry) => {
                client_errors.set(Vec::new());
                on_submit.run(entry);
            }
            Err(errors) => client_errors.set(errors),
        }
    };

    view! {
        <ErrorSummary title=Signal::derive(move || i18n.t().common.error_summary_title) items=summary />
        <form class="form" novalidate on:submit=submit>
            {with_serial.then(|| view! {
                <TextField
                    id=SERIAL_INPUT
                    label=Signal::derive(move || i18n.t().procedure.serial_label)
                    hint=Signal::derive(move || i18n.t().procedure.serial_hint)
                    value=serial
                    error=field_message(Field::Serial)
                    autocomplete="off"
                />
            })}
            {demo_fill(with_serial, serial, otp)}
            <TextField
                id=OTP_INPUT
                label=otp_label
                hint=Signal::derive(move || i18n.t().procedure.otp_hint)
                value=otp
                error=field_message(Field::Otp)
                autocomplete="one-time-code"
                inputmode="numeric"
            />
            <div class="form__actions">
                {secondary.run()}
                <button
                    class="button button--primary"
                    type="submit"
                    aria-disabled=move || if pending.get() { "true" } else { "false" }
                >
                    {move || if pending.get() { i18n.t().procedure.sending } else { submit_label.get() }}
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
        <DemoFill on_fill=Callback::new(move |(s, code): (String, String)| {
            if with_serial {
                serial.set(s);
            }
            otp.set(code);
        }) />
    }
}

/// Production builds have no demo tokens.
#[cfg(not(feature = "demo"))]
fn demo_fill(_: bool, _: RwSignal<String>, _: RwSignal<String>) -> impl IntoView {}
