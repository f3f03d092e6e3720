//! What came of an audited event, by a name of its own: a refusal is the contract's error code
//! the request was answered with; anything else one of the few names here. What the event was
//! about (a serial, a procedure's kind, a passkey, a key, a throttle's bucket) is the row's
//! `subject`, never part of its outcome, so the outcomes are a closed set (the metrics count by
//! them) and every row reads back into this type or is refused.

use otp_api::problem::ErrorCode;

/// The outcome of an audited event, stored by its snake_case name.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Outcome {
    /// Done: the change was made, the check passed.
    Ok,
    /// Named by one of the contract's error codes: the refusal the request was answered with
    /// (or, for sessions ended, the refusal that ended them).
    #[strum(disabled)]
    Code(ErrorCode),
    /// The password was right; the one-time password is asked next.
    OtpRequired,
    /// An account or a token is locked now (its lock event), or a report locked the account.
    Locked,
    /// An operator lifted a lock.
    Unlocked,
    /// An operator's unlock found nothing locked.
    NothingLocked,
    /// A one-time password at or before the last accepted step, refused.
    Refused,
    /// A passkey's signature counter went back: a possible clone of the authenticator.
    PossibleClone,
    /// A session confirmed with a passkey.
    Passkey,
    /// A session confirmed with a one-time password.
    Otp,
    /// Sessions ended: the contract had more than it may.
    SessionLimit,
    /// Sessions ended: the contract's token changed (exchanged or stopped).
    TokenChanged,
    /// Sessions ended: an operator revoked the token.
    TokenRevoked,
    /// A procedure cancelled by its session's logout.
    Logout,
    /// Sessions ended or procedures cancelled by the customer's report (「心当たりがない」).
    CustomerReported,
    /// A procedure ended by too many wrong codes for its new token.
    OtpAttempts,
}

impl Outcome {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Code(code) => code.as_str(),
            named => named.into(),
        }
    }

    /// The outcome a stored name names.
    pub fn parse(name: &str) -> Option<Self> {
        name.parse().ok().or_else(|| {
            <ErrorCode as strum::IntoEnumIterator>::iter()
                .find(|code| code.as_str() == name)
                .map(Self::Code)
        })
    }

    /// Whether the customer gave a wrong password, code or passkey.
    pub fn checked_and_wrong(self) -> bool {
        matches!(
            self,
            Self::Code(
                ErrorCode::InvalidCredentials | ErrorCode::OtpInvalid | ErrorCode::PasskeyInvalid
            )
        )
    }
}

impl From<ErrorCode> for Outcome {
    fn from(code: ErrorCode) -> Self {
        Self::Code(code)
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rows read it from its stored name: a name this version does not know is an error.
impl TryFrom<String> for Outcome {
    type Error = UnknownOutcome;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::parse(&name).ok_or(UnknownOutcome(name))
    }
}

/// A stored outcome this version does not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown audit outcome {0:?}")]
pub struct UnknownOutcome(String);

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn every_outcome_reads_back_as_itself_and_no_name_is_an_error_codes() {
        // `iter` passes over `Code`: these are the outcomes with a name of their own.
        let named: Vec<Outcome> = Outcome::iter().collect();
        assert!(named.contains(&Outcome::OtpAttempts) && named.len() > 10);
        for outcome in named {
            assert_eq!(Outcome::parse(outcome.as_str()), Some(outcome));
            assert!(
                ErrorCode::iter().all(|code| code.as_str() != outcome.as_str()),
                "{outcome} is also an error code"
            );
        }
        for code in ErrorCode::iter() {
            assert_eq!(Outcome::parse(code.as_str()), Some(Outcome::Code(code)));
        }
        assert_eq!(Outcome::OtpRequired.as_str(), "otp_required");
        assert_eq!(Outcome::parse("code"), None);
        assert_eq!(Outcome::parse("otp_invalid VSST12345678"), None);
        assert!(Outcome::try_from("key 2".to_owned()).is_err());
    }

    /// Outcome names added after the subject migration (rows written before it cannot hold
    /// them, so it need not know them).
    const ADDED_SINCE_THE_SUBJECT_MIGRATION: &[&str] = &[];

    #[test]
    fn the_subject_migration_knows_every_outcome_name() {
        // It tells a passkey's ID, written as the outcome then, from every name an outcome
        // had: a name missing there would have been moved to the subject.
        for migration in [
            include_str!("../../migrations/sqlite/0007_audit_subject.sql"),
            include_str!("../../migrations/postgres/0007_audit_subject.sql"),
        ] {
            let list = &migration[migration.find("NOT IN (").unwrap()..];
            let listed: Vec<&str> = list.split('\'').skip(1).step_by(2).collect();
            for name in &listed {
                assert!(Outcome::parse(name).is_some(), "{name} is no outcome");
            }
            for outcome in Outcome::iter().chain(ErrorCode::iter().map(Outcome::Code)) {
                let name = outcome.as_str();
                assert!(
                    listed.contains(&name) || ADDED_SINCE_THE_SUBJECT_MIGRATION.contains(&name),
                    "{name} missing"
                );
            }
        }
    }
}
