//! The operator interface: `serve` and the data commands. Every failure is one line on
//! standard error and a non-zero exit, never a panic.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use otp_api::validate;
use otp_server::{AppState, Clock, Settings, Store, SystemClock, app, demo, password};

#[derive(Parser)]
#[command(
    name = "otp-server",
    version,
    about = "The otp-portal reference bank API"
)]
struct Cli {
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
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(args).await,
            Command::Customer(CustomerCommand::Add {
                db,
                contract_id,
                name,
            }) => add_customer(db, contract_id, name).await,
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

async fn serve(args: ServeArgs) -> Result<(), String> {
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
        ..Settings::default()
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

async fn add_customer(db: DatabaseArg, contract_id: String, name: String) -> Result<(), String> {
    let settings = Settings::default();
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
    let params = settings.argon2.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash_blocking(&params, &pw))
        .await
        .map_err(|e| e.to_string())?;
    store
        .add_customer(&contract_id, &name, &hash, SystemClock.now())
        .await
        .map_err(|e| e.to_string())?;
    println!("added customer {contract_id} ({name})");
    Ok(())
}
