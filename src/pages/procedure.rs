//! A procedure's steps after the credentials: `/procedures/{id}/{step}`. The server's state
//! decides the screen: every visit (a step, back, forward, reload) asks the server where the
//! procedure stands and replaces the URL when it is elsewhere, so a finished or expired
//! procedure can never be resubmitted.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use otp_api::procedure::{NewTokenRequest, OtpRequest, Procedure, ProcedureKind, ProcedureStep};

use crate::api::{self, ApiError};
use crate::components::load_error::LoadError;
use crate::components::page_heading::PageHeading;
use crate::components::problem_panel::{ProblemPanel, has_own_page};
use crate::components::step_indicator::StepIndicator;
use crate::components::token_form::{TokenEntry, TokenForm};
use crate::flow::{parse_step_segment, redirect_for, step_path};
use crate::i18n::{fill, use_i18n};
use crate::pages::procedure_start::{ExchangeCautions, procedure_title};
use crate::time::local_time;

/// What the customer submits at a step.
#[derive(Clone, Debug)]
pub enum Submission {
    /// The current token's code.
    CurrentToken(String),
    /// The new token's serial and code.
    NewToken(NewTokenRequest),
    /// 利用中止's confirmation.
    Confirm,
    /// 中止.
    Cancel,
}

async fn submit(id: String, submission: Submission) -> Result<Option<Procedure>, ApiError> {
    match submission {
        Submission::CurrentToken(otp) => {
            api::current_token(&id, &OtpRequest { otp }).await.map(Some)
        }
        Submission::NewToken(request) => api::new_token(&id, &request).await.map(Some),
        Submission::Confirm => api::confirm(&id).await.map(Some),
        Submission::Cancel => api::cancel(&id).await.map(|()| None),
    }
}

/// Loads the procedure named in the URL and shows its current step.
#[component]
pub fn ProcedurePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let shown = move || {
        params
            .read()
            .get("step")
            .and_then(|s| parse_step_segment(&s))
    };
    // Keyed on the whole URL: each navigation asks the server again. The answer remembers
    // which screen asked, so a stale answer (from the step before) never redirects.
    let loaded = LocalResource::new(move || {
        let (id, asked) = (id(), shown());
        async move { (asked, api::procedure(&id).await) }
    });
    let procedure = Signal::derive(move || {
        loaded
            .get()
            .filter(|(asked, _)| *asked == shown())
            .map(|(_, result)| result)
    });
    let navigate = use_navigate();
    let action = Action::new_local(move |submission: &Submission| submit(id(), submission.clone()));

    let replace = NavigateOptions {
        replace: true,
        ..Default::default()
    };
    Effect::new({
        let navigate = navigate.clone();
        let replace = replace.clone();
        move |_| {
            if let Some(Ok(p)) = procedure.get()
                && let Some(path) = redirect_for(shown(), &p)
            {
                navigate(&path, replace.clone());
            }
        }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(Some(p))) => {
            note_demo_registration(&p);
            navigate(&step_path(&p.id, p.step), Default::default())
        }
        Some(Ok(None)) => navigate("/", Default::default()),
        _ => {}
    });

    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let pending = action.pending();
    // What the page shows, as a memo: the step's form is rebuilt only when the screen really
    // changes, never because a refusal appeared on it (which would wipe what was typed).
    let screen = Memo::new(move |_| {
        // A submitted step refused in a way that ends the flow gets its own page; other
        // refusals stay on the step's form.
        if let Some(code) = error
            .get()
            .and_then(|e| e.code())
            .filter(|c| has_own_page(*c))
        {
            return Screen::Problem(code);
        }
        match procedure.get() {
            Some(Ok(p)) if Some(p.step) == shown() => Screen::Step(p),
            Some(Err(ApiError::Network)) => Screen::Network,
            Some(Err(e)) => Screen::Problem(
                e.code()
                    .filter(|c| has_own_page(*c))
                    .unwrap_or(otp_api::problem::ErrorCode::ProcedureNotFound),
            ),
            _ => Screen::Loading,
        }
    });
    move || {
        match screen.get() {
            Screen::Problem(code) => view! { <ProblemPanel code=code /> }.into_any(),
            Screen::Step(p) => view! {
                <ProcedureStepView
                    procedure=p
                    pending=pending
                    error=error
                    on_submit=Callback::new(move |s| {
                        action.dispatch(s);
                    })
                />
            }
            .into_any(),
            Screen::Network => view! { <LoadError on_retry=Callback::new(move |()| loaded.refetch()) /> }.into_any(),
            Screen::Loading => view! { <p class="loading" role="status">{move || i18n.t().procedure.loading_procedure}</p> }.into_any(),
        }
    }
}

/// What the procedure page shows.
#[derive(Clone, Debug, PartialEq)]
enum Screen {
    Loading,
    Network,
    Problem(otp_api::problem::ErrorCode),
    Step(Procedure),
}

/// One step of a procedure as the customer sees it.
#[component]
pub fn ProcedureStepView(
    /// The procedure, at the step to show.
    procedure: Procedure,
    /// A submission is in flight.
    #[prop(into)]
    pending: Signal<bool>,
    /// The last submission's refusal.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// What the customer submitted.
    on_submit: Callback<Submission>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Procedure {
        kind,
        step,
        expires_at,
        token,
        ..
    } = procedure;
    let title = Signal::derive(move || procedure_title(i18n.t(), kind).to_owned());
    let cancel = move || {
        view! {
            <button class="button button--secondary" type="button" on:click=move |_| on_submit.run(Submission::Cancel)>
                {move || i18n.t().procedure.cancel}
            </button>
        }
    };
    let expires = move || view! { <p class="expires">{move || fill(i18n.t().procedure.expires_note, &local_time(expires_at))}</p> };
    let body = match step {
        ProcedureStep::CurrentToken => view! {
            <section class="panel">
                <p class="panel__lead">{move || i18n.t().procedure.current_token_lead}</p>
                {expires()}
                <TokenForm
                    on_submit=Callback::new(move |e: TokenEntry| on_submit.run(Submission::CurrentToken(e.otp)))
                    pending=pending
                    error=error
                    otp_label=Signal::derive(move || i18n.t().procedure.otp_label)
                    submit_label=Signal::derive(move || i18n.t().procedure.next)
                    secondary=cancel
                />
            </section>
            {(kind == ProcedureKind::Exchange).then(|| view! { <ExchangeCautions /> })}
        }
        .into_any(),
        ProcedureStep::NewToken => view! {
            <section class="panel">
                <p class="panel__lead">{move || i18n.t().procedure.new_token_lead}</p>
                {expires()}
                <TokenForm
                    with_serial=true
                    on_submit=Callback::new(move |e: TokenEntry| {
                        on_submit.run(Submission::NewToken(NewTokenRequest {
                            serial: e.serial.unwrap_or_default(),
                            otp: e.otp,
                        }))
                    })
                    pending=pending
                    error=error
                    otp_label=Signal::derive(move || i18n.t().procedure.otp_label)
                    submit_label=Signal::derive(move || i18n.t().procedure.register)
                    secondary=cancel
                />
            </section>
            {(kind == ProcedureKind::Exchange).then(|| view! { <ExchangeCautions /> })}
        }
        .into_any(),
        ProcedureStep::Confirm => view! {
            <section class="panel">
                <p class="panel__lead">{move || i18n.t().procedure.stop_confirm_lead}</p>
                <ul class="confirm-list">
                    {move || i18n.t().procedure.stop_confirm_points.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}
                </ul>
                {expires()}
                <div class="form__actions">
                    {cancel()}
                    <button
                        class="button button--danger"
                        type="button"
                        aria-disabled=move || if pending.get() { "true" } else { "false" }
                        on:click=move |_| if !pending.get_untracked() { on_submit.run(Submission::Confirm) }
                    >
                        {move || i18n.t().procedure.stop_confirm_button}
                    </button>
                </div>
            </section>
        }
        .into_any(),
        ProcedureStep::Completed | ProcedureStep::Cancelled | ProcedureStep::Credentials => {
            let cancelled = step == ProcedureStep::Cancelled;
            let text = move || {
                let p = &i18n.t().procedure;
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
                    {token.map(|t| view! {
                        <dl class="status-list">
                            <dt>{move || i18n.t().procedure.registered_serial}</dt>
                            <dd class="status-list__serial">{t.serial_masked}</dd>
                        </dl>
                    })}
                    <p><A href="/" attr:class="button button--primary">{move || i18n.t().procedure.back_to_login}</A></p>
                </section>
            }
            .into_any()
        }
    };
    view! {
        <div class="page page--procedure">
            <PageHeading text=title />
            <StepIndicator kind=kind current=step />
            {body}
        </div>
    }
}

/// Tells the demo token panel which token a finished procedure registered (demo builds).
#[cfg(feature = "demo")]
fn note_demo_registration(p: &Procedure) {
    if p.step == ProcedureStep::Completed
        && let Some(demo) = use_context::<crate::demo::DemoTokens>()
    {
        demo.note_registered(p.token.as_ref().map(|t| t.serial_masked.as_str()));
    }
}

#[cfg(not(feature = "demo"))]
fn note_demo_registration(_: &Procedure) {}
