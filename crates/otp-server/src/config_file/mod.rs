//! The configuration file (`--config FILE`, TOML) with environment overrides
//! (`OTP_PORTAL_<SECTION>_<KEY>`, e.g. `OTP_PORTAL_SESSION_IDLE_SECONDS=300`), layered by
//! figment onto the section structs of [`sections`]. Every key is optional and defaults to the
//! spec's value; an unknown key, a wrong type or a value out of range stops start-up with a
//! message naming the key (and the variable, for an override).

mod passkeys;
mod sections;
mod validation;

use std::path::Path;

use figment::providers::{Format, Toml};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};

pub use sections::ConfigFile;

use crate::settings::{Settings, Throttle};

impl Default for Settings {
    /// The spec's values: those of a configuration file with no keys.
    fn default() -> Self {
        ConfigFile::default()
            .into_settings()
            .expect("the defaults are valid")
    }
}

impl Default for Throttle {
    /// The file's `[throttle]` with no keys.
    fn default() -> Self {
        sections::ThrottleSection::default().into_throttle()
    }
}

/// Why the configuration was refused.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

/// The file's sections (`[bank]`, `[security]`, …): the top-level keys of [`ConfigFile`] as
/// serialised, so a new section is overridable from the environment without a list to update.
fn section_names() -> Vec<String> {
    match Value::serialize(ConfigFile::default()) {
        Ok(Value::Dict(_, sections)) => sections.into_keys().collect(),
        _ => unreachable!("the configuration file is a table of sections"),
    }
}

/// The environment variable that overrides `section.key`.
pub fn env_name(section: &str, key: &str) -> String {
    format!(
        "OTP_PORTAL_{}_{}",
        section.to_ascii_uppercase(),
        key.to_ascii_uppercase()
    )
}

/// The overrides among environment variables: `OTP_PORTAL_<SECTION>_<KEY>` for a known
/// section (others, such as `OTP_PORTAL_DATABASE`, belong to the command line). Values stay
/// text; the extraction reads numbers and booleans from them where a key wants one.
struct Environment(Dict);

impl Environment {
    fn new(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        let sections = section_names();
        let mut dict = Dict::new();
        for (name, value) in vars {
            let Some(rest) = name.strip_prefix("OTP_PORTAL_") else {
                continue;
            };
            let Some((section, key)) = sections.iter().find_map(|s| {
                let key = rest
                    .strip_prefix(&s.to_ascii_uppercase())?
                    .strip_prefix('_')?;
                Some((s, key.to_ascii_lowercase()))
            }) else {
                continue;
            };
            if let Value::Dict(_, keys) = dict
                .entry(section.clone())
                .or_insert_with(|| Dict::new().into())
            {
                keys.insert(key, Value::from(value));
            }
        }
        Self(dict)
    }
}

impl Provider for Environment {
    fn metadata(&self) -> Metadata {
        Metadata::named("environment variable").interpolater(
            |_: &Profile, path: &[&str]| match path {
                [section, key, ..] => env_name(section, key),
                _ => format!("OTP_PORTAL_{}", path.join("_").to_ascii_uppercase()),
            },
        )
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Ok(Profile::Default.collect(self.0.clone()))
    }
}

/// The settings from an optional file and the environment's variables (name, value).
pub fn load(
    path: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<Settings, ConfigError> {
    let mut figment = Figment::new();
    if let Some(path) = path {
        if !path.is_file() {
            return Err(ConfigError(format!("cannot read {}", path.display())));
        }
        figment = figment.merge(Toml::file_exact(path));
    }
    let file: ConfigFile = figment
        .merge(Environment::new(env))
        .extract_lossy()
        .map_err(|e| ConfigError(e.to_string().replace("\"default.", "\"")))?;
    file.into_settings()
}

#[cfg(test)]
mod tests;
