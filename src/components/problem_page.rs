//! The wrong-state pages: for each refusal that ends a flow (no token, a token already
//! active, a lock, an expired or unknown procedure), what happened and what the customer can
//! do, in plain words.

use leptos::prelude::*;
use leptos_router::components::A;
use otp_api::problem::ErrorCode;
use otp_api::procedure::ProcedureKind;

use crate::api::ApiError;
use crate::components::contact::ContactBox;
use crate::components::form_errors::{join_sentences, wait_message};
use crate::components::page_heading::PageHeading;
use crate::config::use_config;
use crate::flow::start_path;
use crate::i18n::{Catalog, use_i18n};

/// Whether `code` ends the flow with a problem page of its own (rather than a message on the
/// form).
pub const fn has_problem_page(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::NoActiveToken
            | ErrorCode::TokenAlreadyActive
            | ErrorCode::AccountLocked
            | ErrorCode::TokenLocked
            | ErrorCode::ProcedureExpired
            | ErrorCode::ProcedureAttemptsExceeded
            | ErrorCode::ProcedureNotFound
            | ErrorCode::ProcedureSuperseded
            | ErrorCode::SessionExpired
            | ErrorCode::PasskeyRequired
    )
}

/// What selects a problem page: the refusal, and how long to wait when the server said
/// (a temporary lock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemPageKey {
    /// The refusal.
    pub code: ErrorCode,
    /// Seconds to wait, if the refusal ends by itself.
    pub retry_after: Option<u32>,
}

/// The refusal among `error` that has a problem page, as a memo: a page rebuilds its form only
/// when this changes, so a refusal shown on the form never wipes what the customer typed.
pub fn problem_page_key(error: Signal<Option<ApiError>>) -> Memo<Option<ProblemPageKey>> {
    Memo::new(move |_| match error.get() {
        Some(ApiError::Problem(p)) if has_problem_page(p.code) => Some(ProblemPageKey {
            code: p.code,
            retry_after: p.retry_after_seconds,
        }),
        _ => None,
    })
}

/// The page for `error` when it ends the flow, else `form` (which keeps what was typed when a
/// refusal is shown on it: it is rebuilt only when the problem page comes or goes). The pages come
/// in a chunk of their own (`problem_page`): the login screen, which meets them rarely, does
/// not carry them in the first module; it fetches them once the browser is idle.
pub fn problem_page_or(
    error: Signal<Option<ApiError>>,
    form: impl Fn() -> AnyView + Send + Sync + 'static,
) -> impl Fn() -> AnyView {
    let own_page = problem_page_key(error);
    move || match own_page.get() {
        Some(page) => {
            Suspend::new(async move { crate::lazy::chunk_view(load_problem_page(page).await) })
                .into_any()
        }
        None => form(),
    }
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    problem_page,
    fallible,
    wasm_split_path = ::leptos::wasm_split,
    preload(#[doc(hidden)] preload_problem_page)
)]
fn load_problem_page(
    page: ProblemPageKey,
) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <ProblemPage code=page.code retry_after=page.retry_after /> }.into_any())
}

/// The pages, built in: wasm-bindgen's test runner has no chunk loader.
#[cfg(not(feature = "split"))]
async fn load_problem_page(
    page: ProblemPageKey,
) -> Result<AnyView, leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <ProblemPage code=page.code retry_after=page.retry_after /> }.into_any())
}

/// Fetches the wrong-state pages' chunk beside a request that may be refused with one (a
/// login, a procedure's start), so that it is not fetched before anything is tried.
pub fn fetch_beside_request() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_problem_page().await;
    });
}

/// What a wrong-state page says and offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemPageText {
    /// The heading.
    pub title: &'static str,
    /// What happened.
    pub body: String,
    /// The next step's link: its label and path.
    pub next: Option<(&'static str, &'static str)>,
    /// Whether the bank's contact is shown (only the bank can help).
    pub contact: bool,
}

/// The configured values a wrong-state page states.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProblemPageValues {
    /// The bank's self-reference, in the page's language.
    pub bank_self: String,
    /// Seconds a procedure allows.
    pub procedure_seconds: u32,
}

/// What the page says and offers for `code`.
pub fn problem_page_text(
    m: Catalog,
    code: ErrorCode,
    values: &ProblemPageValues,
) -> ProblemPageText {
    let p = &m.problems();
    let page = |title, body: &str, next| ProblemPageText {
        title,
        body: body.to_owned(),
        next,
        contact: false,
    };
    let bank = values.bank_self.as_str();
    match code {
        ErrorCode::NoActiveToken => page(
            p.no_active_token_title,
            p.no_active_token_body,
            Some((p.go_activate, start_path(ProcedureKind::Activate))),
        ),
        ErrorCode::TokenAlreadyActive => page(
            p.token_already_active_title,
            p.token_already_active_body,
            Some((p.go_exchange, start_path(ProcedureKind::Exchange))),
        ),
        ErrorCode::AccountLocked => ProblemPageText {
            contact: true,
            ..page(p.account_locked_title, &(p.account_locked_body)(bank), None)
        },
        ErrorCode::TokenLocked => ProblemPageText {
            contact: true,
            ..page(p.token_locked_title, &(p.token_locked_body)(bank), None)
        },
        ErrorCode::PasskeyRequired => ProblemPageText {
            contact: true,
            ..page(
                p.passkey_required_title,
                &(p.passkey_required_body)(bank),
                Some((p.start_again, "/")),
            )
        },
        _ => {
            let (title, body) = match code {
                ErrorCode::ProcedureExpired => (
                    p.procedure_expired_title,
                    (p.procedure_expired_body)(&(m.common().span)(values.procedure_seconds)),
                ),
                ErrorCode::ProcedureAttemptsExceeded => (
                    p.procedure_attempts_exceeded_title,
                    p.procedure_attempts_exceeded_body.to_owned(),
                ),
                ErrorCode::ProcedureSuperseded => (
                    p.procedure_superseded_title,
                    p.procedure_superseded_body.to_owned(),
                ),
                ErrorCode::SessionExpired => (
                    p.session_expired_title,
                    m.error(ErrorCode::SessionExpired).to_owned(),
                ),
                _ => (
                    p.procedure_not_found_title,
                    p.procedure_not_found_body.to_owned(),
                ),
            };
            page(title, &body, Some((p.start_again, "/")))
        }
    }
}

/// The explanation on the page: a temporary account lock says how long it lasts instead of
/// sending the customer to the bank.
pub fn problem_page_body(
    m: Catalog,
    code: ErrorCode,
    retry_after: Option<u32>,
    values: &ProblemPageValues,
) -> String {
    match (code, retry_after) {
        (ErrorCode::AccountLocked, Some(_)) => join_sentences(
            m.problems().account_locked_temporary_body,
            &wait_message(m, retry_after),
        ),
        _ => problem_page_text(m, code, values).body,
    }
}

/// A whole page explaining `code`.
#[component]
pub fn ProblemPage(
    /// The refusal.
    code: ErrorCode,
    /// Seconds until it ends by itself (a temporary lock), if the server said.
    #[prop(default = None)]
    retry_after: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let temporary = retry_after.is_some();
    let page = Memo::new(move |_| {
        let values = config.read(|c| ProblemPageValues {
            bank_self: i18n.pick(&c.bank_self),
            procedure_seconds: c.procedure_seconds,
        });
        let mut page = problem_page_text(i18n.t(), code, &values);
        page.body = problem_page_body(i18n.t(), code, retry_after, &values);
        page
    });
    view! {
        <div class="page page--problem" data-problem=code.as_str()>
            <PageHeading text=move || page.get().title />
            <section class="panel panel--problem">
                <p class="problem__body">{move || page.get().body}</p>
                {move || {
                    page.get().next.map(|(label, href)| view! {
                        <p><A href=href attr:class="button button--primary">{label}</A></p>
                    })
                }}
                {move || (page.get().contact && !temporary).then(|| view! { <ContactBox /> })}
                <p class="panel__link">
                    <A href="/">{move || i18n.t().problems().to_login}</A>
                </p>
            </section>
        </div>
    }
}
