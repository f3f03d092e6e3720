//! The token secrets' keys as the database sees them: the key file is checked against the
//! stored secrets at start (a wrong or missing key is an error then, never a wrong code later),
//! secrets from before sealing are sealed, and `key rotate` re-seals everything.

use std::path::Path;

use sqlx::AnyPool;

use super::{Audit, AuditEvent, OpenError, Outcome, Store, Tx};
use crate::seal::{Keyring, SealError};

/// The key file at `path`, created when missing (and `may_create`) unless the database already
/// holds sealed secrets (then their key is lost or misplaced, and starting would be wrong).
/// Instances that share a database must share one key file: on PostgreSQL it is made once,
/// by `otp-server key create`, never by whichever instance starts first.
pub(super) async fn open_keyring(
    pool: &AnyPool,
    path: &Path,
    may_create: bool,
) -> Result<Keyring, OpenError> {
    let used: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT secret_key_id FROM tokens WHERE secret_key_id IS NOT NULL ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .map_err(|e| OpenError::Keys(format!("cannot read the token registry: {e}")))?;
    let keys = if path.exists() {
        Keyring::load(path)?
    } else if used.is_empty() && may_create {
        match Keyring::create(path) {
            Ok(keys) => {
                tracing::info!(key_file = %path.display(), "created a new key file for token secrets");
                keys
            }
            // Another process on this machine created it a moment ago.
            Err(_) if path.exists() => Keyring::load(path)?,
            Err(e) => return Err(e.into()),
        }
    } else if used.is_empty() {
        return Err(OpenError::Keys(format!(
            "key file {} is missing: create it once with `otp-server key create --key-file {}` \
             and give the same file to every instance",
            path.display(),
            path.display()
        )));
    } else {
        return Err(OpenError::Keys(format!(
            "key file {} is missing, and the database holds token secrets sealed under key(s) \
             {used:?}: restore the key file (or name it with --key-file); a new key would not \
             open them",
            path.display()
        )));
    };
    for id in used {
        if !keys.has(id) {
            return Err(SealError::MissingKey {
                path: path.display().to_string(),
                id,
            }
            .into());
        }
        let (serial, sealed): (String, Vec<u8>) =
            sqlx::query_as("SELECT serial, secret FROM tokens WHERE secret_key_id = $1 LIMIT 1")
                .bind(id)
                .fetch_one(pool)
                .await
                .map_err(|e| OpenError::Keys(format!("cannot read the token registry: {e}")))?;
        keys.open(id, &serial, &sealed)?;
    }
    Ok(keys)
}

impl Store {
    /// Opens a stored secret; reloads the key file once when it names a key this process has
    /// not seen (another process rotated).
    pub(super) fn unseal(
        &self,
        key_id: Option<i64>,
        serial: &str,
        stored: &[u8],
    ) -> sqlx::Result<Vec<u8>> {
        let Some(id) = key_id else {
            return Ok(stored.to_vec());
        };
        let decode = |e: SealError| sqlx::Error::Decode(Box::new(e));
        {
            let keys = self.keys.read().expect("keyring lock");
            if keys.has(id) {
                return keys.open(id, serial, stored).map_err(decode);
            }
        }
        let mut keys = self.keys.write().expect("keyring lock");
        *keys = Keyring::load(keys.path()).map_err(decode)?;
        keys.open(id, serial, stored).map_err(decode)
    }

    /// Stores each `(serial, secret)` sealed under the current key.
    async fn seal_into(&self, tx: &mut Tx, secrets: &[(String, Vec<u8>)]) -> sqlx::Result<()> {
        for (serial, secret) in secrets {
            let (id, sealed) = self.keys.read().expect("keyring lock").seal(serial, secret);
            sqlx::query("UPDATE tokens SET secret = $1, secret_key_id = $2 WHERE serial = $3")
                .bind(sealed)
                .bind(id)
                .bind(serial)
                .execute(tx.conn())
                .await?;
        }
        Ok(())
    }

    /// Seals every secret stored before sealing existed (at start).
    pub(super) async fn seal_plaintext_secrets(&self) -> Result<(), OpenError> {
        let err = |e: sqlx::Error| OpenError::Keys(format!("cannot seal the token secrets: {e}"));
        let plain: Vec<(String, Vec<u8>)> =
            sqlx::query_as("SELECT serial, secret FROM tokens WHERE secret_key_id IS NULL")
                .fetch_all(&self.pool)
                .await
                .map_err(err)?;
        if plain.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_alone().await.map_err(err)?;
        self.seal_into(&mut tx, &plain).await.map_err(err)?;
        tx.commit().await.map_err(err)?;
        // The clear pages' old versions must not stay behind in the WAL or the main file.
        if self.backend == super::Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await
                .map_err(err)?;
        }
        tracing::info!(
            count = plain.len(),
            "sealed token secrets stored in the clear"
        );
        Ok(())
    }

    /// Adds a new key to the key file and re-seals every secret under it, in one transaction
    /// with its audit row; returns the new key's id and how many secrets were re-sealed.
    pub async fn rotate_key(&self, audit: &Audit) -> Result<(i64, usize), String> {
        let stored: Vec<(String, Vec<u8>, Option<i64>)> =
            sqlx::query_as("SELECT serial, secret, secret_key_id FROM tokens")
                .fetch_all(&self.pool)
                .await
                .map_err(|e| e.to_string())?;
        let mut plain = Vec::with_capacity(stored.len());
        for (serial, secret, id) in stored {
            let secret = self
                .unseal(id, &serial, &secret)
                .map_err(|e| e.to_string())?;
            plain.push((serial, secret));
        }
        let id = self
            .keys
            .write()
            .expect("keyring lock")
            .rotate()
            .map_err(|e| e.to_string())?;
        let mut tx = self.begin_alone().await.map_err(|e| e.to_string())?;
        self.seal_into(&mut tx, &plain)
            .await
            .map_err(|e| e.to_string())?;
        tx.audit_about(audit, AuditEvent::KeyRotated, Outcome::Ok, &id.to_string())
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        Ok((id, plain.len()))
    }

    /// The ids of the key file's keys.
    pub fn key_ids(&self) -> Vec<i64> {
        self.keys.read().expect("keyring lock").ids()
    }
}
