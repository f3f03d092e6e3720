//! ホーム `/home`: the customer's name, the token's status, the procedures, ログアウト, and a
//! warning before the idle timeout ends the session.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use otp_api::problem::ErrorCode;
use otp_api::session::{SessionInfo, TokenStatus};

use crate::api::{self, ApiError};
use crate::components::load_error::LoadError;
use crate::components::page_heading::PageHeading;
use crate::components::procedure_links::ProcedureLinks;
use crate::config::use_config;
use crate::i18n::use_i18n;
use crate::pages::home_activity::PreviousLoginSection;
use crate::pages::home_passkeys::PasskeysPanel;
use crate::time::{self, Precision, bank_time};

/// Seconds before the idle timeout at which the warning appears.
pub const IDLE_WARNING_SECONDS: u32 = 60;

/// Loads the session; without one, goes back to the login screen. Counts the idle time down
/// and warns before the server ends the session.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = LocalResource::new(api::session);
    let logout = Action::new_local(|_: &()| api::logout());
    let navigate = use_navigate();
    let remaining = RwSignal::new(u32::MAX);
    // When the idle timeout ends (Unix seconds; 0 until the session loads): the countdown is
    // computed from it at each tick, since a decrementing counter drifts in a background tab.
    let deadline = RwSignal::new(0u32);

    // Restart the countdown whenever the session is (re)loaded.
    Effect::new(move |_| {
        if let Some(Ok(info)) = session.get() {
            deadline.set(time::deadline(time::now(), info.idle_timeout_seconds));
            remaining.set(info.idle_timeout_seconds);
        }
    });
    let tick = set_interval_with_handle(
        // `try_`: a tick that comes after the page was left (a late timer) does nothing.
        move || {
            // `try_`: a tick that comes after the page was left (a late timer) does nothing.
            if let Some(at) = deadline.try_get_untracked().filter(|at| *at > 0) {
                remaining.set(time::seconds_left(at, time::now()));
            }
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(handle) = tick {
            handle.clear();
        }
    });

    Effect::new(move |_| {
        let expired = remaining.get() == 0;
        match session.get() {
            Some(Err(e)) if e.code() == Some(ErrorCode::SessionExpired) => {
                navigate("/?reason=session_expired", Default::default())
            }
            Some(Err(ApiError::Network)) => {}
            Some(Err(_)) => navigate("/", Default::default()),
            _ if expired => navigate("/?reason=session_expired", Default::default()),
            _ if logout.value().get().is_some() => navigate("/", Default::default()),
            _ => {}
        }
    });
    view! {
        {move || match session.get() {
            Some(Ok(info)) => {
                view! {
                    <HomeView
                        info=info
                        idle_remaining=remaining
                        on_continue=move |()| session.refetch()
                        on_logout=move |()| {
                            logout.dispatch(());
                        }
                        passkeys=ViewFn::from(|| view! { <PasskeysPanel /> })
                    />
                }
                    .into_any()
            }
            Some(Err(ApiError::Network)) => view! {
                <LoadError on_retry=move |()| session.refetch() />
            }
            .into_any(),
            _ => view! { <p class="loading" role="status">{i18n.t().common().loading}</p> }.into_any(),
        }}
    }
}

/// The token's status as a description list.
#[component]
fn TokenStatusList(token: TokenStatus) -> impl IntoView {
    let i18n = use_i18n();
    let TokenStatus {
        serial_masked,
        activated_at,
        last_used_at,
        locked,
    } = token;
    let config = use_config();
    let when = move |unix| {
        let zone = config.read(|c| c.time_zone.clone());
        bank_time(unix, &zone, i18n.locale(), Precision::Minute)
    };
    view! {
        <dl class="status-list">
            <dt>{move || i18n.t().home().token_serial}</dt>
            <dd class="status-list__serial">{serial_masked}</dd>
            <dt>{move || i18n.t().home().token_status}</dt>
            <dd class:status-list__locked=locked>
                {move || if locked {
                    (i18n.t().home().token_locked)(&config.read(|c| i18n.pick(&c.bank_self)))
                } else {
                    i18n.t().home().token_active.to_owned()
                }}
            </dd>
            <dt>{move || i18n.t().home().token_since}</dt>
            <dd>{move || when(activated_at)}</dd>
            <dt>{move || i18n.t().home().token_last_used}</dt>
            <dd>
                {move || last_used_at.map(when).unwrap_or_else(|| i18n.t().home().token_never_used.to_owned())}
            </dd>
        </dl>
    }
}

/// The home screen for a logged-in customer.
#[component]
pub fn HomeView(
    /// The session.
    info: SessionInfo,
    /// Seconds until the idle timeout.
    #[prop(into)]
    idle_remaining: Signal<u32>,
    /// 「ログインを続ける」 pressed.
    #[prop(into)]
    on_continue: Callback<()>,
    /// ログアウト pressed.
    #[prop(into)]
    on_logout: Callback<()>,
    /// The パスキー section (none: the bank offers no passkeys, or a gallery state without it).
    #[prop(optional, into)]
    passkeys: Option<ViewFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = info.customer.name;
    let token = info.token;
    let (previous, failed) = (info.previous_login, info.failed_logins);
    let warn = move || idle_remaining.get() <= IDLE_WARNING_SECONDS;
    // When the warning appears, focus moves to its button (an alert dialog takes focus).
    let keep = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |was_warning: Option<bool>| {
        let warning = warn();
        if warning
            && was_warning != Some(true)
            && let Some(button) = keep.get()
        {
            let _ = button.focus();
        }
        warning
    });
    view! {
        <div class="page page--home">
            <PageHeading text=move || (i18n.t().home().welcome)(&name) />
            <div class="idle-warning" role="alertdialog" aria-labelledby="idle-title" aria-describedby="idle-body" hidden=move || !warn()>
                <h2 id="idle-title">{move || i18n.t().home().idle_title}</h2>
                <p id="idle-body">{move || (i18n.t().home().idle_body)(idle_remaining.get())}</p>
                <button class="button button--primary" type="button" node_ref=keep on:click=move |_| on_continue.run(())>
                    {move || i18n.t().home().idle_continue}
                </button>
            </div>
            <PreviousLoginSection previous=previous failed=failed />
            <section class="panel" aria-labelledby="token-title">
                <h2 class="panel__title" id="token-title">{move || i18n.t().home().token_title}</h2>
                {match token {
                    Some(token) => view! { <TokenStatusList token=token /> }.into_any(),
                    None => view! { <p>{move || i18n.t().home().token_none}</p> }.into_any(),
                }}
            </section>
            <section class="panel" aria-labelledby="procedures-title">
                <h2 class="panel__title" id="procedures-title">{move || i18n.t().home().procedures_title}</h2>
                <p>{move || i18n.t().home().procedures_lead}</p>
                <ProcedureLinks labelled_by="procedures-title" />
            </section>
            {passkeys.map(|section| section.run())}
            <p>
                <button class="button button--secondary" type="button" on:click=move |_| on_logout.run(())>
                    {move || i18n.t().home().logout}
                </button>
            </p>
        </div>
    }
}
