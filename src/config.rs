//! The bank's configuration (`GET /config`) as a context, loaded once at start (or given as a
//! fixture, in the gallery and in component tests, with no network call).

use leptos::prelude::*;
use otp_api::config::{FieldRules, PublicConfig};

use crate::api::{self, ApiError};

/// The configuration, read with [`use_config`]: `None` while it loads.
#[derive(Clone, Copy)]
pub struct ConfigContext(pub Signal<Option<Result<PublicConfig, ApiError>>>);

impl ConfigContext {
    /// Starts loading the configuration from the API.
    pub fn load() -> Self {
        let resource = LocalResource::new(api::config);
        Self(Signal::derive(move || resource.get()))
    }

    /// A fixed configuration (gallery stories, tests).
    pub fn fixture(config: PublicConfig) -> Self {
        Self(Signal::stored(Some(Ok(config))))
    }

    /// The configuration once loaded (reactive).
    pub fn get(&self) -> Option<PublicConfig> {
        self.0.get().and_then(Result::ok)
    }

    /// The field rules: the bank's once loaded, the contract's defaults until then.
    pub fn rules(&self) -> FieldRules {
        self.get().map(|c| c.rules).unwrap_or_default()
    }
}

/// The configuration context.
pub fn use_config() -> ConfigContext {
    expect_context::<ConfigContext>()
}
