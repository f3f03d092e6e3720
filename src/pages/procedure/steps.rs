//! The screens of a procedure's steps after the credentials: one component per step, and
//! the view that puts the procedure's heading and step indicator above the step it is at.

use leptos::prelude::*;
use leptos_router::components::A;
use otp_api::procedure::{NewTokenRequest, Procedure, ProcedureKind, ProcedureStep};

use super::start::{ExchangeCautions, procedure_title};
use crate::components::contact::ContactBox;
use crate::components::form_errors::refusal_message;
use crate::components::page_heading::PageHeading;
use crate::components::step_indicator::StepIndicator;
use crate::components::submit::Submit;
use crate::components::token_form::{TokenEntry, TokenForm};
use crate::config::use_config;
use crate::i18n::use_i18n;
use crate::time::{Precision, bank_time};

/// What the customer submits at a step.
#[derive(Clone, Debug)]
pub enum Submission {
    /// The current token's code.
    CurrentToken(String),
    /// The new token's serial and code.
    NewToken(NewTokenRequest),
    /// 利用中止's confirmation.
    Confirm,
    /// A passkey's assertion (the browser's dialog runs first).
    Passkey,
    /// 中止.
    Cancel,
}

/// One step of a procedure as the customer sees it.
#[component]
pub fn ProcedureStepView(
    /// The procedure, at the step to show.
    procedure: Procedure,
    /// Where what the customer submits goes, and the request's state.
    submit: Submit<Submission>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Procedure {
        kind,
        step,
        proof,
        expires_at,
        token,
        ..
    } = procedure;
    let body = match step {
        ProcedureStep::CurrentToken | ProcedureStep::NewToken => {
            view! { <TokenStep kind step expires_at submit /> }.into_any()
        }
        ProcedureStep::Confirm => view! { <ConfirmStep expires_at submit /> }.into_any(),
        ProcedureStep::Passkey => view! { <PasskeyStep kind expires_at submit /> }.into_any(),
        ProcedureStep::Completed | ProcedureStep::Cancelled | ProcedureStep::Credentials => {
            let serial = token.map(|t| t.serial_masked);
            view! { <StepDone kind cancelled=step == ProcedureStep::Cancelled serial /> }.into_any()
        }
    };
    view! {
        <div class="page page--procedure">
            <PageHeading text=move || procedure_title(i18n.t(), kind) />
            <StepIndicator kind=kind proof=proof current=step />
            {body}
        </div>
    }
}

/// 中止: ends the procedure and goes back to the login screen.
#[component]
fn CancelButton(submit: Submit<Submission>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button class="button button--secondary" type="button" on:click=move |_| submit.to.run(Submission::Cancel)>
            {move || i18n.t().procedure().cancel}
        </button>
    }
}

/// By when the procedure must be finished.
#[component]
fn ExpiresNote(expires_at: i64) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let deadline = move || {
        let zone = config.read(|c| c.time_zone.clone());
        bank_time(expires_at, &zone, i18n.locale(), Precision::Deadline)
    };
    view! { <p class="expires">{move || (i18n.t().procedure().expires_note)(&deadline())}</p> }
}

/// A token's code: the current token's (交換, 利用中止), or the new token's serial and code
/// (利用開始, 交換), which registers it.
#[component]
fn TokenStep(
    kind: ProcedureKind,
    step: ProcedureStep,
    expires_at: i64,
    submit: Submit<Submission>,
) -> impl IntoView {
    let i18n = use_i18n();
    let new_token = step == ProcedureStep::NewToken;
    let entered = Submit::new(
        move |e: TokenEntry| {
            submit.to.run(match e.serial {
                Some(serial) if new_token => {
                    Submission::NewToken(NewTokenRequest { serial, otp: e.otp })
                }
                _ => Submission::CurrentToken(e.otp),
            })
        },
        submit.pending,
        submit.error,
    );
    let p = move || i18n.t().procedure();
    view! {
        <section class="panel">
            <p class="panel__lead">{move || if new_token { p().new_token_lead } else { p().current_token_lead }}</p>
            <ExpiresNote expires_at />
            <TokenForm
                with_serial=new_token
                submit=entered
                otp_label=move || p().otp_label
                submit_label=move || if new_token { p().register } else { p().next }
                secondary=move || view! { <CancelButton submit /> }
            />
        </section>
        {(kind == ProcedureKind::Exchange).then(|| view! { <ExchangeCautions /> })}
    }
}

/// The passkey's step (once the contract has one, in place of the current token's code): the
/// browser's dialog, then the next step.
#[component]
fn PasskeyStep(kind: ProcedureKind, expires_at: i64, submit: Submit<Submission>) -> impl IntoView {
    let i18n = use_i18n();
    let p = move || i18n.t().procedure();
    view! {
        <section class="panel">
            <p class="panel__lead">{move || p().passkey_lead}</p>
            <p>{move || p().passkey_why}</p>
            {move || submit.error.get().map(|e| view! {
                <p class="field__error" role="alert">{refusal_message(i18n.t(), &e)}</p>
            })}
            <ExpiresNote expires_at />
            <div class="form__actions">
                <CancelButton submit />
                <button
                    class="button button--primary"
                    type="button"
                    aria-disabled=move || if submit.pending.get() { "true" } else { "false" }
                    on:click=move |_| if !submit.pending.get_untracked() { submit.to.run(Submission::Passkey) }
                >
                    {move || p().passkey_button}
                </button>
            </div>
            <p class="field__hint">{move || p().passkey_lost}</p>
        </section>
        // The exchange's cautions carry the help desk; the other procedures show it here.
        {if kind == ProcedureKind::Exchange {
            view! { <ExchangeCautions /> }.into_any()
        } else {
            view! { <ContactBox /> }.into_any()
        }}
    }
}

/// 利用中止's confirmation.
#[component]
fn ConfirmStep(expires_at: i64, submit: Submit<Submission>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <p class="panel__lead">{move || i18n.t().procedure().stop_confirm_lead}</p>
            <ul class="confirm-list">
                {move || i18n.t().procedure().stop_confirm_points.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}
            </ul>
            <ExpiresNote expires_at />
            <div class="form__actions">
                <CancelButton submit />
                <button
                    class="button button--danger"
                    type="button"
                    aria-disabled=move || if submit.pending.get() { "true" } else { "false" }
                    on:click=move |_| if !submit.pending.get_untracked() { submit.to.run(Submission::Confirm) }
                >
                    {move || i18n.t().procedure().stop_confirm_button}
                </button>
            </div>
        </section>
    }
}

/// The end of a procedure: done or cancelled, with the serial it registered.
#[component]
fn StepDone(kind: ProcedureKind, cancelled: bool, serial: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let text = move || {
        let p = i18n.t().procedure();
        match (cancelled, kind) {
            (true, _) => (p.cancelled_title, p.cancelled_body),
            (false, ProcedureKind::Activate) => (p.activate_done_title, p.activate_done_body),
            (false, ProcedureKind::Exchange) => (p.exchange_done_title, p.exchange_done_body),
            (false, ProcedureKind::Stop) => (p.stop_done_title, p.stop_done_body),
        }
    };
    view! {
        <section class="panel panel--done" role="status">
            <h2 class="panel__title">{move || text().0}</h2>
            <p>{move || text().1}</p>
            {move || (!cancelled && config.read(|c| c.notices)).then(|| view! {
                <p class="notice-sent">{move || i18n.t().procedure().notice_sent}</p>
            })}
            {serial.map(|serial| view! {
                <dl class="status-list">
                    <dt>{move || i18n.t().procedure().registered_serial}</dt>
                    <dd class="status-list__serial">{serial}</dd>
                </dl>
            })}
            <p><A href="/" attr:class="button button--primary">{move || i18n.t().procedure().back_to_login}</A></p>
        </section>
    }
}
