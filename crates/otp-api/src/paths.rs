//! Every path of the API (below [`crate::API_PREFIX`]) and the URL slug of each procedure step:
//! the SPA's client, its step screens (`/procedures/{id}/{slug}`) and the server's router all
//! spell them from here.

use crate::procedure::ProcedureStep;

/// `GET`: the bank's public configuration.
pub const CONFIG: &str = "/config";
/// `POST`: the password step of the login.
pub const LOGIN: &str = "/login";
/// `POST`: the login's one-time password.
pub const LOGIN_OTP: &str = "/login/otp";
/// `GET`: who is logged in.
pub const SESSION: &str = "/session";
/// `POST`: ends the session.
pub const LOGOUT: &str = "/logout";
/// `POST`: starts a procedure.
pub const PROCEDURES: &str = "/procedures";
/// `GET`, `DELETE`: one procedure (the router's pattern).
pub const PROCEDURE: &str = "/procedures/{id}";
/// `POST`: the current token's code (the router's pattern).
pub const CURRENT_TOKEN: &str = "/procedures/{id}/current-token";
/// `POST`: the new token's serial and code (the router's pattern).
pub const NEW_TOKEN: &str = "/procedures/{id}/new-token";
/// `POST`: 利用中止's confirmation (the router's pattern).
pub const CONFIRM: &str = "/procedures/{id}/confirm";
/// `POST`: a passkey's assertion for the procedure's passkey step (the router's pattern).
pub const PROCEDURE_PASSKEY: &str = "/procedures/{id}/passkey";
/// `POST`: the challenge of a procedure's passkey step (the router's pattern).
pub const PROCEDURE_PASSKEY_OPTIONS: &str = "/procedures/{id}/passkey/options";
/// `POST`: the challenge of a passkey login (discoverable credentials).
pub const LOGIN_PASSKEY_OPTIONS: &str = "/login/passkey/options";
/// `POST`: a passkey login's assertion: a complete login.
pub const LOGIN_PASSKEY: &str = "/login/passkey";
/// `GET`: the contract's passkeys; `POST`: registers one (the credential of its ceremony).
pub const PASSKEYS: &str = "/passkeys";
/// `POST`: the challenge of a passkey's registration.
pub const PASSKEY_OPTIONS: &str = "/passkeys/options";
/// `PATCH`: renames a passkey; `DELETE`: removes it (the router's pattern).
pub const PASSKEY: &str = "/passkeys/{id}";
/// `POST`: the challenge of a confirmation of the session with a passkey.
pub const SESSION_CONFIRM_OPTIONS: &str = "/session/confirm/options";
/// `POST`: confirms the session with a passkey's assertion (a fresh proof).
pub const SESSION_CONFIRM_PASSKEY: &str = "/session/confirm/passkey";
/// `POST`: confirms the session with the current one-time password (a fresh proof, for a
/// contract whose factor changes accept it).
pub const SESSION_CONFIRM_OTP: &str = "/session/confirm/otp";
/// `GET`: the contract's recent security activity (`?page=N`).
pub const ACTIVITY: &str = "/activity";
/// `POST`: 「心当たりがない」: the customer reports a use they do not recognise.
pub const ACTIVITY_REPORT: &str = "/activity/report";
/// `POST`: a demo token (demo mode).
pub const DEMO_TOKENS: &str = "/demo/tokens";
/// `GET`: the OpenAPI document.
pub const OPENAPI: &str = "/openapi.json";

/// Every path, as the router and the OpenAPI document name them.
pub const ALL: [&str; 24] = [
    CONFIG,
    LOGIN,
    LOGIN_OTP,
    SESSION,
    LOGOUT,
    PROCEDURES,
    PROCEDURE,
    CURRENT_TOKEN,
    NEW_TOKEN,
    CONFIRM,
    PROCEDURE_PASSKEY,
    PROCEDURE_PASSKEY_OPTIONS,
    LOGIN_PASSKEY_OPTIONS,
    LOGIN_PASSKEY,
    PASSKEYS,
    PASSKEY_OPTIONS,
    PASSKEY,
    SESSION_CONFIRM_OPTIONS,
    SESSION_CONFIRM_PASSKEY,
    SESSION_CONFIRM_OTP,
    ACTIVITY,
    ACTIVITY_REPORT,
    DEMO_TOKENS,
    OPENAPI,
];

/// `/passkeys/{id}`.
pub fn passkey(id: &str) -> String {
    format!("{PASSKEYS}/{id}")
}

impl ProcedureStep {
    /// The step's URL slug: the SPA's screen `/procedures/{id}/{slug}` and, for a step the
    /// customer submits, the API's `POST /procedures/{id}/{slug}`.
    pub const fn slug(self) -> &'static str {
        match self {
            ProcedureStep::Credentials => "credentials",
            ProcedureStep::CurrentToken => "current-token",
            ProcedureStep::Passkey => "passkey",
            ProcedureStep::NewToken => "new-token",
            ProcedureStep::Confirm => "confirm",
            ProcedureStep::Completed => "completed",
            ProcedureStep::Cancelled => "cancelled",
        }
    }

    /// The step a slug names.
    pub fn from_slug(slug: &str) -> Option<Self> {
        <Self as strum::IntoEnumIterator>::iter().find(|s| s.slug() == slug)
    }
}

/// `/activity?page={page}`.
pub fn activity_page(page: u32) -> String {
    format!("{ACTIVITY}?page={page}")
}

/// `/procedures/{id}` (a format, not a search-and-replace of [`PROCEDURE`]: the SPA's wasm
/// carries no string searching for it; a test holds the two together).
pub fn procedure(id: &str) -> String {
    format!("{PROCEDURES}/{id}")
}

/// `/procedures/{id}/{slug}`: the screen of a step, or the API path that submits it.
pub fn procedure_step(id: &str, step: ProcedureStep) -> String {
    format!("{}/{}", procedure(id), step.slug())
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn the_submitted_steps_are_the_routers_paths() {
        for (pattern, step) in [
            (CURRENT_TOKEN, ProcedureStep::CurrentToken),
            (NEW_TOKEN, ProcedureStep::NewToken),
            (CONFIRM, ProcedureStep::Confirm),
            (PROCEDURE_PASSKEY, ProcedureStep::Passkey),
        ] {
            assert_eq!(procedure_step("{id}", step), pattern);
        }
        assert_eq!(procedure("abc"), "/procedures/abc");
        assert_eq!(procedure("{id}"), PROCEDURE);
        assert_eq!(passkey("{id}"), PASSKEY);
        assert_eq!(
            format!("{PROCEDURE_PASSKEY}/options"),
            PROCEDURE_PASSKEY_OPTIONS
        );
    }

    #[test]
    fn slugs_round_trip_and_are_url_safe() {
        for step in ProcedureStep::iter() {
            assert_eq!(ProcedureStep::from_slug(step.slug()), Some(step));
            assert!(
                step.slug()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-')
            );
        }
        assert_eq!(ProcedureStep::from_slug("current_token"), None);
    }
}
