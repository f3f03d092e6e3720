//! Home's パスキー section as the customer sees it: the passkeys (name, when added and last
//! used, synced or bound to one device), 「パスキーを登録」, renaming and removal, and the
//! confirmation asked first when the session's proof is not fresh.

use leptos::prelude::*;
use otp_api::passkey::{PasskeyInfo, PasskeyList, Proof};

use crate::api::ApiError;
use crate::components::form_errors::refusal_message;
use crate::components::submit::Submit;
use crate::components::token_form::{TokenEntry, TokenForm};
use crate::config::use_config;
use crate::i18n::use_i18n;
use crate::time::{Precision, bank_time};

/// What the section is doing.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum PanelMode {
    /// The list and its buttons.
    #[default]
    Idle,
    /// Renaming the passkey with this id.
    Renaming(String),
    /// Asking before removing the passkey with this id.
    Removing(String),
}

/// What adding or removing a passkey needs first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    /// Nothing: the session's proof is fresh.
    Fresh,
    /// A confirmation with this proof.
    With(Proof),
    /// Nothing can prove the contract (no token, no passkey).
    Impossible,
}

/// What a change needs first, at `now`.
pub fn confirmation_needed(list: &PasskeyList, now: i64) -> Confirmation {
    if list.fresh_until.is_some_and(|until| until > now) {
        return Confirmation::Fresh;
    }
    list.confirm_with
        .map_or(Confirmation::Impossible, Confirmation::With)
}

/// What the section's buttons do.
#[derive(Clone, Copy)]
pub struct PasskeyActions {
    /// 「パスキーを登録」 (with the name the new passkey gets).
    pub register: Callback<String>,
    /// The one-time password confirmation.
    pub confirm_otp: Submit<TokenEntry>,
    /// 「パスキーで本人確認」.
    pub confirm_passkey: Callback<()>,
    /// A new name for a passkey: (id, name).
    pub rename: Callback<(String, String)>,
    /// Removal of a passkey (asked first).
    pub remove: Callback<String>,
    /// A request (or the browser's dialog) is in flight.
    pub pending: Signal<bool>,
    /// The last failure.
    pub error: Signal<Option<ApiError>>,
    /// The last success.
    pub notice: Signal<Option<PasskeyNotice>>,
}

/// A success the section tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasskeyNotice {
    /// A passkey was registered.
    Added,
    /// One was renamed.
    Renamed,
    /// One was removed.
    Removed,
    /// The session was confirmed (changes may follow for a few minutes).
    Confirmed,
}

/// The section.
#[component]
pub fn PasskeysView(
    /// The contract's passkeys.
    list: PasskeyList,
    /// Now (Unix seconds), for the freshness of the session's proof.
    now: i64,
    /// What the section is doing.
    mode: RwSignal<PanelMode>,
    /// What its buttons do.
    actions: PasskeyActions,
    /// Whether this browser can make and use passkeys (else only renaming and removal).
    available: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let m = move || &i18n.t().home().passkeys;
    let count = list.passkeys.len();
    let full = count >= list.max as usize;
    let max = list.max;
    let needed = confirmation_needed(&list, now);
    let items = list
        .passkeys
        .into_iter()
        .map(|p| view! { <PasskeyItem passkey=p mode actions /> })
        .collect_view();
    let minutes = move || config.read(|c| c.passkeys.fresh_proof_seconds).div_ceil(60);
    let register = move |_| {
        if !actions.pending.get_untracked() {
            actions.register.run((m().default_name)(count + 1));
        }
    };
    let confirm = match needed {
        Confirmation::Fresh => None,
        Confirmation::With(Proof::Otp) => Some(view! {
            <div class="confirm-box">
                <p>{move || m().confirm_otp_lead}</p>
                <TokenForm
                    submit=actions.confirm_otp
                    otp_label=move || i18n.t().procedure().otp_label
                    submit_label=move || m().confirm_otp_button
                    secondary=|| ()
                />
            </div>
        }.into_any()),
        Confirmation::With(Proof::Passkey) => Some(view! {
            <div class="confirm-box">
                <p>{move || m().confirm_passkey_lead}</p>
                <button class="button button--primary" type="button"
                    on:click=move |_| if !actions.pending.get_untracked() { actions.confirm_passkey.run(()) }>
                    {move || m().confirm_passkey_button}
                </button>
            </div>
        }.into_any()),
        Confirmation::Impossible => Some(view! { <p>{move || m().needs_token}</p> }.into_any()),
    };
    let fresh = needed == Confirmation::Fresh;
    view! {
        <section class="panel" aria-labelledby="passkeys-title">
            <h2 class="panel__title" id="passkeys-title">{move || m().title}</h2>
            <p>{move || m().lead}</p>
            <div role="status">
                {move || actions.notice.get().map(|n| {
                    let text = match n {
                        PasskeyNotice::Added => m().added_notice.to_owned(),
                        PasskeyNotice::Renamed => m().renamed_notice.to_owned(),
                        PasskeyNotice::Removed => m().removed_notice.to_owned(),
                        PasskeyNotice::Confirmed => (m().confirmed)(minutes()),
                    };
                    view! { <p class="notice">{text}</p> }
                })}
            </div>
            {move || actions.error.get().map(|e| view! {
                <p class="field__error" role="alert">{refusal_message(i18n.t(), &e)}</p>
            })}
            {if count == 0 {
                view! { <p>{move || m().none}</p> }.into_any()
            } else {
                view! { <ul class="passkey-list">{items}</ul> }.into_any()
            }}
            {confirm}
            {if full {
                view! { <p>{move || (m().limit)(max)}</p> }.into_any()
            } else if fresh && available {
                view! {
                    <button class="button button--primary" type="button" on:click=register
                        aria-disabled=move || if actions.pending.get() { "true" } else { "false" }>
                        {move || if actions.pending.get() { m().registering } else { m().register }}
                    </button>
                }.into_any()
            } else {
                ().into_any()
            }}
        </section>
    }
}

/// One passkey, with its buttons (or its rename form, or the question before removal).
#[component]
fn PasskeyItem(
    passkey: PasskeyInfo,
    mode: RwSignal<PanelMode>,
    actions: PasskeyActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let m = move || &i18n.t().home().passkeys;
    let when = move |unix: i64| {
        let zone = config.read(|c| c.time_zone.clone());
        bank_time(unix, &zone, i18n.locale(), Precision::Minute)
    };
    let PasskeyInfo {
        id,
        name,
        created_at,
        last_used_at,
        synced,
    } = passkey;
    let typed = RwSignal::new(name.clone());
    let field_id = format!("passkey-name-{id}");
    let (rename_id, remove_id, save_id, confirm_id) =
        (id.clone(), id.clone(), id.clone(), id.clone());
    let question_name = name.clone();
    let renaming = move || mode.get() == PanelMode::Renaming(rename_id.clone());
    let removing = move || mode.get() == PanelMode::Removing(remove_id.clone());
    view! {
        <li class="passkey-list__item">
            <p class="passkey-list__name">{name}</p>
            <dl class="status-list">
                <dt>{move || m().added}</dt>
                <dd>{move || when(created_at)}</dd>
                <dt>{move || m().last_used}</dt>
                <dd>{move || last_used_at.map(when).unwrap_or_else(|| m().never_used.to_owned())}</dd>
            </dl>
            <p class="passkey-list__kind">{move || if synced { m().synced } else { m().device_bound }}</p>
            {move || if renaming() {
                let (field_id, save_id) = (field_id.clone(), save_id.clone());
                view! {
                    <form class="form form--inline" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        actions.rename.run((save_id.clone(), typed.get_untracked()));
                    }>
                        <label for=field_id.clone()>{move || m().name_label}</label>
                        <input id=field_id class="field__input" type="text" maxlength="40"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev)) />
                        <button class="button button--primary" type="submit">{move || m().save}</button>
                        <button class="button button--secondary" type="button"
                            on:click=move |_| mode.set(PanelMode::Idle)>{move || m().cancel}</button>
                    </form>
                }.into_any()
            } else if removing() {
                let (confirm_id, question_name) = (confirm_id.clone(), question_name.clone());
                view! {
                    <div class="confirm-box" role="group">
                        <p>{move || (m().remove_question)(&question_name)}</p>
                        <button class="button button--danger" type="button"
                            on:click=move |_| actions.remove.run(confirm_id.clone())>{move || m().remove_confirm}</button>
                        <button class="button button--secondary" type="button"
                            on:click=move |_| mode.set(PanelMode::Idle)>{move || m().cancel}</button>
                    </div>
                }.into_any()
            } else {
                let (a, b) = (id.clone(), id.clone());
                view! {
                    <div class="form__actions">
                        <button class="button button--secondary" type="button"
                            on:click=move |_| mode.set(PanelMode::Renaming(a.clone()))>{move || m().rename}</button>
                        <button class="button button--secondary" type="button"
                            on:click=move |_| mode.set(PanelMode::Removing(b.clone()))>{move || m().remove}</button>
                    </div>
                }.into_any()
            }}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(fresh_until: Option<i64>, confirm_with: Option<Proof>) -> PasskeyList {
        PasskeyList {
            passkeys: Vec::new(),
            max: 10,
            fresh_until,
            confirm_with,
        }
    }

    #[test]
    fn a_fresh_proof_asks_nothing_else_what_the_server_names() {
        use Confirmation::*;
        let otp = Some(Proof::Otp);
        assert_eq!(confirmation_needed(&list(Some(100), otp), 99), Fresh);
        let passkey = Some(Proof::Passkey);
        assert_eq!(
            confirmation_needed(&list(Some(100), passkey), 100),
            With(Proof::Passkey)
        );
        assert_eq!(confirmation_needed(&list(None, otp), 1), With(Proof::Otp));
        assert_eq!(confirmation_needed(&list(None, None), 1), Impossible);
    }
}
