//! The configuration file's shape: one struct per `[section]`, every key defaulting to the
//! spec's value, unknown keys refused (`settings.rs` beside this checks the values and builds
//! the server's settings).

use otp_api::config::FieldRules;
use otp_api::totp::TotpParams;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::settings::Argon2Params;
use crate::store::PoolSettings;

/// The whole file.
#[derive(Debug, Default, Deserialize, Serialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigFile {
    pub bank: BankSection,
    pub contact: ContactSection,
    #[validate(nested)]
    pub security: SecuritySection,
    #[validate(nested)]
    pub throttle: ThrottleSection,
    #[validate(nested)]
    pub session: SessionSection,
    #[validate(nested)]
    pub procedure: ProcedureSection,
    #[validate(nested)]
    pub totp: TotpSection,
    #[validate(nested)]
    pub argon2: Argon2Params,
    #[validate(nested)]
    pub database: PoolSettings,
    #[validate(nested)]
    pub rules: RulesSection,
    pub metrics: MetricsSection,
    pub token_app: TokenAppSection,
    pub notifications: NotificationsSection,
    pub passkeys: super::passkeys::PasskeysSection,
}

/// `[token_app]`: the bank's software-token app, named on the start pages with its store
/// links (unset: the pages say "the bank's token app" and link nothing).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TokenAppSection {
    pub name_ja: Option<String>,
    pub name_en: Option<String>,
    pub app_store_url: Option<String>,
    pub google_play_url: Option<String>,
}

/// `[notifications]`: `announce` when the bank's mailer sends the notices
/// (`otp-server notifications list|ack`), so the completion pages say a notice is on its way.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotificationsSection {
    pub announce: bool,
}

/// `[metrics]`: `/metrics` on `listen` (unset: nowhere), and on the public listener too when
/// `public`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSection {
    pub listen: Option<String>,
    pub public: bool,
}

/// `[bank]`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct BankSection {
    pub name_ja: String,
    pub name_en: String,
    pub url: String,
    /// How the bank calls itself: 当金庫, 当行, 当組合 …
    pub self_ja: String,
    pub self_en: String,
    /// IANA time zone of the bank's hours and of the deadlines shown.
    pub time_zone: String,
}

impl Default for BankSection {
    fn default() -> Self {
        Self {
            name_ja: "さくら信用金庫".to_owned(),
            name_en: "Sakura Shinkin Bank".to_owned(),
            url: "https://www.sakura-shinkin.example/".to_owned(),
            self_ja: "当金庫".to_owned(),
            self_en: "the bank".to_owned(),
            time_zone: "Asia/Tokyo".to_owned(),
        }
    }
}

/// `[contact]`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContactSection {
    pub name_ja: String,
    pub name_en: String,
    pub phone: String,
    pub hours_ja: String,
    pub hours_en: String,
}

impl Default for ContactSection {
    fn default() -> Self {
        Self {
            name_ja: "インターネットバンキング ヘルプデスク".to_owned(),
            name_en: "Internet Banking Help Desk".to_owned(),
            phone: "0120-000-000".to_owned(),
            hours_ja: "平日 9:00〜17:00(祝日・年末年始を除く)".to_owned(),
            hours_en: "Weekdays 9:00–17:00 JST (except holidays)".to_owned(),
        }
    }
}

/// How long a lock lasts, as written in the file.
#[derive(Debug, Default, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LockoutKind {
    #[default]
    Permanent,
    Temporary,
}

/// `[security]`. The lists are comma-separated; unset means "follow the listen address",
/// "no proxies" and "secure when a public origin is https://".
#[derive(Debug, Deserialize, Serialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct SecuritySection {
    #[validate(range(min = 1, max = 1_000_000))]
    pub max_password_failures: u32,
    #[validate(range(min = 1, max = 1_000_000))]
    pub max_otp_failures: u32,
    pub lockout: LockoutKind,
    #[validate(range(min = 1, max = 86_400))]
    pub lock_wait_seconds: u32,
    #[validate(range(min = 1, max = 2_592_000))]
    pub lock_max_wait_seconds: u32,
    pub public_origins: Option<String>,
    pub trusted_proxies: Option<String>,
    pub secure_cookies: Option<bool>,
    #[validate(range(min = 1024, max = 1_048_576))]
    pub max_body_bytes: usize,
    pub factor_changes: String,
    /// 「心当たりがない」 also locks the account until the bank unlocks it. Off by default: the
    /// report already ends every other session and open procedure, and a stranger holding a
    /// session could otherwise lock the real customer out; a bank that calls back on every
    /// report may want the lock.
    pub report_locks: bool,
}

impl Default for SecuritySection {
    fn default() -> Self {
        Self {
            max_password_failures: 5,
            max_otp_failures: 5,
            lockout: LockoutKind::Permanent,
            lock_wait_seconds: 60,
            lock_max_wait_seconds: 900,
            public_origins: None,
            trusted_proxies: None,
            secure_cookies: None,
            max_body_bytes: 16 * 1024,
            factor_changes: otp_api::passkey::FactorChanges::default()
                .as_str()
                .to_owned(),
            report_locks: false,
        }
    }
}

/// `[throttle]`: each limit as `<name>_burst` and `<name>_per_hour`.
#[derive(Debug, Deserialize, Serialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct ThrottleSection {
    pub enabled: bool,
    #[validate(range(min = 1, max = 100_000_000))]
    pub failures_per_address_burst: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub failures_per_address_per_hour: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub failures_per_contract_burst: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub failures_per_contract_per_hour: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub failures_per_serial_burst: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub failures_per_serial_per_hour: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub starts_per_address_burst: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub starts_per_address_per_hour: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub starts_per_contract_burst: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub starts_per_contract_per_hour: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub demo_tokens_per_address_burst: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub demo_tokens_per_address_per_hour: u32,
    #[validate(range(min = 1, max = 1_000_000))]
    pub demo_tokens_max: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub challenges_per_address_burst: u32,
    #[validate(range(min = 1, max = 100_000_000))]
    pub challenges_per_address_per_hour: u32,
}

impl Default for ThrottleSection {
    /// A person never meets these; a script does within seconds (docs/security.md, "Threat
    /// model").
    fn default() -> Self {
        Self {
            enabled: true,
            failures_per_address_burst: 30,
            failures_per_address_per_hour: 60,
            failures_per_contract_burst: 10,
            failures_per_contract_per_hour: 10,
            failures_per_serial_burst: 10,
            failures_per_serial_per_hour: 10,
            starts_per_address_burst: 20,
            starts_per_address_per_hour: 30,
            starts_per_contract_burst: 10,
            starts_per_contract_per_hour: 10,
            demo_tokens_per_address_burst: 20,
            demo_tokens_per_address_per_hour: 60,
            demo_tokens_max: 1000,
            challenges_per_address_burst: 60,
            challenges_per_address_per_hour: 600,
        }
    }
}

/// `[session]`.
#[derive(Debug, Deserialize, Serialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSection {
    #[validate(range(min = 60, max = 86_400))]
    pub idle_seconds: u32,
    #[validate(range(min = 60, max = 604_800))]
    pub absolute_seconds: u32,
    #[validate(range(min = 1, max = 1000))]
    pub max_per_contract: u32,
}

impl Default for SessionSection {
    fn default() -> Self {
        Self {
            idle_seconds: 10 * 60,
            absolute_seconds: 60 * 60,
            max_per_contract: 5,
        }
    }
}

/// `[procedure]`.
#[derive(Debug, Deserialize, Serialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct ProcedureSection {
    #[validate(range(min = 30, max = 86_400))]
    pub ttl_seconds: u32,
}

impl Default for ProcedureSection {
    fn default() -> Self {
        Self {
            ttl_seconds: 10 * 60,
        }
    }
}

/// `[totp]`: the algorithm by name, in any case.
#[derive(Debug, Deserialize, Serialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct TotpSection {
    pub algorithm: String,
    #[validate(range(min = 6, max = 8))]
    pub digits: u8,
    #[validate(range(min = 10, max = 300))]
    pub period: u32,
}

impl Default for TotpSection {
    fn default() -> Self {
        let t = TotpParams::default();
        Self {
            algorithm: t.algorithm.as_str().to_owned(),
            digits: t.digits,
            period: t.period,
        }
    }
}

/// `[rules]`.
#[derive(Debug, Deserialize, Serialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct RulesSection {
    #[validate(range(min = 4, max = 20))]
    pub contract_id_digits: u8,
    #[validate(range(min = 4, max = 64))]
    pub password_min_len: u8,
    #[validate(range(min = 4, max = 128))]
    pub password_max_len: u8,
    pub password_symbols: String,
    #[validate(range(min = 0, max = 10))]
    pub serial_letters: u8,
    #[validate(range(min = 1, max = 20))]
    pub serial_digits: u8,
    pub serial_example: String,
}

impl Default for RulesSection {
    fn default() -> Self {
        let r = FieldRules::default();
        Self {
            contract_id_digits: r.contract_id.digits,
            password_min_len: r.password.min_len,
            password_max_len: r.password.max_len,
            password_symbols: r.password.symbols,
            serial_letters: r.serial.letters,
            serial_digits: r.serial.digits,
            serial_example: r.serial.example,
        }
    }
}
