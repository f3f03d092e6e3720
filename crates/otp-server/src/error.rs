//! The server's one error type. Every failure leaves as RFC 9457 `application/problem+json`;
//! internal causes are logged, never sent.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use otp_api::PROBLEM_CONTENT_TYPE;
use otp_api::problem::{ErrorCode, Problem};

/// A request that failed, either with a contract problem or an internal error.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A failure the contract names (wrong password, expired procedure, …).
    #[error("{}", .0.code.as_str())]
    Problem(Box<Problem>),
    /// The database cannot store anything now (full, read-only, I/O error, busy, gone, no
    /// free connection): logged, answered as `service_unavailable` (503, `Retry-After`). The
    /// transaction was rolled back, so the request may be sent again.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// PostgreSQL rolled the transaction back for a serialization failure or a deadlock
    /// (40001, 40P01): [`crate::store::Store::write`] runs it again a few times, then it is
    /// answered like [`AppError::Unavailable`].
    #[error("write conflict: {0}")]
    Conflict(String),
    /// Anything else: logged with its cause, answered as `internal`.
    #[error("internal: {0}")]
    Internal(String),
}

/// SQLite's primary result codes that mean "the storage cannot take a write now", as opposed
/// to a bug: SQLITE_BUSY (5), SQLITE_LOCKED (6), SQLITE_NOMEM (7), SQLITE_READONLY (8),
/// SQLITE_IOERR (10), SQLITE_CORRUPT (11), SQLITE_FULL (13), SQLITE_CANTOPEN (14),
/// SQLITE_PROTOCOL (15), SQLITE_NOTADB (26).
const UNAVAILABLE_SQLITE_CODES: [i64; 10] = [5, 6, 7, 8, 10, 11, 13, 14, 15, 26];

/// PostgreSQL's SQLSTATEs (a class of two characters, or one state) that mean the same: a
/// connection lost (class 08), insufficient resources (53: disk full 53100, out of memory
/// 53200, too many connections 53300), the server shutting down or starting (57P01, 57P02,
/// 57P03), a statement cancelled by `statement_timeout` (57014), a lock not available (55P03),
/// a system or I/O error (58), a read-only transaction (25006, `default_transaction_read_only`
/// or a standby), and a serialization failure or a deadlock (40001, 40P01; the transaction was
/// rolled back, so sending the request again is safe).
const UNAVAILABLE_POSTGRES_STATES: [&str; 11] = [
    "08", "53", "57P01", "57P02", "57P03", "57014", "55P03", "58", "25006", "40001", "40P01",
];

/// Whether a SQLSTATE is one of [`UNAVAILABLE_POSTGRES_STATES`] (by its class or itself).
fn postgres_unavailable(state: &str) -> bool {
    UNAVAILABLE_POSTGRES_STATES.iter().any(|s| {
        if s.len() == 2 {
            state.starts_with(s)
        } else {
            state == *s
        }
    })
}

/// Whether `err` says the storage is unavailable rather than the query wrong (each backend's
/// codes read as its own: a SQLSTATE is never taken for a SQLite number).
pub fn is_storage_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::Database(db) => {
            if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                return postgres_unavailable(pg.code());
            }
            db.code()
                .and_then(|c| c.parse::<i64>().ok())
                // Extended codes carry the primary code in their low byte.
                .is_some_and(|code| UNAVAILABLE_SQLITE_CODES.contains(&(code & 0xff)))
        }
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        _ => false,
    }
}

impl From<Problem> for AppError {
    fn from(problem: Problem) -> Self {
        Self::Problem(Box::new(problem))
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        Problem::new(code).into()
    }
}

/// Whether `err` is PostgreSQL's serialization failure or deadlock (40001, 40P01).
pub fn is_conflict(err: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = err else {
        return false;
    };
    db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .is_some_and(|pg| matches!(pg.code(), "40001" | "40P01"))
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if is_conflict(&err) {
            Self::Conflict(format!("database: {err}"))
        } else if is_storage_unavailable(&err) {
            Self::Unavailable(format!("database: {err}"))
        } else {
            Self::Internal(format!("database: {err}"))
        }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        Self::Internal(format!("blocking task: {err}"))
    }
}

impl AppError {
    /// An internal error with its cause (logged, never sent).
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }
}

/// A problem+json response for `problem`.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    if let Some(seconds) = problem.retry_after_seconds {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    // For the metrics: the outcome of a login or a code check.
    response.extensions_mut().insert(problem.code);
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Problem(problem) => problem_response(&problem),
            AppError::Unavailable(cause) | AppError::Conflict(cause) => {
                tracing::error!(%cause, "storage unavailable");
                problem_response(&Problem::new(ErrorCode::ServiceUnavailable).with_retry_after(30))
            }
            AppError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                problem_response(&Problem::new(ErrorCode::Internal))
            }
        }
    }
}

/// The result type of handlers.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlstates_are_read_by_class_or_state() {
        for state in [
            "08006", "08P01", "53100", "53300", "57P01", "57014", "25006", "40001", "40P01",
            "58030",
        ] {
            assert!(postgres_unavailable(state), "{state}");
        }
        // A constraint, a syntax error, an undefined table: bugs or the contract's own answers.
        for state in ["23505", "23503", "42601", "42P01", "57P04", "22001"] {
            assert!(!postgres_unavailable(state), "{state}");
        }
    }
}
