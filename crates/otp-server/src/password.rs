//! Password hashing with argon2id, always off the async runtime's threads.
//!
//! A login for an unknown contract ID verifies against a decoy hash made with the same
//! parameters, so every attempt costs exactly one argon2 computation and takes the same time.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{AppError, AppResult};
use crate::settings::Argon2Params;

/// Hashes and verifies passwords with the configured argon2id cost.
#[derive(Clone)]
pub struct Passwords {
    params: Argon2Params,
    decoy: Arc<String>,
    verifications: Arc<AtomicU64>,
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

fn verify_blocking(stored: &str, password: &str) -> bool {
    // The stored PHC string carries its own parameters, so old hashes stay verifiable when the
    // configured cost changes.
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

impl Passwords {
    /// Prepares hashing with `params` (computes the decoy hash once).
    pub fn new(params: Argon2Params) -> Self {
        let decoy = hash_blocking(&params, "decoy-password-never-matches");
        Self {
            params,
            decoy: Arc::new(decoy),
            verifications: Arc::new(AtomicU64::new(0)),
        }
    }

    /// How many argon2 verifications this server has computed (one per login attempt).
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    /// Hashes a new password on a blocking thread.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        hash(&self.params, password).await
    }

    /// Verifies `password` against `stored`, or against the decoy when there is no stored hash
    /// (then the answer is always false, after the same work).
    pub async fn verify(&self, stored: Option<String>, password: String) -> AppResult<bool> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.decoy.as_ref().clone());
        self.verifications.fetch_add(1, Ordering::Relaxed);
        let matched = tokio::task::spawn_blocking(move || verify_blocking(&hash, &password))
            .await
            .map_err(AppError::from)?;
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
        assert!(verify_blocking(&hash, "demo1234"));
        assert!(!verify_blocking(&hash, "demo12345"));
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
