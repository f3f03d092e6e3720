//! Form logic without the DOM: which fields are refused and why, merging the client's own
//! checks with the server's `validation` problem, so both speak through the same messages.

use otp_api::config::FieldRules;
use otp_api::problem::{ErrorCode, Field, FieldError, FieldErrorCode};
use otp_api::session::LoginRequest;
use otp_api::validate;

use crate::api::ApiError;

/// The login form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoginInput {
    /// 契約者ID, as typed.
    pub contract_id: String,
    /// ログインパスワード.
    pub password: String,
}

/// Checks the login form with the bank's rules: the request to send, or the refused fields in
/// the order they appear on screen.
pub fn check_login(
    input: &LoginInput,
    rules: &FieldRules,
) -> Result<LoginRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let contract_id = validate::contract_id(&input.contract_id, &rules.contract_id);
    if let Err(code) = &contract_id {
        errors.push(FieldError {
            field: Field::ContractId,
            code: *code,
        });
    }
    if let Err(code) = validate::password(&input.password, &rules.password) {
        errors.push(FieldError {
            field: Field::Password,
            code,
        });
    }
    match contract_id {
        Ok(contract_id) if errors.is_empty() => Ok(LoginRequest {
            contract_id,
            password: input.password.clone(),
        }),
        _ => Err(errors),
    }
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

    fn input(id: &str, pw: &str) -> LoginInput {
        LoginInput {
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
