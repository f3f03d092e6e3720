//! Judging a passkey's assertion, the way `auth.rs` judges a one-time password: counted as a
//! failure (per address and per contract) until it turns out right, refused and audited when
//! webauthn-rs refuses it, and recorded — its signature counter moving forward — in the
//! contract's transaction, so that of a burst of assertions only those the lock lets through
//! in order are judged, and a counter that goes back is refused as a possible clone.

use data_encoding::BASE64URL_NOPAD;
use otp_api::problem::ErrorCode;
use webauthn_rs::prelude::{
    AuthenticationResult, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PublicKeyCredential,
};

use super::extract::Caller;
use crate::AppState;
use crate::error::AppResult;
use crate::passkeys::ceremony;
use crate::store::{Audit, AuditEvent, Lock, Outcome, PasskeyRow, Tx};
use crate::throttle::{self, Kind, Taken};

/// What the assertion must answer.
pub enum Expected {
    /// One of the contract's passkeys (a confirmation, a procedure's step).
    Contract(PasskeyAuthentication),
    /// Any registered passkey, naming its contract (a login).
    Discoverable(DiscoverableAuthentication),
}

/// An accepted assertion: the transaction (under the contract's lock) that recorded its use,
/// the throttle events to give back once committed, and the passkey used.
pub struct Accepted {
    /// The transaction, to add the request's own changes to and commit.
    pub tx: Tx,
    /// The events taken, given back once committed.
    pub taken: Taken,
    /// The passkey (as it was before this use).
    pub passkey: PasskeyRow,
}

async fn refuse(
    state: &AppState,
    audit: &Audit,
    event: AuditEvent,
    outcome: Outcome,
) -> AppResult<()> {
    state.store.audit(audit, event, outcome).await?;
    Ok(())
}

/// The passkey row the credential names, if it belongs to `contract_id` (when given) or to
/// the contract its user handle names (a discoverable login).
async fn find(
    state: &AppState,
    credential: &PublicKeyCredential,
    contract_id: Option<&str>,
) -> AppResult<Option<PasskeyRow>> {
    let store = &state.store;
    let id = BASE64URL_NOPAD.encode(credential.get_credential_id());
    let Some(row) = store.passkey_by_credential(&id).await? else {
        return Ok(None);
    };
    let owner = match contract_id {
        Some(contract) => Some(contract.to_owned()),
        None => match credential
            .get_user_unique_id()
            .and_then(|b| webauthn_rs::prelude::Uuid::from_slice(b).ok())
        {
            Some(handle) => store.contract_of_user(&handle.to_string()).await?,
            None => None,
        },
    };
    Ok(owner.filter(|o| *o == row.contract_id).map(|_| row))
}

/// Judges `credential` against `expected`; `audit` names the contract when it is known
/// before (a confirmation, a procedure), else it is filled in from the passkey.
pub async fn judge(
    state: &AppState,
    caller: Caller,
    audit: &mut Audit,
    event: AuditEvent,
    credential: serde_json::Value,
    expected: Expected,
) -> AppResult<Accepted> {
    let rp = state.relying_party()?;
    let contract_known = audit.contract_id.clone();
    let parsed: Option<PublicKeyCredential> = serde_json::from_value(credential).ok();
    let row = match &parsed {
        Some(c) => find(state, c, contract_known.as_deref()).await?,
        None => None,
    };
    if let Some(row) = &row {
        *audit = audit.for_contract(&row.contract_id);
    }
    // Counted before it is judged (per address, and per contract once one is named).
    let contract_for_throttle = audit.contract_id.clone().unwrap_or_default();
    let kind = Kind::Failure {
        contract_id: &contract_for_throttle,
        serial: None,
    };
    let taken = throttle::take(state, caller.ip, kind, audit, event).await?;
    let (Some(credential), Some(row)) = (parsed, row) else {
        taken.keep();
        refuse(state, audit, event, ErrorCode::PasskeyInvalid.into()).await?;
        return Err(ErrorCode::PasskeyInvalid.into());
    };
    let mut passkey: Passkey = ceremony::stored(&row.credential)?;
    let verdict: Result<AuthenticationResult, _> = match expected {
        Expected::Contract(auth) => rp
            .webauthn
            .finish_passkey_authentication(&credential, &auth),
        Expected::Discoverable(auth) => {
            rp.webauthn
                .finish_discoverable_authentication_v2(&credential, auth, &passkey)
        }
    };
    let result = match verdict {
        Ok(result) => result,
        Err(err) => {
            taken.keep();
            tracing::warn!(%err, "passkey assertion refused");
            refuse(state, audit, event, ceremony::refusal(&err)).await?;
            return Err(ErrorCode::PasskeyInvalid.into());
        }
    };
    passkey.update_credential(&result);
    let updated = serde_json::to_string(&passkey).map_err(crate::error::AppError::internal)?;
    let mut tx = state
        .store
        .begin(&[Lock::Contract(&row.contract_id)])
        .await?;
    let counter = i64::from(result.counter());
    if !tx
        .passkey_used(&row.id, &updated, counter, audit.now)
        .await?
    {
        // Another assertion with this counter (or a later one) got there first.
        drop(tx);
        taken.keep();
        refuse(state, audit, event, Outcome::PossibleClone).await?;
        return Err(ErrorCode::PasskeyInvalid.into());
    }
    Ok(Accepted {
        tx,
        taken,
        passkey: row,
    })
}
