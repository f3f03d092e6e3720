//! The server's rules and limits, with the spec's defaults.

use otp_api::config::{Contact, FieldRules, Localized, PublicConfig};
use otp_api::totp::TotpParams;

/// argon2id cost parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Argon2Params {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Iterations.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Default for Argon2Params {
    /// OWASP's recommendation for argon2id: m = 19 MiB, t = 2, p = 1.
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

/// Everything configurable about the server.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The bank's name.
    pub bank_name: Localized,
    /// The bank's public web site.
    pub bank_url: String,
    /// The bank's help desk.
    pub contact: Contact,
    /// Whether the demo endpoints are on.
    pub demo: bool,
    /// Field rules.
    pub rules: FieldRules,
    /// Consecutive wrong passwords that lock an account.
    pub max_password_failures: u32,
    /// Consecutive wrong one-time passwords that lock a token.
    pub max_otp_failures: u32,
    /// Seconds a procedure may take from its start.
    pub procedure_ttl_seconds: u32,
    /// Seconds of inactivity that end a session.
    pub session_idle_seconds: u32,
    /// Seconds after login that end a session whatever happens.
    pub session_absolute_seconds: u32,
    /// Serve cookies with `Secure` and the `__Host-` prefix (the site is behind HTTPS).
    pub secure_cookies: bool,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
    /// Password hashing cost.
    pub argon2: Argon2Params,
    /// TOTP parameters for tokens provisioned without their own (and for demo tokens).
    pub totp: TotpParams,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bank_name: Localized {
                ja: "さくら信用金庫".to_owned(),
                en: "Sakura Shinkin Bank".to_owned(),
            },
            bank_url: "https://www.sakura-shinkin.example/".to_owned(),
            contact: Contact {
                name: Localized {
                    ja: "インターネットバンキング ヘルプデスク".to_owned(),
                    en: "Internet Banking Help Desk".to_owned(),
                },
                phone: "0120-000-000".to_owned(),
                hours: Localized {
                    ja: "平日 9:00〜17:00(祝日・年末年始を除く)".to_owned(),
                    en: "Weekdays 9:00–17:00 JST (except holidays)".to_owned(),
                },
            },
            demo: false,
            rules: FieldRules::default(),
            max_password_failures: 5,
            max_otp_failures: 5,
            procedure_ttl_seconds: 10 * 60,
            session_idle_seconds: 10 * 60,
            session_absolute_seconds: 60 * 60,
            secure_cookies: false,
            max_body_bytes: 16 * 1024,
            argon2: Argon2Params::default(),
            totp: TotpParams::default(),
        }
    }
}

impl Settings {
    /// What `GET /config` publishes.
    pub fn public(&self) -> PublicConfig {
        PublicConfig {
            bank_name: self.bank_name.clone(),
            bank_url: self.bank_url.clone(),
            contact: self.contact.clone(),
            demo: self.demo,
            otp_digits: self.totp.digits,
            otp_period: self.totp.period,
            session_idle_seconds: self.session_idle_seconds,
            rules: self.rules.clone(),
        }
    }
}
