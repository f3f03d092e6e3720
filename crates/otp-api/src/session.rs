//! Login, the session, and the customer it belongs to.

use serde::{Deserialize, Serialize};

/// The body of `POST /login`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// 契約者ID(利用者番号), as typed (the server normalises it like the client).
    pub contract_id: String,
    /// ログインパスワード.
    pub password: String,
}

/// The customer a session belongs to.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    /// The customer's name as the bank records it.
    pub name: String,
}

/// The answer to a correct `POST /login`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// True when the contract has an active token: `POST /login/otp` must follow.
    pub otp_required: bool,
    /// The customer, once the login is complete (absent while an OTP is still required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
}

/// The body of `GET /session`: who is logged in, and their token.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// The logged-in customer.
    pub customer: Customer,
    /// The contract's active token, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<TokenStatus>,
    /// Seconds of inactivity after which the session ends.
    pub idle_timeout_seconds: u32,
    /// When the session ends at the latest (Unix seconds).
    pub expires_at: i64,
    /// The login before this session's (none: this is the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_login: Option<crate::activity::PreviousLogin>,
    /// Wrong answers at the login since the previous login, up to this one.
    #[serde(default)]
    pub failed_logins: crate::activity::FailedLogins,
}

/// A contract's active token, as the customer may see it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenStatus {
    /// The serial number with its middle masked (`VSST****5678`).
    pub serial_masked: String,
    /// Since when it is in use (Unix seconds).
    pub activated_at: i64,
    /// When a code from it was last accepted (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<i64>,
    /// Whether too many wrong codes locked it.
    pub locked: bool,
}

/// A serial number with all but its first four and last four characters masked.
pub fn mask_serial(serial: &str) -> String {
    let chars: Vec<char> = serial.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 4 || i >= n - 4 { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_middle_of_a_serial() {
        assert_eq!(mask_serial("VSST12345678"), "VSST****5678");
        assert_eq!(mask_serial("ABCD1234"), "********");
    }
}
