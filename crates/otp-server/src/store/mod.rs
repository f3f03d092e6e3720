//! The storage layer: every piece of state (customers, lockout counters, sessions, the audit
//! trail) lives in the database, never only in process memory, so several server instances can
//! share one database. This module is the narrow interface the routes use; SQLite is the
//! embedded default, and another backend means another implementation of these methods.

mod audit;
mod customers;
mod logins;
mod procedures;
mod sessions;
mod tokens;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use audit::{AuditEntry, AuditEvent};
pub use customers::{AddCustomerError, CustomerRow};
pub use logins::LoginAttempts;
pub use procedures::{CompleteError, NewProcedure, ProcedureRow};
pub use sessions::SessionRow;
pub use tokens::{OtpFailures, ProvisionError, TokenRow};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file could not be opened or created.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The path given.
        path: String,
        /// The cause.
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date.
    #[error("cannot migrate database {path}: {source}")]
    Migrate {
        /// The path given.
        path: String,
        /// The cause.
        source: sqlx::migrate::MigrateError,
    },
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path` and applies the migrations.
    pub async fn open(path: &Path) -> Result<Self, OpenError> {
        Self::open_with(path, |options| options).await
    }

    /// [`Store::open`] with extra connection options applied to every connection of the pool,
    /// e.g. `PRAGMA max_page_count` or `PRAGMA query_only` to see how the server behaves when
    /// its database is full or read-only (`tests/faults.rs`).
    pub async fn open_with(
        path: &Path,
        tune: impl FnOnce(SqliteConnectOptions) -> SqliteConnectOptions,
    ) -> Result<Self, OpenError> {
        let shown = path.display().to_string();
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| OpenError::Open {
                path: shown.clone(),
                source,
            })?
            .filename(path)
            .create_if_missing(true)
            // WAL lets operator commands work while `serve` runs on the same file.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let options = tune(options);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(|source| OpenError::Open {
                path: shown.clone(),
                source,
            })?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|source| OpenError::Migrate {
                path: shown,
                source,
            })?;
        Ok(Self { pool })
    }

    /// Closes every connection (the WAL is checkpointed by the last one).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
