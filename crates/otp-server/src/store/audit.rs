//! The audit trail: every security event with time, contract ID, client address, outcome and
//! what it was about.

use super::{Outcome, Store, Tx};

/// What happened (stored by its snake_case name).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
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
    /// An operator unlocked an account and its token, or a token.
    Unlock,
    /// An operator added a customer.
    CustomerAdded,
    /// An operator rotated the key of the token secrets.
    KeyRotated,
    /// Too many wrong codes for the new token ended a procedure.
    ProcedureEnded,
    /// Sessions ended because the account locked, the token changed or the contract had
    /// too many.
    SessionsEnded,
    /// A request refused by the throttle.
    Throttled,
    /// A login with a passkey (a complete login).
    LoginPasskey,
    /// A procedure's passkey step.
    ProcedurePasskey,
    /// A session confirmed again (a fresh proof) with a one-time password or a passkey.
    SessionConfirm,
    /// A passkey was registered to a contract.
    PasskeyAdded,
    /// A passkey was renamed.
    PasskeyRenamed,
    /// A passkey was removed (by the customer or an operator).
    PasskeyRemoved,
    /// A procedure was completed (the outcome is its kind).
    ProcedureCompleted,
    /// A procedure's time ran out before it was completed (written by the sweep, at its
    /// deadline; the outcome is its kind).
    ProcedureExpired,
    /// The customer reported a use they do not recognise (「心当たりがない」).
    CustomerReported,
}

impl AuditEvent {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The event a stored name names.
    pub fn parse(name: &str) -> Option<Self> {
        name.parse().ok()
    }
}

/// Rows read it from its stored name: a name this version does not know is an error.
impl TryFrom<String> for AuditEvent {
    type Error = strum::ParseError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}

/// What every audit row of one request (or operator command) shares: when, whose contract,
/// from which address, and by whom.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// Unix seconds.
    pub now: i64,
    /// The contract concerned, once known.
    pub contract_id: Option<String>,
    /// The client's address (the same one the throttle uses).
    pub client: Option<String>,
    /// `operator:<OS user>` for an operator command; `None` for a customer's request.
    pub actor: Option<String>,
    /// The browser's family, from the request's `User-Agent`.
    pub browser: Option<String>,
    /// The operating system's family, from the request's `User-Agent`.
    pub os: Option<String>,
}

impl Audit {
    /// The same context for `contract_id`.
    pub fn for_contract(&self, contract_id: &str) -> Self {
        Self {
            contract_id: Some(contract_id.to_owned()),
            ..self.clone()
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
    /// What happened.
    #[sqlx(try_from = "String")]
    pub event: AuditEvent,
    /// What came of it.
    #[sqlx(try_from = "String")]
    pub outcome: Outcome,
    /// What it was about, when not the contract alone: a serial, a procedure's kind, a
    /// passkey's ID, a key's number, a throttle's bucket.
    pub subject: Option<String>,
    /// Who acted (an operator), if not the customer.
    pub actor: Option<String>,
    /// The browser's family, when a browser's request.
    pub browser: Option<String>,
    /// The operating system's family, when a browser's request.
    pub os: Option<String>,
}

async fn insert(
    conn: &mut sqlx::AnyConnection,
    audit: &Audit,
    event: AuditEvent,
    outcome: Outcome,
    subject: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO audit
           (at, contract_id, client_addr, event, outcome, subject, actor, browser, os)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(audit.now)
    .bind(&audit.contract_id)
    .bind(&audit.client)
    .bind(event.as_str())
    .bind(outcome.as_str())
    .bind(subject)
    .bind(&audit.actor)
    .bind(&audit.browser)
    .bind(&audit.os)
    .execute(conn)
    .await?;
    Ok(())
}

impl Tx {
    /// Appends an audit row, committed with the change it records.
    pub async fn audit(
        &mut self,
        audit: &Audit,
        event: AuditEvent,
        outcome: impl Into<Outcome>,
    ) -> sqlx::Result<()> {
        self.audit_row(audit, event, outcome.into(), None).await
    }

    /// [`Tx::audit`] of an event about `subject` (a serial, a procedure's kind, a passkey).
    pub async fn audit_about(
        &mut self,
        audit: &Audit,
        event: AuditEvent,
        outcome: impl Into<Outcome>,
        subject: &str,
    ) -> sqlx::Result<()> {
        self.audit_row(audit, event, outcome.into(), Some(subject))
            .await
    }

    async fn audit_row(
        &mut self,
        audit: &Audit,
        event: AuditEvent,
        outcome: Outcome,
        subject: Option<&str>,
    ) -> sqlx::Result<()> {
        insert(self.conn(), audit, event, outcome, subject).await?;
        self.events.push((event, outcome));
        Ok(())
    }
}

impl Store {
    /// Appends an audit row that records no change (a refusal).
    pub async fn audit(
        &self,
        audit: &Audit,
        event: AuditEvent,
        outcome: impl Into<Outcome>,
    ) -> sqlx::Result<()> {
        self.audit_row(audit, event, outcome.into(), None).await
    }

    /// [`Store::audit`] of an event about `subject` (a serial, a throttle's bucket).
    pub async fn audit_about(
        &self,
        audit: &Audit,
        event: AuditEvent,
        outcome: impl Into<Outcome>,
        subject: &str,
    ) -> sqlx::Result<()> {
        self.audit_row(audit, event, outcome.into(), Some(subject))
            .await
    }

    async fn audit_row(
        &self,
        audit: &Audit,
        event: AuditEvent,
        outcome: Outcome,
        subject: Option<&str>,
    ) -> sqlx::Result<()> {
        let mut conn = self.pool.acquire().await?;
        insert(&mut conn, audit, event, outcome, subject).await?;
        self.metrics.event(event.as_str(), outcome.as_str());
        Ok(())
    }

    /// The audit trail of one contract (or of all), from `since` on, oldest first.
    pub async fn audit_entries(
        &self,
        contract_id: Option<&str>,
        since: Option<i64>,
    ) -> sqlx::Result<Vec<AuditEntry>> {
        self.audit_filtered(contract_id, since, None).await
    }

    /// [`Store::audit_entries`] of one event only, when `event` is given.
    pub async fn audit_filtered(
        &self,
        contract_id: Option<&str>,
        since: Option<i64>,
        event: Option<AuditEvent>,
    ) -> sqlx::Result<Vec<AuditEntry>> {
        sqlx::query_as(
            "SELECT at, contract_id, client_addr, event, outcome, subject, actor, browser, os
             FROM audit
             WHERE ($1 IS NULL OR contract_id = $1) AND ($2 IS NULL OR at >= $2)
               AND ($3 IS NULL OR event = $3)
             ORDER BY id",
        )
        .bind(contract_id)
        .bind(since)
        .bind(event.map(AuditEvent::as_str))
        .fetch_all(&self.pool)
        .await
    }

    /// The newest `limit` audit rows of `contract_id` from `since` on, newest first (the
    /// customer's activity).
    pub async fn contract_audit(
        &self,
        contract_id: &str,
        since: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<AuditEntry>> {
        sqlx::query_as(
            "SELECT at, contract_id, client_addr, event, outcome, subject, actor, browser, os
             FROM audit
             WHERE contract_id = $1 AND at >= $2 ORDER BY at DESC, id DESC LIMIT $3",
        )
        .bind(contract_id)
        .bind(since)
        .bind(limit)
        .fetch_all(&self.pool)
        .await
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn every_event_has_its_own_snake_case_name() {
        let mut names = std::collections::HashSet::new();
        for event in AuditEvent::iter() {
            let name = event.as_str();
            assert!(names.insert(name), "{name} twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}"
            );
        }
        assert_eq!(AuditEvent::OtpReplay.as_str(), "otp_replay");
        assert_eq!(AuditEvent::LoginOtp.as_str(), "login_otp");
    }
}
