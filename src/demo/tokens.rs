//! Demo tokens as the browser keeps them: one versioned `localStorage` entry, the codes they
//! show (RFC 6238 through `otp_api::totp`, the server's own code path), and what a corrupt or
//! outdated entry becomes.

use otp_api::procedure::DemoToken;
use otp_api::session::mask_serial;
use otp_api::totp::{TotpAlgorithm, TotpParams};
use serde::{Deserialize, Serialize};

/// The one `localStorage` key of the demo tokens.
pub const STORAGE_KEY: &str = "otp-portal.demo-tokens";
/// The format's version inside that entry.
pub const VERSION: u32 = 1;

/// A token "installed" in this browser.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StoredToken {
    /// シリアル番号.
    pub serial: String,
    /// The seed, base32 without padding.
    pub secret: String,
    /// The HMAC.
    pub algorithm: TotpAlgorithm,
    /// Digits per code.
    pub digits: u8,
    /// Seconds per code.
    pub period: u32,
    /// Whether the last finished procedure registered it (then removing it warrants the
    /// seed's warning).
    #[serde(default)]
    pub registered: bool,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    version: u32,
    tokens: Vec<StoredToken>,
}

/// What the stored entry held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// Nothing stored yet.
    Empty,
    /// The tokens.
    Tokens(Vec<StoredToken>),
    /// The entry was corrupt or of another version and was discarded (tell the customer).
    Discarded,
}

/// Reads the stored entry.
pub fn parse(raw: Option<&str>) -> Loaded {
    let Some(raw) = raw else {
        return Loaded::Empty;
    };
    match serde_json::from_str::<Stored>(raw) {
        Ok(stored)
            if stored.version == VERSION && stored.tokens.iter().all(StoredToken::is_valid) =>
        {
            Loaded::Tokens(stored.tokens)
        }
        _ => Loaded::Discarded,
    }
}

/// The entry to store.
pub fn serialize(tokens: &[StoredToken]) -> String {
    serde_json::to_string(&Stored {
        version: VERSION,
        tokens: tokens.to_vec(),
    })
    .unwrap_or_default()
}

impl From<DemoToken> for StoredToken {
    fn from(t: DemoToken) -> Self {
        Self {
            serial: t.serial,
            secret: t.secret,
            algorithm: t.algorithm,
            digits: t.digits,
            period: t.period,
            registered: false,
        }
    }
}

impl StoredToken {
    /// Its TOTP parameters.
    pub fn params(&self) -> TotpParams {
        TotpParams {
            algorithm: self.algorithm,
            digits: self.digits,
            period: self.period,
        }
    }

    fn seed(&self) -> Option<Vec<u8>> {
        data_encoding::BASE32_NOPAD
            .decode(self.secret.trim_end_matches('=').as_bytes())
            .ok()
    }

    fn is_valid(&self) -> bool {
        self.params().is_valid() && self.seed().is_some_and(|s| !s.is_empty())
    }

    /// The code it shows at `unix_seconds`.
    pub fn code_at(&self, unix_seconds: i64) -> String {
        let at = u64::try_from(unix_seconds).unwrap_or_default();
        self.seed()
            .map(|seed| otp_api::totp::code_at(&seed, &self.params(), at))
            .unwrap_or_default()
    }

    /// Seconds until the code changes.
    pub fn seconds_left(&self, unix_seconds: i64) -> u32 {
        self.params()
            .seconds_left(u64::try_from(unix_seconds).unwrap_or_default())
    }

    /// The serial as the API masks it (to match `TokenStatus::serial_masked`).
    pub fn masked(&self) -> String {
        mask_serial(&self.serial)
    }
}

/// Marks which token the last finished procedure registered (by its masked serial), or none
/// after 利用中止.
pub fn note_registered(tokens: &mut [StoredToken], masked: Option<&str>) {
    for t in tokens {
        t.registered = masked == Some(t.masked().as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(secret: &[u8], algorithm: TotpAlgorithm, digits: u8) -> StoredToken {
        StoredToken {
            serial: "DEMO12345678".to_owned(),
            secret: data_encoding::BASE32_NOPAD.encode(secret),
            algorithm,
            digits,
            period: 30,
            registered: false,
        }
    }

    /// RFC 6238 Appendix B, through the panel's own path (base32 seed → `code_at`), each
    /// algorithm with its own seed.
    #[test]
    fn rfc6238_vectors_through_the_panel() {
        let sha1 = token(b"12345678901234567890", TotpAlgorithm::Sha1, 8);
        let sha256 = token(
            b"12345678901234567890123456789012",
            TotpAlgorithm::Sha256,
            8,
        );
        let sha512 = token(
            b"1234567890123456789012345678901234567890123456789012345678901234",
            TotpAlgorithm::Sha512,
            8,
        );
        let table = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ];
        for (t, a, b, c) in table {
            assert_eq!(sha1.code_at(t), a, "SHA1 at {t}");
            assert_eq!(sha256.code_at(t), b, "SHA256 at {t}");
            assert_eq!(sha512.code_at(t), c, "SHA512 at {t}");
        }
    }

    /// RFC 4226 Appendix D: HOTP is TOTP of the counter, so counter c is time c × period.
    #[test]
    fn rfc4226_vectors_through_the_panel() {
        let t = token(b"12345678901234567890", TotpAlgorithm::Sha1, 6);
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(t.code_at(counter as i64 * 30), *code);
        }
    }

    #[test]
    fn the_countdown() {
        let t = token(b"12345678901234567890", TotpAlgorithm::Sha1, 6);
        assert_eq!(t.seconds_left(60), 30);
        assert_eq!(t.seconds_left(89), 1);
    }

    #[test]
    fn storage_round_trips_and_discards_what_it_cannot_trust() {
        let tokens = vec![token(b"12345678901234567890", TotpAlgorithm::Sha1, 6)];
        let raw = serialize(&tokens);
        assert_eq!(parse(Some(&raw)), Loaded::Tokens(tokens.clone()));
        assert_eq!(parse(None), Loaded::Empty);
        assert_eq!(parse(Some("{not json")), Loaded::Discarded);
        assert_eq!(
            parse(Some(&raw.replace("\"version\":1", "\"version\":0"))),
            Loaded::Discarded
        );
        assert_eq!(
            parse(Some(r#"{"version":1,"tokens":[{"serial":"X"}]}"#)),
            Loaded::Discarded
        );
        let bad_secret = raw.replace(&tokens[0].secret, "not base32!");
        assert_eq!(parse(Some(&bad_secret)), Loaded::Discarded);
        let bad_digits = raw.replace("\"digits\":6", "\"digits\":12");
        assert_eq!(parse(Some(&bad_digits)), Loaded::Discarded);
    }

    #[test]
    fn the_registered_token_follows_the_last_procedure() {
        let mut a = token(b"aaaaaaaaaaaaaaaaaaaa", TotpAlgorithm::Sha1, 6);
        a.serial = "DEMO00000001".into();
        let mut b = a.clone();
        b.serial = "DEMO00000002".into();
        let mut tokens = vec![a, b];
        note_registered(&mut tokens, Some("DEMO****0001"));
        assert_eq!((tokens[0].registered, tokens[1].registered), (true, false));
        note_registered(&mut tokens, Some("DEMO****0002"));
        assert_eq!((tokens[0].registered, tokens[1].registered), (false, true));
        note_registered(&mut tokens, None);
        assert!(tokens.iter().all(|t| !t.registered));
    }
}
