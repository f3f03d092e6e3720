//! A procedure's steps after the credentials: `/procedures/{id}/{step}`. The server's state
//! decides the screen: every visit (a step, back, forward, reload) asks the server where the
//! procedure stands and replaces the URL when it is elsewhere, so a finished or expired
//! procedure can never be resubmitted. The start pages (`/activate`, `/exchange`, `/stop`)
//! are [`start`], the screens of the steps [`steps`].

pub mod start;
pub mod steps;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::params::Params;
use otp_api::procedure::{OtpRequest, Procedure};

use crate::api::{self, ApiError};
use crate::components::load_error::LoadError;
use crate::components::problem_page::{ProblemPage, has_problem_page};
use crate::components::submit::Submit;
use crate::flow::{StepSegment, redirect_for, step_path};
use crate::i18n::use_i18n;
use steps::{ProcedureStepView, Submission};

async fn submit(id: String, submission: Submission) -> Result<Option<Procedure>, ApiError> {
    match submission {
        Submission::CurrentToken(otp) => {
            api::current_token(&id, &OtpRequest { otp }).await.map(Some)
        }
        Submission::NewToken(request) => api::new_token(&id, &request).await.map(Some),
        Submission::Confirm => api::confirm(&id).await.map(Some),
        Submission::Passkey => api::procedure_passkey(&id).await.map(Some),
        Submission::Cancel => api::cancel(&id).await.map(|()| None),
    }
}

/// The route's params: `/procedures/:id/:step`.
#[derive(Params, Clone, Debug, PartialEq)]
struct ProcedureParams {
    id: Option<String>,
    step: Option<StepSegment>,
}

/// Loads the procedure named in the URL and shows its current step.
#[component]
pub fn ProcedurePage() -> impl IntoView {
    let i18n = use_i18n();
    // The route's params parsed into their types on each read (no memo of its own: the map
    // is one already).
    let params_map = use_params_map();
    let params = move || ProcedureParams::from_map(&params_map.read()).ok();
    let id = move || params().and_then(|p| p.id).unwrap_or_default();
    let step_in_url = move || params().and_then(|p| p.step).and_then(|s| s.0);
    // Keyed on the whole URL: each navigation asks the server again. The answer remembers
    // which screen asked, so a stale answer (from the step before) never redirects.
    let loaded = LocalResource::new(move || {
        let (id, asked) = (id(), step_in_url());
        async move { (asked, api::procedure(&id).await) }
    });
    let procedure = Signal::derive(move || {
        loaded
            .get()
            .filter(|(asked, _)| *asked == step_in_url())
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
                && let Some(path) = redirect_for(step_in_url(), &p)
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
            .filter(|c| has_problem_page(*c))
        {
            return Screen::Problem(code);
        }
        match procedure.get() {
            Some(Ok(p)) if Some(p.step) == step_in_url() => Screen::Step(p),
            Some(Err(ApiError::Network)) => Screen::Network,
            Some(Err(e)) => Screen::Problem(
                e.code()
                    .filter(|c| has_problem_page(*c))
                    .unwrap_or(otp_api::problem::ErrorCode::ProcedureNotFound),
            ),
            _ => Screen::Loading,
        }
    });
    move || {
        match screen.get() {
            Screen::Problem(code) => view! { <ProblemPage code=code /> }.into_any(),
            Screen::Step(p) => view! {
                <ProcedureStepView
                    procedure=p
                    submit=Submit::new(
                        move |s| {
                            action.dispatch(s);
                        },
                        pending,
                        error,
                    )
                />
            }
            .into_any(),
            Screen::Network => view! { <LoadError on_retry=move |()| loaded.refetch() /> }.into_any(),
            Screen::Loading => view! { <p class="loading" role="status">{move || i18n.t().procedure().loading_procedure}</p> }.into_any(),
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

/// Tells the demo token panel which token a finished procedure registered (demo builds).
#[cfg(feature = "demo")]
fn note_demo_registration(p: &Procedure) {
    if p.step == otp_api::procedure::ProcedureStep::Completed
        && let Some(demo) = use_context::<crate::demo::DemoTokens>()
    {
        demo.note_registered(p.token.as_ref().map(|t| t.serial_masked.as_str()));
    }
}

#[cfg(not(feature = "demo"))]
fn note_demo_registration(_: &Procedure) {}
