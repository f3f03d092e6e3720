//! The token registry and the OTP counters of each token.

use otp_api::session::{TokenStatus, mask_serial};
use otp_api::totp::{TotpAlgorithm, TotpParams};

use super::Store;

/// One token as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    /// シリアル番号.
    pub serial: String,
    /// The TOTP seed.
    pub secret: Vec<u8>,
    /// `SHA1`, `SHA256` or `SHA512`.
    pub algorithm: String,
    /// Digits per code.
    pub digits: i64,
    /// Seconds per code.
    pub period: i64,
    /// `available`, `active`, `retired` or `revoked`.
    pub status: String,
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
}

impl TokenRow {
    /// Its TOTP parameters.
    pub fn params(&self) -> TotpParams {
        TotpParams {
            algorithm: TotpAlgorithm::parse(&self.algorithm).unwrap_or_default(),
            digits: u8::try_from(self.digits).unwrap_or(6),
            period: u32::try_from(self.period).unwrap_or(30),
        }
    }

    /// Whether wrong codes locked it.
    pub fn locked(&self) -> bool {
        self.locked_at.is_some()
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
                       last_used_at, last_step, consecutive_failures, locked_at";

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
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct OtpFailures {
    /// Wrong codes in a row.
    pub consecutive_failures: i64,
    /// When it locked, if it did.
    pub locked_at: Option<i64>,
}

impl Store {
    /// Adds a token to the registry, unassigned.
    pub async fn provision_token(
        &self,
        serial: &str,
        secret: &[u8],
        params: &TotpParams,
        now: i64,
    ) -> Result<(), ProvisionError> {
        let result = sqlx::query(
            "INSERT INTO tokens (serial, secret, algorithm, digits, period, provisioned_at)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(serial)
        .bind(secret)
        .bind(params.algorithm.as_str())
        .bind(i64::from(params.digits))
        .bind(i64::from(params.period))
        .bind(now)
        .execute(&self.pool)
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(ProvisionError::Exists(serial.to_owned()))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The token with this serial, if provisioned.
    pub async fn token(&self, serial: &str) -> sqlx::Result<Option<TokenRow>> {
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM tokens WHERE serial = ?"))
            .bind(serial)
            .fetch_optional(&self.pool)
            .await
    }

    /// The contract's active token, if it has one.
    pub async fn active_token(&self, contract_id: &str) -> sqlx::Result<Option<TokenRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM tokens WHERE contract_id = ? AND status = 'active'"
        ))
        .bind(contract_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Records an accepted code at `step`, unless a code at or after that step was accepted
    /// meanwhile (a concurrent replay); returns whether it was recorded.
    pub async fn record_otp_success(
        &self,
        serial: &str,
        step: i64,
        now: i64,
    ) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE tokens SET last_step = ?1, last_used_at = ?2, consecutive_failures = 0
             WHERE serial = ?3 AND locked_at IS NULL AND (last_step IS NULL OR last_step < ?1)",
        )
        .bind(step)
        .bind(now)
        .bind(serial)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts one more wrong code, locking at `max_failures`, in one atomic statement.
    pub async fn record_otp_failure(
        &self,
        serial: &str,
        max_failures: u32,
        now: i64,
    ) -> sqlx::Result<OtpFailures> {
        sqlx::query_as(
            "UPDATE tokens SET
               consecutive_failures = consecutive_failures + 1,
               locked_at = COALESCE(locked_at,
                 CASE WHEN consecutive_failures + 1 >= ?1 THEN ?2 END)
             WHERE serial = ?3
             RETURNING consecutive_failures, locked_at",
        )
        .bind(i64::from(max_failures))
        .bind(now)
        .bind(serial)
        .fetch_one(&self.pool)
        .await
    }

    /// Withdraws a token (whatever its state); returns whether the serial exists.
    pub async fn revoke_token(&self, serial: &str, now: i64) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE tokens SET status = 'revoked', retired_at = COALESCE(retired_at, ?) WHERE serial = ?",
        )
        .bind(now)
        .bind(serial)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Lifts the account lock and the lock of the contract's active token; returns whether
    /// anything was locked.
    pub async fn unlock(&self, contract_id: &str) -> sqlx::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let account = sqlx::query(
            "UPDATE login_attempts SET consecutive_failures = 0, locked_at = NULL
             WHERE contract_id = ? AND (locked_at IS NOT NULL OR consecutive_failures > 0)",
        )
        .bind(contract_id)
        .execute(&mut *tx)
        .await?;
        let token = sqlx::query(
            "UPDATE tokens SET consecutive_failures = 0, locked_at = NULL
             WHERE contract_id = ? AND status = 'active'
               AND (locked_at IS NOT NULL OR consecutive_failures > 0)",
        )
        .bind(contract_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(account.rows_affected() + token.rows_affected() > 0)
    }
}
