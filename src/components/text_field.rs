//! A labelled text input with its hint and error, tied together for assistive technology.

use leptos::prelude::*;

/// A text input with a visible label, an optional hint and an error message linked through
/// `aria-describedby`; `aria-invalid` is set while there is an error.
#[component]
pub fn TextField(
    /// The input's id (also the target of error-summary links).
    id: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<&'static str>,
    /// A hint under the label.
    #[prop(into, optional)]
    hint: Option<Signal<String>>,
    /// The value, two-way.
    value: RwSignal<String>,
    /// The error message, if the value was refused.
    #[prop(into)]
    error: Signal<Option<&'static str>>,
    /// The `autocomplete` token (`username`, `one-time-code`, …).
    autocomplete: &'static str,
    /// The `inputmode` (`numeric` brings up the digit keypad on phones).
    #[prop(default = "text")]
    inputmode: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <label class="field__label" for=id>{move || label.get()}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{move || h.get()}</p> })}
            <p class="field__error" id=error_id.clone() hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
            <input
                class="field__input"
                id=id
                name=id
                type="text"
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                autocapitalize="off"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}
