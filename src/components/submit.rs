//! What a form needs from the page around it: where a checked entry goes, and the state of
//! the request it started. A page makes one from its action; the gallery from fixtures.

use leptos::prelude::*;
use otp_api::problem::FieldError;

use crate::api::ApiError;
use crate::components::form_errors::FormErrors;

/// A form's submission.
pub struct Submit<T: 'static> {
    /// Called with the checked entry.
    pub to: Callback<T>,
    /// A request is in flight: a second submit is ignored.
    pub pending: Signal<bool>,
    /// The last request's failure.
    pub error: Signal<Option<ApiError>>,
}

impl<T: 'static> Clone for Submit<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Submit<T> {}

impl<T: 'static> Submit<T> {
    /// A submission to `to`, with the request's state.
    pub fn new(
        to: impl Fn(T) + Send + Sync + 'static,
        pending: impl Into<Signal<bool>>,
        error: impl Into<Signal<Option<ApiError>>>,
    ) -> Self {
        Self {
            to: Callback::new(to),
            pending: pending.into(),
            error: error.into(),
        }
    }

    /// Sends a checked entry on, or shows the client's refusals under the fields; nothing
    /// while a request is in flight.
    pub fn send(self, errors: FormErrors, checked: impl FnOnce() -> Result<T, Vec<FieldError>>) {
        if self.pending.get_untracked() {
            return;
        }
        match checked() {
            Ok(entry) => {
                errors.client.set(Vec::new());
                self.to.run(entry);
            }
            Err(refused) => errors.client.set(refused),
        }
    }

    /// Clears `field` whenever a request fails (a refused password or code is typed anew).
    pub fn clear_on_error(self, field: RwSignal<String>) {
        Effect::new(move |_| {
            if self.error.get().is_some() {
                field.set(String::new());
            }
        });
    }
}
