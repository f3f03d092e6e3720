//! The browser's passkeys (WebAuthn) for the three ceremonies the server offers: a login, a
//! registration and a confirmation. The server's options travel as WebAuthn's JSON form
//! straight to `PublicKeyCredential.parse…OptionsFromJSON()`, and the credential comes back
//! through `toJSON()`: no base64 or CBOR code in the wasm, only a few `Reflect` calls
//! (`js-sys`, the design card's `wasm-bindgen`).

use js_sys::{Function, JSON, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, ApiError, PasskeyRefusal};

/// What a ceremony asks of the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ceremony {
    /// `navigator.credentials.get()`: a login or a confirmation.
    Get,
    /// `navigator.credentials.create()`: a registration.
    Create,
}

const FAILED: ApiError = ApiError::Passkey(PasskeyRefusal::Failed);

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, ApiError> {
    let f: Function = get(target, method).dyn_into().map_err(|_| FAILED)?;
    match args {
        [] => f.call0(target),
        [a] => f.call1(target, a),
        _ => f.call2(target, args[0], args[1]),
    }
    .map_err(|_| FAILED)
}

fn public_key_credential() -> JsValue {
    get(&js_sys::global(), "PublicKeyCredential")
}

/// Whether this browser can take part: WebAuthn with its JSON helpers (Chromium 129+,
/// Safari 18.4+, Firefox 119+). Elsewhere the passkey buttons are not shown.
pub fn supported() -> bool {
    let pkc = public_key_credential();
    !pkc.is_undefined()
        && get(&pkc, "parseRequestOptionsFromJSON").is_function()
        && get(&pkc, "parseCreationOptionsFromJSON").is_function()
}

/// Whether the browser offers passkeys in a field's autofill (conditional mediation).
pub async fn autofill_available() -> bool {
    if !supported() {
        return false;
    }
    let Ok(promise) = call(
        &public_key_credential(),
        "isConditionalMediationAvailable",
        &[],
    ) else {
        return false;
    };
    match promise.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p).await.is_ok_and(|v| v.is_truthy()),
        Err(_) => false,
    }
}

fn classify(err: &JsValue) -> ApiError {
    ApiError::Passkey(match get(err, "name").as_string().as_deref() {
        // `NotAllowedError`: closed or timed out; `AbortError`: an autofill ceremony stopped.
        Some("NotAllowedError" | "AbortError") => PasskeyRefusal::Cancelled,
        Some("InvalidStateError") => PasskeyRefusal::AlreadyOnDevice,
        _ => PasskeyRefusal::Failed,
    })
}

/// Waits `ms` milliseconds (a timer of the browser's).
pub async fn pause(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// A way to stop a waiting autofill ceremony (the modal one cannot start while it waits).
#[derive(Clone, Debug)]
pub struct Abort(JsValue);

impl Abort {
    /// A new `AbortController`.
    pub fn new() -> Option<Self> {
        let ctor: Function = get(&js_sys::global(), "AbortController").dyn_into().ok()?;
        Reflect::construct(&ctor, &js_sys::Array::new())
            .ok()
            .map(Abort)
    }

    /// Stops the ceremony (its promise rejects with `AbortError`: cancelled).
    pub fn abort(&self) {
        let _ = call(&self.0, "abort", &[]);
    }
}

/// Runs one ceremony: asks `options_path` for the challenge, lets the browser make or use a
/// passkey, and sends its answer (with `name`, for a registration) to `answer_path`; the
/// server's answer. With `autofill`, the browser offers the passkeys in the field marked
/// `autocomplete="… webauthn"` and waits until one is chosen or `autofill` is aborted.
pub async fn run(
    ceremony: Ceremony,
    options_path: &str,
    answer_path: &str,
    name: Option<&str>,
    autofill: Option<&Abort>,
) -> Result<(u16, String), ApiError> {
    let (_, text) = api::post_raw(options_path, "{}".to_owned()).await?;
    let options = JSON::parse(&text).map_err(|_| FAILED)?;
    let parse = match ceremony {
        Ceremony::Get => "parseRequestOptionsFromJSON",
        Ceremony::Create => "parseCreationOptionsFromJSON",
    };
    let public_key = call(
        &public_key_credential(),
        parse,
        &[&get(&options, "publicKey")],
    )?;
    let request = Object::new();
    set(&request, "publicKey", &public_key);
    if let Some(abort) = autofill {
        set(&request, "mediation", &JsValue::from_str("conditional"));
        set(&request, "signal", &get(&abort.0, "signal"));
    }
    let credentials = get(&get(&js_sys::global(), "navigator"), "credentials");
    let method = match ceremony {
        Ceremony::Get => "get",
        Ceremony::Create => "create",
    };
    let promise: Promise = call(&credentials, method, &[&request])?
        .dyn_into()
        .map_err(|_| FAILED)?;
    let credential = JsFuture::from(promise).await.map_err(|e| classify(&e))?;
    let answer = Object::new();
    set(&answer, "ceremony", &get(&options, "ceremony"));
    set(&answer, "credential", &call(&credential, "toJSON", &[])?);
    if let Some(name) = name {
        set(&answer, "name", &JsValue::from_str(name));
    }
    let body = JSON::stringify(&answer)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(FAILED)?;
    api::post_raw(answer_path, body).await
}
