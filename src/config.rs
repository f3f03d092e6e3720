//! The bank's configuration (`GET /config`) as a context, loaded once at start.

use leptos::prelude::*;
use otp_api::config::{FieldRules, PublicConfig};

use crate::api::{self, ApiError};

/// The loaded configuration, read with [`use_config`].
#[derive(Clone, Copy)]
pub struct ConfigContext(pub LocalResource<Result<PublicConfig, ApiError>>);

impl ConfigContext {
    /// Starts loading the configuration.
    pub fn load() -> Self {
        Self(LocalResource::new(api::config))
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
