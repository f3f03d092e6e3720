//! 「心当たりがない」 `/activity/report`: what a report does, the report itself, and what to do
//! next (the help desk; that the bank can stop the token and remove passkeys).

use leptos::prelude::*;
use otp_api::activity::ReportOutcome;

use crate::api::{self, ApiError};
use crate::components::contact::ContactBox;
use crate::components::form_errors::refusal_message;
use crate::components::page_heading::PageHeading;
use crate::config::use_config;
use crate::i18n::use_i18n;
use crate::pages::home_activity::ACTIVITY_PATH;

/// Where the report stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ReportState {
    /// Not sent yet: what it will do.
    Asking,
    /// Sent, no answer yet.
    Sending,
    /// Done: what was done.
    Done(ReportOutcome),
    /// Refused or not sent (nothing was changed).
    Failed(ApiError),
}

/// Runs the report when asked.
#[component]
pub fn ReportPage() -> impl IntoView {
    let state = RwSignal::new(ReportState::Asking);
    let confirm = move |()| {
        if state.get_untracked() == ReportState::Sending {
            return;
        }
        state.set(ReportState::Sending);
        leptos::task::spawn_local(async move {
            state.set(match api::report().await {
                Ok(outcome) => ReportState::Done(outcome),
                Err(e) => ReportState::Failed(e),
            });
        });
    };
    view! { <ReportView state=state on_confirm=confirm /> }
}

/// The report's page in any state.
#[component]
pub fn ReportView(
    /// Where the report stands.
    #[prop(into)]
    state: Signal<ReportState>,
    /// The report confirmed.
    #[prop(into)]
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let done = move || match state.get() {
        ReportState::Done(outcome) => Some(outcome),
        _ => None,
    };
    view! {
        <div class="page page--report">
            {move || match done() {
                Some(outcome) => view! { <Reported outcome=outcome /> }.into_any(),
                None => view! { <Asking state=state on_confirm=on_confirm /> }.into_any(),
            }}
            <NextSteps />
            <ContactBox />
            <p>
                {move || match done().is_some_and(|o| o.locked) {
                    true => view! { <a href="/">{move || i18n.t().activity().back_to_login}</a> }.into_any(),
                    false => view! { <a href="/home">{move || i18n.t().activity().back_home}</a> }.into_any(),
                }}
            </p>
        </div>
    }
}

#[component]
fn Asking(state: Signal<ReportState>, on_confirm: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let locks = config.read(|c| c.report_locks);
    let sending = move || state.get() == ReportState::Sending;
    let refusal = move || match state.get() {
        ReportState::Failed(e) => Some(refusal_message(i18n.t(), &e)),
        _ => None,
    };
    view! {
        <PageHeading text=move || i18n.t().activity().report_title />
        <p>{move || i18n.t().activity().report_lead}</p>
        <ul class="report__does">
            {move || i18n.t().activity().report_does.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}
        </ul>
        {locks.then(|| view! {
            <p class="report__locks">{move || (i18n.t().activity().report_locks)(&config.read(|c| i18n.pick(&c.bank_self)))}</p>
        })}
        <p class="form-error" role="alert" hidden=move || refusal().is_none()>{refusal}</p>
        <p class="actions">
            <button class="button button--primary" type="button" aria-disabled=move || sending().to_string()
                on:click=move |_| on_confirm.run(())>
                {move || match sending() {
                    true => i18n.t().activity().reporting,
                    false => i18n.t().activity().report_confirm,
                }}
            </button>
            <a class="button button--secondary" href=ACTIVITY_PATH>{move || i18n.t().activity().report_back}</a>
        </p>
    }
}

#[component]
fn Reported(outcome: ReportOutcome) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let bank = move || config.read(|c| i18n.pick(&c.bank_self));
    view! {
        <div class="panel panel--done" role="status">
            <PageHeading text=move || i18n.t().activity().reported_title />
            <p>{move || (i18n.t().activity().reported_sessions)(outcome.sessions_ended)}</p>
            <p>{move || (i18n.t().activity().reported_procedures)(outcome.procedures_cancelled)}</p>
            {outcome.locked.then(|| view! { <p>{move || (i18n.t().activity().reported_locked)(&bank())}</p> })}
            {(outcome.token || outcome.passkeys).then(|| view! {
                <p>{move || (i18n.t().activity().next_stop)(&bank())}</p>
            })}
        </div>
    }
}

/// What to do next, in the seed's plain style.
#[component]
fn NextSteps() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let bank = move || config.read(|c| i18n.pick(&c.bank_self));
    view! {
        <section class="panel" aria-labelledby="next-title">
            <h2 class="panel__title" id="next-title">{move || i18n.t().activity().next_title}</h2>
            <ol class="report__next">
                <li>{move || (i18n.t().activity().next_call)(&bank())}</li>
                <li>{move || i18n.t().activity().next_password}</li>
                <li>{move || (i18n.t().activity().next_never)(&bank())}</li>
            </ol>
        </section>
    }
}
