//! The registry of stories: every screen in every state, rendered by the same presentational
//! components the app uses, from fixtures. The gallery's index, its deep links, the screenshot
//! script and the Playwright test all read this one list, so a new story cannot be forgotten.

use leptos::prelude::*;
use otp_api::problem::{ErrorCode, Field, FieldErrorCode};
use otp_api::procedure::{ProcedureKind as Kind, ProcedureStep as Step};

use super::fixtures::{
    activity_events, activity_page, invalid, passkeys, procedure, refusal, refusal_near_lock,
    session, session_after, throttled, token,
};
use crate::api::ApiError;
use crate::api::PasskeyRefusal;
use crate::components::load_error::LoadError;
use crate::components::passkey_list::{PanelMode, PasskeyActions, PasskeyNotice, PasskeysView};
use crate::components::problem_page::ProblemPage;
use crate::components::submit::Submit;
use crate::demo::DemoPanel;
use crate::form::TypedCredentials;
use crate::pages::activity::ActivityView;
use crate::pages::help::{HelpPage, HelpTopic};
use crate::pages::home::HomeView;
use crate::pages::login::LoginView;
use crate::pages::login_otp::LoginOtpView;
use crate::pages::not_found::NotFoundPage;
use crate::pages::procedure::start::ProcedureStartView;
use crate::pages::procedure::steps::ProcedureStepView;
use crate::pages::report::{ReportState, ReportView};
use otp_api::activity::{FailedLogins, LoginFactor, ReportOutcome};
use otp_api::passkey::Proof;

/// One screen in one state.
#[derive(Clone, Copy)]
pub struct Story {
    /// The screen (first URL segment).
    pub screen: &'static str,
    /// The state (second URL segment).
    pub state: &'static str,
    /// Renders it.
    pub render: fn() -> AnyView,
}

fn login(error: Option<ApiError>, pending: bool, filled: bool, keyboard: bool) -> AnyView {
    let initial = if filled {
        TypedCredentials {
            contract_id: "0123456789".into(),
            password: "demo1234".into(),
        }
    } else {
        TypedCredentials::default()
    };
    view! {
        <LoginView
            submit=submit_state(pending, error)
            initial=initial
            keyboard_open=keyboard
        />
    }
    .into_any()
}

/// The login screen with 「パスキーでログイン」, in the state the story shows.
fn login_passkey(error: Option<ApiError>, pending: bool) -> AnyView {
    view! {
        <LoginView
            submit=submit_state(false, None)
            passkey=submit_state(pending, error)
            passkey_available=true
        />
    }
    .into_any()
}

/// Home with its パスキー section: the list, what the section is doing, and its last answer.
fn home_passkeys(
    list: otp_api::passkey::PasskeyList,
    mode: PanelMode,
    pending: bool,
    error: Option<ApiError>,
    notice: Option<PasskeyNotice>,
) -> AnyView {
    let mode = RwSignal::new(mode);
    let actions = PasskeyActions {
        register: Callback::new(|_| {}),
        confirm_otp: submit_state(pending, error.clone()),
        confirm_passkey: Callback::new(|()| {}),
        rename: Callback::new(|_| {}),
        remove: Callback::new(|_| {}),
        pending: Signal::stored(pending),
        error: Signal::stored(error),
        notice: Signal::stored(notice),
    };
    let section = ViewFn::from(move || {
        view! { <PasskeysView list=list.clone() now=super::fixtures::now() mode actions available=true /> }
    });
    view! {
        <HomeView
            info=session(Some(token(false)))
            idle_remaining=600
            on_continue=|_| {}
            on_logout=|_| {}
            passkeys=section
        />
    }
    .into_any()
}

fn login_otp(error: Option<ApiError>, pending: bool) -> AnyView {
    view! { <LoginOtpView submit=submit_state(pending, error) /> }.into_any()
}

fn home(token: Option<otp_api::session::TokenStatus>, idle_remaining: u32) -> AnyView {
    view! {
        <HomeView
            info=session(token)
            idle_remaining=idle_remaining
            on_continue=|_| {}
            on_logout=|_| {}
        />
    }
    .into_any()
}

fn home_after(previous: Option<LoginFactor>, failed: FailedLogins) -> AnyView {
    view! {
        <HomeView
            info=session_after(previous, failed)
            idle_remaining=600
            on_continue=|_| {}
            on_logout=|_| {}
        />
    }
    .into_any()
}

fn activity(page: otp_api::activity::ActivityPage) -> AnyView {
    view! { <ActivityView page=page /> }.into_any()
}

fn report(state: ReportState) -> AnyView {
    view! { <ReportView state=state on_confirm=|_| {} /> }.into_any()
}

fn start(kind: Kind, error: Option<ApiError>) -> AnyView {
    view! { <ProcedureStartView kind=kind submit=submit_state(false, error) /> }.into_any()
}

fn step(kind: Kind, step: Step, error: Option<ApiError>, pending: bool) -> AnyView {
    view! {
        <ProcedureStepView
            procedure=procedure(kind, step)
            submit=submit_state(pending, error)
        />
    }
    .into_any()
}

/// A form's submission in a story: nowhere to go, with the state the story shows.
fn submit_state<T: 'static>(pending: bool, error: Option<ApiError>) -> Submit<T> {
    Submit::new(|_| {}, pending, error)
}

fn problem(code: ErrorCode) -> AnyView {
    view! { <ProblemPage code=code /> }.into_any()
}

fn problem_for_a_while(code: ErrorCode, retry_after: u32) -> AnyView {
    view! { <ProblemPage code=code retry_after=Some(retry_after) /> }.into_any()
}

fn demo(open: bool) -> AnyView {
    view! { {login(None, false, false, false)} <DemoPanel open=open /> }.into_any()
}

macro_rules! stories {
    ($( $screen:literal / $state:literal => $render:expr ),* $(,)?) => {
        /// Every story, in index order.
        pub const STORIES: &[Story] = &[ $( Story { screen: $screen, state: $state, render: || $render } ),* ];
    };
}

stories! {
    "login" / "empty" => login(None, false, false, false),
    "login" / "filled" => login(None, false, true, false),
    "login" / "field-errors" => login(
        invalid(&[(Field::ContractId, FieldErrorCode::WrongLength), (Field::Password, FieldErrorCode::MissingDigit)]),
        false, false, false,
    ),
    "login" / "full-width-password" => login(
        invalid(&[(Field::Password, FieldErrorCode::FullWidth)]),
        false, false, false,
    ),
    "login" / "invalid-credentials" => login(refusal(ErrorCode::InvalidCredentials), false, true, false),
    "login" / "lock-near" => login(refusal_near_lock(ErrorCode::InvalidCredentials, 1), false, true, false),
    "login" / "rate-limited" => login(throttled(540), false, true, false),
    "login" / "misdirected" => login(refusal(ErrorCode::MisdirectedRequest), false, true, false),
    "login" / "network-error" => login(Some(ApiError::Network), false, true, false),
    "login" / "loading" => login(None, true, true, false),
    "login" / "session-expired" => login(refusal(ErrorCode::SessionExpired), false, false, false),
    "login" / "soft-keyboard-open" => login(None, false, false, true),
    "login" / "passkey" => login_passkey(None, false),
    "login" / "passkey-pending" => login_passkey(None, true),
    "login" / "passkey-cancelled" => login_passkey(Some(ApiError::Passkey(PasskeyRefusal::Cancelled)), false),
    "login" / "passkey-refused" => login_passkey(refusal(ErrorCode::PasskeyInvalid), false),
    "login" / "passkey-expired" => login_passkey(refusal(ErrorCode::PasskeyExpired), false),
    "login-otp" / "empty" => login_otp(None, false),
    "login-otp" / "otp-invalid" => login_otp(refusal_near_lock(ErrorCode::OtpInvalid, 3), false),
    "login-otp" / "field-error" => login_otp(invalid(&[(Field::Otp, FieldErrorCode::WrongLength)]), false),
    "login-otp" / "loading" => login_otp(None, true),
    "home" / "token" => home(Some(token(false)), 600),
    "home" / "no-token" => home(None, 600),
    "home" / "token-locked" => home(Some(token(true)), 600),
    "home" / "idle-warning" => home(Some(token(false)), 45),
    "home" / "first-login" => home_after(None, FailedLogins::default()),
    "home" / "login-failures" => home_after(Some(LoginFactor::PasswordOtp), FailedLogins { password: 3, otp: 1 }),
    "home" / "previous-passkey" => home_after(Some(LoginFactor::Passkey), FailedLogins::default()),
    "activity" / "empty" => activity(activity_page(Vec::new(), 1, 1)),
    "activity" / "every-event" => activity(activity_page(activity_events(), 1, 1)),
    "activity" / "paged" => activity(activity_page(activity_events().into_iter().skip(5).take(20).collect(), 2, 3)),
    "report" / "asking" => report(ReportState::Asking),
    "report" / "asking-locks" => report(ReportState::Asking),
    "report" / "sending" => report(ReportState::Sending),
    "report" / "done" => report(ReportState::Done(ReportOutcome { sessions_ended: 2, procedures_cancelled: 1, locked: false, token: true, passkeys: true })),
    "report" / "done-nothing-else" => report(ReportState::Done(ReportOutcome::default())),
    "report" / "done-locks" => report(ReportState::Done(ReportOutcome { sessions_ended: 1, procedures_cancelled: 0, locked: true, token: true, passkeys: false })),
    "report" / "failed" => report(ReportState::Failed(ApiError::Problem(otp_api::problem::Problem::of(ErrorCode::ServiceUnavailable)))),
    "home" / "passkeys-none" => home_passkeys(passkeys(0, 10, true, Some(Proof::Otp)), PanelMode::Idle, false, None, None),
    "home" / "passkeys-list" => home_passkeys(passkeys(2, 10, true, Some(Proof::Passkey)), PanelMode::Idle, false, None, None),
    "home" / "passkeys-registering" => home_passkeys(passkeys(1, 10, true, Some(Proof::Passkey)), PanelMode::Idle, true, None, None),
    "home" / "passkeys-added" => home_passkeys(passkeys(1, 10, true, Some(Proof::Passkey)), PanelMode::Idle, false, None, Some(PasskeyNotice::Added)),
    "home" / "passkeys-confirm-otp" => home_passkeys(passkeys(0, 10, false, Some(Proof::Otp)), PanelMode::Idle, false, None, None),
    "home" / "passkeys-confirm-passkey" => home_passkeys(passkeys(2, 10, false, Some(Proof::Passkey)), PanelMode::Idle, false, None, None),
    "home" / "passkeys-confirmed" => home_passkeys(passkeys(1, 10, true, Some(Proof::Passkey)), PanelMode::Idle, false, None, Some(PasskeyNotice::Confirmed)),
    "home" / "passkeys-needs-token" => home_passkeys(passkeys(0, 10, false, None), PanelMode::Idle, false, None, None),
    "home" / "passkeys-limit" => home_passkeys(passkeys(3, 3, true, Some(Proof::Passkey)), PanelMode::Idle, false, None, None),
    "home" / "passkeys-cancelled" => home_passkeys(passkeys(1, 10, true, Some(Proof::Passkey)), PanelMode::Idle, false, Some(ApiError::Passkey(PasskeyRefusal::Cancelled)), None),
    "home" / "passkeys-refused" => home_passkeys(passkeys(1, 10, true, Some(Proof::Passkey)), PanelMode::Idle, false, refusal(ErrorCode::PasskeyInvalid), None),
    "home" / "passkeys-already-registered" => home_passkeys(passkeys(1, 10, true, Some(Proof::Passkey)), PanelMode::Idle, false, Some(ApiError::Passkey(PasskeyRefusal::AlreadyOnDevice)), None),
    "home" / "passkeys-rename" => home_passkeys(passkeys(2, 10, true, Some(Proof::Passkey)), PanelMode::Renaming("passkey-1".into()), false, None, None),
    "home" / "passkeys-remove" => home_passkeys(passkeys(2, 10, true, Some(Proof::Passkey)), PanelMode::Removing("passkey-1".into()), false, None, None),
    "home" / "passkeys-removed" => home_passkeys(passkeys(1, 10, true, Some(Proof::Passkey)), PanelMode::Idle, false, None, Some(PasskeyNotice::Removed)),
    "activate" / "credentials" => start(Kind::Activate, None),
    "activate" / "credentials-refused" => start(Kind::Activate, refusal(ErrorCode::InvalidCredentials)),
    "activate" / "new-token" => step(Kind::Activate, Step::NewToken, None, false),
    "activate" / "serial-unknown" => step(Kind::Activate, Step::NewToken, refusal(ErrorCode::SerialUnknown), false),
    "activate" / "serial-unavailable" => step(Kind::Activate, Step::NewToken, refusal(ErrorCode::SerialUnavailable), false),
    "activate" / "new-token-rate-limited" => step(Kind::Activate, Step::NewToken, throttled(45), false),
    "activate" / "new-token-field-errors" => step(
        Kind::Activate, Step::NewToken,
        invalid(&[(Field::Serial, FieldErrorCode::Pattern), (Field::Otp, FieldErrorCode::InvalidCharacters)]),
        false,
    ),
    "activate" / "loading" => step(Kind::Activate, Step::NewToken, None, true),
    "activate" / "completed" => step(Kind::Activate, Step::Completed, None, false),
    "exchange" / "credentials" => start(Kind::Exchange, None),
    "exchange" / "current-token" => step(Kind::Exchange, Step::CurrentToken, None, false),
    "exchange" / "otp-invalid" => step(Kind::Exchange, Step::CurrentToken, refusal_near_lock(ErrorCode::OtpInvalid, 2), false),
    "exchange" / "passkey" => step(Kind::Exchange, Step::Passkey, None, false),
    "exchange" / "passkey-cancelled" => step(Kind::Exchange, Step::Passkey, Some(ApiError::Passkey(PasskeyRefusal::Cancelled)), false),
    "exchange" / "passkey-refused" => step(Kind::Exchange, Step::Passkey, refusal(ErrorCode::PasskeyInvalid), false),
    "exchange" / "new-token" => step(Kind::Exchange, Step::NewToken, None, false),
    "exchange" / "completed" => step(Kind::Exchange, Step::Completed, None, false),
    "stop" / "credentials" => start(Kind::Stop, None),
    "stop" / "current-token" => step(Kind::Stop, Step::CurrentToken, None, false),
    "stop" / "passkey" => step(Kind::Stop, Step::Passkey, None, false),
    "stop" / "confirm" => step(Kind::Stop, Step::Confirm, None, false),
    "stop" / "completed" => step(Kind::Stop, Step::Completed, None, false),
    "procedure" / "cancelled" => step(Kind::Exchange, Step::Cancelled, None, false),
    "problem" / "no-active-token" => problem(ErrorCode::NoActiveToken),
    "problem" / "token-already-active" => problem(ErrorCode::TokenAlreadyActive),
    "problem" / "account-locked" => problem(ErrorCode::AccountLocked),
    "problem" / "account-locked-temporary" => problem_for_a_while(ErrorCode::AccountLocked, 600),
    "problem" / "token-locked" => problem(ErrorCode::TokenLocked),
    "problem" / "passkey-required" => problem(ErrorCode::PasskeyRequired),
    "problem" / "procedure-expired" => problem(ErrorCode::ProcedureExpired),
    "problem" / "procedure-attempts-exceeded" => problem(ErrorCode::ProcedureAttemptsExceeded),
    "problem" / "procedure-not-found" => problem(ErrorCode::ProcedureNotFound),
    "problem" / "procedure-superseded" => problem(ErrorCode::ProcedureSuperseded),
    "problem" / "session-expired" => problem(ErrorCode::SessionExpired),
    "problem" / "network" => view! { <LoadError on_retry=|_| {} /> }.into_any(),
    // The frame gives this story a configuration that failed to load (with the help desk
    // this browser kept): the layout shows the retry instead of the screen.
    "problem" / "config-unavailable" => login(None, false, false, false),
    // The frame says English could not be fetched: the layout tells so above the screen.
    "problem" / "language-unavailable" => login(None, false, false, false),
    "help" / "otp" => view! { <HelpPage topic=HelpTopic::Otp /> }.into_any(),
    "help" / "keyboard" => view! { <HelpPage topic=HelpTopic::Keyboard /> }.into_any(),
    "not-found" / "default" => view! { <NotFoundPage /> }.into_any(),
    "demo" / "panel-open" => demo(true),
    "demo" / "panel-closed" => demo(false),
}

/// The story at `screen/state`.
pub fn find(screen: &str, state: &str) -> Option<Story> {
    STORIES
        .iter()
        .copied()
        .find(|s| s.screen == screen && s.state == state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_story_has_a_unique_url_safe_address() {
        let mut seen = std::collections::HashSet::new();
        for s in STORIES {
            assert!(
                seen.insert((s.screen, s.state)),
                "{}/{} twice",
                s.screen,
                s.state
            );
            for part in [s.screen, s.state] {
                assert!(
                    part.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                    "{part}"
                );
            }
        }
        assert!(find("login", "empty").is_some());
        assert!(find("login", "nope").is_none());
    }
}
