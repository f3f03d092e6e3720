//! `/metrics` in the Prometheus text format: requests by route and status with their latency,
//! logins and one-time-password checks by outcome, locks and other audited events once
//! committed, throttled requests, and the password hashing queue. Off unless configured, and
//! on its own listener unless asked ([`crate::settings::MetricsSettings`]).

use std::sync::Arc;
use std::sync::atomic::AtomicI64;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use otp_api::problem::ErrorCode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::password::Passwords;
use crate::store::Store;

/// An answered request. Every label comes from a closed set (a label set is kept for the
/// process's life): a known method or `other`, a route's template or `unmatched`, a status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    /// The route's template (`/api/v1/procedures/{id}/new-token`), `unmatched` for no route.
    route: String,
    status: u16,
}

/// The label of a request's method: one of HTTP's own, else `other` (a client may send any
/// token as its method, of any length).
fn method_label(method: &Method) -> &'static str {
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    KNOWN
        .iter()
        .find(|known| *known == method)
        .map_or("other", Method::as_str)
}

/// A route alone.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// How a login or a code check ended: `ok` or the refusal's code.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

/// A committed audit row.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct EventLabels {
    event: String,
    outcome: String,
}

/// The server's metrics; one per process (each instance has its own).
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    logins: Family<OutcomeLabels, Counter>,
    otp_checks: Family<OutcomeLabels, Counter>,
    throttled: Family<RouteLabels, Counter>,
    events: Family<EventLabels, Counter>,
    hash_queue: Gauge<i64, AtomicI64>,
    in_flight: Gauge<i64, AtomicI64>,
    connections: Family<ConnectionLabels, Gauge<i64, AtomicI64>>,
    connection_wait: Histogram,
    write_retries: Counter,
    remembered_codes: Counter,
}

/// The database pool's connections by state: `in_use`, `idle`, or `waiting` (write
/// transactions waiting for one).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ConnectionLabels {
    state: &'static str,
}

/// `metric`, registered under `name` with its `help`.
fn registered<M: prometheus_client::registry::Metric + Clone>(
    registry: &mut Registry,
    name: &str,
    help: &str,
    metric: M,
) -> M {
    registry.register(name, help, metric.clone());
    metric
}

impl Default for Metrics {
    fn default() -> Self {
        let mut r = Registry::default();
        // 5 ms to 10 s: a password check takes about 50 ms, a queued one up to a second.
        let buckets = || Histogram::new(exponential_buckets(0.005, 2.0, 12));
        Self {
            requests: registered(
                &mut r,
                "otp_http_requests",
                "Requests answered, by route and status",
                Family::default(),
            ),
            latency: registered(
                &mut r,
                "otp_http_request_duration_seconds",
                "Time to answer, by route",
                Family::new_with_constructor(buckets),
            ),
            in_flight: registered(
                &mut r,
                "otp_http_requests_in_flight",
                "API requests being answered",
                Gauge::default(),
            ),
            logins: registered(
                &mut r,
                "otp_logins",
                "Password logins, by outcome (ok or the refusal's code)",
                Family::default(),
            ),
            otp_checks: registered(
                &mut r,
                "otp_otp_checks",
                "One-time password checks (login and procedures), by outcome",
                Family::default(),
            ),
            throttled: registered(
                &mut r,
                "otp_throttled_requests",
                "Requests refused with 429 rate_limited, by route",
                Family::default(),
            ),
            events: registered(
                &mut r,
                "otp_audit_events",
                "Committed audit rows (account_locked and token_locked are the locks), by event and outcome",
                Family::default(),
            ),
            connections: registered(
                &mut r,
                "otp_db_connections",
                "Database connections of this instance's pool: in_use, idle, and waiting (write transactions waiting for one)",
                Family::default(),
            ),
            // 0.1 ms to 3.3 s: a free connection is immediate, an exhausted pool waits up to
            // its acquire timeout.
            connection_wait: registered(
                &mut r,
                "otp_db_connection_wait_seconds",
                "Time write transactions waited for a database connection",
                Histogram::new(exponential_buckets(0.0001, 2.0, 16)),
            ),
            write_retries: registered(
                &mut r,
                "otp_db_write_retries",
                "Write transactions run again after a serialization failure or a deadlock",
                Counter::default(),
            ),
            remembered_codes: registered(
                &mut r,
                "otp_login_codes_remembered",
                "Wrong login codes judged against the token this instance remembered for the session, each recorded in one statement (PostgreSQL)",
                Counter::default(),
            ),
            hash_queue: registered(
                &mut r,
                "otp_argon2_queue_length",
                "Password checks waiting for a hashing slot",
                Gauge::default(),
            ),
            registry: r,
        }
    }
}

impl Metrics {
    /// Counts a committed audit row.
    pub fn event(&self, event: &str, outcome: &str) {
        self.events
            .get_or_create(&EventLabels {
                event: event.to_owned(),
                outcome: outcome.to_owned(),
            })
            .inc();
    }

    /// Counts an answered request: its route, status and time, and for the login and code
    /// routes their outcome.
    fn answered(
        &self,
        method: &'static str,
        route: &str,
        status: u16,
        code: Option<ErrorCode>,
        secs: f64,
    ) {
        self.requests
            .get_or_create(&RequestLabels {
                method,
                route: route.to_owned(),
                status,
            })
            .inc();
        let by_route = RouteLabels {
            route: route.to_owned(),
        };
        self.latency.get_or_create(&by_route).observe(secs);
        if code == Some(ErrorCode::RateLimited) {
            self.throttled.get_or_create(&by_route).inc();
        }
        let outcome = || OutcomeLabels {
            outcome: code.map_or("ok", ErrorCode::as_str).to_owned(),
        };
        if method == "POST" && route == API_LOGIN {
            self.logins.get_or_create(&outcome()).inc();
        } else if method == "POST" && OTP_ROUTES.contains(&route) {
            self.otp_checks.get_or_create(&outcome()).inc();
        }
    }

    /// A write transaction waits for a connection until the value is dropped.
    pub fn waiting_for_connection(&self) -> impl Drop + use<> {
        let waiting = self
            .connections
            .get_or_create(&ConnectionLabels { state: "waiting" })
            .clone();
        waiting.inc();
        scopeguard(&waiting)
    }

    /// A write transaction got its connection after `secs`.
    pub fn connection_acquired(&self, secs: f64) {
        self.connection_wait.observe(secs);
    }

    /// A write transaction rolled back for a conflict and run again.
    pub fn write_retried(&self) {
        self.write_retries.inc();
    }

    /// A wrong login code was judged against a remembered token and recorded in one statement.
    pub fn remembered_code(&self) {
        self.remembered_codes.inc();
    }

    /// The text exposition, with the hashing queue and the pool (`connections`: in use,
    /// idle) as they are now.
    pub fn render(&self, passwords: &Passwords, connections: (u32, u32)) -> String {
        self.hash_queue
            .set(i64::try_from(passwords.queue_len()).unwrap_or(i64::MAX));
        for (state, n) in [("in_use", connections.0), ("idle", connections.1)] {
            self.connections
                .get_or_create(&ConnectionLabels { state })
                .set(i64::from(n));
        }
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

const API_LOGIN: &str = "/api/v1/login";
/// The routes that check a one-time password.
const OTP_ROUTES: [&str; 3] = [
    "/api/v1/login/otp",
    "/api/v1/procedures/{id}/current-token",
    "/api/v1/procedures/{id}/new-token",
];

/// Records every request (middleware around the whole application).
pub async fn record(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    metrics.in_flight.inc();
    // Counted down however the request ends (a client that hangs up drops the future).
    let _in_flight = scopeguard(&metrics.in_flight);
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        // No route matched: one label for all such paths (never the path itself).
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let response = next.run(request).await;
    let code = response.extensions().get::<ErrorCode>().copied();
    metrics.answered(
        method,
        &route,
        response.status().as_u16(),
        code,
        started.elapsed().as_secs_f64(),
    );
    response
}

/// Decrements `gauge` when dropped.
fn scopeguard(gauge: &Gauge<i64, AtomicI64>) -> impl Drop + use<> {
    struct Down(Gauge<i64, AtomicI64>);
    impl Drop for Down {
        fn drop(&mut self) {
            self.0.dec();
        }
    }
    Down(gauge.clone())
}

/// `GET /metrics`.
pub async fn exposition(State((store, passwords)): State<(Store, Passwords)>) -> Response {
    let text = store.metrics().render(&passwords, store.connections());
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
