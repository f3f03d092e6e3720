//! Token secrets sealed at rest: AES-256-GCM under a key from the key file, with the key's id
//! stored beside each secret so that `otp-server key rotate` can re-seal every secret under a
//! new key while the old ones still open what they sealed.
//!
//! The key file holds one `id:base64-key` line per key (comments start with `#`); the highest
//! id seals new secrets. It is created with mode 0600 on first start when missing, and refused
//! when other users can read it. A sealed secret is `nonce (12 bytes) ‖ ciphertext ‖ tag`, with
//! the token's serial as associated data, so a secret copied onto another row does not open.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Key, Nonce};
use data_encoding::BASE64;

/// Why the key file or a sealed secret could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The file could not be read, written or created.
    #[error("key file {path}: {message}")]
    File {
        /// The key file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// No key with this id in the file.
    #[error("key file {path} has no key {id}")]
    MissingKey {
        /// The key file.
        path: String,
        /// The key id the secret names.
        id: i64,
    },
    /// The key did not open the secret (a wrong key under the right id, or tampering).
    #[error("key {id} of {path} does not open the secret of token {serial}")]
    WrongKey {
        /// The key file.
        path: String,
        /// The key id.
        id: i64,
        /// The token.
        serial: String,
    },
}

/// The keys of one key file.
pub struct Keyring {
    path: PathBuf,
    keys: Vec<(i64, Aes256Gcm)>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("path", &self.path)
            .field("ids", &self.ids())
            .finish()
    }
}

const HEADER: &str = "# otp-portal token-secret keys (AES-256-GCM): one id:base64 line per key; \
the highest id seals new secrets.\n# Keep this file out of the database's backups. Never \
delete a key while a secret or a backup may still need it.\n";

fn file_error(path: &Path, message: impl std::fmt::Display) -> SealError {
    SealError::File {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

fn new_key_line(id: i64) -> String {
    let key = Aes256Gcm::generate_key(OsRng);
    format!("{id}:{}\n", BASE64.encode(&key))
}

impl Keyring {
    /// Reads the key file at `path`.
    pub fn load(path: &Path) -> Result<Self, SealError> {
        let meta = fs::metadata(path).map_err(|e| file_error(path, e))?;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(file_error(
                path,
                format!(
                    "other users can read it (mode {mode:o}); run: chmod 600 {}",
                    path.display()
                ),
            ));
        }
        let text = fs::read_to_string(path).map_err(|e| file_error(path, e))?;
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || file_error(path, format!("line {}: expected id:base64-key", n + 1));
            let (id, key) = line.split_once(':').ok_or_else(bad)?;
            let id: i64 = id.trim().parse().map_err(|_| bad())?;
            let key = BASE64.decode(key.trim().as_bytes()).map_err(|_| bad())?;
            if key.len() != 32 {
                return Err(file_error(
                    path,
                    format!("line {}: a key is 32 bytes", n + 1),
                ));
            }
            if keys.iter().any(|(k, _)| *k == id) {
                return Err(file_error(path, format!("line {}: key {id} twice", n + 1)));
            }
            keys.push((id, Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&key))));
        }
        if keys.is_empty() {
            return Err(file_error(path, "no key in it"));
        }
        keys.sort_by_key(|(id, _)| *id);
        Ok(Self {
            path: path.to_owned(),
            keys,
        })
    }

    /// Creates a key file with one new key (mode 0600); fails if the file exists.
    pub fn create(path: &Path) -> Result<Self, SealError> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| file_error(path, format!("cannot create it: {e}")))?;
        file.write_all(format!("{HEADER}{}", new_key_line(1)).as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| file_error(path, e))?;
        Self::load(path)
    }

    /// Adds a new key (the next id) to the file, which then seals new secrets; returns its id.
    /// The file is replaced atomically and keeps its older keys.
    pub fn rotate(&mut self) -> Result<i64, SealError> {
        let id = self.current_id() + 1;
        let text = fs::read_to_string(&self.path).map_err(|e| file_error(&self.path, e))?;
        let mut text = text;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&new_key_line(id));
        let tmp = self.path.with_extension("key-new");
        let _ = fs::remove_file(&tmp);
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| file_error(&tmp, e))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| file_error(&tmp, e))?;
        fs::rename(&tmp, &self.path).map_err(|e| file_error(&self.path, e))?;
        *self = Self::load(&self.path)?;
        Ok(id)
    }

    /// The key file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The ids of its keys, ascending.
    pub fn ids(&self) -> Vec<i64> {
        self.keys.iter().map(|(id, _)| *id).collect()
    }

    /// The id that seals new secrets.
    pub fn current_id(&self) -> i64 {
        self.keys.last().map_or(0, |(id, _)| *id)
    }

    /// Whether the file has key `id`.
    pub fn has(&self, id: i64) -> bool {
        self.keys.iter().any(|(k, _)| *k == id)
    }

    /// Seals `secret` of token `serial` under the current key: `(key id, sealed bytes)`.
    pub fn seal(&self, serial: &str, secret: &[u8]) -> (i64, Vec<u8>) {
        let (id, cipher) = self.keys.last().expect("a keyring has a key");
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: secret,
                    aad: serial.as_bytes(),
                },
            )
            .expect("AES-GCM sealing does not fail for short secrets");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        (*id, out)
    }

    /// Opens a secret sealed under key `id`.
    pub fn open(&self, id: i64, serial: &str, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        let (_, cipher) =
            self.keys
                .iter()
                .find(|(k, _)| *k == id)
                .ok_or_else(|| SealError::MissingKey {
                    path: self.path.display().to_string(),
                    id,
                })?;
        let wrong = || SealError::WrongKey {
            path: self.path.display().to_string(),
            id,
            serial: serial.to_owned(),
        };
        if sealed.len() < 12 + 16 {
            return Err(wrong());
        }
        let (nonce, body) = sealed.split_at(12);
        cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: serial.as_bytes(),
                },
            )
            .map_err(|_| wrong())
    }
}

/// The default key file of a database: beside it, named after it (`otp-portal.key` for
/// `otp-portal.sqlite3`).
pub fn default_key_file(database: &Path) -> PathBuf {
    database.with_extension("key")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_opens_and_rotates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        let mut ring = Keyring::create(&path).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let (id, sealed) = ring.seal("VSST00000001", b"twenty-byte-secret!!");
        assert_eq!(id, 1);
        assert!(!sealed.windows(20).any(|w| w == b"twenty-byte-secret!!"));
        assert_eq!(
            ring.open(1, "VSST00000001", &sealed).unwrap(),
            b"twenty-byte-secret!!"
        );
        // Bound to its serial.
        assert!(matches!(
            ring.open(1, "VSST00000002", &sealed),
            Err(SealError::WrongKey { .. })
        ));
        assert_eq!(ring.rotate().unwrap(), 2);
        assert_eq!(ring.ids(), [1, 2]);
        assert_eq!(ring.seal("X", b"s").0, 2);
        // The old key still opens what it sealed, after a reload too.
        let again = Keyring::load(&path).unwrap();
        assert!(again.open(1, "VSST00000001", &sealed).is_ok());
        assert!(matches!(
            again.open(3, "VSST00000001", &sealed),
            Err(SealError::MissingKey { id: 3, .. })
        ));
    }

    #[test]
    fn refuses_a_readable_or_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        Keyring::create(&path).unwrap();
        assert!(Keyring::create(&path).is_err(), "never overwrites a key");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = Keyring::load(&path).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        fs::write(&path, "1:bm90IGEga2V5\n").unwrap();
        assert!(
            Keyring::load(&path)
                .unwrap_err()
                .to_string()
                .contains("32 bytes")
        );
        fs::write(&path, "# nothing\n").unwrap();
        assert!(Keyring::load(&path).is_err());
    }
}
