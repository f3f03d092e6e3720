//! The configuration file's shape: one struct per `[section]`, every key defaulting to the
//! spec's value, unknown keys refused; [`ConfigFile::into_settings`] checks the values and
//! builds the server's [`Settings`].

use otp_api::config::{Contact, FieldRules, Localized};
use otp_api::totp::{TotpAlgorithm, TotpParams};
use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::settings::{
    Argon2Params, Limit, Lockout, MetricsSettings, Settings, Throttle, origins_for_port,
};

/// The whole file.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfigFile {
    pub bank: BankSection,
    pub contact: ContactSection,
    pub security: SecuritySection,
    pub throttle: ThrottleSection,
    pub session: SessionSection,
    pub procedure: ProcedureSection,
    pub totp: TotpSection,
    pub argon2: Argon2Params,
    pub rules: RulesSection,
    pub metrics: MetricsSection,
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
}

impl Default for BankSection {
    fn default() -> Self {
        Self {
            name_ja: "さくら信用金庫".to_owned(),
            name_en: "Sakura Shinkin Bank".to_owned(),
            url: "https://www.sakura-shinkin.example/".to_owned(),
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
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SecuritySection {
    pub max_password_failures: u32,
    pub max_otp_failures: u32,
    pub lockout: LockoutKind,
    pub lock_wait_seconds: u32,
    pub lock_max_wait_seconds: u32,
    pub public_origins: Option<String>,
    pub trusted_proxies: Option<String>,
    pub secure_cookies: Option<bool>,
    pub max_body_bytes: usize,
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
        }
    }
}

/// `[throttle]`: each limit as `<name>_burst` and `<name>_per_hour`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThrottleSection {
    pub enabled: bool,
    pub failures_per_address_burst: u32,
    pub failures_per_address_per_hour: u32,
    pub failures_per_contract_burst: u32,
    pub failures_per_contract_per_hour: u32,
    pub failures_per_serial_burst: u32,
    pub failures_per_serial_per_hour: u32,
    pub starts_per_address_burst: u32,
    pub starts_per_address_per_hour: u32,
    pub starts_per_contract_burst: u32,
    pub starts_per_contract_per_hour: u32,
    pub demo_tokens_per_address_burst: u32,
    pub demo_tokens_per_address_per_hour: u32,
    pub demo_tokens_max: u32,
}

impl Default for ThrottleSection {
    fn default() -> Self {
        let t = Throttle::default();
        Self {
            enabled: t.enabled,
            failures_per_address_burst: t.failures_per_address.burst,
            failures_per_address_per_hour: t.failures_per_address.per_hour,
            failures_per_contract_burst: t.failures_per_contract.burst,
            failures_per_contract_per_hour: t.failures_per_contract.per_hour,
            failures_per_serial_burst: t.failures_per_serial.burst,
            failures_per_serial_per_hour: t.failures_per_serial.per_hour,
            starts_per_address_burst: t.starts_per_address.burst,
            starts_per_address_per_hour: t.starts_per_address.per_hour,
            starts_per_contract_burst: t.starts_per_contract.burst,
            starts_per_contract_per_hour: t.starts_per_contract.per_hour,
            demo_tokens_per_address_burst: t.demo_tokens_per_address.burst,
            demo_tokens_per_address_per_hour: t.demo_tokens_per_address.per_hour,
            demo_tokens_max: t.demo_tokens_max,
        }
    }
}

/// `[session]`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSection {
    pub idle_seconds: u32,
    pub absolute_seconds: u32,
}

impl Default for SessionSection {
    fn default() -> Self {
        Self {
            idle_seconds: 10 * 60,
            absolute_seconds: 60 * 60,
        }
    }
}

/// `[procedure]`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProcedureSection {
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
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TotpSection {
    pub algorithm: String,
    pub digits: u8,
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
#[derive(Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesSection {
    pub contract_id_digits: u8,
    pub password_min_len: u8,
    pub password_max_len: u8,
    pub password_symbols: String,
    pub serial_letters: u8,
    pub serial_digits: u8,
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
        }
    }
}

/// `value` if it lies in `min..=max`, else an error naming `key`.
fn check<T: PartialOrd + std::fmt::Display + Copy>(
    key: &str,
    value: T,
    min: T,
    max: T,
) -> Result<T, ConfigError> {
    if value < min || value > max {
        Err(ConfigError(format!(
            "{key} = {value}: must be between {min} and {max}"
        )))
    } else {
        Ok(value)
    }
}

/// `a` must not be less than `b`.
fn not_less(a: (&str, u32), b: (&str, u32)) -> Result<(), ConfigError> {
    if a.1 < b.1 {
        return Err(ConfigError(format!(
            "{} must not be less than {}",
            a.0, b.0
        )));
    }
    Ok(())
}

impl ConfigFile {
    /// Every value checked: ranges, orders and lists, each error naming its key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let (s, t, a, r) = (&self.security, &self.throttle, &self.argon2, &self.rules);
        check(
            "security.max_password_failures",
            s.max_password_failures,
            1,
            1_000_000,
        )?;
        check(
            "security.max_otp_failures",
            s.max_otp_failures,
            1,
            1_000_000,
        )?;
        check("security.lock_wait_seconds", s.lock_wait_seconds, 1, 86_400)?;
        check(
            "security.lock_max_wait_seconds",
            s.lock_max_wait_seconds,
            1,
            30 * 86_400,
        )?;
        check("security.max_body_bytes", s.max_body_bytes, 1024, 1 << 20)?;
        for (name, value) in [
            ("failures_per_address_burst", t.failures_per_address_burst),
            ("failures_per_contract_burst", t.failures_per_contract_burst),
            ("failures_per_serial_burst", t.failures_per_serial_burst),
            ("starts_per_address_burst", t.starts_per_address_burst),
            ("starts_per_contract_burst", t.starts_per_contract_burst),
            (
                "demo_tokens_per_address_burst",
                t.demo_tokens_per_address_burst,
            ),
            (
                "failures_per_address_per_hour",
                t.failures_per_address_per_hour,
            ),
            (
                "failures_per_contract_per_hour",
                t.failures_per_contract_per_hour,
            ),
            (
                "failures_per_serial_per_hour",
                t.failures_per_serial_per_hour,
            ),
            ("starts_per_address_per_hour", t.starts_per_address_per_hour),
            (
                "starts_per_contract_per_hour",
                t.starts_per_contract_per_hour,
            ),
            (
                "demo_tokens_per_address_per_hour",
                t.demo_tokens_per_address_per_hour,
            ),
        ] {
            check(&format!("throttle.{name}"), value, 1, 100_000_000)?;
        }
        check("throttle.demo_tokens_max", t.demo_tokens_max, 1, 1_000_000)?;
        check(
            "session.idle_seconds",
            self.session.idle_seconds,
            60,
            86_400,
        )?;
        check(
            "session.absolute_seconds",
            self.session.absolute_seconds,
            60,
            7 * 86_400,
        )?;
        not_less(
            ("session.absolute_seconds", self.session.absolute_seconds),
            ("session.idle_seconds", self.session.idle_seconds),
        )?;
        check(
            "procedure.ttl_seconds",
            self.procedure.ttl_seconds,
            30,
            86_400,
        )?;
        check("totp.digits", self.totp.digits, 6, 8)?;
        check("totp.period", self.totp.period, 10, 300)?;
        check("argon2.memory_kib", a.memory_kib, 8 * 1024, 1 << 20)?;
        check("argon2.iterations", a.iterations, 1, 16)?;
        check("argon2.parallelism", a.parallelism, 1, 16)?;
        check("argon2.slots", a.slots, 0, 256)?;
        check("argon2.queue_max", a.queue_max, 0, 100_000)?;
        check("argon2.queue_wait_ms", a.queue_wait_ms, 0, 60_000)?;
        check("rules.contract_id_digits", r.contract_id_digits, 4, 20)?;
        check("rules.password_min_len", r.password_min_len, 4, 64)?;
        check("rules.password_max_len", r.password_max_len, 4, 128)?;
        not_less(
            ("rules.password_max_len", r.password_max_len.into()),
            ("rules.password_min_len", r.password_min_len.into()),
        )?;
        if !r.password_symbols.chars().all(|c| c.is_ascii_punctuation()) {
            return Err(ConfigError(
                "rules.password_symbols: only ASCII symbols".into(),
            ));
        }
        check("rules.serial_letters", r.serial_letters, 0, 10)?;
        check("rules.serial_digits", r.serial_digits, 1, 20)?;
        Ok(())
    }

    /// The server's settings from a valid file.
    pub fn into_settings(self) -> Result<Settings, ConfigError> {
        self.validate()?;
        let Self {
            bank,
            contact,
            security: s,
            throttle: t,
            session,
            procedure,
            totp,
            argon2,
            rules: r,
            metrics,
        } = self;
        let algorithm = TotpAlgorithm::parse(&totp.algorithm).ok_or_else(|| {
            ConfigError(format!(
                "totp.algorithm = {:?}: must be SHA1, SHA256 or SHA512",
                totp.algorithm
            ))
        })?;
        let public_origins = s
            .public_origins
            .as_deref()
            .map(crate::origin::parse_origins)
            .transpose()
            .map_err(|e| ConfigError(format!("security.public_origins: {e}")))?;
        let trusted_proxies = s
            .trusted_proxies
            .as_deref()
            .map(crate::client_addr::parse_list)
            .transpose()
            .map_err(|e| ConfigError(format!("security.trusted_proxies: {e}")))?
            .unwrap_or_default();
        // Secure cookies and HSTS follow from an https:// public origin unless set.
        let secure_cookies = s.secure_cookies.unwrap_or_else(|| {
            public_origins
                .iter()
                .flatten()
                .any(|o| o.starts_with("https://"))
        });
        let metrics_listen = metrics
            .listen
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e| ConfigError(format!("metrics.listen: {e} (e.g. \"127.0.0.1:9464\")")))?;
        let mut rules = FieldRules::default();
        rules.contract_id.digits = r.contract_id_digits;
        rules.password.min_len = r.password_min_len;
        rules.password.max_len = r.password_max_len;
        rules.password.symbols = r.password_symbols;
        rules.serial.letters = r.serial_letters;
        rules.serial.digits = r.serial_digits;
        Ok(Settings {
            bank_name: Localized {
                ja: bank.name_ja,
                en: bank.name_en,
            },
            bank_url: bank.url,
            contact: Contact {
                name: Localized {
                    ja: contact.name_ja,
                    en: contact.name_en,
                },
                phone: contact.phone,
                hours: Localized {
                    ja: contact.hours_ja,
                    en: contact.hours_en,
                },
            },
            demo: false,
            rules,
            max_password_failures: s.max_password_failures,
            max_otp_failures: s.max_otp_failures,
            lockout: match s.lockout {
                LockoutKind::Permanent => Lockout::Permanent,
                LockoutKind::Temporary => Lockout::Temporary {
                    first_wait_seconds: s.lock_wait_seconds,
                    max_wait_seconds: s.lock_max_wait_seconds.max(s.lock_wait_seconds),
                },
            },
            throttle: Throttle {
                enabled: t.enabled,
                failures_per_address: Limit::new(
                    t.failures_per_address_burst,
                    t.failures_per_address_per_hour,
                ),
                failures_per_contract: Limit::new(
                    t.failures_per_contract_burst,
                    t.failures_per_contract_per_hour,
                ),
                failures_per_serial: Limit::new(
                    t.failures_per_serial_burst,
                    t.failures_per_serial_per_hour,
                ),
                starts_per_address: Limit::new(
                    t.starts_per_address_burst,
                    t.starts_per_address_per_hour,
                ),
                starts_per_contract: Limit::new(
                    t.starts_per_contract_burst,
                    t.starts_per_contract_per_hour,
                ),
                demo_tokens_per_address: Limit::new(
                    t.demo_tokens_per_address_burst,
                    t.demo_tokens_per_address_per_hour,
                ),
                demo_tokens_max: t.demo_tokens_max,
            },
            public_origins_from_listen: public_origins.is_none(),
            public_origins: public_origins.unwrap_or_else(|| origins_for_port(8080)),
            trusted_proxies,
            procedure_ttl_seconds: procedure.ttl_seconds,
            session_idle_seconds: session.idle_seconds,
            session_absolute_seconds: session.absolute_seconds,
            secure_cookies,
            max_body_bytes: s.max_body_bytes,
            argon2,
            totp: TotpParams {
                algorithm,
                digits: totp.digits,
                period: totp.period,
            },
            metrics: MetricsSettings {
                listen: metrics_listen,
                public: metrics.public,
            },
        })
    }
}
