//! The first step of each procedure (`/activate`, `/exchange`, `/stop`): 契約者ID and
//! ログインパスワード → 次へ. Starts the procedure on the server and moves to its next step.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use otp_api::procedure::{ProcedureKind, ProcedureStep, StartProcedureRequest};
use otp_api::session::LoginRequest;

use crate::api;
use crate::components::contact::ContactBox;
use crate::components::credentials_form::CredentialsForm;
use crate::components::page_heading::PageHeading;
use crate::components::problem_page::problem_page_or;
use crate::components::step_indicator::StepIndicator;
use crate::components::submit::Submit;
use crate::config::use_config;
use crate::flow::step_path;
use crate::i18n::{Catalog, use_i18n};

/// The procedure's title.
pub fn procedure_title(m: Catalog, kind: ProcedureKind) -> &'static str {
    match kind {
        ProcedureKind::Activate => m.procedure().activate_title,
        ProcedureKind::Exchange => m.procedure().exchange_title,
        ProcedureKind::Stop => m.procedure().stop_title,
    }
}

fn lead(m: Catalog, kind: ProcedureKind) -> &'static str {
    match kind {
        ProcedureKind::Activate => m.procedure().activate_lead,
        ProcedureKind::Exchange => m.procedure().exchange_lead,
        ProcedureKind::Stop => m.procedure().stop_lead,
    }
}

/// Starts a `kind` procedure; wrong states (no token, a token already active, locks) get
/// their own page.
#[component]
pub fn ProcedureStartPage(
    /// Which procedure.
    kind: ProcedureKind,
) -> impl IntoView {
    let navigate = use_navigate();
    let start = Action::new_local(move |credentials: &LoginRequest| {
        let request = StartProcedureRequest {
            kind,
            contract_id: credentials.contract_id.clone(),
            password: credentials.password.clone(),
        };
        crate::components::problem_page::fetch_beside_request();
        async move { api::start_procedure(&request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(procedure)) = start.value().get() {
            navigate(
                &step_path(&procedure.id, procedure.step),
                Default::default(),
            );
        }
    });
    let error = Signal::derive(move || start.value().get().and_then(Result::err));
    problem_page_or(error, move || {
        view! {
            <ProcedureStartView
                kind=kind
                submit=Submit::new(
                    move |request| {
                        start.dispatch(request);
                    },
                    start.pending(),
                    error,
                )
            />
        }
        .into_any()
    })
}

/// The exchange's cautions from the seed: keep the old token until the new one is registered;
/// without the old token, call the bank.
#[component]
pub fn ExchangeCautions() -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    view! {
        <div class="caution">
            <h2 class="caution__title">{move || i18n.t().login().caution_title}</h2>
            <p>{move || i18n.t().procedure().exchange_warning}</p>
            <p>{move || (i18n.t().procedure().no_old_token)(&config.read(|c| i18n.pick(&c.bank_self)))}</p>
        </div>
        <ContactBox />
    }
}

/// The seed's first step, before anything is typed: the cases an exchange is for, the bank's
/// token app to install (named, with its store links, when configured).
#[component]
fn FirstStep(kind: ProcedureKind) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let install = move || {
        let p = i18n.t().procedure();
        let install = match kind {
            ProcedureKind::Exchange => p.install_app_exchange,
            _ => p.install_app_activate,
        };
        config.read(|c| {
            let app = c.token_app.as_ref().map(|a| i18n.pick(&a.name));
            install(app.as_deref(), &i18n.pick(&c.bank_self))
        })
    };
    let links = move || {
        let p = i18n.t().procedure();
        let app = config.read(|c| c.token_app.clone()).unwrap_or_default();
        [
            (p.app_store, app.app_store_url),
            (p.google_play, app.google_play_url),
        ]
        .into_iter()
        .filter_map(|(label, url)| {
            url.map(|url| {
                view! {
                    <li><a href=url target="_blank" rel="noopener noreferrer">{label}</a></li>
                }
            })
        })
        .collect_view()
    };
    view! {
        <section class="panel first-step" aria-labelledby="first-step-title">
            <h2 class="panel__title" id="first-step-title">{move || i18n.t().procedure().first_step_title}</h2>
            {(kind == ProcedureKind::Exchange).then(|| view! {
                <p>{move || i18n.t().procedure().exchange_cases_lead}</p>
                <ul class="notes">
                    {move || i18n.t().procedure().exchange_cases.iter().map(|c| view! { <li>{*c}</li> }).collect_view()}
                </ul>
            })}
            <p class="first-step__install">{install}</p>
            <ul class="store-links">{links}</ul>
        </section>
    }
}

/// The credentials step of a procedure as the customer sees it.
#[component]
pub fn ProcedureStartView(
    /// Which procedure.
    kind: ProcedureKind,
    /// Where the checked credentials go, and the request's state.
    submit: Submit<LoginRequest>,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let time_limit = move || {
        let m = i18n.t();
        (m.procedure().time_limit)(&(m.common().span)(config.read(|c| c.procedure_seconds)))
    };
    view! {
        <div class="page page--procedure">
            <PageHeading text=move || procedure_title(i18n.t(), kind).to_owned() />
            <StepIndicator kind=kind current=ProcedureStep::Credentials />
            {(kind != ProcedureKind::Stop).then(|| view! { <FirstStep kind /> })}
            <section class="panel">
                <p class="panel__lead">{move || lead(i18n.t(), kind)}</p>
                <p class="time-limit">{time_limit}</p>
                <CredentialsForm
                    submit=submit
                    submit_label=move || i18n.t().procedure().next
                    secondary=move || view! {
                        <A href="/" attr:class="button button--secondary">{move || i18n.t().procedure().back_to_login}</A>
                    }
                />
            </section>
            {(kind == ProcedureKind::Exchange).then(|| view! { <ExchangeCautions /> })}
        </div>
    }
}
