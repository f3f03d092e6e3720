//! Consecutive wrong passwords per contract ID (known or not) and the account lock.

use super::Store;

/// The lockout state of one contract ID.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct LoginAttempts {
    /// Wrong passwords since the last correct one.
    pub consecutive_failures: i64,
    /// When the account was locked, if it is.
    pub locked_at: Option<i64>,
}

impl LoginAttempts {
    /// Whether the account is locked.
    pub fn locked(&self) -> bool {
        self.locked_at.is_some()
    }
}

impl Store {
    /// The lockout state of `contract_id`.
    pub async fn login_attempts(&self, contract_id: &str) -> sqlx::Result<LoginAttempts> {
        let row = sqlx::query_as(
            "SELECT consecutive_failures, locked_at FROM login_attempts WHERE contract_id = ?",
        )
        .bind(contract_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.unwrap_or_default())
    }

    /// Counts one more wrong password, locking at `max_failures`; one atomic statement, so
    /// concurrent attempts cannot slip past the threshold.
    pub async fn record_login_failure(
        &self,
        contract_id: &str,
        max_failures: u32,
        now: i64,
    ) -> sqlx::Result<LoginAttempts> {
        sqlx::query_as(
            "INSERT INTO login_attempts (contract_id, consecutive_failures, locked_at)
             VALUES (?1, 1, CASE WHEN 1 >= ?2 THEN ?3 END)
             ON CONFLICT (contract_id) DO UPDATE SET
               consecutive_failures = consecutive_failures + 1,
               locked_at = COALESCE(locked_at,
                 CASE WHEN consecutive_failures + 1 >= ?2 THEN ?3 END)
             RETURNING consecutive_failures, locked_at",
        )
        .bind(contract_id)
        .bind(i64::from(max_failures))
        .bind(now)
        .fetch_one(&self.pool)
        .await
    }

    /// Forgets wrong passwords after a correct one (a locked account stays locked).
    pub async fn reset_login_failures(&self, contract_id: &str) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE login_attempts SET consecutive_failures = 0
             WHERE contract_id = ? AND locked_at IS NULL",
        )
        .bind(contract_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
