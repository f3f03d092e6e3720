//! A TCP proxy that delays each direction by a fixed time: a database "one network hop away"
//! on a kernel without netem. Every chunk read from one side is written to the other side
//! `ONE_WAY_US` microseconds after it arrived, in order (so a round trip through it takes
//! twice that). Standard library only; built by scripts/bench-instances.sh with
//! `rustc -O scripts/bench/delay_proxy.rs`.
//!
//!     delay_proxy LISTEN_PORT TARGET_PORT ONE_WAY_US

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Copies `from` to `to`, each chunk `delay` after it was read.
fn pipe(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
    let (send, due) = mpsc::channel::<(Instant, Vec<u8>)>();
    let writer = thread::spawn(move || {
        for (at, chunk) in due {
            if let Some(wait) = at.checked_duration_since(Instant::now()) {
                thread::sleep(wait);
            }
            if to.write_all(&chunk).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
    let mut buffer = vec![0u8; 64 * 1024];
    while let Ok(n) = from.read(&mut buffer) {
        if n == 0 || send.send((Instant::now() + delay, buffer[..n].to_vec())).is_err() {
            break;
        }
    }
    drop(send);
    let _ = writer.join();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, listen, target, one_way_us] = args.as_slice() else {
        eprintln!("usage: delay_proxy LISTEN_PORT TARGET_PORT ONE_WAY_US");
        std::process::exit(2);
    };
    let delay = Duration::from_micros(one_way_us.parse().expect("ONE_WAY_US"));
    let listener = TcpListener::bind(format!("127.0.0.1:{listen}")).expect("listen");
    let target = format!("127.0.0.1:{target}");
    for client in listener.incoming().flatten() {
        let Ok(server) = TcpStream::connect(&target) else {
            continue;
        };
        let _ = (client.set_nodelay(true), server.set_nodelay(true));
        let (client2, server2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
        thread::spawn(move || pipe(client, server, delay));
        thread::spawn(move || pipe(server2, client2, delay));
    }
}
