//! The bank's configuration (`GET /config`) as a context, loaded once at start (or given as a
//! fixture, in the gallery and in component tests, with no network call). The screens are
//! shown once it is loaded (see the layout); when it cannot be, the help desk it named last
//! time in this browser is still shown, with a retry.

use leptos::prelude::*;
use otp_api::config::{Contact, FieldRules, PublicConfig};

use crate::api::{self, ApiError};
use crate::storage;

/// The key under which the help desk of the last configuration is kept (public details).
const CONTACT_KEY: &str = "otp-portal.contact";

/// The configuration, read with [`use_config`]: `None` while it loads.
#[derive(Clone, Copy)]
pub struct ConfigContext {
    value: Signal<Option<Result<PublicConfig, ApiError>>>,
    resource: Option<LocalResource<Result<PublicConfig, ApiError>>>,
    /// The help desk as this browser last loaded it.
    kept_contact: StoredValue<Option<Contact>>,
}

impl ConfigContext {
    /// Starts loading the configuration from the API; keeps its help desk in this browser.
    pub fn load() -> Self {
        let resource = LocalResource::new(|| async {
            let config = api::config().await;
            if let Ok(c) = &config
                && let Ok(json) = serde_json::to_string(&c.contact)
            {
                storage::set(CONTACT_KEY, &json);
            }
            config
        });
        let kept = storage::get(CONTACT_KEY).and_then(|json| serde_json::from_str(&json).ok());
        Self {
            value: Signal::derive(move || resource.get()),
            resource: Some(resource),
            kept_contact: StoredValue::new(kept),
        }
    }

    /// A fixed configuration (gallery stories, tests).
    pub fn fixture(config: PublicConfig) -> Self {
        Self {
            value: Signal::stored(Some(Ok(config))),
            resource: None,
            kept_contact: StoredValue::new(None),
        }
    }

    /// A configuration that could not be loaded, with the help desk a browser kept (the
    /// gallery's story of that state).
    pub fn failed(kept_contact: Option<Contact>) -> Self {
        Self {
            value: Signal::stored(Some(Err(ApiError::Network))),
            resource: None,
            kept_contact: StoredValue::new(kept_contact),
        }
    }

    /// The configuration once loaded (reactive).
    pub fn get(&self) -> Option<PublicConfig> {
        self.value.get().and_then(Result::ok)
    }

    /// Whether loading it failed (reactive).
    pub fn failed_to_load(&self) -> bool {
        self.value.with(|v| matches!(v, Some(Err(_))))
    }

    /// Whether it is loaded (reactive).
    pub fn loaded(&self) -> bool {
        self.value.with(|v| matches!(v, Some(Ok(_))))
    }

    /// Loads it again (after a failure).
    pub fn retry(&self) {
        if let Some(resource) = self.resource {
            resource.refetch();
        }
    }

    /// A value of the loaded configuration (reactive); `T::default()` before it is loaded
    /// (the layout shows the screens only once it is).
    pub fn read<T: Default>(&self, f: impl FnOnce(&PublicConfig) -> T) -> T {
        self.value.with(|c| match c {
            Some(Ok(config)) => f(config),
            _ => T::default(),
        })
    }

    /// The help desk: the loaded configuration's, or the one kept from the last time this
    /// browser loaded it (reactive).
    pub fn contact(&self) -> Option<Contact> {
        self.get()
            .map(|c| c.contact)
            .or_else(|| self.kept_contact.get_value())
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
