//! ご利用履歴 `/activity?page=N`: the contract's logins, procedures, token and passkey changes
//! and locks of the last days, newest first, with where each came from, and 「心当たりがない」.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use otp_api::activity::{ActivityEvent, ActivityKind, ActivityPage as Page};
use otp_api::problem::ErrorCode;

use crate::api::{self, ApiError};
use crate::components::load_error::LoadError;
use crate::components::page_heading::PageHeading;
use crate::config::use_config;
use crate::i18n::use_i18n;
use crate::pages::home_activity::{ACTIVITY_PATH, REPORT_PATH};
use crate::pages::not_found::NotFoundPage;
use crate::pages::report::ReportPage;
use crate::time::{Precision, bank_time};

/// Whether the customer should look twice at this event (a failure, a lock, the bank's hand).
pub fn alerting(kind: ActivityKind) -> bool {
    use ActivityKind as K;
    matches!(
        kind,
        K::LoginFailedPassword
            | K::LoginFailedOtp
            | K::LoginFailedPasskey
            | K::LoginRefusedLocked
            | K::ProcedureCheckFailed
            | K::ProcedureEnded
            | K::AccountLocked
            | K::TokenLocked
            | K::CustomerReported
    )
}

/// The page number in `?page=` (1 when absent or not a number of 1 or more).
pub fn page_number(query: Option<&str>) -> u32 {
    query
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// `/activity?page=N` (the first page without the query).
pub fn page_href(page: u32) -> String {
    match page {
        1 => ACTIVITY_PATH.to_owned(),
        n => format!("{ACTIVITY_PATH}?page={n}"),
    }
}

/// `/activity/:part?`: the activity, or 「心当たりがない」 at `/activity/report` (one chunk for
/// both; another part is not found).
#[component]
pub fn ActivityRoutes() -> impl IntoView {
    let params = use_params_map();
    let part = Memo::new(move |_| params.read().get("part"));
    move || match part.get().as_deref() {
        None => view! { <ActivityPage /> }.into_any(),
        Some("report") => view! { <ReportPage /> }.into_any(),
        Some(_) => view! { <NotFoundPage /> }.into_any(),
    }
}

/// Loads the page asked for in the URL; without a session, goes to the login screen.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Memo::new(move |_| page_number(query.read().get("page").as_deref()));
    let loaded = LocalResource::new(move || api::activity(page.get()));
    let navigate = use_navigate();
    Effect::new(move |_| match loaded.get() {
        Some(Err(e)) if e.code() == Some(ErrorCode::SessionExpired) => {
            navigate("/?reason=session_expired", Default::default())
        }
        Some(Err(ApiError::Network)) | Some(Ok(_)) | None => {}
        Some(Err(_)) => navigate("/", Default::default()),
    });
    move || match loaded.get() {
        Some(Ok(data)) => view! { <ActivityView page=data /> }.into_any(),
        Some(Err(ApiError::Network)) => {
            view! { <LoadError on_retry=move |()| loaded.refetch() /> }.into_any()
        }
        _ => view! { <p class="loading" role="status">{i18n.t().common().loading}</p> }.into_any(),
    }
}

/// One page of the activity.
#[component]
pub fn ActivityView(
    /// The page as the API answered it.
    page: Page,
) -> impl IntoView {
    let i18n = use_i18n();
    let Page {
        events,
        page,
        pages,
        days,
    } = page;
    let empty = events.is_empty();
    view! {
        <div class="page page--activity">
            <PageHeading text=move || i18n.t().activity().page_title />
            <p>{move || (i18n.t().activity().lead)(days)}</p>
            {match empty {
                true => view! { <p class="activity__empty">{move || i18n.t().activity().empty}</p> }.into_any(),
                false => view! {
                    <ol class="activity" aria-label=move || i18n.t().activity().list_label>
                        {events.into_iter().map(|event| view! { <EventItem event=event /> }).collect_view()}
                    </ol>
                }.into_any(),
            }}
            {(pages > 1).then(|| view! { <Pager page=page pages=pages /> })}
            <section class="panel" aria-labelledby="not-me-title">
                <h2 class="panel__title" id="not-me-title">{move || i18n.t().activity().report_title}</h2>
                <p>{move || i18n.t().previous_login().not_me_lead}</p>
                <p><a class="button button--secondary" href=REPORT_PATH>{move || i18n.t().previous_login().not_me}</a></p>
            </section>
            <p><a href="/home">{move || i18n.t().activity().back_home}</a></p>
        </div>
    }
}

/// One event: when, what, from where.
#[component]
fn EventItem(event: ActivityEvent) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let at = event.at;
    let when = move || {
        let zone = config.read(|c| c.time_zone.clone());
        bank_time(at, &zone, i18n.locale(), Precision::Minute)
    };
    let alert = alerting(event.kind);
    let bank = move || config.read(|c| i18n.pick(&c.bank_self));
    let what = {
        let event = event.clone();
        move || (i18n.t().activity().event)(&event, &bank())
    };
    let from = move || {
        let m = i18n.t().activity();
        match event.by_bank {
            true => (m.by_bank)(&bank()),
            false => (m.device)(
                event.browser.as_deref(),
                event.os.as_deref(),
                event.address.as_deref(),
            ),
        }
    };
    view! {
        <li class="activity__item" class:activity__item--alert=alert>
            <span class="activity__when">{when}</span>
            <span class="activity__what">{what}</span>
            <span class="activity__from">{from}</span>
        </li>
    }
}

/// Newer and older pages.
#[component]
fn Pager(page: u32, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pager" aria-label=move || i18n.t().activity().pages_label>
            {(page > 1).then(|| view! {
                <a class="pager__newer" href=page_href(page - 1)>{move || i18n.t().activity().newer}</a>
            })}
            <span class="pager__where" aria-current="page">{move || (i18n.t().activity().page_of)(page.min(pages), pages)}</span>
            {(page < pages).then(|| view! {
                <a class="pager__older" href=page_href(page + 1)>{move || i18n.t().activity().older}</a>
            })}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_comes_from_the_query_and_links_back_to_it() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("3")), 3);
        for bad in ["0", "-2", "x", ""] {
            assert_eq!(page_number(Some(bad)), 1, "{bad}");
        }
        assert_eq!(page_href(1), "/activity");
        assert_eq!(page_href(2), "/activity?page=2");
    }

    #[test]
    fn failures_and_locks_stand_out_and_ordinary_use_does_not() {
        assert!(alerting(ActivityKind::LoginFailedPassword));
        assert!(alerting(ActivityKind::AccountLocked));
        assert!(!alerting(ActivityKind::LoginSucceeded));
        assert!(!alerting(ActivityKind::Logout));
    }
}
