//! Procedures in progress, and the transactions that complete them.

use otp_api::passkey::Proof;
use otp_api::procedure::{ProcedureKind, ProcedureStep};

use super::{Store, Tx};

/// One procedure as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProcedureRow {
    /// Its id.
    pub id: String,
    /// Which procedure.
    #[sqlx(try_from = "String")]
    pub kind: ProcedureKind,
    /// Whose.
    pub contract_id: String,
    /// SHA-256 of the browser cookie that binds it.
    pub browser_hash: String,
    /// Where it stands.
    #[sqlx(try_from = "String")]
    pub step: ProcedureStep,
    /// The active token when it started.
    pub old_serial: Option<String>,
    /// The token registered at completion.
    pub new_serial: Option<String>,
    /// When it expires.
    pub expires_at: i64,
    /// Wrong codes for the new token so far.
    pub otp_failures: i64,
    /// Why the server ended it (`otp_attempts`), if it did.
    pub ended_reason: Option<String>,
    /// How the customer proves it (the current token's code, or a passkey).
    #[sqlx(try_from = "String")]
    pub proof: Proof,
}

/// A new procedure.
#[derive(Debug, Clone)]
pub struct NewProcedure<'a> {
    pub id: &'a str,
    pub kind: ProcedureKind,
    pub contract_id: &'a str,
    pub browser_hash: &'a str,
    pub step: ProcedureStep,
    pub proof: Proof,
    pub old_serial: Option<&'a str>,
    pub now: i64,
    pub expires_at: i64,
}

/// Why completing a procedure failed; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CompleteError {
    /// The procedure is no longer at the step (a double submit, or cancelled meanwhile).
    #[error("the procedure moved on")]
    StepMoved,
    /// The token the procedure started with is no longer the contract's active token
    /// (another procedure exchanged or stopped it).
    #[error("the contract's token changed")]
    Superseded,
    /// The new serial was taken meanwhile.
    #[error("the serial is not available")]
    SerialUnavailable,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

const COLUMNS: &str = "id, kind, contract_id, browser_hash, step, old_serial, new_serial, \
                       expires_at, otp_failures, ended_reason, proof";

/// Why a procedure ended because of wrong codes for its new token.
pub const ENDED_BY_OTP_ATTEMPTS: &str = "otp_attempts";

impl Tx {
    /// Records a new procedure.
    pub async fn create_procedure(&mut self, p: &NewProcedure<'_>) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO procedures
               (id, kind, contract_id, browser_hash, step, old_serial, created_at, expires_at,
                updated_at, proof)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(p.id)
        .bind(p.kind.as_str())
        .bind(p.contract_id)
        .bind(p.browser_hash)
        .bind(p.step.as_str())
        .bind(p.old_serial)
        .bind(p.now)
        .bind(p.expires_at)
        .bind(p.now)
        .bind(p.proof.as_str())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Binds `contract_id`'s procedures of the browser id `from` to the browser id `to` (a
    /// browser that starts a procedure gets a new id; its other tabs' procedures follow).
    pub async fn rebind_procedures(
        &mut self,
        from: &str,
        to: &str,
        contract_id: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE procedures SET browser_hash = $1 WHERE browser_hash = $2 AND contract_id = $3",
        )
        .bind(to)
        .bind(from)
        .bind(contract_id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Moves a procedure from `from` to `to` if it is still at `from` (so a double submit
    /// cannot advance it twice); returns whether it moved.
    pub async fn advance_procedure(
        &mut self,
        id: &str,
        from: ProcedureStep,
        to: ProcedureStep,
        now: i64,
    ) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE procedures SET step = $1, updated_at = $2 WHERE id = $3 AND step = $4",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(id)
        .bind(from.as_str())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Registers `new_serial` for the procedure's contract and completes the procedure, in
    /// one transaction: for an exchange the old token is retired in the same commit, so the
    /// contract has exactly one active token before and after, and a failure anywhere leaves
    /// the old token active. The accepted code's `step` becomes the new token's replay guard.
    pub async fn complete_with_new_token(
        &mut self,
        procedure: &ProcedureRow,
        new_serial: &str,
        step: i64,
        now: i64,
    ) -> Result<(), CompleteError> {
        let tx = self;
        // Writes come first, so the transaction takes SQLite's write lock at its first
        // statement and concurrent completions queue instead of failing.
        let moved = sqlx::query(
            "UPDATE procedures SET step = 'completed', new_serial = $1, updated_at = $2
             WHERE id = $3 AND step = 'new_token'",
        )
        .bind(new_serial)
        .bind(now)
        .bind(&procedure.id)
        .execute(tx.conn())
        .await?;
        if moved.rows_affected() != 1 {
            return Err(CompleteError::StepMoved);
        }
        if let Some(old) = &procedure.old_serial {
            let retired = sqlx::query(
                "UPDATE tokens SET status = 'retired', retired_at = $1
                 WHERE serial = $2 AND contract_id = $3 AND status = 'active'",
            )
            .bind(now)
            .bind(old)
            .bind(&procedure.contract_id)
            .execute(tx.conn())
            .await?;
            if retired.rows_affected() != 1 {
                return Err(CompleteError::Superseded);
            }
        }
        let registered = sqlx::query(
            "UPDATE tokens SET status = 'active', contract_id = $1, activated_at = $2,
               last_used_at = $3, last_step = $4, consecutive_failures = 0
             WHERE serial = $5 AND status = 'available' AND locked_at IS NULL",
        )
        .bind(&procedure.contract_id)
        .bind(now)
        .bind(now)
        .bind(step)
        .bind(new_serial)
        .execute(tx.conn())
        .await;
        match registered {
            Ok(done) if done.rows_affected() == 1 => {}
            Ok(_) => return Err(CompleteError::SerialUnavailable),
            // The one-active-token index: another 利用開始 registered a token meanwhile.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(CompleteError::Superseded);
            }
            Err(e) => return Err(e.into()),
        }
        Ok(())
    }

    /// Retires the procedure's token and completes the 利用中止, in one transaction.
    pub async fn complete_stop(
        &mut self,
        procedure: &ProcedureRow,
        now: i64,
    ) -> Result<(), CompleteError> {
        let tx = self;
        let moved = sqlx::query(
            "UPDATE procedures SET step = 'completed', updated_at = $1 WHERE id = $2 AND step = 'confirm'",
        )
        .bind(now)
        .bind(&procedure.id)
        .execute(tx.conn())
        .await?;
        if moved.rows_affected() != 1 {
            return Err(CompleteError::StepMoved);
        }
        let retired = sqlx::query(
            "UPDATE tokens SET status = 'retired', retired_at = $1
             WHERE serial = $2 AND contract_id = $3 AND status = 'active'",
        )
        .bind(now)
        .bind(procedure.old_serial.as_deref().unwrap_or_default())
        .bind(&procedure.contract_id)
        .execute(tx.conn())
        .await?;
        if retired.rows_affected() != 1 {
            return Err(CompleteError::Superseded);
        }
        Ok(())
    }

    /// Cancels an unfinished procedure; returns whether it was unfinished.
    pub async fn cancel_procedure(&mut self, id: &str, now: i64) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE procedures SET step = 'cancelled', updated_at = $1
             WHERE id = $2 AND step NOT IN ('completed', 'cancelled')",
        )
        .bind(now)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Cancels every unfinished procedure of one browser (at logout); returns how many.
    pub async fn cancel_browser_procedures(
        &mut self,
        browser_hash: &str,
        now: i64,
    ) -> sqlx::Result<u64> {
        let done = sqlx::query(
            "UPDATE procedures SET step = 'cancelled', updated_at = $1
             WHERE browser_hash = $2 AND step NOT IN ('completed', 'cancelled')",
        )
        .bind(now)
        .bind(browser_hash)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected())
    }

    /// Cancels every open procedure of `contract_id` (still in time, not completed or
    /// cancelled) because the customer reported a use they do not recognise; returns how
    /// many.
    pub async fn cancel_contract_procedures(
        &mut self,
        contract_id: &str,
        now: i64,
    ) -> sqlx::Result<u64> {
        let done = sqlx::query(
            "UPDATE procedures SET step = 'cancelled', updated_at = $1
             WHERE contract_id = $2 AND expires_at >= $1
               AND step NOT IN ('completed', 'cancelled')",
        )
        .bind(now)
        .bind(contract_id)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected())
    }

    /// Records a judged wrong code for the procedure's new token (its slot already counts
    /// it); at `max_failures` the procedure ends. Returns `(failures, ended)`.
    pub async fn new_token_failed(
        &mut self,
        id: &str,
        max_failures: u32,
        now: i64,
    ) -> sqlx::Result<(i64, bool)> {
        let ended = sqlx::query(
            "UPDATE procedures SET step = 'cancelled', ended_reason = $1, updated_at = $2
             WHERE id = $3 AND step = 'new_token' AND otp_failures >= $4",
        )
        .bind(ENDED_BY_OTP_ATTEMPTS)
        .bind(now)
        .bind(id)
        .bind(i64::from(max_failures))
        .execute(self.conn())
        .await?
        .rows_affected()
            == 1;
        let failures: i64 = sqlx::query_scalar("SELECT otp_failures FROM procedures WHERE id = $1")
            .bind(id)
            .fetch_one(self.conn())
            .await?;
        Ok((failures, ended))
    }
}

impl Store {
    /// The procedure with this id, if any.
    pub async fn procedure(&self, id: &str) -> sqlx::Result<Option<ProcedureRow>> {
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM procedures WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Takes a slot for one code for the procedure's new token, before it is judged (the
    /// code counts as wrong in advance); false when the slots are used up.
    pub async fn claim_new_token_attempt(&self, id: &str, max_failures: u32) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE procedures SET otp_failures = otp_failures + 1
             WHERE id = $1 AND step = 'new_token' AND otp_failures < $2",
        )
        .bind(id)
        .bind(i64::from(max_failures))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives back the slot of a code that was never judged.
    pub async fn release_new_token_attempt(&self, id: &str) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE procedures SET otp_failures = otp_failures - 1
             WHERE id = $1 AND otp_failures > 0 AND step = 'new_token'",
        )
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
