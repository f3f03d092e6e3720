//! The audit trail: every security event with time, contract ID, client address and outcome.

use super::Store;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditEvent {
    /// A login attempt (password step).
    Login,
    /// An account was locked by wrong passwords.
    AccountLocked,
    /// A session ended by logout.
    Logout,
}

impl AuditEvent {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuditEvent::Login => "login",
            AuditEvent::AccountLocked => "account_locked",
            AuditEvent::Logout => "logout",
        }
    }
}

/// One audit row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    /// The contract ID the event concerns (as typed, normalised), if any.
    pub contract_id: Option<String>,
    /// The client's address, if known.
    pub client_addr: Option<String>,
    /// The event's name.
    pub event: String,
    /// `ok`, `fail`, or the refusal's code.
    pub outcome: String,
}

impl Store {
    /// Appends an audit row.
    pub async fn audit(
        &self,
        now: i64,
        contract_id: Option<&str>,
        client_addr: Option<&str>,
        event: AuditEvent,
        outcome: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO audit (at, contract_id, client_addr, event, outcome) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(now)
        .bind(contract_id)
        .bind(client_addr)
        .bind(event.as_str())
        .bind(outcome)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The audit trail of one contract (or of all), oldest first.
    pub async fn audit_entries(&self, contract_id: Option<&str>) -> sqlx::Result<Vec<AuditEntry>> {
        sqlx::query_as(
            "SELECT at, contract_id, client_addr, event, outcome FROM audit
             WHERE ?1 IS NULL OR contract_id = ?1 ORDER BY id",
        )
        .bind(contract_id)
        .fetch_all(&self.pool)
        .await
    }
}
