//! The shape of a catalog: one struct per screen, so a message missing from either language
//! is a compile error. A message with a value in it is a function of that typed value.

use otp_api::activity::{ActivityEvent, LoginFactor};
use otp_api::problem::{ErrorCode, FieldErrorCode};
use otp_api::validate::SerialRule;

/// Every string the UI shows.
#[derive(Debug)]
pub struct Messages {
    /// Shared across screens.
    pub common: CommonMessages,
    /// The login screen.
    pub login: LoginMessages,
    /// The login's OTP step.
    pub otp_login: OtpLoginMessages,
    /// The home screen.
    pub home: HomeMessages,
    /// Home's 前回ログイン section.
    pub previous_login: PreviousLoginMessages,
    /// ご利用履歴 and 「心当たりがない」.
    pub activity: ActivityMessages,
    /// The three procedures.
    pub procedure: ProcedureMessages,
    /// The wrong-state pages.
    pub problems: ProblemMessages,
    /// The help pages.
    pub help: HelpMessages,
    /// The soft keyboard.
    pub keyboard: KeyboardMessages,
    /// The demo token panel (demo builds only).
    #[cfg(feature = "demo")]
    pub demo: DemoMessages,
    /// The designers' gallery (gallery builds only).
    #[cfg(feature = "gallery")]
    pub gallery: GalleryMessages,
    /// The not-found screen.
    pub not_found: NotFoundMessages,
    /// The message for each API error code (an exhaustive `match` in each language).
    pub error: fn(ErrorCode) -> &'static str,
    /// The message for each field error code.
    pub field: fn(FieldErrorCode) -> &'static str,
    /// The messages around an error: no answer, attempts left, how long to wait.
    pub errors: ErrorMessages,
}

/// Strings shared across screens.
#[derive(Debug)]
pub struct CommonMessages {
    /// The document title's suffix.
    pub app_title: &'static str,
    /// The help desk's box: its heading and the labels of its lines.
    pub contact_heading: &'static str,
    pub contact_phone: &'static str,
    pub contact_hours: &'static str,
    /// The language switch's accessible name.
    pub language_label: &'static str,
    /// The name of the other language, in that language (the switch's text).
    pub other_language: &'static str,
    /// Skip link.
    pub skip_to_content: &'static str,
    /// Shown while something loads.
    pub loading: &'static str,
    /// The heading of an error summary.
    pub error_summary_title: &'static str,
    /// Retry after a network failure.
    pub retry: &'static str,
    /// A span of time from seconds: whole minutes as minutes ("10分", "10 minutes").
    pub span: fn(u32) -> String,
    /// The bank's configuration could not be loaded: what the customer can do.
    pub config_failed: &'static str,
    /// The other language could not be fetched (the page stays as it is).
    pub language_failed: &'static str,
}

/// The login screen, in the seed's wording.
#[derive(Debug)]
pub struct LoginMessages {
    /// Page heading.
    pub page_title: &'static str,
    /// The login section's heading.
    pub section_title: &'static str,
    /// The instruction above the form.
    pub instruction: &'static str,
    /// 契約者ID(利用者番号).
    pub contract_id_label: &'static str,
    /// Hint under the contract ID (its digits).
    pub contract_id_hint: fn(u8) -> String,
    /// ログインパスワード.
    pub password_label: &'static str,
    /// Hint under the password (fewest and most characters).
    pub password_hint: fn(u8, u8) -> String,
    /// The show-password toggle.
    pub show_password: &'static str,
    /// Caps Lock is on.
    pub caps_lock_on: &'static str,
    /// 戻る.
    pub back: &'static str,
    /// ログイン.
    pub submit: &'static str,
    /// Shown on the button while logging in.
    pub submitting: &'static str,
    /// Between the form and the passkey button (または).
    pub passkey_or: &'static str,
    /// パスキーでログイン.
    pub passkey_button: &'static str,
    /// Shown on it while the browser's dialog is open.
    pub passkey_pending: &'static str,
    /// Under it: who can use it.
    pub passkey_note: &'static str,
    /// The notes under the form.
    pub notes: &'static [&'static str],
    /// The note on the lock (wrong passwords in a row that lock the account).
    pub lock_note: fn(u32) -> String,
    /// The OTP management section's heading.
    pub otp_section_title: &'static str,
    /// Its lead sentence.
    pub otp_section_lead: &'static str,
    /// Its three instructions.
    pub otp_instructions: &'static [&'static str],
    /// 利用開始.
    pub activate: &'static str,
    /// 交換.
    pub exchange: &'static str,
    /// 利用中止.
    pub stop: &'static str,
    /// The link to the OTP guide.
    pub otp_guide_link: &'static str,
    /// 【注意事項】.
    pub caution_title: &'static str,
    /// The seed's caution about uninstalling the old token.
    pub caution_uninstall: &'static str,
}

/// The login's OTP step.
#[derive(Debug)]
pub struct OtpLoginMessages {
    pub page_title: &'static str,
    pub lead: &'static str,
    pub otp_label: &'static str,
    pub submit: &'static str,
    pub back_to_login: &'static str,
}

/// The home screen.
#[derive(Debug)]
pub struct HomeMessages {
    /// Greeting (the customer's name).
    pub welcome: fn(&str) -> String,
    /// ログアウト.
    pub logout: &'static str,
    pub token_title: &'static str,
    pub token_none: &'static str,
    pub token_serial: &'static str,
    pub token_since: &'static str,
    pub token_last_used: &'static str,
    pub token_never_used: &'static str,
    pub token_status: &'static str,
    pub token_active: &'static str,
    /// A locked token's status (the bank's self-reference).
    pub token_locked: fn(&str) -> String,
    pub procedures_title: &'static str,
    pub procedures_lead: &'static str,
    /// Idle warning heading.
    pub idle_title: &'static str,
    /// The seconds left.
    pub idle_body: fn(u32) -> String,
    pub idle_continue: &'static str,
    /// The パスキー section.
    pub passkeys: PasskeyMessages,
}

/// Home's 前回ログイン section (a section of its own: home's chunk carries only it).
#[derive(Debug)]
pub struct PreviousLoginMessages {
    /// The section's heading.
    pub title: &'static str,
    /// The previous login: when (formatted) and how.
    pub when_how: fn(&str, LoginFactor) -> String,
    /// There was none before this one.
    pub first_login: &'static str,
    /// Wrong passwords since the previous login (`true`) or ever (`false`, a first login).
    pub failed_passwords: fn(u32, bool) -> String,
    /// Wrong one-time passwords, the same way.
    pub failed_otps: fn(u32, bool) -> String,
    /// What to do if a login or a failure was not the customer's.
    pub not_me_lead: &'static str,
    /// 「心当たりがない」.
    pub not_me: &'static str,
    /// The link to the activity page.
    pub history_link: &'static str,
}

/// The ご利用履歴 page and 「心当たりがない」.
#[derive(Debug)]
pub struct ActivityMessages {
    /// The activity page's heading.
    pub page_title: &'static str,
    /// What the page lists (how many days back).
    pub lead: fn(u32) -> String,
    pub empty: &'static str,
    /// The list's accessible name.
    pub list_label: &'static str,
    /// One event, in words (the bank's self-reference for the bank's own actions).
    pub event: fn(&ActivityEvent, &str) -> String,
    /// Where from: the browser and system families, and the masked address.
    pub device: fn(Option<&str>, Option<&str>, Option<&str>) -> String,
    /// The bank's own action (no browser).
    pub by_bank: fn(&str) -> String,
    /// Page N of M.
    pub page_of: fn(u32, u32) -> String,
    pub newer: &'static str,
    pub older: &'static str,
    pub pages_label: &'static str,
    pub back_home: &'static str,
    /// After a report that locked the account: to the login screen.
    pub back_to_login: &'static str,
    /// The report's page heading.
    pub report_title: &'static str,
    pub report_lead: &'static str,
    /// What the report does, step by step.
    pub report_does: [&'static str; 3],
    /// With `security.report_locks`: the account stays locked until the bank unlocks it.
    pub report_locks: fn(&str) -> String,
    pub report_confirm: &'static str,
    pub reporting: &'static str,
    pub report_back: &'static str,
    /// The answer's heading.
    pub reported_title: &'static str,
    /// Other logins ended.
    pub reported_sessions: fn(u32) -> String,
    /// Procedures cancelled.
    pub reported_procedures: fn(u32) -> String,
    /// The account is locked until the bank unlocks it.
    pub reported_locked: fn(&str) -> String,
    pub next_title: &'static str,
    /// Call the help desk (the bank's self-reference).
    pub next_call: fn(&str) -> String,
    /// The bank can stop the token and remove passkeys.
    pub next_stop: fn(&str) -> String,
    /// Change the password at the bank's main internet banking.
    pub next_password: &'static str,
    /// Never give codes to anyone.
    pub next_never: fn(&str) -> String,
}

/// Home's パスキー section.
#[derive(Debug)]
pub struct PasskeyMessages {
    pub title: &'static str,
    /// What a passkey is and why it helps.
    pub lead: &'static str,
    /// No passkey yet.
    pub none: &'static str,
    /// パスキーを登録.
    pub register: &'static str,
    /// Shown on it while the browser's dialog is open.
    pub registering: &'static str,
    /// The name a new passkey gets (its number among the contract's).
    pub default_name: fn(usize) -> String,
    /// The list's column names.
    pub added: &'static str,
    pub last_used: &'static str,
    pub never_used: &'static str,
    /// Synced between the customer's devices, or bound to one.
    pub synced: &'static str,
    pub device_bound: &'static str,
    pub rename: &'static str,
    pub remove: &'static str,
    pub name_label: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    /// Asked before removing (the passkey's name).
    pub remove_question: fn(&str) -> String,
    pub remove_confirm: &'static str,
    /// The limit reached (the limit).
    pub limit: fn(u32) -> String,
    /// Confirming first: with the one-time password.
    pub confirm_otp_lead: &'static str,
    /// Confirming first: with a passkey (a relay's password and code are not enough).
    pub confirm_passkey_lead: &'static str,
    pub confirm_otp_button: &'static str,
    pub confirm_passkey_button: &'static str,
    /// Confirmed: the customer may go on (the minutes it lasts).
    pub confirmed: fn(u32) -> String,
    /// Done.
    pub added_notice: &'static str,
    pub renamed_notice: &'static str,
    pub removed_notice: &'static str,
    /// Without a token or a passkey, nothing can prove the contract.
    pub needs_token: &'static str,
}

/// The three procedures' screens.
#[derive(Debug)]
pub struct ProcedureMessages {
    pub activate_title: &'static str,
    pub exchange_title: &'static str,
    pub stop_title: &'static str,
    pub activate_lead: &'static str,
    pub exchange_lead: &'static str,
    pub stop_lead: &'static str,
    /// The step indicator's accessible name.
    pub steps_label: &'static str,
    pub step_credentials: &'static str,
    pub step_current_token: &'static str,
    /// The passkey step (in place of the current token's code).
    pub step_passkey: &'static str,
    pub step_new_token: &'static str,
    pub step_confirm: &'static str,
    pub step_completed: &'static str,
    /// Visually hidden after a done step's name.
    pub step_done_suffix: &'static str,
    pub next: &'static str,
    pub register: &'static str,
    pub sending: &'static str,
    pub cancel: &'static str,
    pub current_token_lead: &'static str,
    /// The passkey step: what to do.
    pub passkey_lead: &'static str,
    /// The passkey step: why a passkey and not the code.
    pub passkey_why: &'static str,
    /// The passkey step's button.
    pub passkey_button: &'static str,
    /// The passkey step: what to do without the device of any passkey.
    pub passkey_lost: &'static str,
    pub new_token_lead: &'static str,
    pub serial_label: &'static str,
    /// The serial's hint: its letters, its digits, an example.
    pub serial_hint: fn(u8, u8, &str) -> String,
    pub otp_label: &'static str,
    /// The code's hint (its digits).
    pub otp_hint: fn(u8) -> String,
    /// The date and time by which the procedure must be finished.
    pub expires_note: fn(&str) -> String,
    /// The start page's first step's heading.
    pub first_step_title: &'static str,
    /// 利用開始's first step: install the app (its name, if configured; the bank's
    /// self-reference).
    pub install_app_activate: fn(Option<&str>, &str) -> String,
    /// 交換's first step, the seed's: install the new token's app.
    pub install_app_exchange: fn(Option<&str>, &str) -> String,
    /// The store links' names.
    pub app_store: &'static str,
    pub google_play: &'static str,
    /// How long the procedure allows once started (the span).
    pub time_limit: fn(&str) -> String,
    /// The seed's cases for an exchange: the lead and the three cases.
    pub exchange_cases_lead: &'static str,
    pub exchange_cases: &'static [&'static str],
    pub exchange_warning: &'static str,
    /// Without the old token, call the bank (its self-reference).
    pub no_old_token: fn(&str) -> String,
    /// On a completion page, when the bank mails a notice of each change.
    pub notice_sent: &'static str,
    pub stop_confirm_lead: &'static str,
    pub stop_confirm_points: &'static [&'static str],
    pub stop_confirm_button: &'static str,
    pub activate_done_title: &'static str,
    pub activate_done_body: &'static str,
    pub exchange_done_title: &'static str,
    pub exchange_done_body: &'static str,
    pub stop_done_title: &'static str,
    pub stop_done_body: &'static str,
    pub cancelled_title: &'static str,
    pub cancelled_body: &'static str,
    pub registered_serial: &'static str,
    pub back_to_login: &'static str,
    pub loading_procedure: &'static str,
}

/// The wrong-state pages: what happened and what the customer can do.
#[derive(Debug)]
pub struct ProblemMessages {
    /// The link back to the login screen under a problem.
    pub to_login: &'static str,
    pub no_active_token_title: &'static str,
    pub no_active_token_body: &'static str,
    pub go_activate: &'static str,
    pub token_already_active_title: &'static str,
    pub token_already_active_body: &'static str,
    pub go_exchange: &'static str,
    pub account_locked_title: &'static str,
    /// The bank's self-reference.
    pub account_locked_body: fn(&str) -> String,
    pub token_locked_title: &'static str,
    /// The bank's self-reference.
    pub token_locked_body: fn(&str) -> String,
    pub passkey_required_title: &'static str,
    /// Why a passkey is needed and how to get one (the bank's self-reference).
    pub passkey_required_body: fn(&str) -> String,
    pub procedure_expired_title: &'static str,
    /// The time a procedure allows (a span).
    pub procedure_expired_body: fn(&str) -> String,
    pub procedure_attempts_exceeded_title: &'static str,
    pub procedure_attempts_exceeded_body: &'static str,
    pub account_locked_temporary_body: &'static str,
    pub procedure_not_found_title: &'static str,
    pub procedure_not_found_body: &'static str,
    pub procedure_superseded_title: &'static str,
    pub procedure_superseded_body: &'static str,
    pub session_expired_title: &'static str,
    pub start_again: &'static str,
}

/// The soft keyboard.
#[derive(Debug)]
pub struct KeyboardMessages {
    /// The toggle beside the password field.
    pub toggle: &'static str,
    /// The link to the usage help.
    pub help_link: &'static str,
    /// The keyboard's accessible name.
    pub group_label: &'static str,
    pub fixed_layout: &'static str,
    pub shuffled_note: &'static str,
    pub shift: &'static str,
    pub caps: &'static str,
    pub backspace: &'static str,
    pub clear: &'static str,
    pub close: &'static str,
    pub state_lower: &'static str,
    pub state_shift: &'static str,
    pub state_caps: &'static str,
    /// A capital letter's name (the letter).
    pub capital: fn(char) -> String,
    /// A small letter's name (the letter).
    pub small: fn(char) -> String,
    /// Each symbol's spoken name.
    pub symbol_names: &'static [(char, &'static str)],
}

impl KeyboardMessages {
    /// The spoken name of a symbol (the symbol itself if it has none).
    pub fn symbol_name(&self, c: char) -> String {
        self.symbol_names
            .iter()
            .find(|(s, _)| *s == c)
            .map(|(_, name)| (*name).to_owned())
            .unwrap_or_else(|| c.to_string())
    }
}

/// The designers' gallery's own controls.
#[cfg(feature = "gallery")]
#[derive(Debug)]
pub struct GalleryMessages {
    pub title: &'static str,
    /// The number of stories.
    pub count: fn(usize) -> String,
    pub index: &'static str,
    pub controls: &'static str,
    pub language: &'static str,
    pub width: &'static str,
    pub theme: &'static str,
    pub unknown: &'static str,
    /// The bank's configuration switch, and what the frame says while a bank's file loads or
    /// when it cannot be read.
    pub bank: &'static str,
    pub bank_loading: &'static str,
    pub bank_missing: fn(&str) -> String,
    /// The clock switch: the real clock, or a frozen moment.
    pub clock: &'static str,
    pub clock_live: &'static str,
    /// The stress modes: their group, and each one's name (in `query::MODES`' order).
    pub stress: &'static str,
    pub modes: [&'static str; 5],
    /// The sidebar: its name and its search box.
    pub stories: &'static str,
    pub search: &'static str,
    /// The accessibility panel: its heading, its button, and what it says.
    pub axe_title: &'static str,
    pub axe_run: &'static str,
    pub axe_running: &'static str,
    pub axe_none: &'static str,
    pub axe_failed: &'static str,
    pub axe_count: fn(usize) -> String,
    /// The contrast table: its heading, its columns, and a pair's verdict.
    pub contrast_title: &'static str,
    pub contrast_columns: [&'static str; 4],
    pub contrast_pass: &'static str,
    pub contrast_fail: &'static str,
    /// The theme editor: its heading, the theme's name, the exported file, the import.
    pub theme_title: &'static str,
    pub theme_name: &'static str,
    pub theme_export: &'static str,
    pub theme_import: &'static str,
    pub theme_apply: &'static str,
    /// The story's note: its heading and its rows' labels (what, when, the error code, the
    /// seed's wording), and what a row says when it has nothing.
    pub notes_title: &'static str,
    pub notes_labels: [&'static str; 4],
    pub notes_none: &'static str,
    /// The grid's "save as PNG" button, and what it says when the picture cannot be made.
    pub save_png: &'static str,
    pub save_png_failed: &'static str,
}

/// The demo token panel.
#[cfg(feature = "demo")]
#[derive(Debug)]
pub struct DemoMessages {
    pub open_button: &'static str,
    pub panel_title: &'static str,
    pub panel_note: &'static str,
    /// Passkeys in the demo: the visitor's own authenticator.
    pub passkey_note: &'static str,
    pub add: &'static str,
    pub adding: &'static str,
    pub empty: &'static str,
    pub serial: &'static str,
    pub code: &'static str,
    /// The seconds left.
    pub seconds_left: fn(u32) -> String,
    pub copy: &'static str,
    pub copied: &'static str,
    pub remove: &'static str,
    pub remove_warning_title: &'static str,
    pub remove_confirm: &'static str,
    pub remove_cancel: &'static str,
    pub discarded_notice: &'static str,
    /// The serial number.
    pub new_code: fn(&str) -> String,
    pub fill_label: &'static str,
    pub close: &'static str,
    pub registered: &'static str,
}

/// A help page section: a heading and its paragraphs.
pub type HelpSection = (&'static str, &'static [&'static str]);

/// A help section that carries the bank's values.
pub type FilledSection = (String, Vec<String>);

/// A filled section from its heading and paragraphs.
pub fn section(title: &str, paragraphs: &[&str]) -> FilledSection {
    let paragraphs = paragraphs.iter().map(|p| (*p).to_owned()).collect();
    (title.to_owned(), paragraphs)
}

/// What the one-time password guide says that the bank configures.
#[derive(Debug, Clone, Copy)]
pub struct OtpFacts<'a> {
    /// Seconds a code is shown for.
    pub period: u32,
    /// Digits of a code.
    pub digits: u8,
    /// The serial's shape and example.
    pub serial: &'a SerialRule,
    /// Wrong codes in a row that lock the token.
    pub otp_failures: u32,
    /// The bank's self-reference (当金庫, 当行 …).
    pub bank_self: &'a str,
}

/// The help pages.
#[derive(Debug)]
pub struct HelpMessages {
    pub otp_title: &'static str,
    /// The guide's sections, with the bank's values.
    pub otp_sections: fn(&OtpFacts) -> Vec<FilledSection>,
    pub keyboard_title: &'static str,
    pub keyboard_sections: &'static [HelpSection],
    pub back: &'static str,
}

/// The not-found screen.
#[derive(Debug)]
pub struct NotFoundMessages {
    /// Heading.
    pub title: &'static str,
    /// Explanation.
    pub body: &'static str,
    /// Link back to login.
    pub back_to_login: &'static str,
}

/// The messages around an error.
#[derive(Debug)]
pub struct ErrorMessages {
    /// The network failed (no answer at all).
    pub network: &'static str,
    /// The passkey dialog was closed or timed out (nothing was sent).
    pub passkey_cancelled: &'static str,
    /// The device already holds one of the contract's passkeys.
    pub passkey_on_device: &'static str,
    /// The browser could not make or use a passkey.
    pub passkey_failed: &'static str,
    /// Wrong passwords left before the account locks (the number).
    pub remaining_password_attempts: fn(u32) -> String,
    /// Wrong codes left before the token locks (the number).
    pub remaining_otp_attempts: fn(u32) -> String,
    /// How long to wait, under a minute (the seconds).
    pub retry_after_seconds: fn(u32) -> String,
    /// How long to wait, a minute or more (the minutes).
    pub retry_after_minutes: fn(u32) -> String,
    /// How long to wait, when the server did not say.
    pub retry_later: &'static str,
}

impl ErrorMessages {
    /// The message for a passkey the browser did not give.
    pub fn passkey(&self, refusal: crate::api::PasskeyRefusal) -> &'static str {
        use crate::api::PasskeyRefusal::*;
        match refusal {
            Cancelled => self.passkey_cancelled,
            AlreadyOnDevice => self.passkey_on_device,
            Failed => self.passkey_failed,
        }
    }
}
