//! Passkeys (WebAuthn, discoverable, user verification required) beside the token, and the
//! rule of which proof a change of the customer's factors needs: what a real-time phishing
//! relay collects (the contract ID, the password and the current code) must not be enough to
//! exchange or stop the token, nor to add or remove a passkey, once the contract has one.

use serde::{Deserialize, Serialize};

/// The bank's policy for changes of a customer's factors (`security.factor_changes`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum FactorChanges {
    /// The seed's rule: the current one-time password is enough, passkey or not.
    Otp,
    /// Once a contract has a passkey, only a passkey can change its factors; contracts
    /// without one keep the one-time password path.
    #[default]
    PasskeyWhenRegistered,
    /// Every 交換 and 利用中止 needs a passkey (a bank that finished its roll-out); a contract
    /// without one registers one first (its one-time password is enough for that).
    PasskeyRequired,
}

/// How a login or a step was proven.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Proof {
    /// The token's one-time password.
    #[default]
    Otp,
    /// A passkey's assertion (bound to this site: a relay cannot replay it).
    Passkey,
}

impl Proof {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        name.parse().ok()
    }
}

/// Which change of the customer's factors is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactorChange {
    /// 利用開始, 交換 or 利用中止 (a token added, replaced or released).
    Token,
    /// A passkey added.
    AddPasskey,
    /// A passkey removed.
    RemovePasskey,
}

/// What a factor change accepts as its proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepts {
    /// The one-time password, or a passkey.
    OtpOrPasskey,
    /// Only a passkey.
    Passkey,
    /// Nothing: the contract must register a passkey first (`passkey_required`).
    PasskeyFirst,
}

impl Accepts {
    /// Whether `proof` is enough.
    pub const fn takes(self, proof: Proof) -> bool {
        matches!(
            (self, proof),
            (Accepts::OtpOrPasskey, _) | (Accepts::Passkey, Proof::Passkey)
        )
    }

    /// The proof to ask for (the stronger one where both do).
    pub const fn asks(self, has_passkey: bool) -> Option<Proof> {
        match self {
            Accepts::PasskeyFirst => None,
            Accepts::Passkey => Some(Proof::Passkey),
            Accepts::OtpOrPasskey if has_passkey => Some(Proof::Passkey),
            Accepts::OtpOrPasskey => Some(Proof::Otp),
        }
    }
}

impl FactorChanges {
    /// The wire and configuration name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parses a configured name.
    pub fn parse(name: &str) -> Option<Self> {
        name.parse().ok()
    }

    /// What `change` accepts for a contract that has (or has not) a passkey.
    pub const fn accepts(self, change: FactorChange, has_passkey: bool) -> Accepts {
        match (self, has_passkey, change) {
            (FactorChanges::Otp, _, _) => Accepts::OtpOrPasskey,
            (_, true, _) => Accepts::Passkey,
            (FactorChanges::PasskeyRequired, false, FactorChange::Token) => Accepts::PasskeyFirst,
            (_, false, _) => Accepts::OtpOrPasskey,
        }
    }
}

/// Where passkeys stand at this bank (part of `GET /config`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasskeyRules {
    /// Whether the server offers passkeys (off when no public origin is a host name:
    /// WebAuthn refuses IP addresses).
    pub enabled: bool,
    /// The factor-change policy.
    // The SPA never reads it (the server's answers say what a procedure needs), so its wasm
    // build skips it: its deserializer cost the first module about 1 KB.
    #[cfg_attr(target_arch = "wasm32", serde(skip_deserializing))]
    pub factor_changes: FactorChanges,
    /// Seconds after a login (or a confirmation) during which it counts as a fresh proof for
    /// registering or removing a passkey.
    pub fresh_proof_seconds: u32,
    /// Passkeys one contract may hold.
    pub max_per_contract: u32,
}

impl Default for PasskeyRules {
    fn default() -> Self {
        Self {
            enabled: false,
            factor_changes: FactorChanges::default(),
            fresh_proof_seconds: 300,
            max_per_contract: 10,
        }
    }
}

/// One registered passkey as the customer sees it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyInfo {
    /// Its id (opaque; the path of `PATCH` and `DELETE /passkeys/{id}`).
    pub id: String,
    /// The name the customer gave it.
    pub name: String,
    /// When it was registered (Unix seconds).
    pub created_at: i64,
    /// When it was last used (Unix seconds), if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<i64>,
    /// Whether it is synced between the customer's devices (a password manager's passkey)
    /// rather than bound to one device or security key.
    pub synced: bool,
}

/// The body of `GET /passkeys`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyList {
    /// The contract's passkeys, oldest first.
    pub passkeys: Vec<PasskeyInfo>,
    /// How many the contract may hold.
    pub max: u32,
    /// Until when (Unix seconds) the session's proof lets it add or remove a passkey without
    /// asking again; absent when it does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fresh_until: Option<i64>,
    /// What to ask for when the proof is not fresh: the one-time password or a passkey;
    /// absent when the contract has neither a token nor a passkey (nothing can prove it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_with: Option<Proof>,
}

/// The body of `PATCH /passkeys/{id}`, and the name given at registration.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasskeyName {
    /// 1 to [`NAME_MAX_CHARS`] characters, no control characters.
    pub name: String,
}

/// The longest name of a passkey, in characters.
pub const NAME_MAX_CHARS: usize = 40;

/// A passkey's name as it is kept: trimmed, 1 to [`NAME_MAX_CHARS`] characters, without
/// control characters; `None` when it breaks the rule.
pub fn name(raw: &str) -> Option<String> {
    let name = raw.trim();
    let ok = !name.is_empty()
        && name.chars().count() <= NAME_MAX_CHARS
        && !name.chars().any(char::is_control);
    ok.then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn a_relay_cannot_change_the_factors_of_a_contract_with_a_passkey() {
        for change in [
            FactorChange::Token,
            FactorChange::AddPasskey,
            FactorChange::RemovePasskey,
        ] {
            for policy in [
                FactorChanges::PasskeyWhenRegistered,
                FactorChanges::PasskeyRequired,
            ] {
                let accepts = policy.accepts(change, true);
                assert!(!accepts.takes(Proof::Otp), "{policy:?} {change:?}");
                assert!(accepts.takes(Proof::Passkey));
                assert_eq!(accepts.asks(true), Some(Proof::Passkey));
            }
            // The seed's rule, when the bank chooses it.
            assert!(FactorChanges::Otp.accepts(change, true).takes(Proof::Otp));
        }
    }

    #[test]
    fn without_a_passkey_the_seeds_path_stays_unless_the_bank_requires_one() {
        let when = FactorChanges::PasskeyWhenRegistered;
        assert!(when.accepts(FactorChange::Token, false).takes(Proof::Otp));
        assert_eq!(
            when.accepts(FactorChange::Token, false).asks(false),
            Some(Proof::Otp)
        );
        let required = FactorChanges::PasskeyRequired;
        assert_eq!(
            required.accepts(FactorChange::Token, false),
            Accepts::PasskeyFirst
        );
        assert!(!Accepts::PasskeyFirst.takes(Proof::Passkey));
        assert_eq!(Accepts::PasskeyFirst.asks(false), None);
        // The first passkey is registered with the one-time password, whatever the policy.
        for policy in FactorChanges::iter() {
            assert!(
                policy
                    .accepts(FactorChange::AddPasskey, false)
                    .takes(Proof::Otp)
            );
        }
    }

    #[test]
    fn names_round_trip_and_the_default_policy_is_the_issues() {
        for policy in FactorChanges::iter() {
            assert_eq!(FactorChanges::parse(policy.as_str()), Some(policy));
        }
        for proof in Proof::iter() {
            assert_eq!(Proof::parse(proof.as_str()), Some(proof));
        }
        assert_eq!(FactorChanges::default().as_str(), "passkey_when_registered");
    }

    #[test]
    fn passkey_names() {
        assert_eq!(name("  iPhone ").as_deref(), Some("iPhone"));
        assert_eq!(name("").as_deref(), None);
        assert_eq!(name("a\u{7}b"), None);
        assert!(name(&"あ".repeat(NAME_MAX_CHARS)).is_some());
        assert!(name(&"あ".repeat(NAME_MAX_CHARS + 1)).is_none());
    }
}
