//! The configuration file (`--config FILE`, TOML) with environment overrides
//! (`OTP_PORTAL_<SECTION>_<KEY>`, e.g. `OTP_PORTAL_SESSION_IDLE_SECONDS=300`). Every key is
//! optional and defaults to the spec's value; an unknown key, a wrong type or a value out of
//! range stops start-up with a message naming the key.

use std::path::Path;

use otp_api::totp::TotpAlgorithm;
use serde::Deserialize;

use crate::settings::{Limit, Lockout, Settings};

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

macro_rules! sections {
    ($( $section:ident : $ty:ident { $( $key:ident : $kty:ty ),* $(,)? } )*) => {
        $(
            #[derive(Debug, Default, Deserialize)]
            #[serde(deny_unknown_fields)]
            struct $ty { $( $key: Option<$kty>, )* }
        )*

        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct FileConfig { $( #[serde(default)] $section: $ty, )* }

        /// Every key, as `(section, key, is_text)`, for the environment overrides.
        const KEYS: &[(&str, &str, bool)] = &[
            $( $( (stringify!($section), stringify!($key), is_text(stringify!($kty))), )* )*
        ];
    };
}

const fn is_text(ty: &str) -> bool {
    matches!(ty.as_bytes(), b"String")
}

sections! {
    bank: Bank { name_ja: String, name_en: String, url: String }
    contact: ContactSection { name_ja: String, name_en: String, phone: String, hours_ja: String, hours_en: String }
    security: Security { max_password_failures: u32, max_otp_failures: u32, lockout: String, lock_wait_seconds: u32, lock_max_wait_seconds: u32, public_origins: String, trusted_proxies: String, secure_cookies: bool, max_body_bytes: usize }
    throttle: ThrottleSection { enabled: bool, failures_per_address_burst: u32, failures_per_address_per_hour: u32, failures_per_contract_burst: u32, failures_per_contract_per_hour: u32, failures_per_serial_burst: u32, failures_per_serial_per_hour: u32, starts_per_address_burst: u32, starts_per_address_per_hour: u32, starts_per_contract_burst: u32, starts_per_contract_per_hour: u32, demo_tokens_per_address_burst: u32, demo_tokens_per_address_per_hour: u32, demo_tokens_max: u32 }
    session: Session { idle_seconds: u32, absolute_seconds: u32 }
    procedure: Procedure { ttl_seconds: u32 }
    totp: Totp { algorithm: String, digits: u8, period: u32 }
    argon2: Argon2 { memory_kib: u32, iterations: u32, parallelism: u32, slots: u32, queue_max: u32, queue_wait_ms: u32 }
    rules: Rules { contract_id_digits: u8, password_min_len: u8, password_max_len: u8, password_symbols: String, serial_letters: u8, serial_digits: u8 }
}

/// The environment variable that overrides `section.key`.
pub fn env_name(section: &str, key: &str) -> String {
    format!(
        "OTP_PORTAL_{}_{}",
        section.to_ascii_uppercase(),
        key.to_ascii_uppercase()
    )
}

fn overlay_env(
    table: &mut toml::Table,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ConfigError> {
    for (section, key, text) in KEYS {
        let name = env_name(section, key);
        let Some(raw) = env(&name) else { continue };
        let value = if *text {
            toml::Value::String(raw)
        } else {
            // Numbers and booleans are written as TOML writes them.
            toml::from_str::<toml::Table>(&format!("v = {raw}"))
                .ok()
                .and_then(|mut t| t.remove("v"))
                .ok_or_else(|| ConfigError(format!("{name}: not a number or boolean: {raw:?}")))?
        };
        let entry = table
            .entry(section.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        match entry {
            toml::Value::Table(t) => {
                t.insert(key.to_string(), value);
            }
            _ => return Err(ConfigError(format!("{section}: must be a table"))),
        }
    }
    Ok(())
}

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

/// The settings from an optional file and the environment (`env` looks a variable up).
pub fn load(
    path: Option<&Path>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, ConfigError> {
    let mut table = match path {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
            toml::from_str::<toml::Table>(&text)
                .map_err(|e| ConfigError(format!("{}: {}", path.display(), e.message())))?
        }
        None => toml::Table::new(),
    };
    overlay_env(&mut table, env)?;
    let file: FileConfig = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| ConfigError(e.message().to_owned()))?;
    apply(file)
}

fn apply(file: FileConfig) -> Result<Settings, ConfigError> {
    let mut s = Settings::default();
    let FileConfig {
        bank,
        contact,
        security,
        throttle,
        session,
        procedure,
        totp,
        argon2,
        rules,
    } = file;
    if let Some(v) = bank.name_ja {
        s.bank_name.ja = v;
    }
    if let Some(v) = bank.name_en {
        s.bank_name.en = v;
    }
    if let Some(v) = bank.url {
        s.bank_url = v;
    }
    if let Some(v) = contact.name_ja {
        s.contact.name.ja = v;
    }
    if let Some(v) = contact.name_en {
        s.contact.name.en = v;
    }
    if let Some(v) = contact.phone {
        s.contact.phone = v;
    }
    if let Some(v) = contact.hours_ja {
        s.contact.hours.ja = v;
    }
    if let Some(v) = contact.hours_en {
        s.contact.hours.en = v;
    }
    if let Some(v) = security.max_password_failures {
        s.max_password_failures = check("security.max_password_failures", v, 1, 1_000_000)?;
    }
    if let Some(v) = security.max_otp_failures {
        s.max_otp_failures = check("security.max_otp_failures", v, 1, 1_000_000)?;
    }
    apply_lockout(&mut s, &security)?;
    if let Some(v) = &security.public_origins {
        s.public_origins = crate::origin::parse_origins(v)
            .map_err(|e| ConfigError(format!("security.public_origins: {e}")))?;
        s.public_origins_from_listen = false;
    }
    if let Some(v) = &security.trusted_proxies {
        s.trusted_proxies = crate::client_addr::parse_list(v)
            .map_err(|e| ConfigError(format!("security.trusted_proxies: {e}")))?;
    }
    // Secure cookies and HSTS follow from an https:// public origin unless set explicitly.
    s.secure_cookies = security.secure_cookies.unwrap_or_else(|| {
        !s.public_origins_from_listen && s.public_origins.iter().any(|o| o.starts_with("https://"))
    });
    apply_throttle(&mut s, throttle)?;
    if let Some(v) = security.max_body_bytes {
        s.max_body_bytes = check("security.max_body_bytes", v, 1024, 1 << 20)?;
    }
    if let Some(v) = session.idle_seconds {
        s.session_idle_seconds = check("session.idle_seconds", v, 60, 86_400)?;
    }
    if let Some(v) = session.absolute_seconds {
        s.session_absolute_seconds = check("session.absolute_seconds", v, 60, 7 * 86_400)?;
    }
    if s.session_absolute_seconds < s.session_idle_seconds {
        return Err(ConfigError(
            "session.absolute_seconds must not be less than session.idle_seconds".into(),
        ));
    }
    if let Some(v) = procedure.ttl_seconds {
        s.procedure_ttl_seconds = check("procedure.ttl_seconds", v, 30, 86_400)?;
    }
    if let Some(v) = totp.algorithm {
        s.totp.algorithm = TotpAlgorithm::parse(&v).ok_or_else(|| {
            ConfigError(format!(
                "totp.algorithm = {v:?}: must be SHA1, SHA256 or SHA512"
            ))
        })?;
    }
    if let Some(v) = totp.digits {
        s.totp.digits = check("totp.digits", v, 6, 8)?;
    }
    if let Some(v) = totp.period {
        s.totp.period = check("totp.period", v, 10, 300)?;
    }
    if let Some(v) = argon2.memory_kib {
        s.argon2.memory_kib = check("argon2.memory_kib", v, 8 * 1024, 1 << 20)?;
    }
    if let Some(v) = argon2.iterations {
        s.argon2.iterations = check("argon2.iterations", v, 1, 16)?;
    }
    if let Some(v) = argon2.parallelism {
        s.argon2.parallelism = check("argon2.parallelism", v, 1, 16)?;
    }
    if let Some(v) = argon2.slots {
        s.argon2.slots = check("argon2.slots", v, 0, 256)?;
    }
    if let Some(v) = argon2.queue_max {
        s.argon2.queue_max = check("argon2.queue_max", v, 0, 100_000)?;
    }
    if let Some(v) = argon2.queue_wait_ms {
        s.argon2.queue_wait_ms = check("argon2.queue_wait_ms", v, 0, 60_000)?;
    }
    let r = &mut s.rules;
    if let Some(v) = rules.contract_id_digits {
        r.contract_id.digits = check("rules.contract_id_digits", v, 4, 20)?;
    }
    if let Some(v) = rules.password_min_len {
        r.password.min_len = check("rules.password_min_len", v, 4, 64)?;
    }
    if let Some(v) = rules.password_max_len {
        r.password.max_len = check("rules.password_max_len", v, 4, 128)?;
    }
    if r.password.max_len < r.password.min_len {
        return Err(ConfigError(
            "rules.password_max_len must not be less than rules.password_min_len".into(),
        ));
    }
    if let Some(v) = rules.password_symbols {
        if !v.chars().all(|c| c.is_ascii_punctuation()) {
            return Err(ConfigError(
                "rules.password_symbols: only ASCII symbols".into(),
            ));
        }
        r.password.symbols = v;
    }
    if let Some(v) = rules.serial_letters {
        r.serial.letters = check("rules.serial_letters", v, 0, 10)?;
    }
    if let Some(v) = rules.serial_digits {
        r.serial.digits = check("rules.serial_digits", v, 1, 20)?;
    }
    Ok(s)
}

fn apply_lockout(s: &mut Settings, security: &Security) -> Result<(), ConfigError> {
    let first = security
        .lock_wait_seconds
        .map(|v| check("security.lock_wait_seconds", v, 1, 86_400))
        .transpose()?
        .unwrap_or(60);
    let max = security
        .lock_max_wait_seconds
        .map(|v| check("security.lock_max_wait_seconds", v, 1, 30 * 86_400))
        .transpose()?
        .unwrap_or(900);
    s.lockout = match security.lockout.as_deref() {
        None | Some("permanent") => Lockout::Permanent,
        Some("temporary") => Lockout::Temporary {
            first_wait_seconds: first,
            max_wait_seconds: max.max(first),
        },
        Some(other) => {
            return Err(ConfigError(format!(
                "security.lockout = {other:?}: must be \"permanent\" or \"temporary\""
            )));
        }
    };
    Ok(())
}

fn apply_throttle(s: &mut Settings, t: ThrottleSection) -> Result<(), ConfigError> {
    fn limit(
        name: &str,
        into: &mut Limit,
        burst: Option<u32>,
        per_hour: Option<u32>,
    ) -> Result<(), ConfigError> {
        if let Some(v) = burst {
            into.burst = check(&format!("throttle.{name}_burst"), v, 1, 10_000_000)?;
        }
        if let Some(v) = per_hour {
            into.per_hour = check(&format!("throttle.{name}_per_hour"), v, 1, 100_000_000)?;
        }
        Ok(())
    }
    let th = &mut s.throttle;
    if let Some(v) = t.enabled {
        th.enabled = v;
    }
    limit(
        "failures_per_address",
        &mut th.failures_per_address,
        t.failures_per_address_burst,
        t.failures_per_address_per_hour,
    )?;
    limit(
        "failures_per_contract",
        &mut th.failures_per_contract,
        t.failures_per_contract_burst,
        t.failures_per_contract_per_hour,
    )?;
    limit(
        "failures_per_serial",
        &mut th.failures_per_serial,
        t.failures_per_serial_burst,
        t.failures_per_serial_per_hour,
    )?;
    limit(
        "starts_per_address",
        &mut th.starts_per_address,
        t.starts_per_address_burst,
        t.starts_per_address_per_hour,
    )?;
    limit(
        "starts_per_contract",
        &mut th.starts_per_contract,
        t.starts_per_contract_burst,
        t.starts_per_contract_per_hour,
    )?;
    limit(
        "demo_tokens_per_address",
        &mut th.demo_tokens_per_address,
        t.demo_tokens_per_address_burst,
        t.demo_tokens_per_address_per_hour,
    )?;
    if let Some(v) = t.demo_tokens_max {
        th.demo_tokens_max = check("throttle.demo_tokens_max", v, 1, 1_000_000)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
