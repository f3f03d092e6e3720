//! One check per request type, used by both sides: the SPA before it sends, the server when it
//! receives. Each returns the request in its canonical form (half width, no separators, upper
//! case serials) or every refused field, in the order the fields appear on screen.

use crate::config::FieldRules;
use crate::problem::{Field, FieldError, FieldErrorCode};
use crate::procedure::{NewTokenRequest, OtpRequest};
use crate::session::LoginRequest;
use crate::validate;

fn refuse<T>(errors: &mut Vec<FieldError>, field: Field, result: &Result<T, FieldErrorCode>) {
    if let Err(code) = result {
        errors.push(FieldError { field, code: *code });
    }
}

/// 契約者ID + ログインパスワード (the login and the start of every procedure).
pub fn login(
    contract_id: &str,
    password: &str,
    rules: &FieldRules,
) -> Result<LoginRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let id = validate::contract_id(contract_id, &rules.contract_id);
    refuse(&mut errors, Field::ContractId, &id);
    refuse(
        &mut errors,
        Field::Password,
        &validate::password(password, &rules.password),
    );
    match id {
        Ok(contract_id) if errors.is_empty() => Ok(LoginRequest {
            contract_id,
            password: password.to_owned(),
        }),
        _ => Err(errors),
    }
}

/// A registered token's one-time password of `digits` digits.
pub fn otp(otp: &str, digits: u8) -> Result<OtpRequest, Vec<FieldError>> {
    validate::otp(otp, digits)
        .map(|otp| OtpRequest { otp })
        .map_err(|code| {
            vec![FieldError {
                field: Field::Otp,
                code,
            }]
        })
}

/// A new token's serial and one-time password. `digits` is `None` where the token's own
/// digits are not known yet (the server, before it looks the serial up): then only the code's
/// characters are checked, and its length once the token is known.
pub fn new_token(
    serial: &str,
    otp: &str,
    rules: &FieldRules,
    digits: Option<u8>,
) -> Result<NewTokenRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let serial = validate::serial(serial, &rules.serial);
    refuse(&mut errors, Field::Serial, &serial);
    let otp = match digits {
        Some(digits) => validate::otp(otp, digits),
        None => match validate::otp(otp, 0) {
            Err(FieldErrorCode::WrongLength) => Ok(validate::normalize_identifier(otp)),
            other => other,
        },
    };
    refuse(&mut errors, Field::Otp, &otp);
    match (serial, otp) {
        (Ok(serial), Ok(otp)) if errors.is_empty() => Ok(NewTokenRequest { serial, otp }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> FieldRules {
        FieldRules::default()
    }

    #[test]
    fn login_normalises_and_names_every_refused_field() {
        let ok = login("０１２３-４５６７８９", "demo1234", &rules()).unwrap();
        assert_eq!(ok.contract_id, "0123456789");
        let err = login("12345", "short", &rules()).unwrap_err();
        assert_eq!(
            err,
            [
                FieldError {
                    field: Field::ContractId,
                    code: FieldErrorCode::WrongLength
                },
                FieldError {
                    field: Field::Password,
                    code: FieldErrorCode::TooShort
                }
            ]
        );
    }

    #[test]
    fn a_new_tokens_code_length_waits_for_the_token_when_unknown() {
        let ok = new_token("vsst-1234-5678", "１２３４５６７８", &rules(), None).unwrap();
        assert_eq!(
            (ok.serial.as_str(), ok.otp.as_str()),
            ("VSST12345678", "12345678")
        );
        let short = new_token("VSST12345678", "12345", &rules(), Some(6)).unwrap_err();
        assert_eq!(short[0].code, FieldErrorCode::WrongLength);
        assert!(new_token("VSST12345678", "12345", &rules(), None).is_ok());
        let both = new_token("VS-1", "12a", &rules(), None).unwrap_err();
        assert_eq!(
            both.iter().map(|e| (e.field, e.code)).collect::<Vec<_>>(),
            [
                (Field::Serial, FieldErrorCode::Pattern),
                (Field::Otp, FieldErrorCode::InvalidCharacters)
            ]
        );
        assert_eq!(otp("12345", 6).unwrap_err()[0].field, Field::Otp);
    }
}
