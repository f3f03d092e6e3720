//! Open-loop load of one-time-password checks: `RATE` wrong codes a second at the login's OTP
//! step, spread over the pending logins of many customers (one cookie per line of
//! COOKIES_FILE), each request due at start + n / RATE whatever the answers' latency, its
//! latency counted from that due time (no coordinated omission). Keep-alive connections, one
//! thread each. Prints the rate reached and the latency percentiles. Standard library only;
//! built by scripts/bench-instances.sh with `rustc -O scripts/bench/open_loop_otp.rs`.
//!
//!     open_loop_otp HOST:PORT COOKIES_FILE RATE SECONDS CONNECTIONS

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Sends one request on `stream` and reads its answer; the status code.
fn exchange(stream: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<u16> {
    stream.get_mut().write_all(request)?;
    let mut line = String::new();
    stream.read_line(&mut line)?;
    let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body)?;
    Ok(status)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, host, cookies, rate, seconds, connections] = args.as_slice() else {
        eprintln!("usage: open_loop_otp HOST:PORT COOKIES_FILE RATE SECONDS CONNECTIONS");
        std::process::exit(2);
    };
    let cookies: Vec<String> = std::fs::read_to_string(cookies)
        .expect("cookies")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let rate: f64 = rate.parse().expect("RATE");
    let total = (rate * seconds.parse::<f64>().expect("SECONDS")) as usize;
    let connections: usize = connections.parse().expect("CONNECTIONS");
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(total)));
    let statuses = Arc::new(Mutex::new(std::collections::BTreeMap::<u16, usize>::new()));
    let start = Instant::now() + Duration::from_millis(200);
    let workers: Vec<_> = (0..connections)
        .map(|c| {
            let (host, cookies) = (host.clone(), cookies.clone());
            let (latencies, statuses) = (latencies.clone(), statuses.clone());
            thread::spawn(move || {
                let mut stream = BufReader::new(TcpStream::connect(&host).expect("connect"));
                let _ = stream.get_ref().set_nodelay(true);
                for n in (c..total).step_by(connections) {
                    let due = start + Duration::from_secs_f64(n as f64 / rate);
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        thread::sleep(wait);
                    }
                    let body = r#"{"otp":"000000"}"#;
                    let request = format!(
                        "POST /api/v1/login/otp HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n\
                         Cookie: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        cookies[n % cookies.len()],
                        body.len()
                    );
                    let status = exchange(&mut stream, request.as_bytes()).unwrap_or(0);
                    latencies.lock().unwrap().push(due.elapsed().as_secs_f64() * 1000.0);
                    *statuses.lock().unwrap().entry(status).or_default() += 1;
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mut latencies = latencies.lock().unwrap().clone();
    latencies.sort_by(f64::total_cmp);
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "sent {total} at {rate}/s over {} customers: {:.0}/s answered, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, statuses {:?}",
        cookies.len(),
        total as f64 / elapsed,
        at(0.5),
        at(0.99),
        latencies.last().copied().unwrap_or(0.0),
        statuses.lock().unwrap()
    );
}
