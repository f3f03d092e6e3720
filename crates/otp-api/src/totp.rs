//! TOTP (RFC 6238) for one token, with its own parameters: the codes the SPA's demo token shows
//! and the verification the server performs, through one code path.

use serde::{Deserialize, Serialize};

/// The HMAC a token uses.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum TotpAlgorithm {
    /// HMAC-SHA-1 (what almost every token uses).
    #[default]
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

/// A stored name that is none of the three.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAlgorithm(pub String);

impl std::fmt::Display for UnknownAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown TOTP algorithm {:?}", self.0)
    }
}

impl std::error::Error for UnknownAlgorithm {}

impl TryFrom<String> for TotpAlgorithm {
    type Error = UnknownAlgorithm;

    /// A stored name, refused when it is none of the three (never taken for SHA1).
    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::parse(&name).ok_or(UnknownAlgorithm(name))
    }
}

impl TotpAlgorithm {
    /// The name as stored and sent (`SHA1`, `SHA256`, `SHA512`).
    pub const fn as_str(self) -> &'static str {
        match self {
            TotpAlgorithm::Sha1 => "SHA1",
            TotpAlgorithm::Sha256 => "SHA256",
            TotpAlgorithm::Sha512 => "SHA512",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_uppercase().as_str() {
            "SHA1" => Some(TotpAlgorithm::Sha1),
            "SHA256" => Some(TotpAlgorithm::Sha256),
            "SHA512" => Some(TotpAlgorithm::Sha512),
            _ => None,
        }
    }
}

/// One token's TOTP parameters.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpParams {
    /// The HMAC.
    pub algorithm: TotpAlgorithm,
    /// Digits per code (6–8).
    pub digits: u8,
    /// Seconds per code.
    pub period: u32,
}

impl Default for TotpParams {
    fn default() -> Self {
        Self {
            algorithm: TotpAlgorithm::Sha1,
            digits: 6,
            period: 30,
        }
    }
}

impl TotpParams {
    /// Whether the parameters are usable (digits 6–8, period 10–300 s).
    pub fn is_valid(&self) -> bool {
        (6..=8).contains(&self.digits) && (10..=300).contains(&self.period)
    }

    /// The time step that `unix_seconds` falls in.
    pub fn step_at(&self, unix_seconds: u64) -> u64 {
        unix_seconds / u64::from(self.period)
    }

    /// Seconds left in the step that `unix_seconds` falls in (1..=period).
    pub fn seconds_left(&self, unix_seconds: u64) -> u32 {
        let period = u64::from(self.period);
        (period - unix_seconds % period) as u32
    }
}

#[cfg(feature = "totp")]
mod codes {
    use super::*;
    use totp_rs::{Algorithm, Builder, Totp};

    fn totp(secret: &[u8], params: &TotpParams) -> Totp {
        let algorithm = match params.algorithm {
            TotpAlgorithm::Sha1 => Algorithm::SHA1,
            TotpAlgorithm::Sha256 => Algorithm::SHA256,
            TotpAlgorithm::Sha512 => Algorithm::SHA512,
        };
        // Non-compliant build: the RFC's own test seeds are shorter than totp-rs's minimum,
        // and parameters are validated by `TotpParams::is_valid` where they enter the system.
        Builder::new()
            .with_algorithm(algorithm)
            .with_digits(params.digits.clamp(6, 8))
            .with_secret(secret)
            .with_skew(0)
            .with_step_duration(u64::from(params.period.max(1)))
            .build_noncompliant()
    }

    /// The code of time step `step`.
    pub fn code_at_step(secret: &[u8], params: &TotpParams, step: u64) -> String {
        totp(secret, params)
            .generate(step * u64::from(params.period.max(1)))
            .to_string()
    }

    /// The code shown at `unix_seconds`.
    pub fn code_at(secret: &[u8], params: &TotpParams, unix_seconds: u64) -> String {
        code_at_step(secret, params, params.step_at(unix_seconds))
    }

    /// The HOTP (RFC 4226) value for `counter`: TOTP is HOTP of the time step.
    pub fn hotp(secret: &[u8], params: &TotpParams, counter: u64) -> String {
        code_at_step(secret, params, counter)
    }

    fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Verifies `code` at `unix_seconds`, accepting the previous, current and next step, but
    /// never a step at or before `last_accepted_step` (a replay). Returns the matched step.
    pub fn verify(
        secret: &[u8],
        params: &TotpParams,
        code: &str,
        unix_seconds: u64,
        last_accepted_step: Option<u64>,
    ) -> Option<u64> {
        let now = params.step_at(unix_seconds);
        let mut matched = None;
        // Every candidate is computed, so timing does not tell which step matched.
        for step in [now.saturating_sub(1), now, now + 1] {
            let fresh = last_accepted_step.is_none_or(|last| step > last);
            let equal = constant_time_eq(
                code_at_step(secret, params, step).as_bytes(),
                code.as_bytes(),
            );
            if fresh && equal && matched.is_none() {
                matched = Some(step);
            }
        }
        matched
    }
}

#[cfg(feature = "totp")]
pub use codes::{code_at, code_at_step, hotp, verify};

#[cfg(all(test, feature = "totp"))]
mod tests {
    use super::*;

    const SEED_SHA1: &[u8] = b"12345678901234567890";
    const SEED_SHA256: &[u8] = b"12345678901234567890123456789012";
    const SEED_SHA512: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    fn params(algorithm: TotpAlgorithm, digits: u8) -> TotpParams {
        TotpParams {
            algorithm,
            digits,
            period: 30,
        }
    }

    #[test]
    fn rfc6238_appendix_b() {
        let table: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1111111109, "07081804", "68084774", "25091201"),
            (1111111111, "14050471", "67062674", "99943326"),
            (1234567890, "89005924", "91819424", "93441116"),
            (2000000000, "69279037", "90698825", "38618901"),
            (20000000000, "65353130", "77737706", "47863826"),
        ];
        for (time, sha1, sha256, sha512) in table {
            assert_eq!(
                code_at(SEED_SHA1, &params(TotpAlgorithm::Sha1, 8), time),
                sha1
            );
            assert_eq!(
                code_at(SEED_SHA256, &params(TotpAlgorithm::Sha256, 8), time),
                sha256
            );
            assert_eq!(
                code_at(SEED_SHA512, &params(TotpAlgorithm::Sha512, 8), time),
                sha512
            );
        }
    }

    #[test]
    fn rfc4226_appendix_d() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(
                hotp(SEED_SHA1, &params(TotpAlgorithm::Sha1, 6), counter as u64),
                *code
            );
        }
    }

    #[test]
    fn verify_accepts_one_step_either_side_and_refuses_replays() {
        let p = params(TotpAlgorithm::Sha1, 6);
        let now = 1_800_000_015;
        let step = p.step_at(now);
        for s in [step - 1, step, step + 1] {
            let code = code_at_step(SEED_SHA1, &p, s);
            assert_eq!(verify(SEED_SHA1, &p, &code, now, None), Some(s));
        }
        for s in [step - 2, step + 2] {
            let code = code_at_step(SEED_SHA1, &p, s);
            assert_eq!(verify(SEED_SHA1, &p, &code, now, None), None);
        }
        let code = code_at_step(SEED_SHA1, &p, step);
        assert_eq!(
            verify(SEED_SHA1, &p, &code, now, Some(step)),
            None,
            "the same code twice"
        );
        assert_eq!(
            verify(SEED_SHA1, &p, &code, now, Some(step + 1)),
            None,
            "an older code"
        );
        assert_eq!(
            verify(SEED_SHA1, &p, &code, now, Some(step - 1)),
            Some(step)
        );
        assert_eq!(verify(SEED_SHA1, &p, "000000x", now, None), None);
    }

    #[test]
    fn seconds_left_counts_down_within_a_period() {
        let p = TotpParams::default();
        assert_eq!(p.seconds_left(0), 30);
        assert_eq!(p.seconds_left(29), 1);
        assert_eq!(p.seconds_left(30), 30);
    }

    #[test]
    fn algorithm_names() {
        for a in [
            TotpAlgorithm::Sha1,
            TotpAlgorithm::Sha256,
            TotpAlgorithm::Sha512,
        ] {
            assert_eq!(TotpAlgorithm::parse(a.as_str()), Some(a));
        }
        assert_eq!(TotpAlgorithm::parse("md5"), None);
        assert_eq!(
            serde_json::to_string(&TotpAlgorithm::Sha256).unwrap(),
            "\"SHA256\""
        );
    }
}

#[cfg(test)]
mod stored_names {
    use super::TotpAlgorithm;

    #[test]
    fn a_stored_algorithm_is_read_or_refused_never_defaulted() {
        assert_eq!(
            TotpAlgorithm::try_from("SHA256".to_owned()),
            Ok(TotpAlgorithm::Sha256)
        );
        let refused = TotpAlgorithm::try_from("MD5".to_owned()).unwrap_err();
        assert_eq!(refused.to_string(), "unknown TOTP algorithm \"MD5\"");
    }
}
