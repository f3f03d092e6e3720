//! The audit trail: every security event with time, contract ID, client address and outcome.

use super::Store;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditEvent {
    /// A login attempt (password step).
    Login,
    /// A login's OTP step.
    LoginOtp,
    /// An account was locked by wrong passwords.
    AccountLocked,
    /// A token was locked by wrong codes.
    TokenLocked,
    /// A code at or before the last accepted step was presented.
    OtpReplay,
    /// A session ended by logout.
    Logout,
    /// A procedure was started (credentials step).
    ProcedureStart,
    /// A procedure's current-token step.
    ProcedureCurrentToken,
    /// A procedure's new-token step.
    ProcedureNewToken,
    /// 利用中止's confirmation.
    ProcedureConfirm,
    /// A procedure was cancelled.
    ProcedureCancel,
    /// A token was registered to a contract.
    TokenRegistered,
    /// A token was released from a contract (exchanged or stopped).
    TokenReleased,
    /// An operator provisioned a token.
    TokenProvisioned,
    /// An operator revoked a token.
    TokenRevoked,
    /// An operator unlocked an account and its token.
    Unlock,
}

impl AuditEvent {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        use AuditEvent::*;
        match self {
            Login => "login",
            LoginOtp => "login_otp",
            AccountLocked => "account_locked",
            TokenLocked => "token_locked",
            OtpReplay => "otp_replay",
            Logout => "logout",
            ProcedureStart => "procedure_start",
            ProcedureCurrentToken => "procedure_current_token",
            ProcedureNewToken => "procedure_new_token",
            ProcedureConfirm => "procedure_confirm",
            ProcedureCancel => "procedure_cancel",
            TokenRegistered => "token_registered",
            TokenReleased => "token_released",
            TokenProvisioned => "token_provisioned",
            TokenRevoked => "token_revoked",
            Unlock => "unlock",
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

    /// The audit trail of one contract (or of all), from `since` on, oldest first.
    pub async fn audit_entries(
        &self,
        contract_id: Option<&str>,
        since: Option<i64>,
    ) -> sqlx::Result<Vec<AuditEntry>> {
        sqlx::query_as(
            "SELECT at, contract_id, client_addr, event, outcome FROM audit
             WHERE (?1 IS NULL OR contract_id = ?1) AND (?2 IS NULL OR at >= ?2) ORDER BY id",
        )
        .bind(contract_id)
        .bind(since)
        .fetch_all(&self.pool)
        .await
    }
}
