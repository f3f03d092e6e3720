//! 「パスキーでログイン」 under the login form: shown where the bank offers passkeys and the
//! browser can use them. A cancelled or refused ceremony says so beside the button and leaves
//! the password form as it was. Pointing at or focusing the button fetches the ceremony's
//! chunk (`login_passkey`).

use leptos::prelude::*;

use crate::components::form_errors::refusal_message;
use crate::components::submit::Submit;
use crate::config::use_config;
use crate::i18n::use_i18n;

/// The passkey login's button and its message; nothing when passkeys are off here.
#[component]
pub fn PasskeyLogin(
    /// Starts the ceremony; its state.
    submit: Submit<()>,
    /// Whether this browser can use passkeys (the page asks; the gallery says).
    available: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let offered = move || available && config.read(|c| c.passkeys.enabled);
    let label = move || {
        let m = i18n.t().login();
        if submit.pending.get() {
            m.passkey_pending
        } else {
            m.passkey_button
        }
    };
    move || {
        offered().then(|| {
            view! {
                <div class="passkey-login">
                    <p class="passkey-login__or">{move || i18n.t().login().passkey_or}</p>
                    <button
                        class="button button--secondary button--wide"
                        type="button"
                        aria-disabled=move || if submit.pending.get() { "true" } else { "false" }
                        on:pointerenter=move |_| crate::login_passkey::prefetch()
                        on:focus=move |_| crate::login_passkey::prefetch()
                        on:click=move |_| if !submit.pending.get_untracked() { submit.to.run(()) }
                    >
                        {label}
                    </button>
                    <p class="field__hint">{move || i18n.t().login().passkey_note}</p>
                    {move || submit.error.get().map(|e| view! {
                        <p class="field__error" role="alert">{refusal_message(i18n.t(), &e)}</p>
                    })}
                </div>
            }
        })
    }
}
