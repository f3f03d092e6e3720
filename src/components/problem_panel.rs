//! The wrong-state pages: for each refusal that ends a flow (no token, a token already
//! active, a lock, an expired or unknown procedure), what happened and what the customer can
//! do, in plain words.

use leptos::prelude::*;
use leptos_router::components::A;
use otp_api::problem::ErrorCode;

use crate::api::ApiError;
use crate::components::contact::ContactBox;
use crate::components::form_errors::{join_sentences, wait_message};
use crate::components::page_heading::PageHeading;
use crate::i18n::{Messages, use_i18n};

/// Whether `code` ends the flow with its own page (rather than a message on the form).
pub const fn has_own_page(code: ErrorCode) -> bool {
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
    )
}

/// A refusal that has its own page: its code, and how long to wait when the server said
/// (a temporary lock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnPage {
    /// The refusal.
    pub code: ErrorCode,
    /// Seconds to wait, if the refusal ends by itself.
    pub retry_after: Option<u32>,
}

/// The refusal among `error` that needs its own page, as a memo: a page rebuilds its form only
/// when this changes, so a refusal shown on the form never wipes what the customer typed.
pub fn own_page_code(error: Signal<Option<ApiError>>) -> Memo<Option<OwnPage>> {
    Memo::new(move |_| match error.get() {
        Some(ApiError::Problem(p)) if has_own_page(p.code) => Some(OwnPage {
            code: p.code,
            retry_after: p.retry_after_seconds,
        }),
        _ => None,
    })
}

/// What the page says and offers for `code`: title, explanation, the next step's link (label
/// and path), and whether the bank's contact is shown.
pub fn problem_page(
    m: &Messages,
    code: ErrorCode,
) -> (
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
    bool,
) {
    let p = &m.problems;
    match code {
        ErrorCode::NoActiveToken => (
            p.no_active_token_title,
            p.no_active_token_body,
            Some((p.go_activate, "/activate")),
            false,
        ),
        ErrorCode::TokenAlreadyActive => (
            p.token_already_active_title,
            p.token_already_active_body,
            Some((p.go_exchange, "/exchange")),
            false,
        ),
        ErrorCode::AccountLocked => (p.account_locked_title, p.account_locked_body, None, true),
        ErrorCode::TokenLocked => (p.token_locked_title, p.token_locked_body, None, true),
        ErrorCode::ProcedureExpired => (
            p.procedure_expired_title,
            p.procedure_expired_body,
            Some((p.start_again, "/")),
            false,
        ),
        ErrorCode::ProcedureAttemptsExceeded => (
            p.procedure_attempts_exceeded_title,
            p.procedure_attempts_exceeded_body,
            Some((p.start_again, "/")),
            false,
        ),
        ErrorCode::ProcedureSuperseded => (
            p.procedure_superseded_title,
            p.procedure_superseded_body,
            Some((p.start_again, "/")),
            false,
        ),
        ErrorCode::SessionExpired => (
            p.session_expired_title,
            m.errors.session_expired,
            Some((p.start_again, "/")),
            false,
        ),
        _ => (
            p.procedure_not_found_title,
            p.procedure_not_found_body,
            Some((p.start_again, "/")),
            false,
        ),
    }
}

/// The explanation on the page: a temporary account lock says how long it lasts instead of
/// sending the customer to the bank.
pub fn problem_body(m: &Messages, code: ErrorCode, retry_after: Option<u32>) -> String {
    match (code, retry_after) {
        (ErrorCode::AccountLocked, Some(_)) => join_sentences(
            m.problems.account_locked_temporary_body,
            &wait_message(m, retry_after),
        ),
        _ => problem_page(m, code).1.to_owned(),
    }
}

/// A whole page explaining `code`.
#[component]
pub fn ProblemPanel(
    /// The refusal.
    code: ErrorCode,
    /// Seconds until it ends by itself (a temporary lock), if the server said.
    #[prop(default = None)]
    retry_after: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = Signal::derive(move || problem_page(i18n.t(), code).0.to_owned());
    let temporary = retry_after.is_some();
    view! {
        <div class="page page--problem" data-problem=code.as_str()>
            <PageHeading text=title />
            <section class="panel panel--problem">
                <p class="problem__body">{move || problem_body(i18n.t(), code, retry_after)}</p>
                {move || {
                    let (_, _, action, _) = problem_page(i18n.t(), code);
                    action.map(|(label, href)| view! {
                        <p><A href=href attr:class="button button--primary">{label}</A></p>
                    })
                }}
                {move || (problem_page(i18n.t(), code).3 && !temporary).then(|| view! { <ContactBox /> })}
                <p class="panel__link">
                    <A href="/">{move || i18n.t().procedure.back_to_login}</A>
                </p>
            </section>
        </div>
    }
}
