//! A WebAuthn ceremony between its challenge and its answer: the state webauthn-rs keeps is
//! stored in the database under the SHA-256 of a random id the browser holds, bound to what
//! it is for (a session, a procedure, or nothing for a login), and taken by the answer, so a
//! challenge answers once, only for what it was issued for, and before it expires — on
//! whichever instance the answer reaches.

use otp_api::problem::ErrorCode;
use serde::Serialize;
use serde::de::DeserializeOwned;
use webauthn_rs::prelude::{Passkey, WebauthnError};

use crate::AppState;
use crate::cookies;
use crate::error::{AppError, AppResult};
use crate::store::{CeremonyPurpose, NewCeremony, Outcome};

/// Login ceremonies that may wait for their answer at once, whatever their addresses: a
/// stranger asking for challenges without answering them cannot grow the table further (the
/// sweep removes expired ones every minute).
pub const MAX_LIVE_LOGIN_CEREMONIES: i64 = 10_000;

/// The answer of every `…/options` endpoint: the ceremony's id and the options the browser
/// passes to `navigator.credentials.create()` or `.get()` (WebAuthn's JSON form, for
/// `PublicKeyCredential.parseCreationOptionsFromJSON()` / `parseRequestOptionsFromJSON()`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CeremonyOptions {
    /// The ceremony's id, sent back with the answer.
    pub ceremony: String,
    /// `PublicKeyCredentialCreationOptionsJSON` or `PublicKeyCredentialRequestOptionsJSON`.
    #[serde(rename = "publicKey")]
    #[schema(value_type = Object)]
    pub public_key: serde_json::Value,
}

/// The body of every passkey answer: the ceremony's id and the browser's credential
/// (`PublicKeyCredential.toJSON()`); a registration also names the passkey.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CeremonyAnswer {
    /// The id from the options.
    pub ceremony: String,
    /// `RegistrationResponseJSON` or `AuthenticationResponseJSON`.
    #[schema(value_type = Object)]
    pub credential: serde_json::Value,
    /// The passkey's name (registration only; 1 to 40 characters).
    #[serde(default)]
    pub name: Option<String>,
}

/// Makes a registration's options ask for a discoverable credential (a passkey the customer
/// logs in with without typing the contract ID): webauthn-rs's passkey registration leaves it
/// to the authenticator, and a security key would then make one the login cannot find.
pub fn require_resident_key(options: &mut serde_json::Value) {
    if let Some(selection) = options
        .get_mut("authenticatorSelection")
        .and_then(serde_json::Value::as_object_mut)
    {
        selection.insert("residentKey".into(), "required".into());
        selection.insert("requireResidentKey".into(), true.into());
    }
}

/// Records a ceremony's state and answers its options. `options` is webauthn-rs's challenge
/// response (`{"publicKey": …}`).
pub async fn begin(
    state: &AppState,
    purpose: CeremonyPurpose,
    contract_id: Option<&str>,
    bound_to: Option<&str>,
    ceremony_state: &impl Serialize,
    options: &impl Serialize,
) -> AppResult<CeremonyOptions> {
    let now = state.clock.now();
    let stored = serde_json::to_string(ceremony_state).map_err(AppError::internal)?;
    let mut public_key = serde_json::to_value(options)
        .map_err(AppError::internal)?
        .get_mut("publicKey")
        .map(serde_json::Value::take)
        .ok_or_else(|| AppError::internal("webauthn-rs options without publicKey"))?;
    if purpose == CeremonyPurpose::Register {
        require_resident_key(&mut public_key);
    }
    let (id, id_hash) = cookies::new_id();
    let row = NewCeremony {
        id_hash: &id_hash,
        purpose,
        contract_id,
        bound_to,
        state: &stored,
        expires_at: now + i64::from(state.settings.passkeys.ceremony_seconds),
    };
    if !state
        .store
        .create_ceremony(&row, now, MAX_LIVE_LOGIN_CEREMONIES)
        .await?
    {
        tracing::warn!("too many passkey login challenges waiting for an answer");
        return Err(
            otp_api::problem::Problem::new(ErrorCode::ServiceUnavailable)
                .with_retry_after(60)
                .into(),
        );
    }
    Ok(CeremonyOptions {
        ceremony: id,
        public_key,
    })
}

/// Takes the ceremony `id` for `purpose`, bound to `bound_to` and begun for `contract_id`:
/// its state, or `passkey_invalid` (none, used, another's) / `passkey_expired`.
pub async fn take<S: DeserializeOwned>(
    state: &AppState,
    id: &str,
    purpose: CeremonyPurpose,
    bound_to: Option<&str>,
    contract_id: Option<&str>,
) -> AppResult<S> {
    let row = state
        .store
        .take_ceremony(&cookies::hash_id(id))
        .await?
        .filter(|row| {
            row.purpose == purpose
                && row.bound_to.as_deref() == bound_to
                && row.contract_id.as_deref() == contract_id
        })
        .ok_or(ErrorCode::PasskeyInvalid)?;
    if state.clock.now() > row.expires_at {
        return Err(ErrorCode::PasskeyExpired.into());
    }
    serde_json::from_str(&row.state).map_err(AppError::internal)
}

/// The audit outcome of a refused assertion or registration: a counter that went back is a
/// possible clone of the authenticator.
pub fn refusal(err: &WebauthnError) -> Outcome {
    match err {
        WebauthnError::CredentialPossibleCompromise => Outcome::PossibleClone,
        _ => Outcome::Code(ErrorCode::PasskeyInvalid),
    }
}

/// A stored passkey's credential.
pub fn stored(json: &str) -> AppResult<Passkey> {
    serde_json::from_str(json).map_err(AppError::internal)
}

/// What a passkey's stored JSON says of it: its signature counter and whether it may be
/// synced between devices (webauthn-rs keeps both inside; its safe API shows neither).
pub fn counter_and_backup(passkey: &Passkey) -> AppResult<(i64, bool)> {
    let json = serde_json::to_value(passkey).map_err(AppError::internal)?;
    let cred = &json["cred"];
    let counter = cred["counter"].as_i64().unwrap_or(0);
    let backup = cred["backup_eligible"].as_bool().unwrap_or(false);
    Ok((counter, backup))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrations_ask_for_a_discoverable_credential() {
        let mut options = serde_json::json!({
            "authenticatorSelection": {"residentKey": "discouraged", "requireResidentKey": false,
                                       "userVerification": "required"}
        });
        require_resident_key(&mut options);
        assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
        assert_eq!(
            options["authenticatorSelection"]["requireResidentKey"],
            true
        );
        assert_eq!(
            options["authenticatorSelection"]["userVerification"],
            "required"
        );
    }
}
