//! What the bank's operators do to tokens: provision them into the registry, revoke them,
//! unlock them (with the account), and the demo tokens' housekeeping. Each change with its
//! audit row in its transaction.

use otp_api::totp::TotpParams;

use super::{Audit, AuditEvent, Lock, Notice, Outcome, Store};

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

impl Store {
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
                tx.audit_about(audit, AuditEvent::TokenProvisioned, Outcome::Ok, serial)
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
        tx.audit_about(&audit, AuditEvent::TokenRevoked, Outcome::Ok, serial)
            .await?;
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
            tx.audit(&audit, AuditEvent::SessionsEnded, Outcome::TokenRevoked)
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
        let outcome = match changed {
            true => Outcome::Unlocked,
            false => Outcome::NothingLocked,
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
        let outcome = match changed {
            true => Outcome::Unlocked,
            false => Outcome::NothingLocked,
        };
        tx.audit_about(&audit, AuditEvent::Unlock, outcome, serial)
            .await?;
        tx.commit().await?;
        Ok(Some(changed))
    }
}
