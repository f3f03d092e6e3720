//! RFC 9457 problem details with the contract's stable error codes.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code. Each code has exactly one meaning and one HTTP status;
/// the SPA maps each to exactly one localized message.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::IntoStaticStr, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the body is not JSON, has wrong types or unknown fields.
    MalformedRequest,
    /// 422: well-formed, but a field breaks its rule (`fields` says which).
    Validation,
    /// 401: wrong contract ID or password (the two are never told apart).
    InvalidCredentials,
    /// 401: wrong, expired or replayed one-time password.
    OtpInvalid,
    /// 401: no session.
    Unauthenticated,
    /// 401: the session timed out (idle or absolute).
    SessionExpired,
    /// 403: a state-changing request from another origin (CSRF check).
    ForbiddenOrigin,
    /// 421: the request's `Host` is not one of the server's public origins (DNS rebinding,
    /// a misrouted request).
    MisdirectedRequest,
    /// 404: no such procedure for this browser.
    ProcedureNotFound,
    /// 404: no such resource.
    NotFound,
    /// 405: the path exists but not with this method.
    MethodNotAllowed,
    /// 409: the procedure needs an active token and the contract has none.
    NoActiveToken,
    /// 409: 利用開始 while a token is already active.
    TokenAlreadyActive,
    /// 409: the serial is assigned to someone, revoked, or already used.
    SerialUnavailable,
    /// 409: the procedure's steps were taken out of order.
    StepOutOfOrder,
    /// 409: another procedure changed the contract's token while this one was open.
    ProcedureSuperseded,
    /// 410: the procedure is older than its time limit.
    ProcedureExpired,
    /// 410: too many wrong one-time passwords for the new token ended the procedure (the
    /// token itself is not locked: it is not the customer's yet).
    ProcedureAttemptsExceeded,
    /// 401: the passkey's answer was refused (a passkey this contract does not have, another
    /// site's, a challenge already used or another's, a counter that went back).
    PasskeyInvalid,
    /// 410: the passkey's challenge is older than its time limit (ask for a new one).
    PasskeyExpired,
    /// 403: this change needs a fresh proof (a recent login or confirmation with the
    /// one-time password or, once the contract has one, a passkey).
    ConfirmationRequired,
    /// 409: the bank requires a passkey for this procedure and the contract has none
    /// (register one from home first).
    PasskeyRequired,
    /// 409: the contract holds as many passkeys as the bank allows.
    PasskeyLimit,
    /// 409: the passkey is already registered (to this contract or another).
    PasskeyAlreadyRegistered,
    /// 404: no such passkey for this contract.
    PasskeyNotFound,
    /// 413: the body is larger than the server accepts.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: the serial is not in the token registry.
    SerialUnknown,
    /// 423: too many wrong passwords; the bank must unlock the account.
    AccountLocked,
    /// 423: too many wrong one-time passwords; the bank must unlock the token.
    TokenLocked,
    /// 429: too many failed attempts or new procedures from this address or for this
    /// contract; `retry_after_seconds` (and the `Retry-After` header) say how long to wait.
    RateLimited,
    /// 500: something failed on the server (never with details).
    Internal,
    /// 503: the server cannot take the request now (its database is full, read-only or
    /// unreachable, or every password-hashing slot is busy); nothing was changed, and the same
    /// request may be sent again after `Retry-After`.
    ServiceUnavailable,
    /// A code this version of the contract does not know (a newer server).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The HTTP status that always goes with this code.
    pub const fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            MalformedRequest => 400,
            InvalidCredentials | OtpInvalid | Unauthenticated | SessionExpired | PasskeyInvalid => {
                401
            }
            ForbiddenOrigin | ConfirmationRequired => 403,
            MisdirectedRequest => 421,
            ProcedureNotFound | NotFound | PasskeyNotFound => 404,
            MethodNotAllowed => 405,
            NoActiveToken
            | TokenAlreadyActive
            | SerialUnavailable
            | StepOutOfOrder
            | ProcedureSuperseded
            | PasskeyRequired
            | PasskeyLimit
            | PasskeyAlreadyRegistered => 409,
            ProcedureExpired | ProcedureAttemptsExceeded | PasskeyExpired => 410,
            PayloadTooLarge => 413,
            UnsupportedMediaType => 415,
            Validation | SerialUnknown => 422,
            AccountLocked | TokenLocked => 423,
            RateLimited => 429,
            Internal | Unknown => 500,
            ServiceUnavailable => 503,
        }
    }

    /// The code as it appears on the wire (the same name serde writes: a test checks every
    /// code).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// A short English title for the problem body (the SPA shows its own localized text).
    pub const fn title(self) -> &'static str {
        use ErrorCode::*;
        match self {
            MalformedRequest => "The request body is not valid JSON for this endpoint.",
            Validation => "One or more fields are invalid.",
            InvalidCredentials => "The contract ID or the password is wrong.",
            OtpInvalid => "The one-time password is wrong.",
            Unauthenticated => "You are not logged in.",
            SessionExpired => "The session has expired.",
            ForbiddenOrigin => "The request did not come from this site.",
            MisdirectedRequest => "This server does not answer for that host name.",
            ProcedureNotFound => "No such procedure.",
            NotFound => "Not found.",
            MethodNotAllowed => "Method not allowed.",
            NoActiveToken => "The contract has no active token.",
            TokenAlreadyActive => "The contract already has an active token.",
            SerialUnavailable => "This serial number cannot be registered.",
            StepOutOfOrder => "This step is not the procedure's current step.",
            ProcedureSuperseded => "Another procedure changed this contract's token.",
            ProcedureExpired => "The procedure has expired.",
            ProcedureAttemptsExceeded => {
                "Too many wrong one-time passwords for the new token; the procedure has ended."
            }
            PasskeyInvalid => "The passkey was not accepted.",
            PasskeyExpired => "The passkey request has expired; ask for a new one.",
            ConfirmationRequired => "Confirm it is you first (one-time password or passkey).",
            PasskeyRequired => "The bank requires a passkey for this; register one first.",
            PasskeyLimit => "The contract already holds as many passkeys as allowed.",
            PasskeyAlreadyRegistered => "This passkey is already registered.",
            PasskeyNotFound => "No such passkey.",
            PayloadTooLarge => "The request body is too large.",
            UnsupportedMediaType => "The request body must be application/json.",
            SerialUnknown => "Unknown serial number.",
            AccountLocked => "The account is locked.",
            TokenLocked => "The token is locked.",
            RateLimited => "Too many attempts; wait the time given by Retry-After.",
            Internal => "Internal error.",
            ServiceUnavailable => {
                "The service is busy or cannot save changes right now. Nothing was changed; try again later."
            }
            Unknown => "Unknown error.",
        }
    }
}

/// The fields a request can carry, as named on the wire.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ContractId,
    Password,
    Otp,
    Serial,
    Kind,
    /// A passkey's name.
    Name,
}

/// Why one field was refused. The same values come from client-side validation.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    /// Empty.
    Required,
    /// Contains a character the rule does not allow.
    InvalidCharacters,
    /// A password typed in full width (as a Japanese IME types it): to be typed in half
    /// width, never rewritten.
    FullWidth,
    /// Shorter than the rule's minimum.
    TooShort,
    /// Longer than the rule's maximum.
    TooLong,
    /// Not exactly the required number of characters.
    WrongLength,
    /// A password without a letter.
    MissingLetter,
    /// A password without a digit.
    MissingDigit,
    /// Does not match the pattern (e.g. a serial number).
    Pattern,
    /// A code this version does not know.
    #[serde(other)]
    Unknown,
}

/// One refused field.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Which field.
    pub field: Field,
    /// Why.
    pub code: FieldErrorCode,
}

/// An RFC 9457 problem body, as every error answer of the contract carries it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the problem type: `urn:otp-portal:problem:<code>`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short human-readable summary (English; clients localize by `code`).
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// The stable machine code.
    pub code: ErrorCode,
    /// Per-field reasons for a `validation` problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Attempts left before a lock, where one approaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_attempts: Option<u32>,
    /// Seconds to wait before trying again (`rate_limited`, a temporary `account_locked`,
    /// `service_unavailable`); the same value as the `Retry-After` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u32>,
}

impl Problem {
    /// The problem for `code`, with its status and title.
    pub fn new(code: ErrorCode) -> Self {
        Self {
            type_uri: format!("urn:otp-portal:problem:{}", code.as_str()),
            title: code.title().to_owned(),
            status: code.status(),
            code,
            fields: Vec::new(),
            remaining_attempts: None,
            retry_after_seconds: None,
        }
    }

    /// A problem with only its code and status: what a client makes of an answer that is not
    /// the contract's. It has no title, so a client that never calls [`Problem::new`] carries
    /// none of the English titles (the SPA shows its own messages).
    pub fn of(code: ErrorCode) -> Self {
        Self {
            type_uri: String::new(),
            title: String::new(),
            status: code.status(),
            code,
            fields: Vec::new(),
            remaining_attempts: None,
            retry_after_seconds: None,
        }
    }

    /// A `validation` problem listing the refused fields.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self {
            fields,
            ..Self::new(ErrorCode::Validation)
        }
    }

    /// Adds how long to wait before trying again.
    pub fn with_retry_after(mut self, seconds: u32) -> Self {
        self.retry_after_seconds = Some(seconds.max(1));
        self
    }

    /// Adds the number of attempts left before a lock.
    pub fn with_remaining_attempts(mut self, remaining: u32) -> Self {
        self.remaining_attempts = Some(remaining);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_wire_name_status_and_title() {
        use strum::IntoEnumIterator;
        let mut names = std::collections::HashSet::new();
        for code in ErrorCode::iter() {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()), "{code:?}");
            assert!(names.insert(code.as_str()), "{code:?} twice");
            let back: ErrorCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, code);
            assert!((400..600).contains(&code.status()), "{code:?}");
            assert!(!code.title().is_empty());
        }
        assert_eq!(names.len(), 34);
    }

    #[test]
    fn retry_after_is_at_least_one_second_and_on_the_wire() {
        let p = Problem::new(ErrorCode::RateLimited).with_retry_after(0);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["status"], 429);
        assert_eq!(json["retry_after_seconds"], 1);
        assert!(
            serde_json::to_value(Problem::new(ErrorCode::Internal))
                .unwrap()
                .get("retry_after_seconds")
                .is_none()
        );
    }

    #[test]
    fn unknown_codes_from_a_newer_server_still_parse() {
        let p: Problem = serde_json::from_str(
            r#"{"type":"urn:x","title":"t","status":418,"code":"brand_new","extra":1}"#,
        )
        .unwrap();
        assert_eq!(p.code, ErrorCode::Unknown);
    }

    #[test]
    fn validation_problem_round_trips() {
        let p = Problem::validation(vec![FieldError {
            field: Field::ContractId,
            code: FieldErrorCode::WrongLength,
        }]);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["status"], 422);
        assert_eq!(json["code"], "validation");
        assert_eq!(json["fields"][0]["field"], "contract_id");
        assert_eq!(json["fields"][0]["code"], "wrong_length");
        assert!(json.get("remaining_attempts").is_none());
        let back: Problem = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }
}
