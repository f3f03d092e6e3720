//! `GET /config`: what the SPA needs to know about the bank and its rules.

use serde::{Deserialize, Serialize};

use crate::validate::{ContractIdRule, PasswordRule, SerialRule};

/// A text in both of the SPA's languages.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Localized {
    /// Japanese (the default).
    pub ja: String,
    /// English.
    pub en: String,
}

/// How a customer reaches the bank (shown where the customer cannot go on alone).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// The desk's name, e.g. 「インターネットバンキング ヘルプデスク」.
    pub name: Localized,
    /// Telephone number as dialled in Japan.
    pub phone: String,
    /// Opening hours.
    pub hours: Localized,
}

/// The field rules the server enforces; the SPA checks the same ones before sending.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldRules {
    /// 契約者ID(利用者番号).
    pub contract_id: ContractIdRule,
    /// ログインパスワード.
    pub password: PasswordRule,
    /// シリアル番号.
    pub serial: SerialRule,
}

/// The body of `GET /config`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicConfig {
    /// The bank's name, shown in the header.
    pub bank_name: Localized,
    /// The bank's public web site (where 「戻る」 on the login screen leads).
    pub bank_url: String,
    /// The bank's help desk.
    pub contact: Contact,
    /// Whether the demo token endpoint and panel are on.
    pub demo: bool,
    /// Digits of a one-time password by default.
    pub otp_digits: u8,
    /// Seconds a one-time password is shown for by default.
    pub otp_period: u32,
    /// Seconds of inactivity after which a session ends.
    pub session_idle_seconds: u32,
    /// The field rules.
    pub rules: FieldRules,
}

impl PublicConfig {
    /// An example bank with the contract's default rules and demo mode on: the fixture of the
    /// SPA's gallery and component tests.
    pub fn example() -> Self {
        Self {
            bank_name: Localized {
                ja: "さくら信用金庫".into(),
                en: "Sakura Shinkin Bank".into(),
            },
            bank_url: "https://www.sakura-shinkin.example/".into(),
            contact: Contact {
                name: Localized {
                    ja: "インターネットバンキング ヘルプデスク".into(),
                    en: "Internet Banking Help Desk".into(),
                },
                phone: "0120-000-000".into(),
                hours: Localized {
                    ja: "平日 9:00〜17:00(祝日・年末年始を除く)".into(),
                    en: "Weekdays 9:00–17:00 JST (except holidays)".into(),
                },
            },
            demo: true,
            otp_digits: 6,
            otp_period: 30,
            session_idle_seconds: 600,
            rules: FieldRules::default(),
        }
    }
}
