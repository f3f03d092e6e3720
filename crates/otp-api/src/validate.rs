//! Field rules, shared by the SPA (checked as the customer types) and the server (checked
//! again, never trusted). Rules come from the server's configuration, published by `GET /config`.
//!
//! Identifiers a Japanese IME may type in full width (contract ID, serial, OTP) are normalised
//! to half width first; spaces and hyphens in them are ignored. Passwords are never rewritten.

use serde::{Deserialize, Serialize};

use crate::problem::FieldErrorCode;

/// The rule for 契約者ID(利用者番号).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractIdRule {
    /// How many half-width digits a contract ID has.
    pub digits: u8,
}

impl Default for ContractIdRule {
    fn default() -> Self {
        Self { digits: 10 }
    }
}

/// The rule for ログインパスワード.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordRule {
    /// Fewest characters.
    pub min_len: u8,
    /// Most characters.
    pub max_len: u8,
    /// The ASCII symbols allowed besides letters and digits.
    pub symbols: String,
}

impl Default for PasswordRule {
    fn default() -> Self {
        Self {
            min_len: 6,
            max_len: 16,
            symbols: "!#$%&()*+,-./:;<=>?@[]^_{|}~".to_owned(),
        }
    }
}

/// The rule for シリアル番号: upper-case letters followed by digits (`VSST12345678`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SerialRule {
    /// How many upper-case letters come first.
    pub letters: u8,
    /// How many digits follow.
    pub digits: u8,
    /// An example the texts show (it follows the rule).
    pub example: String,
}

impl Default for SerialRule {
    fn default() -> Self {
        Self {
            letters: 4,
            digits: 8,
            example: "VSST12345678".to_owned(),
        }
    }
}

/// Full-width ASCII (as a Japanese IME types it) to half width; other characters unchanged.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Separators a customer may type inside an identifier: spaces and the hyphen-like marks.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}'
    )
}

/// Half-width, without spaces and hyphens: the canonical form of an identifier.
pub fn normalize_identifier(input: &str) -> String {
    input
        .chars()
        .map(half_width)
        .filter(|c| !is_separator(*c))
        .collect()
}

fn exact_digits(value: &str, digits: u8) -> Result<(), FieldErrorCode> {
    if value.is_empty() {
        Err(FieldErrorCode::Required)
    } else if !value.bytes().all(|b| b.is_ascii_digit()) {
        Err(FieldErrorCode::InvalidCharacters)
    } else if value.len() != usize::from(digits) {
        Err(FieldErrorCode::WrongLength)
    } else {
        Ok(())
    }
}

/// Normalises and checks a contract ID; returns its canonical form.
pub fn contract_id(input: &str, rule: &ContractIdRule) -> Result<String, FieldErrorCode> {
    let value = normalize_identifier(input);
    exact_digits(&value, rule.digits).map(|()| value)
}

/// Checks a password as typed (it is never normalised: full width is refused, not rewritten).
pub fn password(input: &str, rule: &PasswordRule) -> Result<(), FieldErrorCode> {
    if input.is_empty() {
        return Err(FieldErrorCode::Required);
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || rule.symbols.contains(c);
    if !input.chars().all(allowed) {
        // Full width that would be allowed in half width: the IME was on.
        let full_width = |c: char| half_width(c) != c && allowed(half_width(c));
        if input.chars().any(full_width) {
            return Err(FieldErrorCode::FullWidth);
        }
        return Err(FieldErrorCode::InvalidCharacters);
    }
    let len = input.chars().count();
    if len < usize::from(rule.min_len) {
        return Err(FieldErrorCode::TooShort);
    }
    if len > usize::from(rule.max_len) {
        return Err(FieldErrorCode::TooLong);
    }
    if !input.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err(FieldErrorCode::MissingLetter);
    }
    if !input.chars().any(|c| c.is_ascii_digit()) {
        return Err(FieldErrorCode::MissingDigit);
    }
    Ok(())
}

/// Normalises and checks a one-time password of `digits` digits; returns its canonical form.
pub fn otp(input: &str, digits: u8) -> Result<String, FieldErrorCode> {
    let value = normalize_identifier(input);
    exact_digits(&value, digits).map(|()| value)
}

/// Normalises (half width, upper case) and checks a serial number; returns its canonical form.
pub fn serial(input: &str, rule: &SerialRule) -> Result<String, FieldErrorCode> {
    let value = normalize_identifier(input).to_ascii_uppercase();
    if value.is_empty() {
        return Err(FieldErrorCode::Required);
    }
    if !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(FieldErrorCode::InvalidCharacters);
    }
    let letters = usize::from(rule.letters);
    let ok = value.len() == letters + usize::from(rule.digits)
        && value.bytes().take(letters).all(|b| b.is_ascii_uppercase())
        && value.bytes().skip(letters).all(|b| b.is_ascii_digit());
    if ok {
        Ok(value)
    } else {
        Err(FieldErrorCode::Pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldErrorCode::*;

    #[test]
    fn contract_id_accepts_full_width_spaces_and_hyphens() {
        let rule = ContractIdRule::default();
        assert_eq!(contract_id("0123456789", &rule).unwrap(), "0123456789");
        assert_eq!(
            contract_id("０１２３４５６７８９", &rule).unwrap(),
            "0123456789"
        );
        assert_eq!(contract_id("0123-456 789", &rule).unwrap(), "0123456789");
        assert_eq!(
            contract_id("０１２３ー４５６　７８９", &rule).unwrap(),
            "0123456789"
        );
    }

    #[test]
    fn contract_id_refusals() {
        let rule = ContractIdRule::default();
        assert_eq!(contract_id("", &rule), Err(Required));
        assert_eq!(contract_id(" - ", &rule), Err(Required));
        assert_eq!(contract_id("01234a6789", &rule), Err(InvalidCharacters));
        assert_eq!(contract_id("012345678", &rule), Err(WrongLength));
        assert_eq!(contract_id("01234567890", &rule), Err(WrongLength));
        assert_eq!(contract_id("٠١٢٣٤٥٦٧٨٩", &rule), Err(InvalidCharacters));
    }

    #[test]
    fn password_rules() {
        let rule = PasswordRule::default();
        assert_eq!(password("demo1234", &rule), Ok(()));
        assert_eq!(password("A1!#$%&()*+,-./", &rule), Ok(()));
        assert_eq!(password("", &rule), Err(Required));
        assert_eq!(password("ab1", &rule), Err(TooShort));
        assert_eq!(password("abcdefgh123456789", &rule), Err(TooLong));
        assert_eq!(password("abcdefgh", &rule), Err(MissingDigit));
        assert_eq!(password("12345678", &rule), Err(MissingLetter));
        assert_eq!(password("demo 1234", &rule), Err(InvalidCharacters));
        assert_eq!(password("demo\"1234", &rule), Err(InvalidCharacters));
        assert_eq!(password("ｄｅｍｏ1234", &rule), Err(FullWidth));
        assert_eq!(password("ｄｅｍｏ１２３４", &rule), Err(FullWidth));
        assert_eq!(password("demo1234！", &rule), Err(FullWidth));
        // A full-width space is not a character the password may hold in any width.
        assert_eq!(password("demo　1234", &rule), Err(InvalidCharacters));
    }

    #[test]
    fn password_length_counts_characters_not_bytes() {
        let rule = PasswordRule::default();
        // Six multi-byte characters are refused for their characters, not judged by bytes.
        assert_eq!(password("あいうえお1", &rule), Err(InvalidCharacters));
    }

    #[test]
    fn otp_rules() {
        assert_eq!(otp("123456", 6).unwrap(), "123456");
        assert_eq!(otp("１２３ ４５６", 6).unwrap(), "123456");
        assert_eq!(otp("12345", 6), Err(WrongLength));
        assert_eq!(otp("12345678", 8).unwrap(), "12345678");
        assert_eq!(otp("12a456", 6), Err(InvalidCharacters));
        assert_eq!(otp("", 6), Err(Required));
    }

    #[test]
    fn serial_rules() {
        let rule = SerialRule::default();
        assert_eq!(serial("VSST12345678", &rule).unwrap(), "VSST12345678");
        assert_eq!(serial("vsst-1234-5678", &rule).unwrap(), "VSST12345678");
        assert_eq!(
            serial("ＶＳＳＴ１２３４５６７８", &rule).unwrap(),
            "VSST12345678"
        );
        assert_eq!(serial("VSS112345678", &rule), Err(Pattern));
        assert_eq!(serial("VSST1234567", &rule), Err(Pattern));
        assert_eq!(serial("VSST1234567!", &rule), Err(InvalidCharacters));
        assert_eq!(serial("", &rule), Err(Required));
    }
}
