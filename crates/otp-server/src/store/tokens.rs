//! The token registry: a token as stored, read with its secret opened. What operators do to
//! tokens is `token_admin.rs`; the codes judged on one, `token_codes.rs`.

use otp_api::session::{TokenStatus, mask_serial};
use otp_api::totp::{TotpAlgorithm, TotpParams};

use super::{Store, Tx};

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

pub(super) const COLUMNS: &str = "serial, secret, algorithm, digits, period, status, contract_id, activated_at, \
                       last_used_at, last_step, consecutive_failures, locked_at, secret_key_id";

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
}
