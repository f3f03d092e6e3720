//! What a load balancer and a monitoring system ask: `GET /healthz` (the process is up),
//! `GET /readyz` (the database answers and its schema is this build's) and `GET /metrics`
//! ([`crate::metrics`], on its own listener, or also here when `metrics.public` is set).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::store::Store;

/// The probes, and `/metrics` when `with_metrics`.
pub fn router(state: &AppState, with_metrics: bool) -> Router {
    let probes = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(ready))
        .with_state(state.store.clone());
    if with_metrics {
        probes.merge(metrics_router(state))
    } else {
        probes
    }
}

/// `/metrics` alone (the metrics listener's whole router).
pub fn metrics_router(state: &AppState) -> Router {
    Router::new()
        .route("/metrics", get(crate::metrics::exposition))
        .with_state((state.store.clone(), state.passwords.clone()))
}

/// 200 when the database answers with the expected schema, else 503 with the reason.
async fn ready(State(store): State<Store>) -> Response {
    match store.ready().await {
        Ok(()) => "ready\n".into_response(),
        Err(reason) => {
            tracing::warn!(%reason, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, format!("{reason}\n")).into_response()
        }
    }
}
