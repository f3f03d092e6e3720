//! What the customer sees of the account's use: the previous login on home (前回ログイン), the
//! recent security activity (ご利用履歴) and the report of a use the customer does not
//! recognise (「心当たりがない」).
//!
//! Every event the customer can meet has its own [`ActivityKind`]: the SPA gives each its own
//! message, and nothing internal (outcome codes, other contracts, whole serials) crosses the
//! wire.

use serde::{Deserialize, Serialize};

use crate::procedure::ProcedureKind;

/// How many days back the activity goes.
pub const ACTIVITY_DAYS: u32 = 30;

/// Events on one page of the activity.
pub const ACTIVITY_PAGE_SIZE: u32 = 20;

/// How a login was completed.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LoginFactor {
    /// パスワードとワンタイムパスワード.
    PasswordOtp,
    /// パスキー.
    Passkey,
    /// パスワードのみ (the contract had no token).
    Password,
}

impl LoginFactor {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        name.parse().ok()
    }
}

/// The login before this session's.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviousLogin {
    /// When it was completed (Unix seconds).
    pub at: i64,
    /// How.
    pub factor: LoginFactor,
}

/// Wrong answers at the login since the previous login (or ever, before the first), up to
/// this session's login.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailedLogins {
    /// Wrong ログインパスワード.
    pub password: u32,
    /// Wrong one-time passwords.
    pub otp: u32,
}

impl FailedLogins {
    /// Whether there were none.
    pub fn none(&self) -> bool {
        self.password == 0 && self.otp == 0
    }
}

/// What happened, as the customer reads it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::IntoStaticStr, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ActivityKind {
    /// A login completed (`factor` says how).
    LoginSucceeded,
    /// The login password was right; the one-time password was still to come.
    PasswordAccepted,
    /// A wrong login password.
    LoginFailedPassword,
    /// A wrong one-time password at the login.
    LoginFailedOtp,
    /// A passkey that did not log in.
    LoginFailedPasskey,
    /// A login refused because the account or the token was locked.
    LoginRefusedLocked,
    /// ログアウト.
    Logout,
    /// A procedure was started (`procedure` says which).
    ProcedureStarted,
    /// A wrong password, one-time password or passkey during a procedure.
    ProcedureCheckFailed,
    /// A procedure was completed.
    ProcedureCompleted,
    /// A procedure was cancelled.
    ProcedureCancelled,
    /// A procedure ended after too many wrong codes of the new token.
    ProcedureEnded,
    /// A procedure's time ran out.
    ProcedureExpired,
    /// A token was registered to the contract (`serial_masked`).
    TokenRegistered,
    /// A token was released from the contract (`serial_masked`).
    TokenReleased,
    /// The bank registered a token to the contract.
    TokenProvisionedByBank,
    /// The bank stopped the contract's token.
    TokenRevokedByBank,
    /// A passkey was registered.
    PasskeyAdded,
    /// A passkey was renamed.
    PasskeyRenamed,
    /// A passkey was removed.
    PasskeyRemoved,
    /// Wrong passwords locked the account.
    AccountLocked,
    /// Wrong one-time passwords locked the token.
    TokenLocked,
    /// The bank unlocked the account or the token.
    UnlockedByBank,
    /// Other logins were ended (a lock, a token change, a report).
    SessionsEnded,
    /// The oldest login was ended: too many at once.
    SessionsEndedLimit,
    /// The customer reported a use they did not recognise.
    CustomerReported,
}

impl ActivityKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Every kind, in the order above (the gallery shows them all).
    pub fn every() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }
}

/// One event of the activity.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityEvent {
    /// When (Unix seconds).
    pub at: i64,
    /// What happened.
    pub kind: ActivityKind,
    /// How a login was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<LoginFactor>,
    /// Which procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<ProcedureKind>,
    /// The token concerned, masked (`VSST****5678`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_masked: Option<String>,
    /// The browser's family (`Chrome`, `Safari` …), when the request said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// The operating system's family (`iOS`, `Android`, `Windows` …), when the request said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// The client's address, masked (`203.0.113.xxx`; IPv6 to its /48).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Done by the bank (an operator), not from a browser.
    #[serde(default)]
    pub by_bank: bool,
}

/// The body of `GET /activity?page=N`: one page of the contract's events of the last
/// [`ACTIVITY_DAYS`] days, newest first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityPage {
    /// The events, newest first.
    pub events: Vec<ActivityEvent>,
    /// This page (1 first).
    pub page: u32,
    /// How many pages there are (at least 1).
    pub pages: u32,
    /// How many days back the activity goes.
    pub days: u32,
}

/// The answer to `POST /activity/report`: what was done.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportOutcome {
    /// Other logins ended.
    pub sessions_ended: u32,
    /// Open procedures cancelled.
    pub procedures_cancelled: u32,
    /// The account was locked until the bank unlocks it (the bank's `security.report_locks`);
    /// this session ended too.
    pub locked: bool,
    /// The contract has a token the bank can stop.
    pub token: bool,
    /// The contract has passkeys the bank can remove.
    pub passkeys: bool,
}

/// The number of pages `total` events fill (at least one, an empty first page).
pub fn page_count(total: u64) -> u32 {
    let size = u64::from(ACTIVITY_PAGE_SIZE);
    u32::try_from(total.div_ceil(size).max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn pages_hold_twenty_and_there_is_always_one() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(20), 1);
        assert_eq!(page_count(21), 2);
        assert_eq!(page_count(41), 3);
    }

    #[test]
    fn factors_round_trip_and_kinds_have_snake_case_wire_names() {
        for factor in LoginFactor::iter() {
            assert_eq!(LoginFactor::parse(factor.as_str()), Some(factor));
        }
        for kind in ActivityKind::iter() {
            let wire = serde_json::to_string(&kind).unwrap();
            assert_eq!(wire, format!("\"{}\"", kind.as_str()));
        }
    }
}
