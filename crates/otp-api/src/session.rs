//! Login, the session, and the customer it belongs to.

use serde::{Deserialize, Serialize};

/// The body of `POST /login`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// 契約者ID(利用者番号), as typed (the server normalises it like the client).
    pub contract_id: String,
    /// ログインパスワード.
    pub password: String,
}

/// The customer a session belongs to.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    /// The customer's name as the bank records it.
    pub name: String,
}

/// The answer to a correct `POST /login`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LoginResponse {
    /// True when the contract has an active token: `POST /login/otp` must follow.
    pub otp_required: bool,
    /// The customer, once the login is complete (absent while an OTP is still required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
}

/// The body of `GET /session`: who is logged in.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    /// The logged-in customer.
    pub customer: Customer,
    /// Seconds of inactivity after which the session ends.
    pub idle_timeout_seconds: u32,
}
