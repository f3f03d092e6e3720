//! The token registry and the OTP counters of each token.

use otp_api::session::{TokenStatus, mask_serial};
use otp_api::totp::{TotpAlgorithm, TotpParams};

use super::{Audit, AuditEvent, Lock, Notice, Store, Tx};

/// Where a token stands in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum TokenState {
    /// Provisioned, nobody's yet.
    Available,
    /// A contract's token.
    Active,
    /// Exchanged or stopped.
    Retired,
    /// Withdrawn by the bank.
    Revoked,
}

impl TryFrom<String> for TokenState {
    type Error = strum::ParseError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}

/// One token as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    /// シリアル番号.
    pub serial: String,
    /// The TOTP seed.
    pub secret: Vec<u8>,
    /// `SHA1`, `SHA256` or `SHA512` (a row with another name is refused as it is read).
    #[sqlx(try_from = "String")]
    pub algorithm: TotpAlgorithm,
    /// Digits per code (refused outside `u8`).
    #[sqlx(try_from = "i64")]
    pub digits: u8,
    /// Seconds per code (refused outside `u32`).
    #[sqlx(try_from = "i64")]
    pub period: u32,
    /// Where it stands.
    #[sqlx(try_from = "String")]
    pub status: TokenState,
    /// The contract it is (or was) registered to.
    pub contract_id: Option<String>,
    /// When it was registered.
    pub activated_at: Option<i64>,
    /// When a code was last accepted.
    pub last_used_at: Option<i64>,
    /// The last accepted TOTP step.
    pub last_step: Option<i64>,
    /// Wrong codes since the last right one.
    pub consecutive_failures: i64,
    /// When too many wrong codes locked it.
    pub locked_at: Option<i64>,
    /// The key that sealed `secret` as stored (the row as returned holds the opened secret).
    #[sqlx(default)]
    secret_key_id: Option<i64>,
    /// The secret as stored (sealed), kept by [`Store::opened`] beside the opened one.
    #[sqlx(skip)]
    sealed: Vec<u8>,
}

impl TokenRow {
    /// Its TOTP parameters.
    pub fn params(&self) -> TotpParams {
        TotpParams {
            algorithm: self.algorithm,
            digits: self.digits,
            period: self.period,
        }
    }

    /// Whether wrong codes locked it.
    pub fn locked(&self) -> bool {
        self.locked_at.is_some()
    }

    /// This row as it may stay in memory beyond a request: the opened secret dropped, the
    /// sealed one kept ([`Store::reopened`] opens it again).
    pub fn closed(&self) -> Self {
        Self {
            secret: Vec::new(),
            ..self.clone()
        }
    }

    /// The secret as the database holds it: the row still stored as read when a statement
    /// compares it.
    pub fn sealed_secret(&self) -> &[u8] {
        &self.sealed
    }

    /// What the customer may see of it.
    pub fn status(&self) -> TokenStatus {
        TokenStatus {
            serial_masked: mask_serial(&self.serial),
            activated_at: self.activated_at.unwrap_or_default(),
            last_used_at: self.last_used_at,
            locked: self.locked(),
        }
    }
}

const COLUMNS: &str = "serial, secret, algorithm, digits, period, status, contract_id, activated_at, \
                       last_used_at, last_step, consecutive_failures, locked_at, secret_key_id";

/// Why a token could not be provisioned.
#[derive(Debug, thiserror::Error)]
pub enum ProvisionError {
    /// The serial is already in the registry.
    #[error("serial {0} is already provisioned")]
    Exists(String),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The lock counters of one token after a wrong code.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OtpFailures {
    /// Wrong codes in a row.
    pub consecutive_failures: i64,
    /// When it locked, if it did.
    pub locked_at: Option<i64>,
    /// The contract it is registered to, if any.
    pub contract_id: Option<String>,
}

impl Store {
    pub(super) fn opened(&self, row: Option<TokenRow>) -> sqlx::Result<Option<TokenRow>> {
        row.map(|mut row| {
            row.sealed = std::mem::take(&mut row.secret);
            row.secret = self.unseal(row.secret_key_id, &row.serial, &row.sealed)?;
            Ok(row)
        })
        .transpose()
    }

    /// A [`TokenRow::closed`] row with its secret opened again.
    pub fn reopened(&self, row: &TokenRow) -> sqlx::Result<TokenRow> {
        let secret = self.unseal(row.secret_key_id, &row.serial, &row.sealed)?;
        Ok(TokenRow {
            secret,
            ..row.clone()
        })
    }

    /// Adds a token to the registry, unassigned, its secret sealed, with its audit row.
    pub async fn provision_token(
        &self,
        audit: &Audit,
        serial: &str,
        secret: &[u8],
        params: &TotpParams,
    ) -> Result<(), ProvisionError> {
        let (key_id, sealed) = self.keys.read().expect("keyring lock").seal(serial, secret);
        let mut tx = self.begin(&[Lock::Serial(serial)]).await?;
        let result = sqlx::query(
            "INSERT INTO tokens
               (serial, secret, secret_key_id, algorithm, digits, period, provisioned_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(serial)
        .bind(sealed)
        .bind(key_id)
        .bind(params.algorithm.as_str())
        .bind(i64::from(params.digits))
        .bind(i64::from(params.period))
        .bind(audit.now)
        .execute(tx.conn())
        .await;
        match result {
            Ok(_) => {
                tx.audit(audit, AuditEvent::TokenProvisioned, serial)
                    .await?;
                tx.commit().await?;
                Ok(())
            }
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(ProvisionError::Exists(serial.to_owned()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The token with this serial, if provisioned.
    pub async fn token(&self, serial: &str) -> sqlx::Result<Option<TokenRow>> {
        let row = sqlx::query_as(&format!("SELECT {COLUMNS} FROM tokens WHERE serial = $1"))
            .bind(serial)
            .fetch_optional(&self.pool)
            .await?;
        self.opened(row)
    }

    /// The contract's active token, if it has one.
    pub async fn active_token(&self, contract_id: &str) -> sqlx::Result<Option<TokenRow>> {
        let row = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tokens WHERE contract_id = $1 AND status = 'active'"
        ))
        .bind(contract_id)
        .fetch_optional(&self.pool)
        .await?;
        self.opened(row)
    }

    /// Unregistered demo tokens: removes those provisioned before `before`, then counts the
    /// rest: (how many, when the oldest was provisioned).
    pub async fn prune_demo_tokens(&self, before: i64) -> sqlx::Result<(i64, Option<i64>)> {
        sqlx::query(
            "DELETE FROM tokens WHERE serial LIKE 'DEMO%' AND status = 'available'
               AND provisioned_at < $1",
        )
        .bind(before)
        .execute(&self.pool)
        .await?;
        sqlx::query_as(
            "SELECT COUNT(*), MIN(provisioned_at) FROM tokens
             WHERE serial LIKE 'DEMO%' AND status = 'available'",
        )
        .fetch_one(&self.pool)
        .await
    }

    /// Withdraws a token (whatever its state) and ends the sessions of the contract it was
    /// active for, with the audit rows; returns whether the serial exists.
    pub async fn revoke_token(&self, audit: &Audit, serial: &str) -> sqlx::Result<bool> {
        // Its owner is read inside: the transaction runs alone (an operator's command).
        let mut tx = self.begin_alone().await?;
        let owner: Option<(String, Option<String>)> =
            sqlx::query_as("SELECT status, contract_id FROM tokens WHERE serial = $1")
                .bind(serial)
                .fetch_optional(tx.conn())
                .await?;
        let Some((status, contract_id)) = owner else {
            return Ok(false);
        };
        sqlx::query(
            "UPDATE tokens SET status = 'revoked', retired_at = COALESCE(retired_at, $1) WHERE serial = $2",
        )
        .bind(audit.now)
        .bind(serial)
        .execute(tx.conn())
        .await?;
        let audit = match contract_id.as_deref() {
            Some(id) if status == "active" => audit.for_contract(id),
            _ => audit.clone(),
        };
        tx.audit(&audit, AuditEvent::TokenRevoked, serial).await?;
        if status == "active"
            && let Some(id) = contract_id.as_deref()
        {
            tx.notify(audit.now, id, Notice::TokenRevoked, Some(serial), None)
                .await?;
        }
        if status == "active"
            && let Some(id) = contract_id.as_deref()
            && tx.end_sessions(id, None).await? > 0
        {
            tx.audit(&audit, AuditEvent::SessionsEnded, "token_revoked")
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Lifts the account lock and the lock of the contract's active token, with the audit
    /// row; returns whether anything was locked.
    pub async fn unlock(&self, audit: &Audit) -> sqlx::Result<bool> {
        let contract_id = audit.contract_id.as_deref().unwrap_or_default();
        let mut tx = self.begin(&[Lock::Contract(contract_id)]).await?;
        let account = sqlx::query(
            "UPDATE login_attempts SET consecutive_failures = 0, locked_at = NULL,
               locked_until = NULL, lock_count = 0
             WHERE contract_id = $1 AND (locked_at IS NOT NULL OR consecutive_failures > 0)",
        )
        .bind(contract_id)
        .execute(tx.conn())
        .await?;
        let token = sqlx::query(
            "UPDATE tokens SET consecutive_failures = 0, locked_at = NULL
             WHERE contract_id = $1 AND status = 'active'
               AND (locked_at IS NOT NULL OR consecutive_failures > 0)",
        )
        .bind(contract_id)
        .execute(tx.conn())
        .await?;
        let changed = account.rows_affected() + token.rows_affected() > 0;
        let outcome = if changed {
            "unlocked"
        } else {
            "nothing_locked"
        };
        tx.audit(audit, AuditEvent::Unlock, outcome).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Lifts the lock of one token, assigned or not, with the audit row; `None` when the
    /// serial does not exist, else whether it was locked.
    pub async fn unlock_token(&self, audit: &Audit, serial: &str) -> sqlx::Result<Option<bool>> {
        // The token's owner is read inside: the transaction runs alone (an operator's).
        let mut tx = self.begin_alone().await?;
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT contract_id FROM tokens WHERE serial = $1")
                .bind(serial)
                .fetch_optional(tx.conn())
                .await?;
        let Some(contract_id) = found else {
            return Ok(None);
        };
        let done = sqlx::query(
            "UPDATE tokens SET consecutive_failures = 0, locked_at = NULL
             WHERE serial = $1 AND (locked_at IS NOT NULL OR consecutive_failures > 0)",
        )
        .bind(serial)
        .execute(tx.conn())
        .await?;
        let changed = done.rows_affected() == 1;
        let audit = match contract_id.as_deref() {
            Some(id) => audit.for_contract(id),
            None => audit.clone(),
        };
        let outcome = format!(
            "{serial} {}",
            if changed {
                "unlocked"
            } else {
                "nothing_locked"
            }
        );
        tx.audit(&audit, AuditEvent::Unlock, &outcome).await?;
        tx.commit().await?;
        Ok(Some(changed))
    }
}

impl Tx {
    /// Whether `contract_id` has an active token (nothing unsealed: a yes or no).
    pub async fn has_active_token(&mut self, contract_id: &str) -> sqlx::Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM tokens WHERE contract_id = $1 AND status = 'active'",
        )
        .bind(contract_id)
        .fetch_one(self.conn())
        .await?;
        Ok(n > 0)
    }

    /// Records an accepted code at `step` (the replay guard) and forgets the wrong ones (codes
    /// still being judged, such as a replay of this one, keep their slots), unless a code at or
    /// after that step was accepted meanwhile (a concurrent replay) or the token locked:
    /// returns whether it was recorded.
    pub async fn otp_succeeded(&mut self, serial: &str, step: i64, now: i64) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE tokens SET last_step = $1, last_used_at = $2, consecutive_failures = 0
             WHERE serial = $3 AND locked_at IS NULL AND (last_step IS NULL OR last_step < $1)",
        )
        .bind(step)
        .bind(now)
        .bind(serial)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a judged wrong (or replayed) code on a registered token, in the transaction
    /// that holds its lock: counts the failure and locks the token at the threshold, with the
    /// audit rows and the notice. `None` when the token was locked already (by another
    /// attempt meanwhile): nothing counted, nothing written.
    pub async fn otp_failed(
        &mut self,
        audit: &Audit,
        event: AuditEvent,
        serial: &str,
        max_failures: u32,
    ) -> sqlx::Result<Option<OtpFailures>> {
        // One statement: `locked_at` was NULL before, so a lock returned is this failure's.
        let counted: Option<OtpFailures> = sqlx::query_as(
            "UPDATE tokens SET consecutive_failures = consecutive_failures + 1,
               locked_at = CASE WHEN consecutive_failures + 1 >= $1 THEN $2 ELSE NULL END
             WHERE serial = $3 AND locked_at IS NULL
             RETURNING consecutive_failures, locked_at, contract_id",
        )
        .bind(i64::from(max_failures))
        .bind(audit.now)
        .bind(serial)
        .fetch_optional(self.conn())
        .await?;
        let Some(failures) = counted else {
            return Ok(None);
        };
        let locked_now = failures.locked_at.is_some();
        self.audit(audit, event, "otp_invalid").await?;
        if locked_now {
            self.audit(audit, AuditEvent::TokenLocked, "locked").await?;
            if let Some(contract_id) = failures.contract_id.as_deref() {
                self.notify(
                    audit.now,
                    contract_id,
                    Notice::TokenLocked,
                    Some(serial),
                    None,
                )
                .await?;
            }
        }
        Ok(Some(failures))
    }
}
