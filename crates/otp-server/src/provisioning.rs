//! The token registry's input: the vendor's CSV (`serial,base32-secret` or
//! `serial,base32-secret,algorithm,digits,period`), one token a line, checked before anything
//! is stored.

use otp_api::totp::{TotpAlgorithm, TotpParams};
use otp_api::validate::{self, SerialRule};

/// One token to provision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    /// シリアル番号, normalised.
    pub serial: String,
    /// The TOTP seed.
    pub secret: Vec<u8>,
    /// Its parameters (the defaults when the line has none).
    pub params: TotpParams,
}

/// Reads one CSV line; the error says which field is wrong and why.
pub fn parse_csv_line(
    line: &str,
    defaults: &TotpParams,
    serials: &SerialRule,
) -> Result<NewToken, String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    if !(fields.len() == 2 || fields.len() == 5) {
        return Err("expected serial,secret or serial,secret,algorithm,digits,period".to_owned());
    }
    let serial = validate::serial(fields[0], serials)
        .map_err(|code| format!("serial {:?}: {code:?}", fields[0]))?;
    let secret = data_encoding::BASE32_NOPAD
        .decode(
            fields[1]
                .trim_end_matches('=')
                .to_ascii_uppercase()
                .as_bytes(),
        )
        .map_err(|_| format!("secret of {serial}: not base32"))?;
    if secret.len() < 16 {
        return Err(format!("secret of {serial}: at least 128 bits (RFC 4226)"));
    }
    let mut params = *defaults;
    if fields.len() == 5 {
        params.algorithm = TotpAlgorithm::parse(fields[2])
            .ok_or_else(|| format!("algorithm {:?}: SHA1, SHA256 or SHA512", fields[2]))?;
        params.digits = fields[3]
            .parse()
            .map_err(|_| format!("digits {:?}", fields[3]))?;
        params.period = fields[4]
            .parse()
            .map_err(|_| format!("period {:?}", fields[4]))?;
        if !params.is_valid() {
            return Err("digits must be 6–8 and period 10–300".to_owned());
        }
    }
    Ok(NewToken {
        serial,
        secret,
        params,
    })
}

/// Whether a CSV line carries no token (blank, a comment, or the header on the first line).
pub fn is_skipped(number: usize, line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#') || (number == 0 && line.starts_with("serial"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    fn parse(line: &str) -> Result<NewToken, String> {
        parse_csv_line(line, &TotpParams::default(), &SerialRule::default())
    }

    #[test]
    fn reads_both_forms() {
        let short = parse(&format!("vsst00000001, {SECRET}")).unwrap();
        assert_eq!(short.serial, "VSST00000001");
        assert_eq!(short.secret, b"12345678901234567890");
        assert_eq!(short.params, TotpParams::default());
        let long = parse(&format!(
            "VSST00000002,{}=,sha256,8,60",
            SECRET.to_lowercase()
        ))
        .unwrap();
        assert_eq!(long.params.algorithm, TotpAlgorithm::Sha256);
        assert_eq!((long.params.digits, long.params.period), (8, 60));
    }

    #[test]
    fn refusals_name_the_field() {
        for (line, says) in [
            ("VSST00000001", "expected serial,secret"),
            (&format!("VS-1,{SECRET}") as &str, "serial \"VS-1\""),
            ("VSST00000001,not-base32!", "not base32"),
            ("VSST00000001,GEZDGNBV", "at least 128 bits"),
            (
                &format!("VSST00000001,{SECRET},MD5,6,30"),
                "algorithm \"MD5\"",
            ),
            (
                &format!("VSST00000001,{SECRET},SHA1,six,30"),
                "digits \"six\"",
            ),
            (
                &format!("VSST00000001,{SECRET},SHA1,9,30"),
                "digits must be 6–8",
            ),
        ] {
            let err = parse(line).unwrap_err();
            assert!(err.contains(says), "{line}: {err}");
        }
    }

    #[test]
    fn skips_blanks_comments_and_the_header() {
        assert!(is_skipped(0, "serial,secret"));
        assert!(!is_skipped(1, "serial,secret"));
        assert!(is_skipped(3, "  # vendor batch 7"));
        assert!(is_skipped(4, "   "));
    }
}
