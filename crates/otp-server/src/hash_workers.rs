//! The threads that verify passwords: a fixed number of them (one per hashing slot), each with
//! its own argon2 working memory, allocated once and reused for every hash. So the memory the
//! hashing takes is `slots × memory_kib`, whatever the load: no allocator arena per short-lived
//! blocking thread keeps freed 19 MiB blocks, as it did with one `spawn_blocking` per hash
//! (841 MB peak under 500 concurrent logins on 2 cores before, see `docs/security.md`).

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use argon2::password_hash::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, oneshot};

/// One verification: the stored PHC string, the password, where the answer goes, and the
/// hashing slot it holds until it is done (even if the request is gone meanwhile).
struct Job {
    stored: Arc<str>,
    password: String,
    answer: oneshot::Sender<bool>,
    _slot: OwnedSemaphorePermit,
}

/// A handle on the workers; they stop when the last handle is dropped.
#[derive(Clone)]
pub struct HashWorkers {
    jobs: Sender<Job>,
}

impl HashWorkers {
    /// Starts `count` workers.
    pub fn start(count: usize) -> Self {
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..count.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || work(&queue))
                .expect("cannot start a password-hashing thread");
        }
        Self { jobs }
    }

    /// Verifies `password` against `stored` on a worker, holding `slot` until done.
    pub async fn verify(
        &self,
        stored: Arc<str>,
        password: String,
        slot: OwnedSemaphorePermit,
    ) -> Option<bool> {
        let (answer, result) = oneshot::channel();
        let job = Job {
            stored,
            password,
            answer,
            _slot: slot,
        };
        self.jobs.send(job).ok()?;
        result.await.ok()
    }
}

fn work(queue: &Mutex<Receiver<Job>>) {
    let mut memory: Vec<Block> = Vec::new();
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let matched = verify_with(&mut memory, &job.stored, &job.password);
        let _ = job.answer.send(matched);
    }
}

/// Verifies `password` against the PHC string `stored` (its own parameters: old hashes stay
/// verifiable when the configured cost changes) in `memory`, grown to the largest cost seen.
pub fn verify_with(memory: &mut Vec<Block>, stored: &str, password: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) =
        (Algorithm::try_from(hash.algorithm), Params::try_from(&hash))
    else {
        return false;
    };
    let version = hash
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..blocks])
        .is_ok()
        // `Output`'s comparison takes the same time wherever the bytes differ.
        && Output::new(&out).is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::hash_blocking;
    use crate::settings::Argon2Params;

    #[test]
    fn verifies_in_reused_memory_like_the_reference() {
        let params = Argon2Params::default();
        let stored = hash_blocking(&params, "demo1234");
        let mut memory = Vec::new();
        assert!(verify_with(&mut memory, &stored, "demo1234"));
        assert!(!verify_with(&mut memory, &stored, "demo12345"));
        assert_eq!(memory.len(), 19 * 1024);
        // Another cost in the same memory.
        let cheap = hash_blocking(
            &Argon2Params {
                memory_kib: 8 * 1024,
                iterations: 1,
                ..params
            },
            "x1",
        );
        assert!(verify_with(&mut memory, &cheap, "x1"));
        assert!(!verify_with(&mut memory, "not a hash", "x1"));
    }
}
