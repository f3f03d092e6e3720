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

/// The bank's software-token app: its name and where to get it (the seed's first step).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenApp {
    /// The app's name as the stores show it.
    pub name: Localized,
    /// Its page on Apple's App Store, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_store_url: Option<String>,
    /// Its page on Google Play, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google_play_url: Option<String>,
}

/// How many mistakes in a row lock what.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockRules {
    /// Wrong login passwords that lock the account.
    pub password_failures: u32,
    /// Wrong one-time passwords that lock the token.
    pub otp_failures: u32,
}

impl Default for LockRules {
    fn default() -> Self {
        Self {
            password_failures: 5,
            otp_failures: 5,
        }
    }
}

/// The body of `GET /config`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicConfig {
    /// The bank's name, shown in the header.
    pub bank_name: Localized,
    /// How the bank calls itself in its texts: 当金庫, 当行, 当組合 … ("the bank").
    pub bank_self: Localized,
    /// The bank's public web site (where 「戻る」 on the login screen leads).
    pub bank_url: String,
    /// The bank's time zone (IANA name): its hours and every deadline shown are in it.
    pub time_zone: String,
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
    /// Seconds a procedure (利用開始, 交換, 利用中止) may take from its start.
    pub procedure_seconds: u32,
    /// The lock thresholds.
    pub locks: LockRules,
    /// The bank's token app, when configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_app: Option<TokenApp>,
    /// Whether the bank mails the customer a notice of every token change and lock.
    pub notices: bool,
    /// The field rules.
    pub rules: FieldRules,
    /// Passkeys and the factor-change policy.
    #[serde(default)]
    pub passkeys: crate::passkey::PasskeyRules,
    /// Whether 「心当たりがない」 also locks the account until the bank unlocks it.
    #[serde(default)]
    pub report_locks: bool,
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
            bank_self: Localized {
                ja: "当金庫".into(),
                en: "the bank".into(),
            },
            bank_url: "https://www.sakura-shinkin.example/".into(),
            time_zone: "Asia/Tokyo".into(),
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
            procedure_seconds: 600,
            locks: LockRules::default(),
            token_app: Some(TokenApp {
                name: Localized {
                    ja: "さくらトークン".into(),
                    en: "Sakura Token".into(),
                },
                app_store_url: Some("https://apps.apple.com/jp/app/id0000000000".into()),
                google_play_url: Some(
                    "https://play.google.com/store/apps/details?id=example.sakura.token".into(),
                ),
            }),
            notices: true,
            rules: FieldRules::default(),
            passkeys: crate::passkey::PasskeyRules {
                enabled: true,
                ..crate::passkey::PasskeyRules::default()
            },
            report_locks: false,
        }
    }
}
