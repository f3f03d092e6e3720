//! Form logic without the DOM: which fields are refused and why, merging the client's own
//! checks with the server's `validation` problem, so both speak through the same messages.

use otp_api::config::FieldRules;
use otp_api::problem::{ErrorCode, Field, FieldError, FieldErrorCode};
use otp_api::procedure::{NewTokenRequest, OtpRequest};
use otp_api::requests;
use otp_api::session::LoginRequest;

use crate::api::ApiError;

/// The credentials form as typed (the text of its two fields, before any check; the wire's
/// [`LoginRequest`] is what a check of it gives).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypedCredentials {
    /// 契約者ID, as typed.
    pub contract_id: String,
    /// ログインパスワード.
    pub password: String,
}

/// Checks the login form with the bank's rules (the contract's own check, which the server
/// makes too): the request to send, or the refused fields in the order they appear on screen.
pub fn check_login(
    input: &TypedCredentials,
    rules: &FieldRules,
) -> Result<LoginRequest, Vec<FieldError>> {
    requests::login(&input.contract_id, &input.password, rules)
}

/// Checks a one-time password of `digits` digits.
pub fn check_otp(otp: &str, digits: u8) -> Result<OtpRequest, Vec<FieldError>> {
    requests::otp(otp, digits)
}

/// Checks a new token's serial and one-time password, as typed.
pub fn check_new_token(
    serial: &str,
    otp: &str,
    rules: &FieldRules,
    digits: u8,
) -> Result<NewTokenRequest, Vec<FieldError>> {
    requests::new_token(serial, otp, rules, Some(digits))
}

/// The refusal for `field` among `errors`, if any.
pub fn field_error(errors: &[FieldError], field: Field) -> Option<FieldErrorCode> {
    errors.iter().find(|e| e.field == field).map(|e| e.code)
}

/// The field errors an API answer carries (a `validation` problem's `fields`).
pub fn api_field_errors(error: &ApiError) -> Vec<FieldError> {
    match error {
        ApiError::Problem(p) if p.code == ErrorCode::Validation => p.fields.clone(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use otp_api::problem::Problem;

    fn input(id: &str, pw: &str) -> TypedCredentials {
        TypedCredentials {
            contract_id: id.to_owned(),
            password: pw.to_owned(),
        }
    }

    #[test]
    fn a_good_form_becomes_a_normalised_request() {
        let req = check_login(
            &input("０１２３ ４５６７８９", "demo1234"),
            &FieldRules::default(),
        );
        assert_eq!(
            req,
            Ok(LoginRequest {
                contract_id: "0123456789".to_owned(),
                password: "demo1234".to_owned()
            })
        );
    }

    #[test]
    fn errors_come_in_screen_order() {
        let errors = check_login(&input("", "abc"), &FieldRules::default()).unwrap_err();
        assert_eq!(
            field_error(&errors, Field::ContractId),
            Some(FieldErrorCode::Required)
        );
        assert_eq!(
            field_error(&errors, Field::Password),
            Some(FieldErrorCode::TooShort)
        );
        assert_eq!(errors[0].field, Field::ContractId);
    }

    #[test]
    fn the_banks_rules_apply() {
        let mut rules = FieldRules::default();
        rules.contract_id.digits = 8;
        assert!(check_login(&input("12345678", "demo1234"), &rules).is_ok());
        assert!(check_login(&input("0123456789", "demo1234"), &rules).is_err());
    }

    #[test]
    fn otp_and_new_token_checks() {
        assert_eq!(check_otp("１２３ ４５６", 6).unwrap().otp, "123456");
        assert_eq!(
            check_otp("12345", 6).unwrap_err(),
            vec![FieldError {
                field: Field::Otp,
                code: FieldErrorCode::WrongLength
            }]
        );
        let req = check_new_token("vsst-1234-5678", "654321", &FieldRules::default(), 6).unwrap();
        assert_eq!(
            (req.serial.as_str(), req.otp.as_str()),
            ("VSST12345678", "654321")
        );
        let errors = check_new_token("", "x", &FieldRules::default(), 6).unwrap_err();
        assert_eq!(
            field_error(&errors, Field::Serial),
            Some(FieldErrorCode::Required)
        );
        assert_eq!(
            field_error(&errors, Field::Otp),
            Some(FieldErrorCode::InvalidCharacters)
        );
    }

    #[test]
    fn server_validation_fields_are_read() {
        let fields = vec![FieldError {
            field: Field::Password,
            code: FieldErrorCode::MissingDigit,
        }];
        let err = ApiError::Problem(Problem::validation(fields.clone()));
        assert_eq!(api_field_errors(&err), fields);
        assert!(api_field_errors(&ApiError::Network).is_empty());
    }
}
