//! The three procedures (利用開始・交換・利用中止): their wire types and the state machine that
//! decides which step comes next. The server enforces it; the SPA shows the step it names.

use serde::{Deserialize, Serialize};

use crate::passkey::Proof;
use crate::session::TokenStatus;

/// Which procedure.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ProcedureKind {
    /// 利用開始: register a first token.
    Activate,
    /// 交換: move from the current token to a new one.
    Exchange,
    /// 利用中止: stop using the current token.
    Stop,
}

impl ProcedureKind {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        name.parse().ok()
    }

    /// Whether the contract must already have an active token.
    pub const fn needs_active_token(self) -> bool {
        !matches!(self, ProcedureKind::Activate)
    }

    /// The step after the credentials were accepted, when the procedure is proven with
    /// `proof`: a passkey's assertion comes first where the policy asks for one (it takes the
    /// place of the current token's code: a relay holds the code, never the passkey).
    pub const fn first_step(self, proof: Proof) -> ProcedureStep {
        match (self, proof) {
            (_, Proof::Passkey) => ProcedureStep::Passkey,
            (ProcedureKind::Activate, Proof::Otp) => ProcedureStep::NewToken,
            (ProcedureKind::Exchange | ProcedureKind::Stop, Proof::Otp) => {
                ProcedureStep::CurrentToken
            }
        }
    }

    /// The steps the customer goes through, in order, for the step indicator (the
    /// credentials step first, completion last).
    pub const fn steps(self, proof: Proof) -> &'static [ProcedureStep] {
        use ProcedureStep::*;
        match (self, proof) {
            (ProcedureKind::Activate, Proof::Otp) => &[Credentials, NewToken, Completed],
            (ProcedureKind::Activate, Proof::Passkey) => {
                &[Credentials, Passkey, NewToken, Completed]
            }
            (ProcedureKind::Exchange, Proof::Otp) => {
                &[Credentials, CurrentToken, NewToken, Completed]
            }
            (ProcedureKind::Exchange, Proof::Passkey) => {
                &[Credentials, Passkey, NewToken, Completed]
            }
            (ProcedureKind::Stop, Proof::Otp) => &[Credentials, CurrentToken, Confirm, Completed],
            (ProcedureKind::Stop, Proof::Passkey) => &[Credentials, Passkey, Confirm, Completed],
        }
    }
}

/// Where a procedure stands.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ProcedureStep {
    /// 契約者ID + ログインパスワード (before the procedure exists on the server).
    Credentials,
    /// The current token's OTP is expected.
    CurrentToken,
    /// A passkey's assertion is expected (the contract has one and the bank's policy asks
    /// for it).
    Passkey,
    /// The new token's serial and OTP are expected.
    NewToken,
    /// 利用中止 waits for the customer's confirmation.
    Confirm,
    /// Done.
    Completed,
    /// Cancelled by the customer.
    Cancelled,
}

impl ProcedureStep {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Rows read these from their stored names (`#[sqlx(try_from = "String")]`): a name this
/// version does not know is an error, never a silent default.
macro_rules! from_stored_name {
    ($($ty:ty),*) => {$(
        impl TryFrom<String> for $ty {
            type Error = strum::ParseError;

            fn try_from(name: String) -> Result<Self, Self::Error> {
                name.parse()
            }
        }
    )*};
}
from_stored_name!(ProcedureKind, ProcedureStep, Proof);

/// What the customer submits at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcedureAction {
    /// The current token's OTP.
    CurrentToken,
    /// A passkey's assertion.
    Passkey,
    /// The new token's serial and OTP.
    NewToken,
    /// 利用中止's confirmation.
    Confirm,
}

/// The step after `action` succeeds at `step` of `kind`, or `None` when the action is not the
/// one this step expects (`step_out_of_order`).
pub const fn next_step(
    kind: ProcedureKind,
    step: ProcedureStep,
    action: ProcedureAction,
) -> Option<ProcedureStep> {
    use ProcedureAction as A;
    use ProcedureKind as K;
    use ProcedureStep as S;
    match (kind, step, action) {
        (K::Exchange, S::CurrentToken, A::CurrentToken) => Some(S::NewToken),
        (K::Stop, S::CurrentToken, A::CurrentToken) => Some(S::Confirm),
        (K::Activate | K::Exchange, S::Passkey, A::Passkey) => Some(S::NewToken),
        (K::Stop, S::Passkey, A::Passkey) => Some(S::Confirm),
        (K::Activate | K::Exchange, S::NewToken, A::NewToken) => Some(S::Completed),
        (K::Stop, S::Confirm, A::Confirm) => Some(S::Completed),
        _ => None,
    }
}

/// The body of `POST /procedures`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StartProcedureRequest {
    /// Which procedure.
    pub kind: ProcedureKind,
    /// 契約者ID(利用者番号).
    pub contract_id: String,
    /// ログインパスワード.
    pub password: String,
}

/// The body of `POST /procedures/{id}/current-token` and `POST /login/otp`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OtpRequest {
    /// ワンタイムパスワード, as typed.
    pub otp: String,
}

/// The body of `POST /procedures/{id}/new-token`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    /// シリアル番号 of the new token, as typed.
    pub serial: String,
    /// Its ワンタイムパスワード.
    pub otp: String,
}

/// A procedure's state, as every procedure endpoint answers it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Procedure {
    /// Its id (unguessable; bound to the browser that started it).
    pub id: String,
    /// Which procedure.
    pub kind: ProcedureKind,
    /// The step the customer is at.
    pub step: ProcedureStep,
    /// How the customer proves the procedure: the current token's code (the seed's path) or a
    /// passkey (once the contract has one, by the bank's policy).
    #[serde(default)]
    pub proof: Proof,
    /// When it expires (Unix seconds).
    pub expires_at: i64,
    /// The token registered, once a 利用開始 or 交換 is completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<TokenStatus>,
}

/// The body of `POST /demo/tokens`: a provisioned token's seed, as the token app would hold it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoToken {
    /// シリアル番号.
    pub serial: String,
    /// The shared secret, base32 without padding.
    pub secret: String,
    /// The HMAC.
    pub algorithm: crate::totp::TotpAlgorithm,
    /// Digits per code.
    pub digits: u8,
    /// Seconds per code.
    pub period: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProcedureAction as A;
    use ProcedureKind as K;
    use ProcedureStep as S;

    #[test]
    fn exchange_goes_current_then_new_then_done() {
        let s = K::Exchange.first_step(Proof::Otp);
        assert_eq!(s, S::CurrentToken);
        let s = next_step(K::Exchange, s, A::CurrentToken).unwrap();
        assert_eq!(s, S::NewToken);
        assert_eq!(next_step(K::Exchange, s, A::NewToken), Some(S::Completed));
    }

    #[test]
    fn activate_goes_straight_to_the_new_token() {
        assert_eq!(K::Activate.first_step(Proof::Otp), S::NewToken);
        assert_eq!(
            next_step(K::Activate, S::NewToken, A::NewToken),
            Some(S::Completed)
        );
        assert!(!K::Activate.needs_active_token());
    }

    #[test]
    fn stop_asks_for_confirmation() {
        let s = next_step(K::Stop, K::Stop.first_step(Proof::Otp), A::CurrentToken).unwrap();
        assert_eq!(s, S::Confirm);
        assert_eq!(next_step(K::Stop, s, A::Confirm), Some(S::Completed));
    }

    #[test]
    fn a_passkey_takes_the_place_of_the_current_tokens_code() {
        for kind in [K::Activate, K::Exchange, K::Stop] {
            assert_eq!(kind.first_step(Proof::Passkey), S::Passkey);
            assert!(!kind.steps(Proof::Passkey).contains(&S::CurrentToken));
            // A code never moves a procedure that waits for a passkey.
            assert_eq!(next_step(kind, S::Passkey, A::CurrentToken), None);
            assert_eq!(next_step(kind, S::Passkey, A::NewToken), None);
            assert_eq!(next_step(kind, S::Passkey, A::Confirm), None);
        }
        assert_eq!(next_step(K::Exchange, S::CurrentToken, A::Passkey), None);
    }

    #[test]
    fn out_of_order_actions_are_refused() {
        for kind in [K::Activate, K::Exchange, K::Stop] {
            for step in [S::Completed, S::Cancelled, S::Credentials] {
                for action in [A::CurrentToken, A::Passkey, A::NewToken, A::Confirm] {
                    assert_eq!(
                        next_step(kind, step, action),
                        None,
                        "{kind:?} {step:?} {action:?}"
                    );
                }
            }
        }
        assert_eq!(next_step(K::Exchange, S::CurrentToken, A::NewToken), None);
        assert_eq!(next_step(K::Activate, S::NewToken, A::CurrentToken), None);
        assert_eq!(next_step(K::Stop, S::CurrentToken, A::Confirm), None);
        assert_eq!(next_step(K::Exchange, S::NewToken, A::Confirm), None);
    }

    #[test]
    fn every_step_sequence_is_reachable_by_next_step() {
        for kind in [K::Activate, K::Exchange, K::Stop] {
            for proof in [Proof::Otp, Proof::Passkey] {
                let steps = kind.steps(proof);
                assert_eq!(steps[1], kind.first_step(proof));
                for pair in steps[1..].windows(2) {
                    let reached = [A::CurrentToken, A::Passkey, A::NewToken, A::Confirm]
                        .into_iter()
                        .filter_map(|a| next_step(kind, pair[0], a))
                        .collect::<Vec<_>>();
                    assert_eq!(reached, [pair[1]], "{kind:?} {proof:?}");
                }
            }
        }
    }

    #[test]
    fn names_round_trip() {
        use strum::IntoEnumIterator;
        for s in S::iter() {
            assert_eq!(ProcedureStep::try_from(s.as_str().to_owned()), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for k in K::iter() {
            assert_eq!(ProcedureKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert!(ProcedureStep::try_from("finished".to_owned()).is_err());
        assert_eq!(ProcedureKind::parse("Activate"), None);
    }
}
