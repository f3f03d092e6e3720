//! A write transaction run again when PostgreSQL rolls it back for a serialization failure or
//! a deadlock (40001, 40P01): only the transaction's own statements run again, never what the
//! request did before it (throttle events, judging slots), so nothing is counted twice.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use super::{Lock, Store, Tx};
use crate::error::{AppError, AppResult};

/// The statements of a write transaction ([`Store::write`]'s body, boxed: `Box::pin(async move
/// { … })`).
pub type Body<'t, T> = Pin<Box<dyn Future<Output = AppResult<T>> + Send + 't>>;

/// The body's second argument, unused: its type tells the compiler that what the body borrows
/// (`'a`) outlives the transaction's borrow (`'t`), so a body may borrow the request's values.
pub type Outlives<'t, 'a> = PhantomData<&'t &'a ()>;

/// Tries of one write transaction before its conflict is answered as a storage fault (503).
pub const WRITE_ATTEMPTS: u32 = 3;

impl Store {
    /// Runs `body` in a write transaction that serialises on `locks` ([`Store::begin`]) and
    /// commits it. A conflict (40001, 40P01) in the body or at the commit rolls it back and runs
    /// it again, after a short pause, up to [`WRITE_ATTEMPTS`] times in all; then, like every
    /// other storage fault, `503 service_unavailable` with nothing written.
    pub async fn write<'a, T>(
        &self,
        locks: &[Lock<'_>],
        mut body: impl for<'t> FnMut(&'t mut Tx, Outlives<'t, 'a>) -> Body<'t, T>,
    ) -> AppResult<T> {
        let mut attempt = 1;
        loop {
            let mut tx = self.begin(locks).await?;
            let done = match body(&mut tx, PhantomData).await {
                Ok(value) => tx.commit().await.map(|()| value).map_err(AppError::from),
                // Dropping the transaction rolls it back.
                Err(err) => Err(err),
            };
            match done {
                Err(AppError::Conflict(cause)) if attempt < WRITE_ATTEMPTS => {
                    self.before_retry(&cause, attempt).await;
                    attempt += 1;
                }
                done => return done,
            }
        }
    }

    /// Before try `attempt + 1` of a write that PostgreSQL rolled back for a conflict: logged,
    /// counted (`otp_db_write_retries`), and a short pause that grows with each try.
    pub(super) async fn before_retry(&self, cause: &impl std::fmt::Display, attempt: u32) {
        tracing::warn!(%cause, attempt, "write rolled back for a conflict; running it again");
        self.metrics().write_retried();
        tokio::time::sleep(Duration::from_millis(5 * u64::from(attempt))).await;
    }
}
