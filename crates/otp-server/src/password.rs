//! Password hashing with argon2id, always off the async runtime's threads.
//!
//! A login for an unknown contract ID verifies against a decoy hash made with the same
//! parameters, so every attempt costs exactly one argon2 computation and takes the same time.
//!
//! Verifications run on a fixed set of threads ([`crate::hash_workers`]), in a fixed number of
//! slots (`argon2.slots`, default one per core), so memory
//! stays at `slots × memory_kib` however many requests arrive. A request waits for a slot at
//! most `argon2.queue_wait_ms`, and at most `argon2.queue_max` requests wait: beyond either it
//! is answered `503 service_unavailable` with `Retry-After`, before any memory is taken.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use otp_api::problem::{ErrorCode, Problem};
use tokio::sync::Semaphore;

use crate::error::{AppError, AppResult};
use crate::settings::Argon2Params;

/// Hashes and verifies passwords with the configured argon2id cost.
#[derive(Clone)]
pub struct Passwords {
    params: Argon2Params,
    decoy: Arc<str>,
    workers: crate::hash_workers::HashWorkers,
    verifications: Arc<AtomicU64>,
    slots: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
}

fn hasher(params: &Argon2Params) -> Argon2<'static> {
    let params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        None,
    )
    .expect("argon2 parameters are validated with the settings");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes `password` to a PHC string (blocking: call from a blocking thread).
pub fn hash_blocking(params: &Argon2Params, password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher(params)
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid parameters")
        .to_string()
}

/// Hashes `password` on a blocking thread (never on the async runtime's threads).
pub async fn hash(params: &Argon2Params, password: String) -> AppResult<String> {
    let params = params.clone();
    Ok(tokio::task::spawn_blocking(move || hash_blocking(&params, &password)).await?)
}

impl Passwords {
    /// Prepares hashing with `params` (computes the decoy hash once).
    pub fn new(params: Argon2Params) -> Self {
        let decoy = hash_blocking(&params, "decoy-password-never-matches");
        Self {
            slots: Arc::new(Semaphore::new(params.slot_count())),
            workers: crate::hash_workers::HashWorkers::start(params.slot_count()),
            params,
            decoy: decoy.into(),
            verifications: Arc::new(AtomicU64::new(0)),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// How many requests wait for a hashing slot now.
    pub fn queue_len(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Waits for a hashing slot, within the bounds; `503` with `Retry-After` beyond them.
    async fn slot(&self) -> AppResult<tokio::sync::OwnedSemaphorePermit> {
        let busy = || -> AppError {
            Problem::new(ErrorCode::ServiceUnavailable)
                .with_retry_after(2)
                .into()
        };
        if let Ok(permit) = self.slots.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.params.queue_max as usize {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy());
        }
        let wait = Duration::from_millis(u64::from(self.params.queue_wait_ms));
        let permit = tokio::time::timeout(wait, self.slots.clone().acquire_owned()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        match permit {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(busy()),
        }
    }

    /// How many argon2 verifications this server has computed (one per login attempt).
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    /// Hashes a new password on a blocking thread, in a slot.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        let _slot = self.slot().await?;
        hash(&self.params, password).await
    }

    /// Verifies `password` against `stored`, or against the decoy when there is no stored hash
    /// (then the answer is always false, after the same work). Waits for a slot first; the
    /// slot is held until the hash is done, even if the request is dropped meanwhile.
    pub async fn verify(&self, stored: Option<String>, password: String) -> AppResult<bool> {
        let slot = self.slot().await?;
        let known = stored.is_some();
        let hash: Arc<str> = stored.map_or_else(|| self.decoy.clone(), Arc::from);
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let matched = self
            .workers
            .verify(hash, password, slot)
            .await
            .ok_or_else(|| AppError::Internal("the password-hashing threads stopped".into()))?;
        Ok(known && matched)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, AtomicUsize};

    use super::*;

    #[test]
    fn hashes_are_argon2id_with_the_owasp_parameters() {
        let hash = hash_blocking(&Argon2Params::default(), "demo1234");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let mut memory = Vec::new();
        assert!(crate::hash_workers::verify_with(
            &mut memory,
            &hash,
            "demo1234"
        ));
        assert!(!crate::hash_workers::verify_with(
            &mut memory,
            &hash,
            "demo12345"
        ));
    }

    /// On a single-threaded runtime, another task can only run while the verification is
    /// awaited if the hashing happens on another thread.
    #[tokio::test(flavor = "current_thread")]
    async fn verification_runs_off_the_async_thread() {
        let passwords = Passwords::new(Argon2Params::default());
        let beats = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let heartbeat = tokio::spawn({
            let (beats, done) = (beats.clone(), done.clone());
            async move {
                while !done.load(Ordering::SeqCst) {
                    beats.fetch_add(1, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                }
            }
        });
        tokio::task::yield_now().await;
        let before = beats.load(Ordering::SeqCst);
        let stored = Some(passwords.hash("demo1234".to_owned()).await.unwrap());
        let mid = beats.load(Ordering::SeqCst);
        assert!(
            passwords
                .verify(stored, "demo1234".to_owned())
                .await
                .unwrap()
        );
        let after = beats.load(Ordering::SeqCst);
        done.store(true, Ordering::SeqCst);
        heartbeat.await.unwrap();
        assert!(mid > before, "hashing blocked the runtime's only thread");
        assert!(
            after > mid,
            "verification blocked the runtime's only thread"
        );
    }

    /// With one slot and no queue, a second verification while the first runs is refused at
    /// once (503 with Retry-After) and costs no hash.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn beyond_the_slots_and_the_queue_a_verification_is_refused_before_hashing() {
        let params = Argon2Params {
            slots: 1,
            queue_max: 0,
            ..Argon2Params::default()
        };
        let passwords = Passwords::new(params);
        let first = tokio::spawn({
            let p = passwords.clone();
            async move { p.verify(None, "x".to_owned()).await }
        });
        // Wait until the first one holds the slot.
        while passwords.slots.available_permits() == 1 {
            tokio::task::yield_now().await;
        }
        let second = passwords.verify(None, "y".to_owned()).await;
        let Err(AppError::Problem(problem)) = second else {
            panic!("expected a refusal, got {second:?}");
        };
        assert_eq!(problem.code, ErrorCode::ServiceUnavailable);
        assert_eq!(problem.retry_after_seconds, Some(2));
        assert!(!first.await.unwrap().unwrap());
        assert_eq!(passwords.verifications(), 1);
    }

    #[tokio::test]
    async fn an_unknown_contract_costs_one_verification_and_never_matches() {
        let passwords = Passwords::new(Argon2Params::default());
        assert!(
            !passwords
                .verify(None, "decoy-password-never-matches".to_owned())
                .await
                .unwrap()
        );
        assert_eq!(passwords.verifications(), 1);
    }
}
