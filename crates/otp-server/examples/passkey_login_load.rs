//! Closed-loop load of passkey logins, for scripts/bench-api.sh: each connection asks for a
//! challenge (`POST /login/passkey/options`), signs it as the customer's authenticator would
//! (ES256, the tests' software authenticator) and answers it (`POST /login/passkey`), over
//! the customers of CUSTOMERS_FILE (one JSON line each, from scripts/bench/passkey_customers.py)
//! in turn. Counts whole logins (both requests); prints logins/s, the statuses and the
//! percentiles of a whole login's time. Keep-alive connections, one thread each.
//!
//!     cargo run --release -p otp-server --example passkey_login_load -- \
//!         HOST:PORT CUSTOMERS_FILE SECONDS CONNECTIONS

#[path = "../tests/common/authenticator.rs"]
#[allow(dead_code)]
mod authenticator;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use authenticator::Credential;
use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use p256::ecdsa::SigningKey;
use serde_json::{Value, json};

/// One keep-alive connection to the server.
struct Connection {
    stream: BufReader<TcpStream>,
    host: String,
    origin: String,
}

impl Connection {
    fn open(host: &str, origin: &str) -> std::io::Result<Self> {
        let stream = TcpStream::connect(host)?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream: BufReader::new(stream),
            host: host.to_owned(),
            origin: origin.to_owned(),
        })
    }

    /// POSTs `body` as JSON to `path`; the status and the answer's JSON (Null when none).
    fn post(&mut self, path: &str, body: &Value) -> std::io::Result<(u16, Value)> {
        let body = body.to_string();
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            self.host,
            self.origin,
            body.len()
        );
        self.stream.get_mut().write_all(request.as_bytes())?;
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut length = 0;
        loop {
            line.clear();
            self.stream.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut answer = vec![0; length];
        self.stream.read_exact(&mut answer)?;
        Ok((
            status,
            serde_json::from_slice(&answer).unwrap_or(Value::Null),
        ))
    }
}

/// A customer's passkey from its JSON line.
fn credential(line: &Value) -> Credential {
    let text = |key: &str| line[key].as_str().expect(key).to_owned();
    let private = HEXLOWER
        .decode(text("private").as_bytes())
        .expect("private");
    Credential {
        id: BASE64URL_NOPAD.decode(text("id").as_bytes()).expect("id"),
        key: SigningKey::from_slice(&private).expect("a P-256 key"),
        rp_id: text("rp_id"),
        user_handle: BASE64URL_NOPAD
            .decode(text("user_handle").as_bytes())
            .expect("user_handle"),
        // Synced passkeys keep no counter (0): connections may use one passkey at once.
        counter: 0,
    }
}

/// One whole passkey login: its final status.
fn login(conn: &mut Connection, credential: &Credential) -> std::io::Result<u16> {
    let (status, options) = conn.post("/api/v1/login/passkey/options", &json!({}))?;
    if status != 200 {
        return Ok(status);
    }
    let assertion = credential.assert_with(&options["publicKey"], &conn.origin.clone(), 0);
    let body = json!({"ceremony": options["ceremony"], "credential": assertion});
    Ok(conn.post("/api/v1/login/passkey", &body)?.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, host, file, seconds, connections] = args.as_slice() else {
        eprintln!("usage: passkey_login_load HOST:PORT CUSTOMERS_FILE SECONDS CONNECTIONS");
        std::process::exit(2);
    };
    let lines: Vec<Value> = std::fs::read_to_string(file)
        .expect("the customers file")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let origin = lines[0]["origin"].as_str().expect("origin").to_owned();
    let credentials = Arc::new(lines.iter().map(credential).collect::<Vec<_>>());
    let seconds: u64 = seconds.parse().expect("SECONDS");
    let connections: usize = connections.parse().expect("CONNECTIONS");
    let end = Instant::now() + Duration::from_secs(seconds);
    let results = Arc::new(Mutex::new((Vec::new(), BTreeMap::<u16, u64>::new())));
    let started = Instant::now();
    let threads: Vec<_> = (0..connections)
        .map(|n| {
            let (host, origin) = (host.clone(), origin.clone());
            let (credentials, results) = (credentials.clone(), results.clone());
            std::thread::spawn(move || {
                let mut conn = Connection::open(&host, &origin).expect("connect");
                let (mut times, mut statuses) = (Vec::new(), BTreeMap::new());
                let mut i = n;
                while Instant::now() < end {
                    let at = Instant::now();
                    let status = login(&mut conn, &credentials[i % credentials.len()])
                        .unwrap_or_else(|_| {
                            conn = Connection::open(&host, &origin).expect("reconnect");
                            0
                        });
                    times.push(at.elapsed());
                    *statuses.entry(status).or_insert(0) += 1;
                    i += connections;
                }
                let mut all = results.lock().unwrap();
                all.0.extend(times);
                for (status, count) in statuses {
                    *all.1.entry(status).or_insert(0) += count;
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (mut times, statuses) = Arc::try_unwrap(results).unwrap().into_inner().unwrap();
    times.sort();
    let ok = statuses.get(&200).copied().unwrap_or(0);
    println!(
        "{:.2} passkey logins/s over {} customers, {} connections; a login p50 {:.2} ms, \
         p99 {:.2} ms; statuses {statuses:?}",
        ok as f64 / elapsed,
        credentials.len(),
        connections,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
    );
}
