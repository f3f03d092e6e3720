//! What the load balancer and the monitoring see: `/healthz`, `/readyz`, `/metrics`, and a
//! shutdown that finishes the requests in flight.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::binary::{http, otp_server, run, spawn_serve};
use common::*;
use otp_server::Settings;
use otp_server::settings::{Limit, MetricsSettings, Throttle};
use serde_json::json;

/// `GET path` with `Host: host`: the status and the body as text.
async fn get_text(app: &TestApp, path: &str, host: &str) -> (StatusCode, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = Request::get(path)
        .header(header::HOST, host)
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn the_probes_answer_the_load_balancer_whatever_host_it_names() {
    let app = TestApp::new().await;
    // A balancer checks the backend by its own address, which is no public origin.
    let backend = "10.0.0.5:8080";
    assert_eq!(get_text(&app, "/healthz", backend).await.0, StatusCode::OK);
    assert_eq!(
        get_text(&app, "/readyz", backend).await,
        (StatusCode::OK, "ready\n".into())
    );
    assert_eq!(
        get_text(&app, "/api/v1/config", backend).await.0,
        StatusCode::MISDIRECTED_REQUEST
    );
}

#[tokio::test]
async fn readyz_says_not_ready_when_the_schema_is_behind_or_the_database_is_gone() {
    let app = TestApp::new().await;
    app.execute_raw(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    let (status, body) = get_text(&app, "/readyz", "127.0.0.1:8080").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("schema"), "{body}");
    // The process is still up.
    assert_eq!(
        get_text(&app, "/healthz", "127.0.0.1:8080").await.0,
        StatusCode::OK
    );

    app.store.close().await;
    let (status, body) = get_text(&app, "/readyz", "127.0.0.1:8080").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("does not answer"), "{body}");
}

#[tokio::test]
async fn metrics_are_not_on_the_public_listener_unless_asked() {
    let app = TestApp::new().await;
    let (status, body) = get_text(&app, "/metrics", "127.0.0.1:8080").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("otp_http_requests"));
}

/// The value of the sample `name{labels}` in a text exposition.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_logins_codes_locks_and_throttling() {
    let app = TestApp::with_settings(Settings {
        metrics: MetricsSettings {
            listen: None,
            public: true,
        },
        throttle: Throttle {
            failures_per_address: Limit::new(20, 1),
            ..Throttle::default()
        },
        ..Settings::default()
    })
    .await;
    app.provision("VSST00000001", SECRET_A, Default::default())
        .await;
    app.activate("VSST00000001", SECRET_A).await;
    let half = app.login(ID, PASSWORD).await.cookie().unwrap();
    let wrong = app
        .post("/api/v1/login/otp", json!({"otp": "000000"}), Some(&half))
        .await;
    assert_eq!(wrong.code(), "otp_invalid");
    for _ in 0..5 {
        app.login(ID, "wrong1234").await;
    }
    for i in 0..20 {
        app.login(&format!("{:010}", 8_000_000_000u64 + i), "wrong1234")
            .await;
    }
    let (status, text) = get_text(&app, "/metrics", "127.0.0.1:8080").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        sample(&text, r#"otp_logins_total{outcome="ok"}"#),
        Some(1.0),
        "{text}"
    );
    // Of the 25 wrong passwords: the fifth for the demo customer locked the account; the
    // others were refused, until the address's 20 failures (with the wrong code) were used.
    assert_eq!(
        sample(&text, r#"otp_logins_total{outcome="account_locked"}"#),
        Some(1.0)
    );
    let invalid = sample(&text, r#"otp_logins_total{outcome="invalid_credentials"}"#).unwrap();
    let throttled = sample(&text, r#"otp_logins_total{outcome="rate_limited"}"#).unwrap();
    assert_eq!((invalid, throttled), (18.0, 6.0), "{text}");
    assert_eq!(
        sample(&text, r#"otp_otp_checks_total{outcome="otp_invalid"}"#),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"otp_audit_events_total{event="account_locked",outcome="locked"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert!(
        sample(
            &text,
            r#"otp_throttled_requests_total{route="/api/v1/login"}"#
        ) >= Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"otp_http_requests_total{method="POST",route="/api/v1/login",status="401"}"#
        ),
        Some(18.0)
    );
    assert!(
        text.contains(
            r#"otp_http_request_duration_seconds_bucket{le="0.005",route="/api/v1/login"}"#
        ) || text.contains(
            r#"otp_http_request_duration_seconds_bucket{route="/api/v1/login",le="0.005"}"#
        ),
        "{text}"
    );
    assert_eq!(sample(&text, "otp_argon2_queue_length"), Some(0.0));
}

#[test]
fn the_metrics_listener_serves_them_and_a_shutdown_finishes_the_requests_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let metrics_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = otp_server()
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--database"])
        .arg(dir.path().join("db.sqlite3"))
        .env(
            "OTP_PORTAL_METRICS_LISTEN",
            format!("127.0.0.1:{metrics_port}"),
        )
        // Slow hashing (16 passes): the login is surely in flight when the signal comes.
        .env("OTP_PORTAL_ARGON2_ITERATIONS", "16")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let public = lines
        .by_ref()
        .map(Result::unwrap)
        .find_map(|l| {
            l.strip_prefix("otp-server: listening on ")
                .map(str::to_owned)
        })
        .unwrap();
    let metrics = lines
        .by_ref()
        .map(Result::unwrap)
        .find_map(|l| l.strip_prefix("otp-server: metrics on ").map(str::to_owned))
        .unwrap();
    let (status, text) = http(&metrics, "GET", "/metrics", None).unwrap();
    assert_eq!(status, 200);
    assert!(text.contains("otp_argon2_queue_length"), "{text}");
    assert_eq!(http(&public, "GET", "/metrics", None).unwrap().0, 404);

    // A login (a slow password check here) in flight when SIGTERM arrives is still answered;
    // then the process ends.
    let login = std::thread::spawn({
        let public = public.clone();
        move || {
            let body = json!({"contract_id": ID, "password": PASSWORD}).to_string();
            http(&public, "POST", "/api/v1/login", Some(&body))
        }
    });
    while sample(
        &http(&metrics, "GET", "/metrics", None).unwrap().1,
        "otp_http_requests_in_flight",
    ) != Some(1.0)
    {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    kill_term(child.id());
    assert_eq!(login.join().unwrap().unwrap().0, 200);
    assert!(child.wait().unwrap().success());
}

/// SIGTERM, as an orchestrator stops an instance.
fn kill_term(pid: u32) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Operator commands on the SQLite file a server is using (the run command's and the e2e
/// tests' daily case) leave the server's reads intact: each command's process opens and
/// closes the file, and its last connection checkpoints the WAL; none of that may pull the
/// WAL from under the server (a regression: a lock taken on the database file itself once
/// let it happen, and the server answered 503 with a disk I/O error).
#[test]
fn operator_commands_beside_a_running_server_leave_it_serving() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let add = |id: &str| {
        run(
            &[
                "customer",
                "add",
                "--contract-id",
                id,
                "--name",
                "試験 花子",
            ],
            &db,
            "pass1234\n",
        )
    };
    assert!(add("1111111111").0);
    let (mut child, line) = spawn_serve(&db, |_| {});
    let base = line
        .trim()
        .strip_prefix("otp-server: listening on ")
        .unwrap()
        .to_owned();
    let login = json!({"contract_id": "1111111111", "password": "pass1234"}).to_string();
    // Each round is a race the bug lost about one time in three: twelve of them.
    for i in 0..12 {
        let (ok, _, err) = add(&format!("{:010}", 4_000_000_000u64 + i));
        assert!(ok, "{err}");
        let (status, body) = http(&base, "POST", "/api/v1/login", Some(&login)).unwrap();
        assert_eq!(status, 200, "{body}");
    }
    kill_term(child.id());
    child.wait().unwrap();
}
