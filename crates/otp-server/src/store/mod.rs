//! The storage layer: every piece of state (customers, lockout counters, throttle buckets,
//! sessions, procedures, the audit trail) lives in the database, never only in process memory,
//! so several server instances can share one database. This module is the narrow interface the
//! routes use, and the only place that knows SQL: one implementation over sqlx's `Any` driver,
//! with queries both backends accept (`$1` parameters, table-qualified upserts; PostgreSQL's
//! migrations give it SQLite's two-argument `max`). SQLite is the embedded default; PostgreSQL
//! (`postgres://…`) is for many instances.

mod audit;
mod backend;
mod copy;
mod customers;
mod keys;
mod logins;
mod meta;
mod notifications;
mod procedures;
mod sessions;
mod sweep;
mod throttle;
mod tokens;

use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::sync::{Arc, RwLock};

use sqlx::{Any, AnyPool};

use crate::metrics::Metrics;
use crate::seal::{Keyring, SealError};

pub use audit::{Audit, AuditEntry, AuditEvent};
pub use backend::{Backend, Database, SqliteTuning};
pub use copy::{CopyError, TABLES};
pub use customers::{AddCustomerError, CustomerRow};
pub use logins::{LoginAttempts, LoginClaim};
pub use meta::Purpose;
pub use notifications::{AckError, Notice, NotificationRow};
pub use procedures::{CompleteError, NewProcedure, ProcedureRow};
pub use sessions::SessionRow;
pub use sweep::{KEEP_ENDED_PROCEDURE_SECONDS, KEEP_EXPIRED_SESSION_SECONDS, Swept};
pub use throttle::ThrottleKey;
pub use tokens::{OtpClaim, OtpFailures, ProvisionError, TokenRow, TokenState};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The database could not be opened (or the file created).
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
    /// A PostgreSQL database was named without `--key-file` (the key must not live beside
    /// the data it protects, and there is no file to put it beside).
    #[error("--database {0}: PostgreSQL needs --key-file (the key that seals the token secrets)")]
    KeyFileRequired(String),
}

/// A handle on the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    keys: Arc<RwLock<Keyring>>,
    metrics: Arc<Metrics>,
}

/// A write transaction: every change of one request, with its audit rows, commits at once or
/// not at all. Write transactions run one at a time, whichever instance runs them: SQLite's
/// write lock is taken at `BEGIN IMMEDIATE` (concurrent ones queue on the busy timeout
/// instead of failing on a lock upgrade); on PostgreSQL each takes the same transaction-level
/// advisory lock first, so a read-then-write inside one never races another instance's.
pub struct Tx {
    inner: sqlx::Transaction<'static, Any>,
    /// The audit rows written, counted in the metrics once committed.
    events: Vec<(AuditEvent, String)>,
    metrics: Arc<Metrics>,
}

impl Tx {
    /// Makes every change of the transaction durable.
    pub async fn commit(self) -> sqlx::Result<()> {
        self.inner.commit().await?;
        for (event, outcome) in &self.events {
            self.metrics.event(event.as_str(), outcome);
        }
        Ok(())
    }

    fn conn(&mut self) -> &mut sqlx::AnyConnection {
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

/// An exclusive lock on the SQLite file's directory for as long as the value lives (`flock`).
/// Never on the database file itself: closing any descriptor of that file would drop every
/// POSIX lock this process's SQLite connections hold on it, and another process could then
/// checkpoint and truncate the WAL under them.
fn migration_turn(path: &Path) -> std::io::Result<std::fs::File> {
    let absolute = std::path::absolute(path)?;
    let directory = std::fs::File::open(absolute.parent().unwrap_or(Path::new("/")))?;
    directory.lock()?;
    Ok(directory)
}

/// A pool on `database` with its schema up to date (a SQLite file made private first).
/// Processes starting together take turns at the migrations: on SQLite under an advisory lock
/// on the file's directory, on PostgreSQL under sqlx's advisory lock.
async fn migrated_pool(database: &Database, tuning: &SqliteTuning) -> Result<AnyPool, OpenError> {
    let shown = database.to_string();
    if let Database::Sqlite(path) = database {
        make_private(path).map_err(|source| OpenError::Permissions {
            path: shown.clone(),
            source,
        })?;
    }
    let pool = backend::pool(database, tuning)
        .await
        .map_err(|source| OpenError::Open {
            path: shown.clone(),
            source,
        })?;
    let turn = match database {
        Database::Sqlite(path) => Some(migration_turn(path).map_err(|e| OpenError::Open {
            path: shown.clone(),
            source: sqlx::Error::Io(e),
        })?),
        Database::Postgres(_) => None,
    };
    database
        .backend()
        .migrator()
        .run(&pool)
        .await
        .map_err(|source| OpenError::Migrate {
            path: shown,
            source,
        })?;
    drop(turn);
    Ok(pool)
}

impl Store {
    /// Opens (creating if needed) the SQLite database at `path` with its key file beside it
    /// ([`crate::seal::default_key_file`]), and applies the migrations.
    pub async fn open(path: &Path) -> Result<Self, OpenError> {
        Self::connect(&Database::Sqlite(path.to_owned()), None).await
    }

    /// Opens `database` with its key file (`None`: beside a SQLite database; PostgreSQL needs
    /// one), applies the migrations (on PostgreSQL under sqlx's advisory lock, so instances
    /// starting together do not race) and seals secrets stored in the clear.
    pub async fn connect(database: &Database, key_file: Option<&Path>) -> Result<Self, OpenError> {
        Self::connect_tuned(database, key_file, &SqliteTuning::default()).await
    }

    /// [`Store::connect`] with extra SQLite settings (`tests/faults.rs`: a full or read-only
    /// database).
    pub async fn connect_tuned(
        database: &Database,
        key_file: Option<&Path>,
        tuning: &SqliteTuning,
    ) -> Result<Self, OpenError> {
        let shown = database.to_string();
        let key_file = match (key_file, database) {
            (Some(k), _) => k.to_owned(),
            (None, Database::Sqlite(path)) => crate::seal::default_key_file(path),
            (None, Database::Postgres(_)) => return Err(OpenError::KeyFileRequired(shown)),
        };
        let pool = migrated_pool(database, tuning).await?;
        let backend = database.backend();
        let keys = keys::open_keyring(&pool, &key_file, backend == Backend::Sqlite).await?;
        let store = Self {
            pool,
            backend,
            keys: Arc::new(RwLock::new(keys)),
            metrics: Arc::default(),
        };
        store.seal_plaintext_secrets().await?;
        Ok(store)
    }

    /// Creates or brings up to date the schema of `database` alone (`otp-server migrate`: no
    /// key file needed); returns the schema's version.
    pub async fn migrate(database: &Database) -> Result<i64, OpenError> {
        migrated_pool(database, &SqliteTuning::default())
            .await?
            .close()
            .await;
        let migrator = database.backend().migrator();
        Ok(migrator.iter().map(|m| m.version).max().unwrap_or(0))
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begins a write transaction (see [`Tx`]).
    pub async fn begin(&self) -> sqlx::Result<Tx> {
        let mut inner = self.pool.begin_with(self.backend.begin_write()).await?;
        if let Some(lock) = self.backend.write_lock() {
            sqlx::query(lock).execute(&mut *inner).await?;
        }
        Ok(Tx {
            inner,
            events: Vec::new(),
            metrics: self.metrics.clone(),
        })
    }

    /// This process's metrics (the store counts committed audit rows in them).
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// Whether the database answers and its schema is the one this build expects (`/readyz`).
    pub async fn ready(&self) -> Result<(), String> {
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await
                .map_err(|e| format!("the database does not answer: {e}"))?;
        let expected = self.backend.migrator().iter().map(|m| m.version).max();
        if applied == expected {
            Ok(())
        } else {
            Err(format!(
                "the schema is at {applied:?}, this build expects {expected:?}"
            ))
        }
    }

    /// Closes every connection (on SQLite, the WAL is checkpointed by the last one).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl From<SealError> for OpenError {
    fn from(err: SealError) -> Self {
        OpenError::Keys(err.to_string())
    }
}
