//! `otp-server serve`.

use std::sync::Arc;
use std::time::Duration;

use otp_server::{AppState, Clock, Settings, SystemClock, app, demo};

use super::ServeArgs;

pub(super) async fn serve(args: ServeArgs, settings: Settings) -> anyhow::Result<()> {
    if let Some(dir) = &args.static_dir
        && !dir.join("index.html").is_file()
    {
        anyhow::bail!("--static {}: no index.html there", dir.display());
    }
    let store = args.db.open_with(&settings.database).await?;
    demo::check_purpose(&store, args.demo)
        .await
        .map_err(|e| anyhow::anyhow!("--database {}: {e}", args.db.database))?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    if args.demo {
        demo::seed(&store, &settings.argon2, clock.now())
            .await
            .map_err(|e| anyhow::anyhow!("cannot seed the demo data: {e}"))?;
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.listen))?;
    let address = listener.local_addr()?;
    let settings = Settings {
        demo: args.demo,
        ..settings.listening_on(address.port())
    };
    println!("otp-server: listening on http://{address}/");
    tracing::info!(
        public_origins = %settings.public_origins.join(", "),
        secure_cookies = settings.secure_cookies,
        "other hosts are refused (security.public_origins)"
    );
    tokio::spawn(sweep(store.clone(), clock.clone(), settings.clone()));
    let metrics_listen = settings.metrics.listen;
    let state = AppState::new(store, clock, settings);
    // In the log, not on standard output: tools read the first line there and may close it.
    match state.passkeys.as_ref() {
        Ok(rp) => tracing::info!(
            relying_party = %rp.rp_id,
            origins = %rp.origins.join(", "),
            "passkeys on: they work at these origins only"
        ),
        Err(off) => tracing::warn!("{off}"),
    }
    if let Some(at) = metrics_listen {
        let listener = tokio::net::TcpListener::bind(at)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {at} (metrics.listen): {e}"))?;
        println!(
            "otp-server: metrics on http://{}/metrics",
            listener.local_addr()?
        );
        let router = otp_server::operations::metrics_router(&state);
        tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(shutdown_signal())
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let router = app(state, args.static_dir);
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
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| anyhow::anyhow!("server stopped: {e}"))
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

/// Removes expired sessions, ended procedures and empty throttle buckets, once a minute
/// ([`otp_server::Store::sweep`]: safe on every instance at once).
async fn sweep(store: otp_server::Store, clock: Arc<dyn Clock>, settings: Settings) {
    let mut every = tokio::time::interval(Duration::from_secs(60));
    loop {
        every.tick().await;
        let (idle, absolute) = (
            settings.session_idle_seconds,
            settings.session_absolute_seconds,
        );
        match store.sweep(clock.now(), idle, absolute).await {
            Ok(swept) => tracing::debug!(?swept, "swept"),
            Err(e) => tracing::warn!(error = %e, "cannot sweep expired rows"),
        }
    }
}
