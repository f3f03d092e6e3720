//! Passkeys (WebAuthn) with `webauthn-rs`: the relying party derived from the public
//! origins, and the ceremonies kept in the database so that any instance finishes what
//! another began ([`ceremony`]).
//!
//! The relying party is the bank's site: its ID is the host of the first public origin that
//! is a name (or `passkeys.rp_id`, a parent domain), and only the public origins on that
//! domain may answer. WebAuthn refuses IP addresses: a server reached only at one has passkeys
//! off, and says so at start-up.

pub mod ceremony;

use std::time::Duration;

use otp_api::passkey::{Accepts, FactorChanges, PasskeyRules, Proof};
use webauthn_rs::prelude::{Url, Webauthn, WebauthnBuilder};

use crate::settings::Settings;

/// `[passkeys]` and `security.factor_changes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeySettings {
    /// Whether passkeys are offered at all.
    pub enabled: bool,
    /// The relying party's ID, when not the first public origin's host.
    pub rp_id: Option<String>,
    /// What factor changes need.
    pub factor_changes: FactorChanges,
    /// How long a login or confirmation counts as a fresh proof.
    pub fresh_proof_seconds: u32,
    /// Passkeys one contract may hold.
    pub max_per_contract: u32,
    /// How long a challenge may be answered.
    pub ceremony_seconds: u32,
}

impl Default for PasskeySettings {
    /// Passkeys on where the origins allow them; the relay-proof policy; five minutes for a
    /// fresh proof and for a challenge (WebAuthn's own recommended timeout); ten passkeys.
    fn default() -> Self {
        let rules = PasskeyRules::default();
        Self {
            enabled: true,
            rp_id: None,
            factor_changes: rules.factor_changes,
            fresh_proof_seconds: rules.fresh_proof_seconds,
            max_per_contract: rules.max_per_contract,
            ceremony_seconds: 300,
        }
    }
}

/// The relying party of this server: the bank's site, as WebAuthn names it.
pub struct RelyingParty {
    /// The ceremonies.
    pub webauthn: Webauthn,
    /// Its ID (a host name).
    pub rp_id: String,
    /// The origins that may answer its challenges.
    pub origins: Vec<String>,
}

impl std::fmt::Debug for RelyingParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelyingParty")
            .field("rp_id", &self.rp_id)
            .field("origins", &self.origins)
            .finish_non_exhaustive()
    }
}

/// Why passkeys are off.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Off {
    /// `passkeys.enabled = false`.
    #[error("passkeys are off (passkeys.enabled = false)")]
    Disabled,
    /// No public origin is a host name on the relying party's domain.
    #[error(
        "passkeys are off: no public origin is a host name{0} (WebAuthn refuses IP addresses; \
         reach the server at e.g. http://localhost:PORT or set security.public_origins)"
    )]
    NoHostName(String),
    /// webauthn-rs refused the derived configuration.
    #[error("passkeys are off: the relying party {0:?} was refused")]
    Refused(String),
}

/// Whether `host` (of `origin`) belongs to the relying party `rp_id`.
fn on_domain(host: &str, rp_id: &str) -> bool {
    host == rp_id || host.ends_with(&format!(".{rp_id}"))
}

/// The relying party from the settings, or why passkeys are off.
pub fn relying_party(settings: &Settings) -> Result<RelyingParty, Off> {
    let p = &settings.passkeys;
    if !p.enabled {
        return Err(Off::Disabled);
    }
    let named: Vec<Url> = settings
        .public_origins
        .iter()
        .filter_map(|o| Url::parse(o).ok())
        .filter(|u| u.domain().is_some())
        .collect();
    let rp_id = match (&p.rp_id, named.first()) {
        (Some(id), _) => id.clone(),
        (None, Some(first)) => first.domain().unwrap_or_default().to_owned(),
        (None, None) => return Err(Off::NoHostName(String::new())),
    };
    let allowed: Vec<&Url> = named
        .iter()
        .filter(|u| u.domain().is_some_and(|host| on_domain(host, &rp_id)))
        .collect();
    let Some((first, rest)) = allowed.split_first() else {
        return Err(Off::NoHostName(format!(" on {rp_id}")));
    };
    let refused = || Off::Refused(rp_id.clone());
    let mut builder = WebauthnBuilder::new(&rp_id, first)
        .map_err(|_| refused())?
        .rp_name(&settings.bank_name.ja)
        .timeout(Duration::from_secs(u64::from(p.ceremony_seconds)));
    for origin in rest {
        builder = builder.append_allowed_origin(origin);
    }
    let webauthn = builder.build().map_err(|_| refused())?;
    Ok(RelyingParty {
        webauthn,
        origins: allowed
            .iter()
            .map(|u| u.origin().ascii_serialization())
            .collect(),
        rp_id,
    })
}

/// Until when a session proven by `proof` (how, and when) may make a change that `accepts`
/// what it accepts, at `now`; `None` when it may not without confirming again.
pub fn fresh_until(
    proof: Option<(Proof, i64)>,
    accepts: Accepts,
    fresh_seconds: u32,
    now: i64,
) -> Option<i64> {
    let (how, at) = proof?;
    let until = at + i64::from(fresh_seconds);
    (accepts.takes(how) && now < until).then_some(until)
}

/// What `GET /config` says of passkeys.
pub fn rules(settings: &PasskeySettings, on: bool) -> PasskeyRules {
    PasskeyRules {
        enabled: on,
        factor_changes: settings.factor_changes,
        fresh_proof_seconds: settings.fresh_proof_seconds,
        max_per_contract: settings.max_per_contract,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_origins(origins: &[&str]) -> Settings {
        Settings {
            public_origins: origins.iter().map(|o| (*o).to_owned()).collect(),
            ..Settings::default()
        }
    }

    #[test]
    fn the_relying_party_is_the_first_named_origin_never_an_address() {
        let rp = relying_party(&with_origins(&[
            "http://127.0.0.1:8080",
            "http://localhost:8080",
        ]))
        .unwrap();
        assert_eq!(rp.rp_id, "localhost");
        assert_eq!(rp.origins, ["http://localhost:8080"]);
        let rp = relying_party(&with_origins(&[
            "https://ib.bank.example",
            "https://other.example",
            "https://m.ib.bank.example",
        ]))
        .unwrap();
        assert_eq!(rp.rp_id, "ib.bank.example");
        assert_eq!(
            rp.origins,
            ["https://ib.bank.example", "https://m.ib.bank.example"]
        );
        assert!(matches!(
            relying_party(&with_origins(&["http://10.0.0.5:8080"])),
            Err(Off::NoHostName(_))
        ));
    }

    #[test]
    fn a_proof_is_fresh_for_its_minutes_and_only_if_it_is_accepted() {
        let otp = Some((Proof::Otp, 1000));
        assert_eq!(
            fresh_until(otp, Accepts::OtpOrPasskey, 300, 1299),
            Some(1300)
        );
        assert_eq!(fresh_until(otp, Accepts::OtpOrPasskey, 300, 1300), None);
        // A relayed login (password and code) is never fresh where a passkey is needed.
        assert_eq!(fresh_until(otp, Accepts::Passkey, 300, 1001), None);
        let passkey = Some((Proof::Passkey, 1000));
        assert_eq!(
            fresh_until(passkey, Accepts::Passkey, 300, 1001),
            Some(1300)
        );
        assert_eq!(fresh_until(None, Accepts::OtpOrPasskey, 300, 1001), None);
    }

    #[test]
    fn a_parent_domain_and_the_switch() {
        let mut s = with_origins(&["https://ib.bank.example", "https://app.bank.example"]);
        s.passkeys.rp_id = Some("bank.example".into());
        let rp = relying_party(&s).unwrap();
        assert_eq!(rp.origins.len(), 2);
        s.passkeys.rp_id = Some("elsewhere.example".into());
        assert!(matches!(relying_party(&s), Err(Off::NoHostName(_))));
        s.passkeys.enabled = false;
        assert_eq!(relying_party(&s).unwrap_err(), Off::Disabled);
        assert!(!on_domain("evilbank.example", "bank.example"));
    }
}
