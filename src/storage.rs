//! `localStorage`, for preferences only (never credentials). Every failure (private mode,
//! storage disabled) quietly means "nothing stored".

/// The key under which the UI language is kept.
pub const LANGUAGE_KEY: &str = "otp-portal.lang";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored value for `key`.
pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` (best effort).
pub fn set(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Removes `key` (best effort).
pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}
