//! `[passkeys]`: passkeys beside the token (WebAuthn). The relying party is derived from
//! `security.public_origins` (see [`crate::passkeys`]); `rp_id` names a parent domain when
//! the bank wants passkeys to work on several of its hosts.

use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::passkeys::PasskeySettings;

/// `[passkeys]`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasskeysSection {
    pub enabled: bool,
    pub rp_id: Option<String>,
    pub fresh_proof_seconds: u32,
    pub max_per_contract: u32,
    pub ceremony_seconds: u32,
}

impl Default for PasskeysSection {
    fn default() -> Self {
        let d = PasskeySettings::default();
        Self {
            enabled: d.enabled,
            rp_id: d.rp_id,
            fresh_proof_seconds: d.fresh_proof_seconds,
            max_per_contract: d.max_per_contract,
            ceremony_seconds: d.ceremony_seconds,
        }
    }
}

impl PasskeysSection {
    /// The settings, each value checked.
    pub fn into_settings(self, factor_changes: &str) -> Result<PasskeySettings, ConfigError> {
        let check = |key: &str, value: u32, min: u32, max: u32| {
            if (min..=max).contains(&value) {
                Ok(value)
            } else {
                Err(ConfigError(format!(
                    "passkeys.{key} = {value}: must be between {min} and {max}"
                )))
            }
        };
        let factor_changes =
            otp_api::passkey::FactorChanges::parse(factor_changes).ok_or_else(|| {
                ConfigError(format!(
                    "security.factor_changes = {factor_changes:?}: must be otp, \
                     passkey_when_registered or passkey_required"
                ))
            })?;
        if let Some(rp_id) = &self.rp_id
            && (rp_id.is_empty()
                || rp_id.parse::<std::net::IpAddr>().is_ok()
                || !rp_id.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'
                }))
        {
            return Err(ConfigError(format!(
                "passkeys.rp_id = {rp_id:?}: must be a host name in lower case (WebAuthn refuses addresses)"
            )));
        }
        Ok(PasskeySettings {
            enabled: self.enabled,
            rp_id: self.rp_id,
            factor_changes,
            fresh_proof_seconds: check("fresh_proof_seconds", self.fresh_proof_seconds, 30, 3600)?,
            max_per_contract: check("max_per_contract", self.max_per_contract, 1, 100)?,
            ceremony_seconds: check("ceremony_seconds", self.ceremony_seconds, 30, 900)?,
        })
    }
}
