//! A configuration file's values checked, each error naming its key, and turned into the
//! server's [`Settings`].

use otp_api::config::{Contact, FieldRules, Localized, TokenApp};
use otp_api::totp::{TotpAlgorithm, TotpParams};

use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use super::ConfigError;
use super::sections::{ConfigFile, LockoutKind, ThrottleSection};
use crate::settings::{Limit, Lockout, MetricsSettings, Settings, Throttle, origins_for_port};

/// The ranges declared on the sections (`#[validate(range(..))]`), each refusal as
/// `section.key = value: must be between min and max`; the first by key when several are.
fn ranges(file: &ConfigFile) -> Result<(), ConfigError> {
    let Err(errors) = file.validate() else {
        return Ok(());
    };
    let mut refused = Vec::new();
    refusals("", &errors, &mut refused);
    refused.sort();
    Err(ConfigError(refused.swap_remove(0)))
}

/// Each field refusal of `errors` (nested sections under `prefix`), in words.
fn refusals(prefix: &str, errors: &ValidationErrors, out: &mut Vec<String>) {
    for (field, kind) in errors.errors() {
        let key = format!("{prefix}{field}");
        match kind {
            ValidationErrorsKind::Struct(nested) => refusals(&format!("{key}."), nested, out),
            ValidationErrorsKind::Field(list) => out.extend(list.iter().map(|e| {
                let param = |name: &str| e.params.get(name).map(ToString::to_string);
                match (param("value"), param("min"), param("max")) {
                    (Some(value), Some(min), Some(max)) => {
                        format!("{key} = {value}: must be between {min} and {max}")
                    }
                    _ => format!("{key}: {}", e.code),
                }
            })),
            ValidationErrorsKind::List(_) => out.push(format!("{key}: not valid")),
        }
    }
}

/// An IANA time zone's shape: `UTC`, or `Area/Location` of letters, digits, `_`, `-`, `+`.
fn is_time_zone(name: &str) -> bool {
    let part = |p: &str| {
        !p.is_empty()
            && p.starts_with(|c: char| c.is_ascii_alphabetic())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c))
    };
    name == "UTC" || (name.contains('/') && name.split('/').all(part))
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
    /// Every value checked: ranges (declared on the sections), orders and lists, each error
    /// naming its key.
    pub fn checked(&self) -> Result<(), ConfigError> {
        let r = &self.rules;
        ranges(self)?;
        not_less(
            ("session.absolute_seconds", self.session.absolute_seconds),
            ("session.idle_seconds", self.session.idle_seconds),
        )?;
        not_less(
            ("rules.password_max_len", r.password_max_len.into()),
            ("rules.password_min_len", r.password_min_len.into()),
        )?;
        if !r.password_symbols.chars().all(|c| c.is_ascii_punctuation()) {
            return Err(ConfigError(
                "rules.password_symbols: only ASCII symbols".into(),
            ));
        }
        let serial_rule = otp_api::validate::SerialRule {
            letters: r.serial_letters,
            digits: r.serial_digits,
            example: String::new(),
        };
        if otp_api::validate::serial(&r.serial_example, &serial_rule).as_ref()
            != Ok(&r.serial_example)
        {
            return Err(ConfigError(format!(
                "rules.serial_example = {:?}: must follow rules.serial_letters and rules.serial_digits",
                r.serial_example
            )));
        }
        let b = &self.bank;
        if !is_time_zone(&b.time_zone) {
            return Err(ConfigError(format!(
                "bank.time_zone = {:?}: an IANA time zone such as \"Asia/Tokyo\"",
                b.time_zone
            )));
        }
        for (key, text) in [("bank.self_ja", &b.self_ja), ("bank.self_en", &b.self_en)] {
            if text.trim().is_empty() {
                return Err(ConfigError(format!("{key}: must not be empty")));
            }
        }
        let app = &self.token_app;
        for (key, url) in [
            ("token_app.app_store_url", &app.app_store_url),
            ("token_app.google_play_url", &app.google_play_url),
        ] {
            if let Some(url) = url
                && !url.starts_with("https://")
            {
                return Err(ConfigError(format!(
                    "{key} = {url:?}: must be an https:// address"
                )));
            }
        }
        if app.name_ja.is_some() != app.name_en.is_some() {
            return Err(ConfigError(
                "token_app.name_ja and token_app.name_en: set both or neither".into(),
            ));
        }
        if app.name_ja.is_none() && (app.app_store_url.is_some() || app.google_play_url.is_some()) {
            return Err(ConfigError(
                "token_app: store links need the app's name (token_app.name_ja, name_en)".into(),
            ));
        }
        Ok(())
    }

    /// The server's settings from a valid file.
    pub fn into_settings(self) -> Result<Settings, ConfigError> {
        self.checked()?;
        let Self {
            bank,
            contact,
            security: s,
            throttle: t,
            session,
            procedure,
            totp,
            argon2,
            database,
            rules: r,
            metrics,
            token_app,
            notifications,
            passkeys,
        } = self;
        let passkeys = passkeys.into_settings(&s.factor_changes)?;
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
        rules.serial.example = r.serial_example;
        let token_app = token_app
            .name_ja
            .zip(token_app.name_en)
            .map(|(ja, en)| TokenApp {
                name: Localized { ja, en },
                app_store_url: token_app.app_store_url,
                google_play_url: token_app.google_play_url,
            });
        Ok(Settings {
            bank_name: Localized {
                ja: bank.name_ja,
                en: bank.name_en,
            },
            bank_url: bank.url,
            bank_self: Localized {
                ja: bank.self_ja,
                en: bank.self_en,
            },
            time_zone: bank.time_zone,
            token_app,
            notices: notifications.announce,
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
            report_locks: s.report_locks,
            throttle: t.into_throttle(),
            public_origins_from_listen: public_origins.is_none(),
            public_origins: public_origins.unwrap_or_else(|| origins_for_port(8080)),
            trusted_proxies,
            procedure_ttl_seconds: procedure.ttl_seconds,
            session_idle_seconds: session.idle_seconds,
            session_absolute_seconds: session.absolute_seconds,
            sessions_per_contract: session.max_per_contract,
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
            database,
            passkeys,
        })
    }
}

impl ThrottleSection {
    /// The throttle's limits, each burst and hourly rate paired.
    pub fn into_throttle(self) -> Throttle {
        let t = self;
        Throttle {
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
            challenges_per_address: Limit::new(
                t.challenges_per_address_burst,
                t.challenges_per_address_per_hour,
            ),
        }
    }
}
