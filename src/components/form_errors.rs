//! What a form shows of its problems: the client's own field checks (before sending) or the
//! server's refusal, as per-field messages and as the error summary's lines. Shared by the
//! credentials and token forms.

use leptos::prelude::*;
use otp_api::problem::{ErrorCode, Field, FieldError};

use crate::api::ApiError;
use crate::components::error_summary::SummaryItem;
use crate::form::{api_field_errors, field_error};
use crate::i18n::{Catalog, use_i18n};

/// Two sentences as one text: Japanese sentences follow each other without a space.
pub fn join_sentences(first: &str, second: &str) -> String {
    let gap = if first.ends_with(['。', '！', '？']) {
        ""
    } else {
        " "
    };
    format!("{first}{gap}{second}")
}

/// How long to wait, in words: seconds under a minute, whole minutes (rounded up) above.
pub fn wait_message(m: Catalog, seconds: Option<u32>) -> String {
    match seconds {
        None => m.errors().retry_later.to_owned(),
        Some(s) if s < 60 => (m.errors().retry_after_seconds)(s.max(1)),
        Some(s) => (m.errors().retry_after_minutes)(s.div_ceil(60)),
    }
}

/// The summary line for an API refusal, with the attempts left when a lock is near and how
/// long to wait when the server throttles.
pub fn refusal_message(m: Catalog, error: &ApiError) -> String {
    match error {
        ApiError::Network => m.errors().network.to_owned(),
        ApiError::Passkey(refusal) => m.errors().passkey(*refusal).to_owned(),
        ApiError::Problem(p) => {
            let mut text = m.error(p.code).to_owned();
            if p.code == ErrorCode::RateLimited {
                text = join_sentences(&text, &wait_message(m, p.retry_after_seconds));
            }
            let remaining = match p.code {
                ErrorCode::InvalidCredentials => Some(m.errors().remaining_password_attempts),
                ErrorCode::OtpInvalid => Some(m.errors().remaining_otp_attempts),
                _ => None,
            };
            if let (Some(message), Some(n)) = (remaining, p.remaining_attempts.filter(|n| *n <= 2))
            {
                text = join_sentences(&text, &message(n));
            }
            text
        }
    }
}

/// A form's problems: the client's refusals (set on submit) over the server's.
#[derive(Clone, Copy)]
pub struct FormErrors {
    /// The fields the client refused at the last submit.
    pub client: RwSignal<Vec<FieldError>>,
    /// The server's last refusal.
    pub server: Signal<Option<ApiError>>,
}

impl FormErrors {
    /// No client refusal yet; `server` is the last request's failure.
    pub fn new(server: Signal<Option<ApiError>>) -> Self {
        Self {
            client: RwSignal::new(Vec::new()),
            server,
        }
    }

    /// The refused fields on screen: the client's, or else the server's `validation` fields.
    pub fn fields(&self) -> Vec<FieldError> {
        let client = self.client.get();
        if client.is_empty() {
            self.server
                .get()
                .map(|e| api_field_errors(&e))
                .unwrap_or_default()
        } else {
            client
        }
    }

    /// The message under `field`, if it is refused.
    pub fn message(self, field: Field) -> Signal<Option<&'static str>> {
        let i18n = use_i18n();
        Signal::derive(move || field_error(&self.fields(), field).map(|c| i18n.t().field(c)))
    }

    /// The error summary: each refused field (`label` names it and its input's id), then the
    /// server's refusal (linked to the input `refusal_target` names, if any).
    pub fn summary(
        self,
        label: fn(Catalog, Field) -> (&'static str, &'static str),
        refusal_target: fn(ErrorCode) -> Option<&'static str>,
    ) -> Signal<Vec<SummaryItem>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            let m = i18n.t();
            let mut items: Vec<SummaryItem> = self
                .fields()
                .iter()
                .map(|e| {
                    let (name, target) = label(m, e.field);
                    SummaryItem {
                        message: format!("{name}: {}", m.field(e.code)),
                        target: Some(target),
                    }
                })
                .collect();
            if self.client.get().is_empty()
                && let Some(err) = self.server.get()
                && err.code() != Some(ErrorCode::Validation)
            {
                items.push(SummaryItem {
                    message: refusal_message(m, &err),
                    target: err.code().and_then(refusal_target),
                });
            }
            items
        })
    }
}

#[cfg(test)]
mod tests {
    use otp_api::problem::Problem;

    use super::*;
    use crate::i18n::{Catalog, Locale};

    #[test]
    fn a_throttled_refusal_says_how_long_to_wait_in_both_languages() {
        let ja = Catalog::built_in(Locale::Ja);
        let en = Catalog::built_in(Locale::En);
        let limited =
            |s| ApiError::Problem(Problem::new(ErrorCode::RateLimited).with_retry_after(s));
        assert!(
            refusal_message(ja, &limited(30))
                .ends_with("制限しています。30秒ほど待ってから、もう一度お試しください。")
        );
        assert!(
            refusal_message(ja, &limited(61))
                .ends_with("2分ほど待ってから、もう一度お試しください。")
        );
        assert!(
            refusal_message(en, &limited(600))
                .ends_with("for a while. Please wait about 10 minutes and try again.")
        );
        let unsaid = ApiError::Problem(Problem::new(ErrorCode::RateLimited));
        assert!(refusal_message(ja, &unsaid).ends_with(ja.errors().retry_later));
        // Other refusals carry no wait.
        let wrong =
            ApiError::Problem(Problem::new(ErrorCode::InvalidCredentials).with_retry_after(5));
        assert_eq!(
            refusal_message(en, &wrong),
            en.error(ErrorCode::InvalidCredentials)
        );
    }
}
