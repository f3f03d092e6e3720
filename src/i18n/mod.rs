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

pub use locale::{Catalog, I18n, Locale, prefetch_english, use_i18n};
pub use messages::*;

#[cfg(test)]
mod tests {
    use super::*;
    use otp_api::problem::{ErrorCode, FieldErrorCode};
    use strum::IntoEnumIterator;

    const LOCALES: [Locale; 2] = [Locale::Ja, Locale::En];

    /// The whole catalog of a language.
    fn messages(locale: Locale) -> &'static Messages {
        match locale {
            Locale::Ja => &ja::MESSAGES,
            Locale::En => &en::MESSAGES,
        }
    }

    #[test]
    fn every_message_is_filled_in_both_languages() {
        for locale in LOCALES {
            let m = messages(locale);
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
            let error = messages(locale).error;
            let texts: HashSet<_> = ErrorCode::iter().map(error).collect();
            assert_eq!(texts.len(), ErrorCode::iter().count(), "{locale:?}");
        }
    }

    #[test]
    fn templates_put_their_value_in_place() {
        assert_eq!(
            (messages(Locale::Ja).home.welcome)("山田 太郎"),
            "ようこそ、山田 太郎 様"
        );
        assert_eq!((messages(Locale::En).home.welcome)("Taro"), "Welcome, Taro");
        assert_eq!(
            (messages(Locale::Ja).errors.remaining_password_attempts)(2),
            "あと2回間違えると、ご利用が停止されます。"
        );
        assert_eq!((messages(Locale::En).keyboard.capital)('A'), "capital A");
    }

    /// The values a bank configures never stand in a catalog's fixed text: they come in as
    /// parameters (here: unusual ones, found in place, and the defaults nowhere).
    #[test]
    fn configurable_values_come_from_the_configuration() {
        for locale in LOCALES {
            let m = messages(locale);
            let fixed = format!("{m:?}");
            for default in [
                "当金庫",
                "10桁",
                "6桁",
                "6〜16",
                "30秒",
                "5回",
                "10分",
                "VSST",
                "10 digits",
                "6 digits",
                "10 minutes",
                "30 seconds",
            ] {
                assert!(
                    !fixed.contains(default),
                    "{locale:?}: {default:?} written into the catalog"
                );
            }
            let serial = otp_api::validate::SerialRule {
                letters: 3,
                digits: 9,
                example: "ABC123456789".into(),
            };
            let facts = OtpFacts {
                period: 45,
                digits: 7,
                serial: &serial,
                otp_failures: 4,
                bank_self: "当組合",
            };
            let guide = format!("{:?}", (m.help.otp_sections)(&facts));
            let (period, digits, failures) = match locale {
                Locale::Ja => ("45秒", "7桁", "4回"),
                Locale::En => ("45 seconds", "7-digit", "After 4 wrong"),
            };
            for value in [period, digits, failures, "ABC123456789", "当組合"] {
                assert!(
                    guide.contains(value),
                    "{locale:?}: {value:?} missing from {guide}"
                );
            }
            for default in ["30", "6桁", "6-digit", "5回", "After 5", "VSST", "当金庫"] {
                assert!(
                    !guide.contains(default),
                    "{locale:?}: {default:?} in {guide}"
                );
            }
            let p = &m.procedure;
            assert!((p.serial_hint)(3, 9, "ABC123456789").contains("ABC123456789"));
            assert!((p.otp_hint)(8).contains('8'));
            assert!((m.login.contract_id_hint)(8).contains('8'));
            assert!((m.login.password_hint)(8, 20).contains("20"));
            assert!((m.login.lock_note)(3).contains('3'));
            assert!((p.time_limit)(&(m.common.span)(300)).contains('5'));
            assert!((p.no_old_token)("当組合").contains("当組合"));
            assert!((m.problems.account_locked_body)("Midori Bank").contains("Midori Bank"));
        }
        assert_eq!((messages(Locale::Ja).common.span)(300), "5分");
        assert_eq!((messages(Locale::Ja).common.span)(90), "90秒");
        assert_eq!((messages(Locale::En).common.span)(60), "1 minute");
        assert_eq!((messages(Locale::En).common.span)(600), "10 minutes");
        assert_eq!((messages(Locale::En).common.span)(45), "45 seconds");
    }

    #[test]
    fn every_default_symbol_has_a_spoken_name_in_both_languages() {
        let symbols = otp_api::validate::PasswordRule::default().symbols;
        for locale in LOCALES {
            let k = &messages(locale).keyboard;
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
