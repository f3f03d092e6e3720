//! The storage layer: every piece of state (customers, lockout counters, sessions, the audit
//! trail) lives in the database, never only in process memory, so several server instances can
//! share one database. This module is the narrow interface the routes use; SQLite is the
//! embedded default, and another backend means another implementation of these methods.

mod audit;
mod customers;
mod keys;
mod logins;
mod meta;
mod procedures;
mod sessions;
mod throttle;
mod tokens;

use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

use crate::seal::{Keyring, SealError};

pub use audit::{Audit, AuditEntry, AuditEvent};
pub use customers::{AddCustomerError, CustomerRow};
pub use logins::{LoginAttempts, LoginClaim};
pub use meta::Purpose;
pub use procedures::{CompleteError, NewProcedure, ProcedureRow};
pub use sessions::SessionRow;
pub use throttle::ThrottleKey;
pub use tokens::{OtpClaim, OtpFailures, ProvisionError, TokenRow, TokenState};

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
    /// The file's permissions could not be made private.
    #[error("cannot open database {path} (private, mode 0600): {source}")]
    Permissions {
        /// The path given.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The schema could not be brought up to date.
    #[error("cannot migrate database {path}: {source}")]
    Migrate {
        /// The path given.
        path: String,
        /// The cause.
        source: sqlx::migrate::MigrateError,
    },
    /// The key file is missing, unreadable or does not open the stored secrets.
    #[error("{0}")]
    Keys(String),
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    keys: Arc<RwLock<Keyring>>,
}

/// A write transaction: every change of one request, with its audit rows, commits at once or
/// not at all. SQLite's write lock is taken at `BEGIN IMMEDIATE`, so concurrent transactions
/// queue (busy timeout) instead of failing on a lock upgrade.
pub struct Tx {
    inner: sqlx::Transaction<'static, Sqlite>,
}

impl Tx {
    /// Makes every change of the transaction durable.
    pub async fn commit(self) -> sqlx::Result<()> {
        self.inner.commit().await
    }

    fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        &mut self.inner
    }
}

/// Creates the database file with mode 0600 when missing, and takes other users' access away
/// from an existing one and its `-wal`/`-shm` (SQLite creates those with the main file's mode).
fn make_private(path: &Path) -> std::io::Result<()> {
    if !path.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)?;
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = Path::new(&name);
        if let Ok(meta) = std::fs::metadata(file)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(file = %file.display(), "database file was readable by other users; mode set to 0600");
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path` with its key file beside it
    /// ([`crate::seal::default_key_file`]), and applies the migrations.
    pub async fn open(path: &Path) -> Result<Self, OpenError> {
        Self::open_with(path, None, |options| options).await
    }

    /// [`Store::open`] with a key file (`None`: the default beside the database) and extra
    /// connection options applied to every connection of the pool, e.g. `PRAGMA
    /// max_page_count` or `PRAGMA query_only` to see how the server behaves when its database
    /// is full or read-only (`tests/faults.rs`).
    pub async fn open_with(
        path: &Path,
        key_file: Option<&Path>,
        tune: impl FnOnce(SqliteConnectOptions) -> SqliteConnectOptions,
    ) -> Result<Self, OpenError> {
        let shown = path.display().to_string();
        make_private(path).map_err(|source| OpenError::Permissions {
            path: shown.clone(),
            source,
        })?;
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
            .foreign_keys(true)
            // Deleted and overwritten content (an unsealed secret, an old session) is zeroed,
            // not left in free pages of the file.
            .pragma("secure_delete", "ON");
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
        let key_file = key_file.map_or_else(|| crate::seal::default_key_file(path), Path::to_owned);
        let keys = keys::open_keyring(&pool, &key_file).await?;
        let store = Self {
            pool,
            keys: Arc::new(RwLock::new(keys)),
        };
        store.seal_plaintext_secrets().await?;
        Ok(store)
    }

    /// Begins a write transaction.
    pub async fn begin(&self) -> sqlx::Result<Tx> {
        Ok(Tx {
            inner: self.pool.begin_with("BEGIN IMMEDIATE").await?,
        })
    }

    /// Closes every connection (the WAL is checkpointed by the last one).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl From<SealError> for OpenError {
    fn from(err: SealError) -> Self {
        OpenError::Keys(err.to_string())
    }
}
