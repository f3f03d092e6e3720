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
    /// Anything else: logged with its cause, answered as `internal`.
    #[error("internal: {0}")]
    Internal(String),
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

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        Self::Internal(format!("database: {err}"))
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        Self::Internal(format!("blocking task: {err}"))
    }
}

/// A problem+json response for `problem`.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Problem(problem) => problem_response(&problem),
            AppError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                problem_response(&Problem::new(ErrorCode::Internal))
            }
        }
    }
}

/// The result type of handlers.
pub type AppResult<T> = Result<T, AppError>;
