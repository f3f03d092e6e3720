//! The password input: masked, with a show/hide toggle and a Caps Lock warning. Paste and
//! password managers always work (`autocomplete="current-password"`, no key blocking).

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use crate::components::soft_keyboard::SoftKeyboard;

/// Texts the field shows, in the current language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordFieldTexts {
    /// The visible label.
    pub label: &'static str,
    /// A hint under the label (with the bank's rule in it).
    pub hint: String,
    /// The show-password toggle's label.
    pub show: &'static str,
    /// The Caps Lock warning.
    pub caps_lock: &'static str,
}

/// A masked password input with its label, hint, error, show/hide toggle and Caps Lock
/// warning (announced politely).
#[component]
pub fn PasswordField(
    /// The input's id.
    id: &'static str,
    /// Label, hint and the toggle's and warning's texts.
    #[prop(into)]
    texts: Signal<PasswordFieldTexts>,
    /// The value, two-way.
    value: RwSignal<String>,
    /// The error message, if the value was refused.
    #[prop(into)]
    error: Signal<Option<&'static str>>,
    /// Offer the soft keyboard, open while this is true.
    #[prop(optional)]
    soft_keyboard: Option<RwSignal<bool>>,
) -> impl IntoView {
    let visible = RwSignal::new(false);
    let caps_lock = RwSignal::new(false);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let caps_id = format!("{id}-caps");
    let toggle_id = format!("{id}-show");
    let described_by = {
        let (hint_id, error_id, caps_id) = (hint_id.clone(), error_id.clone(), caps_id.clone());
        move || {
            let mut ids = vec![hint_id.clone()];
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            if caps_lock.get() {
                ids.push(caps_id.clone());
            }
            ids.join(" ")
        }
    };
    let track_caps = move |ev: KeyboardEvent| caps_lock.set(ev.get_modifier_state("CapsLock"));
    view! {
        <div class="field" class:field--error=move || error.get().is_some()>
            <label class="field__label" for=id>{move || texts.get().label}</label>
            <p class="field__hint" id=hint_id>{move || texts.get().hint}</p>
            <p class="field__error" id=error_id hidden=move || error.get().is_none()>
                {move || error.get().unwrap_or_default()}
            </p>
            <input
                class="field__input"
                id=id
                name=id
                type=move || if visible.get() { "text" } else { "password" }
                autocomplete="current-password"
                spellcheck="false"
                autocapitalize="off"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:keydown=track_caps
                on:keyup=track_caps
            />
            <p class="field__warning" id=caps_id aria-live="polite">
                {move || if caps_lock.get() { texts.get().caps_lock } else { "" }}
            </p>
            {soft_keyboard.map(|open| view! { <SoftKeyboard input_id=id value=value open=open /> })}
            <div class="field__option">
                <input
                    type="checkbox"
                    id=toggle_id.clone()
                    prop:checked=move || visible.get()
                    on:change=move |ev| visible.set(event_target_checked(&ev))
                />
                <label for=toggle_id>{move || texts.get().show}</label>
            </div>
        </div>
    }
}
