//! Password hashing with argon2id, always off the async runtime's threads.
//!
//! A login for an unknown contract ID verifies against a decoy hash made with the same
//! parameters, so every attempt costs exactly one argon2 computation and takes the same time.

use std::sync::Arc;

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
        }
    }

    /// Hashes a new password on a blocking thread.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        let params = self.params.clone();
        Ok(tokio::task::spawn_blocking(move || hash_blocking(&params, &password)).await?)
    }

    /// Verifies `password` against `stored`, or against the decoy when there is no stored hash
    /// (then the answer is always false, after the same work).
    pub async fn verify(&self, stored: Option<String>, password: String) -> AppResult<bool> {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| self.decoy.as_ref().clone());
        let matched = tokio::task::spawn_blocking(move || verify_blocking(&hash, &password))
            .await
            .map_err(AppError::from)?;
        Ok(known && matched)
    }
}
