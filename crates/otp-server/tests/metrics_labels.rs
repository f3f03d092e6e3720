//! The request metrics keep one series per label set for the process's life, so every label
//! must come from a closed set: a stranger sending random methods and paths (no login
//! needed) must not grow the series or the server's memory. The audit's events are counted by
//! event and outcome, both closed sets: what an event is about (a throttle's bucket, which
//! names the stranger's address) is the audit row's subject, never a label.

mod common;

use std::io::{Read, Write};

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::binary::spawn_serve;
use common::*;
use otp_server::Settings;
use otp_server::settings::{Limit, MetricsSettings, Throttle};
use rand::Rng;
use rand::distributions::Alphanumeric;

/// A random method token of `len` letters (what hyper accepts as an extension method), never
/// a standard one (three random letters are `GET` or `PUT` once in ~9 000 draws: a known
/// method's series is not the stranger's growth this test is about).
fn random_method(rng: &mut impl Rng, len: usize) -> String {
    loop {
        let method: String = (0..len)
            .map(|_| char::from(rng.gen_range(b'A'..=b'Z')))
            .collect();
        let standard = [
            "GET", "PUT", "POST", "HEAD", "PATCH", "TRACE", "DELETE", "OPTIONS", "CONNECT",
        ];
        if !standard.contains(&method.as_str()) {
            return method;
        }
    }
}

/// A random path under the API, matched by no route.
fn random_path(rng: &mut impl Rng) -> String {
    let tail: String = rng
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    format!("/api/v1/{tail}/{}", rng.r#gen::<u64>())
}

/// The lines of the exposition of the series of `metric`, each with its value.
fn series_of(app: &TestApp, metric: &str) -> Vec<String> {
    let prefix = format!("{metric}{{");
    app.store
        .metrics()
        .render(&app.passwords, app.store.connections())
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .map(str::to_owned)
        .collect()
}

/// The series of `otp_http_requests_total` in the exposition (their labels).
fn request_series(app: &TestApp) -> Vec<String> {
    series_of(app, "otp_http_requests_total")
        .into_iter()
        .map(|l| {
            l.rsplit_once(' ')
                .map_or(l.clone(), |(labels, _)| labels.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn random_methods_and_paths_leave_the_series_as_they_were() {
    let app = TestApp::with_settings(Settings {
        metrics: MetricsSettings {
            listen: None,
            public: true,
        },
        ..Settings::default()
    })
    .await;
    let mut rng = rand::thread_rng();
    let send = |method: Method, path: String| {
        Request::builder()
            .method(method)
            .uri(path)
            .header(header::ORIGIN, "http://127.0.0.1:8080")
            .body(Body::empty())
            .unwrap()
    };
    let garbage = |rng: &mut rand::rngs::ThreadRng| {
        let len = rng.gen_range(3..200);
        Method::from_bytes(random_method(rng, len).as_bytes()).unwrap()
    };
    app.send(send(garbage(&mut rng), random_path(&mut rng)))
        .await;
    let before = request_series(&app);
    for _ in 0..10_000 {
        let (method, path) = (garbage(&mut rng), random_path(&mut rng));
        app.send(send(method, path)).await;
    }
    let after = request_series(&app);
    assert_eq!(
        after.len(),
        before.len(),
        "{:.300?}",
        after.iter().take(3).collect::<Vec<_>>()
    );
    assert!(
        before
            .iter()
            .all(|s| s.contains(r#"method="other""#) && s.contains(r#"route="unmatched""#)),
        "{before:?}"
    );

    // The known methods on the real routes, with random ids: a handful of series, each
    // naming a route's template, never a path.
    let known = [Method::GET, Method::POST, Method::DELETE, Method::PUT];
    for i in 0..400 {
        let id: u64 = rng.r#gen();
        let path = match i % 3 {
            0 => format!("/api/v1/procedures/{id}"),
            1 => format!("/api/v1/procedures/{id}/new-token"),
            _ => "/api/v1/session".to_owned(),
        };
        app.send(send(known[i % known.len()].clone(), path)).await;
    }
    let series = request_series(&app);
    assert!(series.len() < 20, "{series:#?}");
    assert!(
        series.iter().all(|s| !s.contains("procedures/1")
            && !s.contains("procedures/2")
            && !s.contains("procedures/9")),
        "{series:#?}"
    );
}

#[tokio::test]
async fn throttled_strangers_from_many_addresses_are_one_series() {
    let app = TestApp::with_settings(Settings {
        throttle: Throttle {
            failures_per_address: Limit::new(1, 1),
            ..Throttle::default()
        },
        ..Settings::default()
    })
    .await;
    let wrong = |i: u32| {
        Request::post("/api/v1/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                serde_json::json!({ "contract_id": format!("{:010}", 1000 + i), "password": "wrong1234" })
                    .to_string(),
            ))
            .unwrap()
    };
    // Each address's second wrong password is throttled: 300 refusals, 300 buckets.
    for i in 0..300 {
        let addr = format!("10.{}.{}.7", i / 200, i % 200);
        app.send_from(&addr, wrong(i)).await;
        let refused = app.send_from(&addr, wrong(i)).await;
        assert_eq!(refused.code(), "rate_limited");
    }
    let series = series_of(&app, "otp_audit_events_total");
    assert_eq!(
        series
            .iter()
            .filter(|s| s.contains(r#"event="throttled""#))
            .collect::<Vec<_>>(),
        [r#"otp_audit_events_total{event="throttled",outcome="rate_limited"} 300"#],
    );
    assert!(series.len() < 5, "{series:#?}");
    // The audit still says which bucket refused each one.
    let trail = app.store.audit_entries(None, None).await.unwrap();
    let buckets: std::collections::HashSet<_> = trail
        .iter()
        .filter(|r| r.event.as_str() == "throttled")
        .filter_map(|r| r.subject.as_deref())
        .collect();
    assert_eq!(buckets.len(), 300);
    assert!(buckets.contains("login fail:addr:10.1.99.7"), "{buckets:?}");
}

/// The server's resident memory in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// `count` requests with random 2 KB methods and random paths, over four connections' worth
/// of threads, each request on its own connection.
fn random_requests(host: &str, count: usize) {
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                let mut rng = rand::thread_rng();
                for _ in 0..count / 4 {
                    let method = random_method(&mut rng, 2048);
                    let path = random_path(&mut rng);
                    let mut stream = std::net::TcpStream::connect(host).unwrap();
                    write!(
                        stream,
                        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n\
                         Content-Length: 0\r\nConnection: close\r\n\r\n"
                    )
                    .unwrap();
                    let mut answer = Vec::new();
                    let _ = stream.read_to_end(&mut answer);
                    assert!(answer.starts_with(b"HTTP/1.1 "), "no answer");
                }
            });
        }
    });
}

#[test]
fn ten_thousand_random_requests_leave_the_memory_flat() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, line) = spawn_serve(&dir.path().join("db.sqlite3"), |_| {});
    let host = line
        .trim()
        .strip_prefix("otp-server: listening on http://")
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    // The allocator's and the runtime's own growth first.
    random_requests(&host, 2_000);
    let before = rss_kib(child.id());
    random_requests(&host, 10_000);
    let after = rss_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();
    eprintln!("RSS before {before} KiB, after 10 000 random requests {after} KiB");
    // Each kept method label would take its 2 KB: 20 MB for these requests.
    assert!(
        after < before + 4 * 1024,
        "RSS grew from {before} to {after} KiB"
    );
}
