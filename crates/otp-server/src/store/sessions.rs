//! Browser sessions.

use otp_api::activity::{FailedLogins, LoginFactor, PreviousLogin};
use otp_api::passkey::Proof;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, Tx};

/// One session as stored.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// SHA-256 of the cookie value.
    pub id_hash: String,
    /// Whose session.
    pub contract_id: String,
    /// When the login happened.
    pub created_at: i64,
    /// The last request.
    pub last_seen_at: i64,
    /// False while the login waits for its OTP.
    pub authenticated: bool,
    /// How the session was last proven (`None`: the password alone) and when.
    pub proof: Option<(Proof, i64)>,
    /// The contract's login before this session's (fixed when this one completed).
    pub previous_login: Option<PreviousLogin>,
    /// Wrong answers at the login since that one, up to this session's login.
    pub failed_logins: FailedLogins,
}

/// The columns of a [`SessionRow`].
pub(super) const COLUMNS: &str = "id_hash, contract_id, created_at, last_seen_at, authenticated, proof, \
     proof_at, previous_login_at, previous_login_factor, failed_passwords, failed_otps";

/// A count read from the database, as the wire's `u32`.
fn count(row: &AnyRow, column: &str) -> sqlx::Result<u32> {
    Ok(u32::try_from(row.try_get::<i64, _>(column)?.max(0)).unwrap_or(u32::MAX))
}

impl sqlx::FromRow<'_, AnyRow> for SessionRow {
    /// `authenticated` is a 0/1 integer on both backends.
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(Self {
            id_hash: row.try_get("id_hash")?,
            contract_id: row.try_get("contract_id")?,
            created_at: row.try_get("created_at")?,
            last_seen_at: row.try_get("last_seen_at")?,
            authenticated: row.try_get::<i64, _>("authenticated")? != 0,
            proof: match (
                row.try_get::<Option<String>, _>("proof")?,
                row.try_get::<Option<i64>, _>("proof_at")?,
            ) {
                (Some(name), Some(at)) => Some((
                    Proof::parse(&name).ok_or_else(|| sqlx::Error::ColumnDecode {
                        index: "proof".into(),
                        source: format!("unknown proof {name:?}").into(),
                    })?,
                    at,
                )),
                _ => None,
            },
            previous_login: match (
                row.try_get::<Option<i64>, _>("previous_login_at")?,
                row.try_get::<Option<String>, _>("previous_login_factor")?,
            ) {
                (Some(at), Some(name)) => Some(PreviousLogin {
                    at,
                    factor: LoginFactor::parse(&name).ok_or_else(|| sqlx::Error::ColumnDecode {
                        index: "previous_login_factor".into(),
                        source: format!("unknown factor {name:?}").into(),
                    })?,
                }),
                _ => None,
            },
            failed_logins: FailedLogins {
                password: count(row, "failed_passwords")?,
                otp: count(row, "failed_otps")?,
            },
        })
    }
}

impl Store {
    /// The session with this id hash, if any.
    pub async fn session(&self, id_hash: &str) -> sqlx::Result<Option<SessionRow>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM sessions WHERE id_hash = $1"
        ))
        .bind(id_hash)
        .fetch_optional(&self.pool)
        .await
    }

    /// The session with this id hash if it is live at `now` (last seen at or after
    /// `idle_before`, begun at or after `absolute_before`), marked as used now (its idle
    /// timeout restarts): one statement. `None` when there is no such live session (then
    /// [`Store::session`] tells an expired one from none).
    pub async fn touch_live_session(
        &self,
        id_hash: &str,
        now: i64,
        idle_before: i64,
        absolute_before: i64,
    ) -> sqlx::Result<Option<SessionRow>> {
        sqlx::query_as(&format!(
            "UPDATE sessions SET last_seen_at = $1
             WHERE id_hash = $2 AND last_seen_at >= $3 AND created_at >= $4
             RETURNING {COLUMNS}"
        ))
        .bind(now)
        .bind(id_hash)
        .bind(idle_before)
        .bind(absolute_before)
        .fetch_optional(&self.pool)
        .await
    }

    /// Ends a session (a timeout: no audit row).
    pub async fn delete_session(&self, id_hash: &str) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl Tx {
    /// Records a new session that began at `created_at` (the first login step), proven by
    /// `proof` at its time (`None`: the password alone).
    pub async fn create_session(
        &mut self,
        id_hash: &str,
        contract_id: &str,
        authenticated: bool,
        created_at: i64,
        now: i64,
        proof: Option<(Proof, i64)>,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO sessions
               (id_hash, contract_id, created_at, last_seen_at, authenticated, proof, proof_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id_hash)
        .bind(contract_id)
        .bind(created_at)
        .bind(now)
        .bind(i64::from(authenticated))
        .bind(proof.map(|(p, _)| p.as_str()))
        .bind(proof.map(|(_, at)| at))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records that the session `id_hash` completed a login of `contract_id` by `factor` at
    /// `now`: the session keeps the contract's login before it and the wrong passwords and
    /// one-time passwords since that one (its home shows them), and this login becomes the
    /// contract's last. In the login's transaction, under the contract's lock.
    pub async fn record_login(
        &mut self,
        id_hash: &str,
        contract_id: &str,
        factor: LoginFactor,
        now: i64,
    ) -> sqlx::Result<()> {
        // The previous login and the failures after the newest audit row of its time (ids,
        // not seconds: a failure in the same second as a login is told apart), one query.
        let Some(failed) = sqlx::query(
            "SELECT c.last_login_at, c.last_login_factor, c.last_login_audit_id,
               COALESCE(SUM(CASE WHEN a.event = 'login' AND a.outcome = 'invalid_credentials'
                            THEN 1 ELSE 0 END), 0) AS failed_passwords,
               COALESCE(SUM(CASE WHEN a.event = 'login_otp' AND a.outcome = 'otp_invalid'
                            THEN 1 ELSE 0 END), 0) AS failed_otps,
               MAX(a.id) AS newest
             FROM customers c
             LEFT JOIN audit a
               ON a.contract_id = c.contract_id AND a.id > COALESCE(c.last_login_audit_id, 0)
             WHERE c.contract_id = $1
             GROUP BY c.last_login_at, c.last_login_factor, c.last_login_audit_id",
        )
        .bind(contract_id)
        .fetch_optional(self.conn())
        .await?
        else {
            return Ok(());
        };
        let last_at = failed.try_get::<Option<i64>, _>("last_login_at")?;
        let last_factor = failed.try_get::<Option<String>, _>("last_login_factor")?;
        let seen = failed.try_get::<Option<i64>, _>("last_login_audit_id")?;
        let newest = failed.try_get::<Option<i64>, _>("newest")?.or(seen);
        let previous = match (last_at, last_factor.as_deref().and_then(LoginFactor::parse)) {
            (Some(at), Some(factor)) => Some(PreviousLogin { at, factor }),
            _ => None,
        };
        let failed_logins = FailedLogins {
            password: count(&failed, "failed_passwords")?,
            otp: count(&failed, "failed_otps")?,
        };
        self.set_login_record(id_hash, previous, failed_logins)
            .await?;
        sqlx::query(
            "UPDATE customers SET last_login_at = $1, last_login_factor = $2,
               last_login_audit_id = $3
             WHERE contract_id = $4",
        )
        .bind(now)
        .bind(factor.as_str())
        .bind(newest)
        .bind(contract_id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Gives the session `id_hash` what `from` showed of the previous login (a session that
    /// was already complete and got a new id).
    pub async fn carry_login_record(
        &mut self,
        id_hash: &str,
        from: &SessionRow,
    ) -> sqlx::Result<()> {
        self.set_login_record(id_hash, from.previous_login, from.failed_logins)
            .await
    }

    /// What the session `id_hash` shows of the login before it.
    async fn set_login_record(
        &mut self,
        id_hash: &str,
        previous: Option<PreviousLogin>,
        failed: FailedLogins,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE sessions SET previous_login_at = $1, previous_login_factor = $2,
               failed_passwords = $3, failed_otps = $4
             WHERE id_hash = $5",
        )
        .bind(previous.map(|p| p.at))
        .bind(previous.map(|p| p.factor.as_str()))
        .bind(i64::from(failed.password))
        .bind(i64::from(failed.otp))
        .bind(id_hash)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records that the session was proven again at `now` by `proof` (a confirmation).
    pub async fn prove_session(
        &mut self,
        id_hash: &str,
        proof: Proof,
        now: i64,
    ) -> sqlx::Result<bool> {
        let done = sqlx::query("UPDATE sessions SET proof = $1, proof_at = $2 WHERE id_hash = $3")
            .bind(proof.as_str())
            .bind(now)
            .bind(id_hash)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Makes room for one more session of `contract_id` among at most `max` live ones: its
    /// expired sessions (last seen before `idle_before`, or begun before `absolute_before`)
    /// go, then, beyond `max - 1`, the oldest live ones, those still waiting for their
    /// one-time password first (so that logins with the password alone never push out a
    /// complete session while one of theirs is left). Returns how many live sessions ended.
    pub async fn make_room_for_session(
        &mut self,
        contract_id: &str,
        max: u32,
        idle_before: i64,
        absolute_before: i64,
    ) -> sqlx::Result<u64> {
        sqlx::query(
            "DELETE FROM sessions
             WHERE contract_id = $1 AND (last_seen_at < $2 OR created_at < $3)",
        )
        .bind(contract_id)
        .bind(idle_before)
        .bind(absolute_before)
        .execute(self.conn())
        .await?;
        let done = sqlx::query(
            "DELETE FROM sessions WHERE contract_id = $1 AND id_hash NOT IN (
               SELECT id_hash FROM sessions WHERE contract_id = $1
               ORDER BY authenticated DESC, created_at DESC, id_hash LIMIT $2)",
        )
        .bind(contract_id)
        .bind(i64::from(max.saturating_sub(1)))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected())
    }

    /// Whether the session `id_hash` still exists (read under the contract's lock: another
    /// request may have ended it since this one's session was checked).
    pub async fn session_exists(&mut self, id_hash: &str) -> sqlx::Result<bool> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .fetch_optional(self.conn())
            .await?;
        Ok(found.is_some())
    }

    /// Ends a session; returns whether it existed.
    pub async fn delete_session(&mut self, id_hash: &str) -> sqlx::Result<bool> {
        let done = sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends every session of `contract_id` but `except` (the one making the request); returns
    /// how many ended.
    pub async fn end_sessions(
        &mut self,
        contract_id: &str,
        except: Option<&str>,
    ) -> sqlx::Result<u64> {
        let done = sqlx::query(
            "DELETE FROM sessions WHERE contract_id = $1 AND ($2 IS NULL OR id_hash <> $2)",
        )
        .bind(contract_id)
        .bind(except)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected())
    }
}
