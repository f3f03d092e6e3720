//! Message catalogs: Japanese (the default) and English.
//!
//! A catalog is a value of the [`Messages`] struct, so a key missing from either language is a
//! compile error; a message with a value in it is a function of that typed value; each API
//! error code maps to exactly one message through an exhaustive `match` per language.
//! `locale` holds the language and its context, `messages` the catalog's shape.

mod en;
mod ja;
mod locale;
mod messages;

pub use locale::{I18n, Locale, use_i18n};
pub use messages::*;

#[cfg(test)]
mod tests {
    use super::*;
    use otp_api::problem::{ErrorCode, FieldErrorCode};
    use strum::IntoEnumIterator;

    const LOCALES: [Locale; 2] = [Locale::Ja, Locale::En];

    #[test]
    fn every_message_is_filled_in_both_languages() {
        for locale in LOCALES {
            let m = locale.messages();
            let text = format!("{m:?}");
            assert!(!text.contains(": \"\""), "{locale:?} has an empty message");
            for code in ErrorCode::iter() {
                assert!(!(m.error)(code).is_empty(), "{locale:?} {code:?}");
            }
            for code in FieldErrorCode::iter() {
                assert!(!(m.field)(code).is_empty(), "{locale:?} {code:?}");
            }
        }
    }

    #[test]
    fn error_codes_have_distinct_messages() {
        use std::collections::HashSet;
        for locale in LOCALES {
            let error = locale.messages().error;
            let texts: HashSet<_> = ErrorCode::iter().map(error).collect();
            assert_eq!(texts.len(), ErrorCode::iter().count(), "{locale:?}");
        }
    }

    #[test]
    fn templates_put_their_value_in_place() {
        assert_eq!(
            (Locale::Ja.messages().home.welcome)("山田 太郎"),
            "ようこそ、山田 太郎 様"
        );
        assert_eq!(
            (Locale::En.messages().home.welcome)("Taro"),
            "Welcome, Taro"
        );
        assert_eq!(
            (Locale::Ja.messages().errors.remaining_password_attempts)(2),
            "あと2回間違えると、ご利用が停止されます。"
        );
        assert_eq!((Locale::En.messages().keyboard.capital)('A'), "capital A");
    }

    #[test]
    fn every_default_symbol_has_a_spoken_name_in_both_languages() {
        let symbols = otp_api::validate::PasswordRule::default().symbols;
        for locale in LOCALES {
            let k = &locale.messages().keyboard;
            for c in symbols.chars() {
                assert_ne!(
                    k.symbol_name(c),
                    c.to_string(),
                    "{locale:?} lacks a name for {c}"
                );
            }
        }
    }
}
