//! The UI language and its context.

use leptos::prelude::*;

use otp_api::config::Localized;

use super::{Messages, en, ja};

/// A language the SPA speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Locale {
    /// 日本語 (default).
    #[default]
    Ja,
    /// English.
    En,
}

impl Locale {
    /// The BCP 47 tag, for `<html lang>` and storage.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    /// The locale for a stored tag (anything unknown falls back to Japanese).
    pub fn from_tag(tag: &str) -> Self {
        if tag.eq_ignore_ascii_case("en") {
            Locale::En
        } else {
            Locale::Ja
        }
    }

    /// This locale's catalog.
    pub const fn messages(self) -> &'static Messages {
        match self {
            Locale::Ja => &ja::MESSAGES,
            Locale::En => &en::MESSAGES,
        }
    }
}

/// The UI language, as a context: read with [`use_i18n`].
#[derive(Clone, Copy, Debug)]
pub struct I18n(pub RwSignal<Locale>);

impl I18n {
    /// The current catalog (reactive: call it inside a closure).
    pub fn t(&self) -> &'static Messages {
        self.0.get().messages()
    }

    /// The current locale (reactive).
    pub fn locale(&self) -> Locale {
        self.0.get()
    }

    /// The current language's text of a pair the bank configures (reactive).
    pub fn pick(&self, text: &Localized) -> String {
        match self.locale() {
            Locale::Ja => text.ja.clone(),
            Locale::En => text.en.clone(),
        }
    }
}

/// The I18n context.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for l in [Locale::Ja, Locale::En] {
            assert_eq!(Locale::from_tag(l.tag()), l);
        }
        assert_eq!(Locale::from_tag("fr"), Locale::Ja);
    }
}
