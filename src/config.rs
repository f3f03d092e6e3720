//! The bank's configuration (`GET /config`) as a context, loaded once at start (or given as a
//! fixture, in the gallery and in component tests, with no network call). The screens are
//! shown once it is loaded (see the layout); when it cannot be, the help desk it named last
//! time in this browser is still shown, with a retry.

use leptos::prelude::*;
use otp_api::config::{Contact, FieldRules, Localized, PublicConfig};

use crate::api::{self, ApiError};
use crate::storage;

/// The key under which the help desk of the last configuration is kept (public details).
const CONTACT_KEY: &str = "otp-portal.contact";

/// The configuration, read with [`use_config`]: `None` while it loads.
#[derive(Clone, Copy)]
pub struct ConfigContext {
    value: RwSignal<Option<Result<PublicConfig, ApiError>>>,
    /// Whether it comes from the API (and so can be loaded again), not from a fixture.
    from_api: bool,
    /// The help desk as this browser last loaded it.
    kept_contact: StoredValue<Option<Contact>>,
}

impl ConfigContext {
    /// Starts loading the configuration from the API; keeps its help desk in this browser.
    /// A signal set by one task, not a resource: the first module needs no resource
    /// machinery for it (docs/performance.md).
    pub fn load() -> Self {
        let kept = storage::get(CONTACT_KEY).and_then(|text| kept(&text));
        let this = Self {
            value: RwSignal::new(None),
            from_api: true,
            kept_contact: StoredValue::new(kept),
        };
        this.fetch();
        this
    }

    fn fetch(self) {
        let value = self.value;
        leptos::task::spawn_local(async move {
            let config = api::config().await;
            if let Ok(c) = &config {
                storage::set(CONTACT_KEY, &keep(&c.contact));
            }
            value.set(Some(config));
        });
    }

    /// A fixed configuration (gallery stories, tests).
    pub fn fixture(config: PublicConfig) -> Self {
        Self {
            value: RwSignal::new(Some(Ok(config))),
            from_api: false,
            kept_contact: StoredValue::new(None),
        }
    }

    /// A configuration that could not be loaded, with the help desk a browser kept (the
    /// gallery's story of that state).
    pub fn failed(kept_contact: Option<Contact>) -> Self {
        Self {
            value: RwSignal::new(Some(Err(ApiError::Network))),
            from_api: false,
            kept_contact: StoredValue::new(kept_contact),
        }
    }

    /// The configuration once loaded (reactive).
    pub fn get(&self) -> Option<PublicConfig> {
        self.value.get().and_then(Result::ok)
    }

    /// Whether loading it failed (reactive).
    pub fn failed_to_load(&self) -> bool {
        matches!(self.value.get(), Some(Err(_)))
    }

    /// Whether it is loaded (reactive).
    pub fn loaded(&self) -> bool {
        self.get().is_some()
    }

    /// Loads it again (after a failure).
    pub fn retry(&self) {
        if self.from_api {
            self.fetch();
        }
    }

    /// A value of the loaded configuration (reactive); `T::default()` before it is loaded
    /// (the layout shows the screens only once it is).
    pub fn read<T: Default>(&self, f: impl FnOnce(&PublicConfig) -> T) -> T {
        // Through `get` (one clone): a `with` per call site would put a copy of the signal's
        // reading code into the wasm for each.
        self.get().as_ref().map(f).unwrap_or_default()
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

/// The help desk as kept in this browser: its five texts on lines of their own (no JSON
/// writer in the wasm for this).
fn keep(c: &Contact) -> String {
    [&c.name.ja, &c.name.en, &c.phone, &c.hours.ja, &c.hours.en]
        .map(|s| s.replace('\n', " "))
        .join("\n")
}

/// The help desk kept by [`keep`]; `None` for anything else.
fn kept(text: &str) -> Option<Contact> {
    let mut lines = text.split('\n').map(str::to_owned);
    let mut next = || lines.next();
    let contact = Contact {
        name: Localized {
            ja: next()?,
            en: next()?,
        },
        phone: next()?,
        hours: Localized {
            ja: next()?,
            en: next()?,
        },
    };
    next().is_none().then_some(contact)
}

/// The configuration context.
pub fn use_config() -> ConfigContext {
    expect_context::<ConfigContext>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_help_desk_reads_back_and_nothing_else_does() {
        let contact = PublicConfig::example().contact;
        assert_eq!(kept(&keep(&contact)), Some(contact));
        assert_eq!(kept("only\nfour\nlines\nhere"), None);
        assert_eq!(kept("a\nb\nc\nd\ne\nf"), None);
    }
}
