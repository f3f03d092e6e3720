//! The UI language and its context.

use leptos::prelude::*;

use otp_api::config::Localized;

use super::*;
use crate::storage;
use otp_api::problem::{ErrorCode, FieldErrorCode};

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
}

/// A catalog in hand: the Japanese one, built in, or the English one once its chunk has
/// arrived ([`english`]). Each section is read through its own accessor, which names only
/// that section of the Japanese catalog: a section only the lazy routes read travels in their
/// chunks, not in the first module.
#[derive(Clone, Copy, Debug)]
pub enum Catalog {
    /// 日本語.
    Ja,
    /// English, from its chunk.
    En(&'static Messages),
}

macro_rules! sections {
    ($( $(#[$attr:meta])* $name:ident: $ty:ty; )*) => {
        impl Catalog {
            $(
                $(#[$attr])*
                pub fn $name(self) -> &'static $ty {
                    match self {
                        Catalog::Ja => {
                            const SECTION: $ty = ja::MESSAGES.$name;
                            &SECTION
                        }
                        Catalog::En(m) => &m.$name,
                    }
                }
            )*
        }
    };
}

sections! {
    /// Shared across screens.
    common: CommonMessages;
    /// The login screen.
    login: LoginMessages;
    /// The login's OTP step.
    otp_login: OtpLoginMessages;
    /// The home screen.
    home: HomeMessages;
    /// Home's 前回ログイン section.
    previous_login: PreviousLoginMessages;
    /// ご利用履歴 and 「心当たりがない」.
    activity: ActivityMessages;
    /// The three procedures.
    procedure: ProcedureMessages;
    /// The wrong-state pages.
    problems: ProblemMessages;
    /// The help pages.
    help: HelpMessages;
    /// The soft keyboard.
    keyboard: KeyboardMessages;
    /// The demo token panel.
    #[cfg(feature = "demo")]
    demo: DemoMessages;
    /// The designers' gallery.
    #[cfg(feature = "gallery")]
    gallery: GalleryMessages;
    /// The not-found screen.
    not_found: NotFoundMessages;
    /// Around an error: no answer, attempts left, how long to wait.
    errors: ErrorMessages;
}

impl Catalog {
    /// Its language.
    pub fn locale(self) -> Locale {
        match self {
            Catalog::Ja => Locale::Ja,
            Catalog::En(_) => Locale::En,
        }
    }

    /// The message for an API error code.
    pub fn error(self, code: ErrorCode) -> &'static str {
        match self {
            Catalog::Ja => {
                const ERROR: fn(ErrorCode) -> &'static str = ja::MESSAGES.error;
                ERROR(code)
            }
            Catalog::En(m) => (m.error)(code),
        }
    }

    /// The message for a field error code.
    pub fn field(self, code: FieldErrorCode) -> &'static str {
        match self {
            Catalog::Ja => {
                const FIELD: fn(FieldErrorCode) -> &'static str = ja::MESSAGES.field;
                FIELD(code)
            }
            Catalog::En(m) => (m.field)(code),
        }
    }

    /// Either catalog at once, for tests and the gallery (which show both languages side by
    /// side); the SPA itself fetches English when it is chosen.
    #[cfg(any(test, feature = "gallery"))]
    pub fn built_in(locale: Locale) -> Self {
        match locale {
            Locale::Ja => Catalog::Ja,
            Locale::En => Catalog::En(&en::MESSAGES),
        }
    }
}

/// The UI language, as a context: read with [`use_i18n`]. Choosing English fetches its
/// catalog first; the screens switch when it is there (and stay as they are when it cannot
/// be fetched: [`I18n::failed`]).
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    catalog: RwSignal<Catalog>,
    ready: RwSignal<bool>,
    failed: RwSignal<bool>,
    chosen: StoredValue<Locale>,
}

impl I18n {
    /// The language this browser chose: Japanese at once, English once its catalog is here
    /// ([`I18n::ready`] until then is false).
    pub fn new(locale: Locale) -> Self {
        let i18n = I18n {
            catalog: RwSignal::new(Catalog::Ja),
            ready: RwSignal::new(locale == Locale::Ja),
            failed: RwSignal::new(false),
            chosen: StoredValue::new(locale),
        };
        if locale == Locale::En {
            i18n.choose(Locale::En);
        }
        i18n
    }

    /// A context with a catalog already in hand (tests, the gallery).
    pub fn with(catalog: Catalog) -> Self {
        I18n {
            catalog: RwSignal::new(catalog),
            ready: RwSignal::new(true),
            failed: RwSignal::new(false),
            chosen: StoredValue::new(catalog.locale()),
        }
    }

    /// As when the other language could not be fetched (the gallery's story of it).
    #[cfg(feature = "gallery")]
    pub fn fail_to_switch(&self) {
        self.failed.set(true);
    }

    /// The current catalog (reactive: call it inside a closure).
    pub fn t(&self) -> Catalog {
        self.catalog.get()
    }

    /// The current locale (reactive).
    pub fn locale(&self) -> Locale {
        self.t().locale()
    }

    /// Whether the language this browser chose is shown (false only while the English
    /// catalog of a returning English reader is on its way).
    pub fn ready(&self) -> bool {
        self.ready.get()
    }

    /// Whether the last choice of English could not be fetched (the network message).
    pub fn failed(&self) -> bool {
        self.failed.get()
    }

    /// Shows `locale`, and remembers it in this browser: Japanese at once, English once its
    /// catalog is fetched (a later choice made meanwhile wins).
    pub fn choose(&self, locale: Locale) {
        let this = *self;
        this.chosen.set_value(locale);
        this.failed.set(false);
        let show = move |catalog: Catalog| {
            this.catalog.set(catalog);
            storage::set(storage::LANGUAGE_KEY, locale.tag());
        };
        match locale {
            Locale::Ja => {
                show(Catalog::Ja);
                this.ready.set(true);
            }
            Locale::En => leptos::task::spawn_local(async move {
                let messages = english().await;
                if this.chosen.get_value() == Locale::En {
                    match messages {
                        Some(messages) => show(Catalog::En(messages)),
                        None => this.failed.set(true),
                    }
                }
                this.ready.set(true);
            }),
        }
    }

    /// The current language's text of a pair the bank configures (reactive).
    pub fn pick(&self, text: &Localized) -> String {
        match self.locale() {
            Locale::Ja => text.ja.clone(),
            Locale::En => text.en.clone(),
        }
    }
}

/// The English catalog, from its chunk (None when it could not be fetched).
#[cfg(feature = "split")]
async fn english() -> Option<&'static Messages> {
    load_english().await.ok()
}

/// The English catalog, built in: wasm-bindgen's test runner has no chunk loader.
#[cfg(not(feature = "split"))]
async fn english() -> Option<&'static Messages> {
    Some(&en::MESSAGES)
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    english,
    fallible,
    wasm_split_path = ::leptos::wasm_split,
    preload(#[doc(hidden)] preload_english)
)]
fn load_english() -> Result<&'static Messages, leptos::wasm_split::SplitLoaderError> {
    Ok(&en::MESSAGES)
}

/// Fetches the English catalog ahead (when the pointer or focus reaches the language switch).
pub fn prefetch_english() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_english().await;
    });
}

/// The I18n context.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The accessors read the same catalog the struct holds, section by section.
    #[test]
    fn every_section_reads_its_own_catalog() {
        use strum::IntoEnumIterator;
        for (locale, messages) in [(Locale::Ja, &ja::MESSAGES), (Locale::En, &en::MESSAGES)] {
            let c = Catalog::built_in(locale);
            assert_eq!(c.locale(), locale);
            macro_rules! same_sections {
                ($($section:ident),*) => {$(
                    assert_eq!(
                        format!("{:?}", c.$section()),
                        format!("{:?}", messages.$section),
                        "{locale:?} {}",
                        stringify!($section)
                    );
                )*};
            }
            same_sections!(
                common, login, otp_login, home, procedure, problems, help, keyboard, not_found,
                errors
            );
            for code in ErrorCode::iter() {
                assert_eq!(c.error(code), (messages.error)(code));
            }
            for code in FieldErrorCode::iter() {
                assert_eq!(c.field(code), (messages.field)(code));
            }
        }
    }

    #[test]
    fn tags_round_trip() {
        for l in [Locale::Ja, Locale::En] {
            assert_eq!(Locale::from_tag(l.tag()), l);
        }
        assert_eq!(Locale::from_tag("fr"), Locale::Ja);
    }
}
