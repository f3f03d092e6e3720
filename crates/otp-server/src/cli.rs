//! The operator interface: `serve` and the data commands. Every failure is one line on
//! standard error and a non-zero exit, never a panic.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use otp_api::totp::{TotpAlgorithm, TotpParams};
use otp_api::validate;
use otp_server::store::{AuditEvent, ProvisionError};
use otp_server::timefmt::{format_utc, parse_utc};
use otp_server::{AppState, Clock, Settings, Store, SystemClock, app, config_file, demo, password};
use rand::{Rng, RngCore};

#[derive(Parser)]
#[command(
    name = "otp-server",
    version,
    about = "The otp-portal reference bank API"
)]
struct Cli {
    /// A TOML configuration file (see the README); OTP_PORTAL_<SECTION>_<KEY> overrides it.
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
    /// Lift the lock of an account and of its active token.
    Unlock {
        #[command(flatten)]
        db: DatabaseArg,
        /// 契約者ID(利用者番号).
        #[arg(long)]
        contract_id: String,
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

#[derive(Args)]
struct DatabaseArg {
    /// The SQLite database file (created, with its schema, if missing).
    #[arg(
        long,
        env = "OTP_PORTAL_DATABASE",
        default_value = "otp-portal.sqlite3"
    )]
    database: PathBuf,
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
    let settings = match config_file::load(cli.config.as_deref(), &|name| std::env::var(name).ok())
    {
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
            }) => add_customer(db, contract_id, name, &settings).await,
            Command::Token(TokenCommand::Provision { db, generate }) => {
                provision(db, generate, &settings).await
            }
            Command::Token(TokenCommand::Revoke { db, serial }) => {
                revoke(db, serial, &settings).await
            }
            Command::Unlock { db, contract_id } => unlock(db, contract_id, &settings).await,
            Command::Audit {
                db,
                contract_id,
                since,
            } => audit(db, contract_id, since, &settings).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

fn fail(message: String) -> ExitCode {
    eprintln!("otp-server: error: {message}");
    ExitCode::FAILURE
}

async fn serve(args: ServeArgs, settings: Settings) -> Result<(), String> {
    if let Some(dir) = &args.static_dir
        && !dir.join("index.html").is_file()
    {
        return Err(format!("--static {}: no index.html there", dir.display()));
    }
    let store = Store::open(&args.db.database)
        .await
        .map_err(|e| e.to_string())?;
    let settings = Settings {
        demo: args.demo,
        ..settings
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    if args.demo {
        demo::seed(&store, &settings.argon2, clock.now())
            .await
            .map_err(|e| format!("cannot seed the demo data: {e}"))?;
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let state = AppState::new(store, clock, settings);
    let router = app(state, args.static_dir);
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("otp-server: listening on http://{address}/");
    if args.demo {
        for c in demo::DEMO_CUSTOMERS {
            println!(
                "otp-server: demo customer {}: 契約者ID {} / ログインパスワード {}",
                c.name, c.contract_id, c.password
            );
        }
    }
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server stopped: {e}"))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

fn read_password_from_stdin() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn add_customer(
    db: DatabaseArg,
    contract_id: String,
    name: String,
    settings: &Settings,
) -> Result<(), String> {
    let rules = &settings.rules;
    let contract_id = validate::contract_id(&contract_id, &rules.contract_id).map_err(|code| {
        format!(
            "--contract-id: must be {} digits ({code:?})",
            rules.contract_id.digits
        )
    })?;
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err("--name: must not be empty".to_owned());
    }
    let pw = read_password_from_stdin()?;
    validate::password(&pw, &rules.password).map_err(|code| {
        format!(
            "password: {}–{} letters, digits and {} with at least one letter and one digit ({code:?})",
            rules.password.min_len, rules.password.max_len, rules.password.symbols
        )
    })?;
    let store = Store::open(&db.database).await.map_err(|e| e.to_string())?;
    let hash = password::hash(&settings.argon2, pw)
        .await
        .map_err(|e| e.to_string())?;
    store
        .add_customer(&contract_id, &name, &hash, SystemClock.now())
        .await
        .map_err(|e| e.to_string())?;
    println!("added customer {contract_id} ({name})");
    Ok(())
}

async fn open(db: &DatabaseArg) -> Result<Store, String> {
    Store::open(&db.database).await.map_err(|e| e.to_string())
}

fn parse_csv_line(
    line: &str,
    defaults: &TotpParams,
    settings: &Settings,
) -> Result<(String, Vec<u8>, TotpParams), String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    if !(fields.len() == 2 || fields.len() == 5) {
        return Err("expected serial,secret or serial,secret,algorithm,digits,period".to_owned());
    }
    let serial = validate::serial(fields[0], &settings.rules.serial)
        .map_err(|code| format!("serial {:?}: {code:?}", fields[0]))?;
    let secret = data_encoding::BASE32_NOPAD
        .decode(
            fields[1]
                .trim_end_matches('=')
                .to_ascii_uppercase()
                .as_bytes(),
        )
        .map_err(|_| format!("secret of {serial}: not base32"))?;
    if secret.len() < 16 {
        return Err(format!("secret of {serial}: at least 128 bits (RFC 4226)"));
    }
    let mut params = *defaults;
    if fields.len() == 5 {
        params.algorithm = TotpAlgorithm::parse(fields[2])
            .ok_or_else(|| format!("algorithm {:?}: SHA1, SHA256 or SHA512", fields[2]))?;
        params.digits = fields[3]
            .parse()
            .map_err(|_| format!("digits {:?}", fields[3]))?;
        params.period = fields[4]
            .parse()
            .map_err(|_| format!("period {:?}", fields[4]))?;
        if !params.is_valid() {
            return Err("digits must be 6–8 and period 10–300".to_owned());
        }
    }
    Ok((serial, secret, params))
}

async fn provision(
    db: DatabaseArg,
    generate: Option<u32>,
    settings: &Settings,
) -> Result<(), String> {
    let defaults = settings.totp;
    let mut rows = Vec::new();
    match generate {
        Some(n) => {
            if n == 0 || n > 100_000 {
                return Err("--generate: between 1 and 100000".to_owned());
            }
            for _ in 0..n {
                let mut secret = vec![0u8; 20];
                rand::rngs::OsRng.fill_bytes(&mut secret);
                let serial = format!("TEST{:08}", rand::rngs::OsRng.gen_range(0..100_000_000u32));
                rows.push((serial, secret, defaults));
            }
        }
        None => {
            for (number, line) in std::io::stdin().lock().lines().enumerate() {
                let line = line.map_err(|e| format!("standard input: {e}"))?;
                let line = line.trim();
                if line.is_empty()
                    || line.starts_with('#')
                    || (number == 0 && line.starts_with("serial"))
                {
                    continue;
                }
                let row = parse_csv_line(line, &defaults, settings)
                    .map_err(|e| format!("line {}: {e}", number + 1))?;
                rows.push(row);
            }
            if rows.is_empty() {
                return Err("no tokens on standard input (CSV: serial,base32-secret[,algorithm,digits,period])".to_owned());
            }
        }
    }
    let store = open(&db).await?;
    let now = SystemClock.now();
    let mut added = 0;
    for (serial, secret, params) in &rows {
        match store.provision_token(serial, secret, params, now).await {
            Ok(()) => {
                added += 1;
                store
                    .audit(now, None, None, AuditEvent::TokenProvisioned, serial)
                    .await
                    .map_err(|e| e.to_string())?;
                if generate.is_some() {
                    println!(
                        "{serial},{},{},{},{}",
                        data_encoding::BASE32_NOPAD.encode(secret),
                        params.algorithm.as_str(),
                        params.digits,
                        params.period
                    );
                }
            }
            Err(ProvisionError::Exists(serial)) if generate.is_some() => {
                eprintln!("otp-server: skipped {serial}: already provisioned");
            }
            Err(e) => return Err(format!("{e} (tokens before it were added: {added})")),
        }
    }
    eprintln!("otp-server: provisioned {added} token(s)");
    Ok(())
}

async fn revoke(db: DatabaseArg, serial: String, settings: &Settings) -> Result<(), String> {
    let serial = validate::serial(&serial, &settings.rules.serial)
        .map_err(|code| format!("serial {serial:?}: {code:?}"))?;
    let store = open(&db).await?;
    let now = SystemClock.now();
    if !store
        .revoke_token(&serial, now)
        .await
        .map_err(|e| e.to_string())?
    {
        return Err(format!("no token with serial {serial}"));
    }
    store
        .audit(now, None, None, AuditEvent::TokenRevoked, &serial)
        .await
        .map_err(|e| e.to_string())?;
    println!("revoked {serial}");
    Ok(())
}

async fn unlock(db: DatabaseArg, contract_id: String, settings: &Settings) -> Result<(), String> {
    let rules = &settings.rules;
    let contract_id = validate::contract_id(&contract_id, &rules.contract_id).map_err(|code| {
        format!(
            "--contract-id: must be {} digits ({code:?})",
            rules.contract_id.digits
        )
    })?;
    let store = open(&db).await?;
    let changed = store
        .unlock(&contract_id)
        .await
        .map_err(|e| e.to_string())?;
    let now = SystemClock.now();
    let outcome = if changed {
        "unlocked"
    } else {
        "nothing_locked"
    };
    store
        .audit(now, Some(&contract_id), None, AuditEvent::Unlock, outcome)
        .await
        .map_err(|e| e.to_string())?;
    if changed {
        println!("unlocked {contract_id}");
    } else {
        println!("{contract_id}: nothing was locked");
    }
    Ok(())
}

async fn audit(
    db: DatabaseArg,
    contract_id: Option<String>,
    since: Option<String>,
    settings: &Settings,
) -> Result<(), String> {
    let since = since
        .map(|t| {
            parse_utc(&t).ok_or_else(|| {
                format!("--since {t:?}: Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
            })
        })
        .transpose()?;
    let contract_id = contract_id
        .map(|id| {
            validate::contract_id(&id, &settings.rules.contract_id)
                .map_err(|code| format!("--contract-id {id:?}: {code:?}"))
        })
        .transpose()?;
    let store = open(&db).await?;
    let rows = store
        .audit_entries(contract_id.as_deref(), since)
        .await
        .map_err(|e| e.to_string())?;
    for row in rows {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            format_utc(row.at),
            row.contract_id.as_deref().unwrap_or("-"),
            row.client_addr.as_deref().unwrap_or("-"),
            row.event,
            row.outcome
        );
    }
    Ok(())
}
