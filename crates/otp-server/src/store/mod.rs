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
mod outcome;
mod passkeys;
mod procedures;
mod session_token;
mod sessions;
mod sweep;
mod throttle;
mod token_admin;
mod token_codes;
mod tokens;
mod write;
mod wrong_code;

use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::sync::{Arc, RwLock};

use sqlx::{Any, AnyPool};

use crate::metrics::Metrics;
use crate::seal::{Keyring, SealError};

pub use audit::{Audit, AuditEntry, AuditEvent};
pub use backend::{Backend, Database, PoolSettings, SqliteTuning};
pub use copy::{CopyError, TABLES};
pub use customers::{AddCustomerError, CustomerRow};
pub use logins::{LoginAttempts, LoginClaim};
pub use meta::Purpose;
pub use notifications::{AckError, Notice, NotificationRow};
pub use outcome::{Outcome, UnknownOutcome};
pub use passkeys::{CeremonyPurpose, CeremonyRow, NewCeremony, NewPasskey, PasskeyRow};
pub use procedures::{CompleteError, NewProcedure, ProcedureRow};
pub use sessions::SessionRow;
pub use sweep::{KEEP_ENDED_PROCEDURE_SECONDS, KEEP_EXPIRED_SESSION_SECONDS, Swept};
pub use throttle::ThrottleKey;
pub use token_admin::ProvisionError;
pub use token_codes::OtpFailures;
pub use tokens::{TokenRow, TokenState};
pub use write::{Body, Outlives, WRITE_ATTEMPTS};
pub use wrong_code::WaitingSession;

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

/// What a write transaction serialises on: one contract's read-then-write paths (its
/// sessions, procedures, login slots, token switch), one serial's registration. Taken in one
/// order whatever the order given: contracts first, then serials, each sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lock<'a> {
    /// A contract (契約者ID, normalised).
    Contract(&'a str),
    /// A token (シリアル番号, normalised).
    Serial(&'a str),
}

impl Lock<'_> {
    /// The advisory lock's key: the first 8 bytes of the SHA-256 of `contract:ID` or
    /// `serial:S` (two names sharing a key only wait for each other, never pass each other).
    fn key(self) -> i64 {
        use sha2::{Digest, Sha256};
        let name = match self {
            Lock::Contract(id) => format!("contract:{id}"),
            Lock::Serial(serial) => format!("serial:{serial}"),
        };
        let digest = Sha256::digest(name.as_bytes());
        i64::from_be_bytes(digest[..8].try_into().expect("8 bytes"))
    }
}

/// A write transaction: every change of one request, with its audit rows, commits at once or
/// not at all. On SQLite write transactions run one at a time (its write lock is taken at
/// `BEGIN IMMEDIATE`: concurrent ones queue on the busy timeout instead of failing on a lock
/// upgrade). On PostgreSQL a transaction takes, as it begins and in the same round trip, an
/// advisory lock per [`Lock`] it names, so a read-then-write never races another instance's on the same
/// contract or serial, and two customers' transactions never wait for each other; one that
/// must run alone (an operator's key rotation, a revocation) takes the global lock that all
/// the others share ([`Store::begin_alone`]).
pub struct Tx {
    inner: sqlx::Transaction<'static, Any>,
    /// The audit rows written, counted in the metrics once committed.
    events: Vec<(AuditEvent, Outcome)>,
    metrics: Arc<Metrics>,
}

impl Tx {
    /// Makes every change of the transaction durable.
    pub async fn commit(self) -> sqlx::Result<()> {
        self.inner.commit().await?;
        for (event, outcome) in &self.events {
            self.metrics.event(event.as_str(), outcome.as_str());
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
async fn migrated_pool(
    database: &Database,
    tuning: &SqliteTuning,
    settings: &PoolSettings,
) -> Result<AnyPool, OpenError> {
    let shown = database.to_string();
    if let Database::Sqlite(path) = database {
        make_private(path).map_err(|source| OpenError::Permissions {
            path: shown.clone(),
            source,
        })?;
    }
    let pool = backend::pool(database, tuning, settings)
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
        Self::connect_with(database, key_file, &PoolSettings::default()).await
    }

    /// [`Store::connect`] with the pool's size and timeouts (`otp-server serve`).
    pub async fn connect_with(
        database: &Database,
        key_file: Option<&Path>,
        pool: &PoolSettings,
    ) -> Result<Self, OpenError> {
        Self::connect_tuned(database, key_file, &SqliteTuning::default(), pool).await
    }

    /// [`Store::connect_with`] with extra SQLite settings (`tests/faults.rs`: a full or
    /// read-only database).
    pub async fn connect_tuned(
        database: &Database,
        key_file: Option<&Path>,
        tuning: &SqliteTuning,
        pool_settings: &PoolSettings,
    ) -> Result<Self, OpenError> {
        let shown = database.to_string();
        let key_file = match (key_file, database) {
            (Some(k), _) => k.to_owned(),
            (None, Database::Sqlite(path)) => crate::seal::default_key_file(path),
            (None, Database::Postgres(_)) => return Err(OpenError::KeyFileRequired(shown)),
        };
        let pool = migrated_pool(database, tuning, pool_settings).await?;
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
        migrated_pool(database, &SqliteTuning::default(), &PoolSettings::default())
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

    /// Begins a write transaction that serialises on `locks` (see [`Tx`]).
    pub async fn begin(&self, locks: &[Lock<'_>]) -> sqlx::Result<Tx> {
        let mut keys = locks.to_vec();
        keys.sort_unstable();
        keys.dedup();
        self.begin_locked(&keys, false).await
    }

    /// Begins a write transaction that runs alone: every other write transaction of every
    /// instance waits for it (operator commands that change many contracts or serials).
    pub async fn begin_alone(&self) -> sqlx::Result<Tx> {
        self.begin_locked(&[], true).await
    }

    async fn begin_locked(&self, keys: &[Lock<'_>], alone: bool) -> sqlx::Result<Tx> {
        let waited = std::time::Instant::now();
        let connection = {
            let _waiting = self.metrics.waiting_for_connection();
            self.pool.acquire().await?
        };
        self.metrics
            .connection_acquired(waited.elapsed().as_secs_f64());
        let keys: Vec<i64> = keys.iter().map(|lock| lock.key()).collect();
        let statement = self.backend.begin_write(&keys, alone).into();
        let inner = sqlx::Transaction::begin(connection, Some(statement)).await?;
        Ok(Tx {
            inner,
            events: Vec::new(),
            metrics: self.metrics.clone(),
        })
    }

    /// Connections of the pool now: (in use, idle).
    pub fn connections(&self) -> (u32, u32) {
        let idle = u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX);
        (self.pool.size().saturating_sub(idle), idle)
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
