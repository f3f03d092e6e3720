//! The operator interface, one file per command group: `serve.rs`, `customers.rs` (customer
//! add, unlock), `tokens.rs` (token provision and revoke, key rotate), `audit.rs`, `notifications.rs`; what they
//! share is in `operator.rs`. Every failure is one line on standard error and a non-zero exit,
//! never a panic.

mod audit;
mod customers;
mod notifications;
mod operator;
mod passkeys;
mod serve;
mod tokens;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use otp_server::store::Database;
use otp_server::{Store, config_file};

use serve::serve;

#[derive(Parser)]
#[command(
    name = "otp-server",
    version,
    about = "The otp-portal reference bank API"
)]
struct Cli {
    /// A TOML configuration file (every key: otp-portal.example.toml); OTP_PORTAL_<SECTION>_<KEY>
    /// overrides it.
    #[arg(long, env = "OTP_PORTAL_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API under /api/v1 and, with --static, the built SPA, from one origin.
    Serve(ServeArgs),
    /// Manage customers (contracts).
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Manage the token registry.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Lift the lock of an account and of its active token, or of one token (assigned or not).
    Unlock {
        #[command(flatten)]
        db: DatabaseArg,
        /// 契約者ID(利用者番号): the account and its active token.
        #[arg(long, required_unless_present = "serial", conflicts_with = "serial")]
        contract_id: Option<String>,
        /// シリアル番号: this token only.
        #[arg(long)]
        serial: Option<String>,
    },
    /// Manage the key file that seals the token secrets.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Create the database's schema or bring it up to date, and stop (`serve` does this too,
    /// under a lock, when it starts).
    Migrate {
        /// The database (a SQLite file or a database URL).
        #[arg(
            long,
            env = "OTP_PORTAL_DATABASE",
            default_value = "otp-portal.sqlite3"
        )]
        database: Database,
    },
    /// Copy a whole database (customers, tokens, counters, sessions, procedures, audit) into
    /// a new, empty one — from SQLite to PostgreSQL — and check every table's row count.
    Copy {
        /// The database to copy (a SQLite file, or any database URL).
        #[arg(long)]
        from: Database,
        /// The new database (e.g. `postgres://otp@db.bank.example/otp`); refused unless empty.
        #[arg(long)]
        to: Database,
        /// The key file of the sealed secrets, for both (they are copied sealed). Default:
        /// beside the SQLite database copied.
        #[arg(long, env = "OTP_PORTAL_KEY_FILE")]
        key_file: Option<PathBuf>,
    },
    /// Print the audit trail, oldest first.
    Audit {
        #[command(flatten)]
        db: DatabaseArg,
        /// Only this contract.
        #[arg(long)]
        contract_id: Option<String>,
        /// Only from this time on: Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC).
        #[arg(long)]
        since: Option<String>,
        /// Only this event, e.g. `customer_reported` (the customers' 「心当たりがない」).
        #[arg(long)]
        event: Option<String>,
    },
    /// The notices for the customers (token registered, exchanged, stopped, revoked; account
    /// or token locked), for the bank's mailer.
    #[command(subcommand)]
    Notifications(NotificationCommand),
    /// A contract's passkeys: list them, or remove one (audited, and the customer notified).
    #[command(subcommand)]
    Passkey(PasskeyCommand),
    /// Print what `GET /api/v1/config` answers with this configuration (JSON): the bank's
    /// file for the designers' gallery (`public/gallery-banks/<name>.json`, docs/gallery.md).
    PublicConfig,
}

#[derive(Subcommand)]
enum PasskeyCommand {
    /// Print the contract's passkeys, one JSON object a line.
    List {
        #[command(flatten)]
        db: DatabaseArg,
        /// 契約者ID(利用者番号).
        #[arg(long)]
        contract_id: String,
    },
    /// Remove one of the contract's passkeys (by the id `list` prints).
    Remove {
        #[command(flatten)]
        db: DatabaseArg,
        /// 契約者ID(利用者番号).
        #[arg(long)]
        contract_id: String,
        /// The passkey's id (base64url: it may begin with `-`).
        #[arg(allow_hyphen_values = true)]
        id: String,
    },
}

#[derive(Subcommand)]
enum NotificationCommand {
    /// Print the notices waiting to be sent (or all), oldest first, one JSON object a line.
    List {
        #[command(flatten)]
        db: DatabaseArg,
        /// Also those already acknowledged.
        #[arg(long)]
        all: bool,
    },
    /// Mark notices as sent (by their ids, all or none: an unknown id changes nothing).
    Ack {
        #[command(flatten)]
        db: DatabaseArg,
        /// The notices' ids, as `list` prints them.
        #[arg(required = true)]
        ids: Vec<i64>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Load tokens into the registry from CSV on standard input
    /// (`serial,base32-secret[,algorithm,digits,period]`), or generate test tokens.
    Provision {
        #[command(flatten)]
        db: DatabaseArg,
        /// Instead of reading CSV, generate N test tokens and print them as CSV.
        #[arg(long, value_name = "N")]
        generate: Option<u32>,
    },
    /// Withdraw a token (lost, stolen, defective); a revoked serial can never be registered.
    Revoke {
        #[command(flatten)]
        db: DatabaseArg,
        /// シリアル番号.
        serial: String,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Create a new key file (mode 0600) to give to every instance that shares a PostgreSQL
    /// database; refuses an existing file.
    Create {
        /// Where to write it.
        #[arg(long, env = "OTP_PORTAL_KEY_FILE")]
        key_file: PathBuf,
    },
    /// Add a new key to the key file and re-seal every token secret under it (the older keys
    /// stay in the file, for instances still running and for backups).
    Rotate {
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Args)]
struct DatabaseArg {
    /// The database: a SQLite file (created, with its schema, if missing; mode 0600), or
    /// `sqlite:PATH`, or a PostgreSQL URL `postgres://USER@HOST/DB` (its schema created or
    /// brought up to date).
    #[arg(
        long,
        env = "OTP_PORTAL_DATABASE",
        default_value = "otp-portal.sqlite3"
    )]
    database: Database,
    /// The key file that seals the token secrets (created, mode 0600, when missing and the
    /// database holds no sealed secret). Default: beside a SQLite database, `<name>.key`;
    /// required with PostgreSQL.
    #[arg(long, env = "OTP_PORTAL_KEY_FILE")]
    key_file: Option<PathBuf>,
}

impl DatabaseArg {
    async fn open(&self) -> anyhow::Result<Store> {
        self.open_with(&otp_server::store::PoolSettings::default())
            .await
    }

    /// The store with the pool `settings` (`serve`).
    async fn open_with(&self, settings: &otp_server::store::PoolSettings) -> anyhow::Result<Store> {
        let key_file = self.key_file.as_deref();
        Ok(Store::connect_with(&self.database, key_file, settings).await?)
    }
}

#[derive(Args)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "OTP_PORTAL_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    #[command(flatten)]
    db: DatabaseArg,
    /// Folder of the built SPA (Trunk's dist/), served with a fallback to its index.html.
    #[arg(long = "static", env = "OTP_PORTAL_STATIC")]
    static_dir: Option<PathBuf>,
    /// Demo mode: seeds the demo customers into a new database and enables the demo endpoints.
    #[arg(long, env = "OTP_PORTAL_DEMO")]
    demo: bool,
}

#[derive(Subcommand)]
enum CustomerCommand {
    /// Add a customer; the password is read from the first line of standard input.
    Add {
        #[command(flatten)]
        db: DatabaseArg,
        /// 契約者ID(利用者番号).
        #[arg(long)]
        contract_id: String,
        /// The customer's name.
        #[arg(long)]
        name: String,
    },
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("OTP_PORTAL_LOG")
                .unwrap_or_else(|_| "otp_server=info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(format!("cannot start the runtime: {e}")),
    };
    let settings = match config_file::load(cli.config.as_deref(), env_vars()) {
        Ok(settings) => settings,
        Err(e) => return fail(e.to_string()),
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(args, settings).await,
            Command::Customer(CustomerCommand::Add {
                db,
                contract_id,
                name,
            }) => customers::add(db, contract_id, name, &settings).await,
            Command::Token(TokenCommand::Provision { db, generate }) => {
                tokens::provision(db, generate, &settings).await
            }
            Command::Token(TokenCommand::Revoke { db, serial }) => {
                tokens::revoke(db, serial, &settings).await
            }
            Command::Unlock {
                db,
                contract_id,
                serial,
            } => customers::unlock(db, contract_id, serial, &settings).await,
            Command::Key(KeyCommand::Rotate { db }) => tokens::rotate_key(db).await,
            Command::Key(KeyCommand::Create { key_file }) => {
                otp_server::seal::Keyring::create(&key_file)?;
                println!(
                    "created {}: give this same file to every instance",
                    key_file.display()
                );
                Ok(())
            }
            Command::Copy { from, to, key_file } => copy(from, to, key_file).await,
            Command::PublicConfig => {
                println!("{}", serde_json::to_string_pretty(&settings.public())?);
                Ok(())
            }
            Command::Migrate { database } => {
                let version = Store::migrate(&database).await?;
                println!("{database}: schema at version {version}");
                Ok(())
            }
            Command::Audit {
                db,
                contract_id,
                since,
                event,
            } => audit::print(db, contract_id, since, event, &settings).await,
            Command::Notifications(NotificationCommand::List { db, all }) => {
                notifications::list(db, all).await
            }
            Command::Notifications(NotificationCommand::Ack { db, ids }) => {
                notifications::ack(db, ids).await
            }
            Command::Passkey(PasskeyCommand::List { db, contract_id }) => {
                passkeys::list(db, &contract_id, &settings).await
            }
            Command::Passkey(PasskeyCommand::Remove {
                db,
                contract_id,
                id,
            }) => passkeys::remove(db, &contract_id, &id, &settings).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `{:#}`: the error and its causes on one line.
        Err(error) => fail(format!("{error:#}")),
    }
}

fn fail(message: String) -> ExitCode {
    eprintln!("otp-server: error: {message}");
    ExitCode::FAILURE
}

/// The environment's variables that are text (`std::env::vars` would panic on any other).
fn env_vars() -> impl Iterator<Item = (String, String)> {
    std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
}

/// `otp-server copy`.
async fn copy(from: Database, to: Database, key_file: Option<PathBuf>) -> anyhow::Result<()> {
    let key_file = match (key_file, &from) {
        (Some(k), _) => k,
        (None, Database::Sqlite(path)) => otp_server::seal::default_key_file(path),
        (None, Database::Postgres(_)) => {
            anyhow::bail!("--key-file is needed to copy from PostgreSQL")
        }
    };
    let source = Store::connect(&from, Some(&key_file)).await?;
    let target = Store::connect(&to, Some(&key_file)).await?;
    let counts = source.copy_into(&target).await?;
    for (table, rows) in counts {
        println!("{table}: {rows}");
    }
    println!("copied {from} into {to}; every table has as many rows in both");
    Ok(())
}
