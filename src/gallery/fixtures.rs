//! The data the gallery's stories render: a bank configuration, sessions, procedures, API
//! refusals and demo tokens. Plain values; nothing here talks to a server.

use otp_api::activity::{
    ActivityEvent, ActivityKind, ActivityPage, FailedLogins, LoginFactor, PreviousLogin,
};
use otp_api::config::PublicConfig;
use otp_api::passkey::{PasskeyInfo, PasskeyList, Proof};
use otp_api::problem::{ErrorCode, Field, FieldError, FieldErrorCode, Problem};
use otp_api::procedure::{Procedure, ProcedureKind, ProcedureStep};
use otp_api::session::{Customer, SessionInfo, TokenStatus};
use otp_api::totp::TotpAlgorithm;

use crate::api::ApiError;
use crate::demo::tokens::StoredToken;

thread_local! {
    static LONG_NAMES: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The long-names stress mode (`?long=1`): the names the stories show (the bank's, the
/// customer's, serials, passkeys) as long as a real one can be.
pub fn set_long_names(on: bool) {
    LONG_NAMES.set(on);
}

/// `short`, or its long stand-in in the long-names mode.
fn named(short: &str, long: &str) -> String {
    if LONG_NAMES.get() { long } else { short }.to_owned()
}

/// The bank's name for the long-names mode.
pub fn long_bank_name() -> otp_api::config::Localized {
    otp_api::config::Localized {
        ja: "みちのく北上川流域しんきん協同組合連合会".into(),
        en: "Michinoku Kitakami River Basin Cooperative Credit Union Federation".into(),
    }
}

/// The moment the stories show: 2026-11-26 18:30 JST, or the frozen clock's (`?clock=`).
pub fn now() -> i64 {
    crate::time::frozen().unwrap_or(1_795_685_400)
}

/// The example bank (demo mode on, so the demo stories show).
pub fn config() -> PublicConfig {
    PublicConfig::example()
}

/// A token in use.
pub fn token(locked: bool) -> TokenStatus {
    TokenStatus {
        serial_masked: named("VSST****5678", "VSSTVSST********56785678"),
        activated_at: now() - 86_400 * 40,
        last_used_at: Some(now() - 3_600),
        locked,
    }
}

/// The contract's passkeys (`count` of them: a synced one first, then device-bound ones), the
/// limit `max`, the session's proof fresh or not, and what to confirm with when it is not.
pub fn passkeys(count: usize, max: u32, fresh: bool, confirm_with: Option<Proof>) -> PasskeyList {
    let names = ["iPhone", "YubiKey 5", "仕事のPC"];
    PasskeyList {
        passkeys: (0..count)
            .map(|i| PasskeyInfo {
                id: format!("passkey-{i}"),
                name: named(
                    names[i % names.len()],
                    "ワークステーション用セキュリティキー(予備・事務所の金庫に保管)",
                ),
                created_at: now() - 86_400 * (10 - i as i64),
                last_used_at: (i == 0).then_some(now() - 600),
                synced: i == 0,
            })
            .collect(),
        max,
        fresh_until: fresh.then_some(now() + 240),
        confirm_with,
    }
}

/// A logged-in customer whose previous login was `previous` (none: the first), with `failed`
/// wrong passwords and codes since.
pub fn session_after(previous: Option<LoginFactor>, failed: FailedLogins) -> SessionInfo {
    SessionInfo {
        previous_login: previous.map(|factor| PreviousLogin {
            at: now() - 86_400 * 2 - 5_400,
            factor,
        }),
        failed_logins: failed,
        ..session(Some(token(false)))
    }
}

/// One event of every kind the activity shows, newest first, a quarter of an hour apart, from
/// an iPhone at home, the bank's own from no browser.
pub fn activity_events() -> Vec<ActivityEvent> {
    ActivityKind::every()
        .enumerate()
        .map(|(i, kind)| {
            let by_bank = matches!(
                kind,
                ActivityKind::TokenProvisionedByBank
                    | ActivityKind::TokenRevokedByBank
                    | ActivityKind::UnlockedByBank
            );
            ActivityEvent {
                at: now() - 900 * i as i64,
                kind,
                factor: (kind == ActivityKind::LoginSucceeded).then_some(LoginFactor::PasswordOtp),
                procedure: Some(ProcedureKind::Exchange),
                serial_masked: Some(named("VSST****5678", "VSSTVSST********56785678")),
                browser: (!by_bank).then(|| "Safari".into()),
                os: (!by_bank).then(|| "iOS".into()),
                address: (!by_bank).then(|| "203.0.113.xxx".into()),
                by_bank,
            }
        })
        .collect()
}

/// Page `page` of `pages` holding `events`.
pub fn activity_page(events: Vec<ActivityEvent>, page: u32, pages: u32) -> ActivityPage {
    ActivityPage {
        events,
        page,
        pages,
        days: otp_api::activity::ACTIVITY_DAYS,
    }
}

/// A logged-in customer.
pub fn session(token: Option<TokenStatus>) -> SessionInfo {
    SessionInfo {
        customer: Customer {
            name: named(
                "山田 太郎",
                "山田川 右衛門之介 太郎左衛門 Alexandrina-Wilhelmina",
            ),
        },
        token,
        idle_timeout_seconds: 600,
        expires_at: now() + 3_600,
        previous_login: Some(PreviousLogin {
            at: now() - 86_400 * 2 - 5_400,
            factor: LoginFactor::PasswordOtp,
        }),
        failed_logins: FailedLogins::default(),
    }
}

/// A procedure at `step`.
pub fn procedure(kind: ProcedureKind, step: ProcedureStep) -> Procedure {
    let token =
        (step == ProcedureStep::Completed && kind != ProcedureKind::Stop).then(|| TokenStatus {
            serial_masked: "DEMO****0042".into(),
            activated_at: now(),
            last_used_at: Some(now()),
            locked: false,
        });
    Procedure {
        id: "gallery".into(),
        kind,
        step,
        proof: if step == ProcedureStep::Passkey {
            Proof::Passkey
        } else {
            Proof::Otp
        },
        expires_at: now() + 600,
        token,
    }
}

/// A refusal with `code`.
pub fn refusal(code: ErrorCode) -> Option<ApiError> {
    Some(ApiError::Problem(Problem::new(code)))
}

/// A refusal that counts toward a lock, with attempts left.
pub fn refusal_near_lock(code: ErrorCode, remaining: u32) -> Option<ApiError> {
    Some(ApiError::Problem(
        Problem::new(code).with_remaining_attempts(remaining),
    ))
}

/// A refusal by the throttle, with the wait the server gives.
pub fn throttled(seconds: u32) -> Option<ApiError> {
    Some(ApiError::Problem(
        Problem::new(ErrorCode::RateLimited).with_retry_after(seconds),
    ))
}

/// A `validation` refusal of the given fields.
pub fn invalid(fields: &[(Field, FieldErrorCode)]) -> Option<ApiError> {
    Some(ApiError::Problem(Problem::validation(
        fields
            .iter()
            .map(|(field, code)| FieldError {
                field: *field,
                code: *code,
            })
            .collect(),
    )))
}

/// Two demo tokens, the first one registered.
pub fn demo_tokens() -> Vec<StoredToken> {
    ["DEMO00000042", "DEMO00000043"]
        .into_iter()
        .enumerate()
        .map(|(i, serial)| StoredToken {
            serial: serial.into(),
            secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into(),
            algorithm: TotpAlgorithm::Sha1,
            digits: 6,
            period: 30,
            registered: i == 0,
        })
        .collect()
}
