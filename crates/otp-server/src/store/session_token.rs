//! The live session and, while it waits for its one-time password, the contract's active
//! token: what the login's OTP step reads before it judges a code. On PostgreSQL one statement
//! (the session touched in a data-modifying CTE, the token joined to it): one round trip
//! where two statements take two, the database a hop away. SQLite runs the two statements
//! (no `UPDATE` in a `WITH`, and no hop).

use sqlx::Row;
use sqlx::any::AnyRow;

use super::sessions::COLUMNS as SESSION_COLUMNS;
use super::{Backend, SessionRow, Store, TokenRow};

/// The token's columns but its `contract_id`, which the join makes the session's (the two
/// tables share no other column name).
const TOKEN_COLUMNS: &str = "t.serial, t.secret, t.algorithm, t.digits, t.period, t.status, \
     t.activated_at, t.last_used_at, t.last_step, t.consecutive_failures, t.locked_at, \
     t.secret_key_id";

impl Store {
    /// [`Store::touch_live_session`], with the contract's active token when the session is
    /// not yet authenticated (`None` once it is, or when the contract has no token).
    pub async fn touch_live_session_and_token(
        &self,
        id_hash: &str,
        now: i64,
        idle_before: i64,
        absolute_before: i64,
    ) -> sqlx::Result<Option<(SessionRow, Option<TokenRow>)>> {
        if self.backend == Backend::Sqlite {
            let Some(session) = self
                .touch_live_session(id_hash, now, idle_before, absolute_before)
                .await?
            else {
                return Ok(None);
            };
            let token = match session.authenticated {
                true => None,
                false => self.active_token(&session.contract_id).await?,
            };
            return Ok(Some((session, token)));
        }
        let row: Option<AnyRow> = sqlx::query(&format!(
            "WITH s AS (
               UPDATE sessions SET last_seen_at = $1
               WHERE id_hash = $2 AND last_seen_at >= $3 AND created_at >= $4
               RETURNING {SESSION_COLUMNS}
             )
             SELECT s.*, {TOKEN_COLUMNS} FROM s
             LEFT JOIN tokens t ON s.authenticated = 0 AND t.contract_id = s.contract_id
               AND t.status = 'active'"
        ))
        .bind(now)
        .bind(id_hash)
        .bind(idle_before)
        .bind(absolute_before)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let session = <SessionRow as sqlx::FromRow<AnyRow>>::from_row(&row)?;
        let token = match row.try_get::<Option<String>, _>("serial")? {
            Some(_) => Some(<TokenRow as sqlx::FromRow<AnyRow>>::from_row(&row)?),
            None => None,
        };
        Ok(Some((session, self.opened(token)?)))
    }
}
