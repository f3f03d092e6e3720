//! The two databases the store runs on: which one `--database` names, how a pool is opened on
//! it, and the few statements that differ (the write transaction's start and lock, the
//! migrations).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Connection, Executor};

/// SQLite's schema history (`migrations/sqlite`).
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
/// PostgreSQL's, version for version the same schema (`migrations/postgres`).
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// How an instance uses its database (the file's `[database]`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize, validator::Validate,
)]
#[serde(default, deny_unknown_fields)]
pub struct PoolSettings {
    /// Connections the pool keeps at most: on PostgreSQL each instance holds this many of the
    /// server's `max_connections`; SQLite writes one at a time anyway.
    #[validate(range(min = 1, max = 1000))]
    pub max_connections: u32,
    /// How long a request waits for a free connection before it is answered 503.
    #[validate(range(min = 10, max = 60_000))]
    pub acquire_timeout_ms: u32,
    /// PostgreSQL: the longest a statement (a lock wait included) may run before the server
    /// cancels it (then 503). SQLite waits for its write lock for as long (its busy timeout).
    #[validate(range(min = 100, max = 600_000))]
    pub statement_timeout_ms: u32,
}

impl Default for PoolSettings {
    /// 32 connections: a statement holds its connection two round trips (sqlx tests each
    /// connection with one as it returns to the pool), so at a 5 ms hop 32 serve about 3 200
    /// statements a second, more than two cores judge, and three instances stay within
    /// PostgreSQL's default 100; a second for a connection, as for a hashing slot; 5 s a
    /// statement.
    fn default() -> Self {
        Self {
            max_connections: 32,
            acquire_timeout_ms: 1000,
            statement_timeout_ms: 5000,
        }
    }
}

/// The advisory lock every write transaction on PostgreSQL takes shared, and a transaction
/// that must run alone (an operator's) takes exclusive.
const GLOBAL_LOCK: i64 = 7_450_617;

/// Every SQLite connection, after its busy timeout (the others may wait for a lock): WAL so
/// that operator commands work while `serve` runs, full sync, foreign keys, and deleted
/// content (an unsealed secret, an old session) zeroed rather than left in free pages.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;";

/// Which database engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// One file, one process writing at a time: the embedded default.
    Sqlite,
    /// A server that any number of instances share.
    Postgres,
}

impl Backend {
    /// The schema history of this backend.
    pub fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// How a write transaction starts, in one round trip. SQLite takes its write lock at once
    /// (`BEGIN IMMEDIATE`). PostgreSQL begins and takes the global advisory lock, shared
    /// (exclusive when the transaction must run alone), then one exclusive advisory lock per
    /// key, in the order given; all are held until the transaction ends. The keys are numbers
    /// (hashes computed here), so the statement is sent whole, never built from input.
    pub(super) fn begin_write(self, keys: &[i64], alone: bool) -> String {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE".to_owned(),
            Backend::Postgres => {
                let global = match alone {
                    true => format!("pg_advisory_xact_lock({GLOBAL_LOCK})"),
                    false => format!("pg_advisory_xact_lock_shared({GLOBAL_LOCK})"),
                };
                let each: String = keys
                    .iter()
                    .map(|key| format!(", pg_advisory_xact_lock({key})"))
                    .collect();
                format!("BEGIN; SELECT {global}{each}")
            }
        }
    }
}

/// Where the data lives: `--database` is a PostgreSQL URL (`postgres://…` or
/// `postgresql://…`), a `sqlite:` URL or a SQLite file's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database's URL.
    Postgres(String),
}

impl Database {
    /// Which engine it is.
    pub fn backend(&self) -> Backend {
        match self {
            Database::Sqlite(_) => Backend::Sqlite,
            Database::Postgres(_) => Backend::Postgres,
        }
    }
}

impl FromStr for Database {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return url::Url::parse(text)
                .map(|_| Database::Postgres(text.to_owned()))
                .map_err(|e| format!("not a PostgreSQL URL: {e}"));
        }
        let path = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .unwrap_or(text);
        if path.is_empty() {
            return Err("no database file named".into());
        }
        Ok(Database::Sqlite(PathBuf::from(path)))
    }
}

impl fmt::Display for Database {
    /// The database as an operator names it, without a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => match url::Url::parse(url) {
                Ok(mut u) if u.password().is_some() => {
                    let _ = u.set_password(Some("***"));
                    write!(f, "{u}")
                }
                _ => f.write_str(url),
            },
        }
    }
}

/// Extra settings of a SQLite database (tests of a full or read-only one).
#[derive(Clone, Debug, Default)]
pub struct SqliteTuning {
    /// Opened read-only (`mode=ro`).
    pub read_only: bool,
    /// Further pragmas, run on every connection (`PRAGMA max_page_count = 40;`).
    pub pragmas: String,
}

/// A pool on `database` sized and timed by `settings`: each SQLite connection set up with its
/// busy timeout and [`SQLITE_PRAGMAS`], each PostgreSQL one with its statement timeout.
pub(super) async fn pool(
    database: &Database,
    tuning: &SqliteTuning,
    settings: &PoolSettings,
) -> sqlx::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let timeout = settings.statement_timeout_ms;
    let (url, setup) = match database {
        Database::Postgres(url) => (url.clone(), format!("SET statement_timeout = {timeout}")),
        Database::Sqlite(path) => (
            sqlite_url(path, tuning.read_only)?,
            format!(
                "PRAGMA busy_timeout = {timeout}; {SQLITE_PRAGMAS} {}",
                tuning.pragmas
            ),
        ),
    };
    let options = AnyConnectOptions::from_str(&url)?;
    AnyPoolOptions::new()
        .max_connections(settings.max_connections)
        .acquire_timeout(std::time::Duration::from_millis(
            settings.acquire_timeout_ms.into(),
        ))
        // A connection used within the last half second is not pinged before its next use
        // (the pool's default pings every time: a round trip per statement, which a database
        // a network hop away makes each request pay a dozen times); one idle for longer is
        // (HikariCP's rule, with its 500 ms), so a server that restarted is noticed before a
        // request meets its dead connections. A connection that fails in use answers that
        // one request 503 and is closed when it is given back.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > std::time::Duration::from_millis(500) {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .after_connect(move |conn, _| {
            let setup = setup.clone();
            Box::pin(async move {
                if !setup.is_empty() {
                    conn.execute(sqlx::raw_sql(&setup)).await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
}

/// `sqlite:///abs/path?mode=…`, the path percent-encoded (a name may hold `?` or `#`).
fn sqlite_url(path: &Path, read_only: bool) -> sqlx::Result<String> {
    let absolute = std::path::absolute(path).map_err(sqlx::Error::Io)?;
    let encoded = url::Url::from_file_path(&absolute)
        .map_err(|()| sqlx::Error::Configuration("not a file path".into()))?;
    let mode = if read_only { "ro" } else { "rwc" };
    Ok(format!("sqlite://{}?mode={mode}", encoded.path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_url_names_the_backend() {
        let pg = "postgres://otp@db.bank.example/otp"
            .parse::<Database>()
            .unwrap();
        assert_eq!(pg.backend(), Backend::Postgres);
        assert!("postgresql://otp@db/otp".parse::<Database>().is_ok());
        assert_eq!(
            "sqlite:otp.sqlite3".parse(),
            Ok(Database::Sqlite("otp.sqlite3".into()))
        );
        assert_eq!(
            "sqlite:///var/lib/otp.sqlite3".parse(),
            Ok(Database::Sqlite("/var/lib/otp.sqlite3".into()))
        );
        assert_eq!(
            "data/otp.sqlite3".parse(),
            Ok(Database::Sqlite("data/otp.sqlite3".into()))
        );
        assert!("sqlite:".parse::<Database>().is_err());
        assert!("postgres://[::1".parse::<Database>().is_err());
    }

    #[test]
    fn postgres_begins_and_locks_the_keys_in_one_statement() {
        assert_eq!(
            Backend::Sqlite.begin_write(&[1, 2], false),
            "BEGIN IMMEDIATE"
        );
        assert_eq!(
            Backend::Postgres.begin_write(&[], true),
            "BEGIN; SELECT pg_advisory_xact_lock(7450617)"
        );
        assert_eq!(
            Backend::Postgres.begin_write(&[-5, 42], false),
            "BEGIN; SELECT pg_advisory_xact_lock_shared(7450617), \
             pg_advisory_xact_lock(-5), pg_advisory_xact_lock(42)"
        );
    }

    #[test]
    fn a_password_is_never_shown() {
        let db: Database = "postgres://otp:s3cret@db/otp".parse().unwrap();
        assert_eq!(db.to_string(), "postgres://otp:***@db/otp");
    }

    #[test]
    fn a_file_name_with_url_characters_survives() {
        let url = sqlite_url(Path::new("/tmp/a b?#.sqlite3"), false).unwrap();
        assert_eq!(url, "sqlite:///tmp/a%20b%3F%23.sqlite3?mode=rwc");
    }
}
