//! The login screen's passkey ceremonies — the button's and the 契約者ID field's autofill —
//! in a split point of their own (`#[wasm_split]`): everything but the button's state arrives
//! in a chunk when the button is pointed at, focused or pressed, or when the browser is idle
//! and can use passkeys (for the autofill), so the first module carries only the button and
//! the few signals below. A chunk that cannot be fetched answers as the network does.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::hooks::use_navigate;
use otp_api::problem::ErrorCode;

use crate::api::{self, ApiError};
use crate::components::submit::Submit;
use crate::passkey::Abort;

/// The passkey login's state, shared by the page and the chunk.
#[derive(Clone, Copy)]
struct State {
    /// The last ceremony's outcome a customer should hear of (a login goes home).
    result: RwSignal<Option<Result<(), ApiError>>>,
    /// The button's ceremony is in flight.
    pending: RwSignal<bool>,
    /// Stops the autofill's waiting ceremony (the browser runs one at a time).
    autofill: StoredValue<Option<Abort>, LocalStorage>,
    /// Whether the autofill's ceremony is in flight.
    running: StoredValue<bool>,
}

/// Which ceremony runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The button's: stops the autofill's, waits for it to let go, then opens the dialog.
    Button,
    /// The autofill's: waits in the 契約者ID field until a passkey is chosen or it is
    /// stopped; nothing where the browser offers no passkey autofill.
    Autofill,
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    login_passkey,
    fallible,
    wasm_split_path = ::leptos::wasm_split,
    preload(#[doc(hidden)] preload_ceremony)
)]
fn ceremony(
    mode: Mode,
    state: State,
) -> Result<Pin<Box<dyn Future<Output = ()>>>, SplitLoaderError> {
    Ok(Box::pin(both(mode, state)))
}

/// The ceremony, built in: wasm-bindgen's test runner has no chunk loader.
#[cfg(not(feature = "split"))]
async fn ceremony(
    mode: Mode,
    state: State,
) -> Result<Pin<Box<dyn Future<Output = ()>>>, SplitLoaderError> {
    Ok(Box::pin(both(mode, state)))
}

/// The button's ceremony, then (or alone) the autofill's.
async fn both(mode: Mode, state: State) {
    if mode == Mode::Button {
        button(state).await;
        if let Some(Some(Ok(()))) = state.result.try_get_untracked() {
            return;
        }
    }
    // The autofill waits (again, after a failed or cancelled press; the page checked that the
    // browser offers it before fetching this chunk for it).
    if mode == Mode::Autofill || crate::passkey::autofill_available().await {
        autofill(state).await;
    }
}

async fn button(state: State) {
    if let Some(Some(abort)) = state.autofill.try_get_value() {
        abort.abort();
    }
    // The stopped autofill lets go of the browser's ceremony first.
    for _ in 0..50 {
        if state.running.try_get_value() != Some(true) {
            break;
        }
        crate::passkey::pause(20).await;
    }
    let answer = api::login_passkey(None).await;
    state.pending.try_set(false);
    state.result.try_set(Some(answer.map(drop)));
}

async fn autofill(state: State) {
    // Nothing once the page is gone (idle comes after the customer may have left).
    if state.autofill.try_set_value(Abort::new()).is_some() {
        return;
    }
    let Some(abort) = state.autofill.try_get_value() else {
        return;
    };
    state.running.try_set_value(true);
    let answer = api::login_passkey(abort.as_ref()).await;
    state.running.try_set_value(false);
    // Only what follows a passkey the customer chose is told (a closed dialog, a busy server
    // before anything was chosen, are not).
    let chosen = match &answer {
        Ok(_) => true,
        Err(e) => matches!(
            e.code(),
            Some(ErrorCode::PasskeyInvalid | ErrorCode::PasskeyExpired | ErrorCode::AccountLocked)
        ),
    };
    if chosen {
        state.result.try_set(Some(answer.map(drop)));
    }
}

/// Runs a ceremony from its chunk; a chunk that could not be fetched is a network failure
/// (told for the button, silent for the autofill).
async fn run(mode: Mode, state: State) {
    match ceremony(mode, state).await {
        Ok(ceremony) => ceremony.await,
        Err(_) if mode == Mode::Button => {
            state.pending.try_set(false);
            state.result.try_set(Some(Err(ApiError::Network)));
        }
        Err(_) => {}
    }
}

/// Fetches the ceremony's chunk ahead of a press (the button is pointed at or focused).
pub fn prefetch() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        let _ = preload_ceremony().await;
    });
}

/// The passkey login: the button's ceremony and, once the browser is idle and where it can
/// use passkeys, the passkey autofill of the 契約者ID field, running until a passkey is chosen
/// or the page is left (the button stops it first: one ceremony at a time). A login goes
/// home.
pub fn passkey_login() -> Submit<()> {
    let navigate = use_navigate();
    let state = State {
        result: RwSignal::new(None),
        pending: RwSignal::new(false),
        autofill: StoredValue::new_local(None),
        running: StoredValue::new(false),
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = state.result.get() {
            navigate("/home", Default::default());
        }
    });
    // The chunk only where the browser offers passkeys in the field's autofill.
    crate::lazy::when_idle(move || {
        leptos::task::spawn_local(async move {
            if crate::passkey::autofill_available().await {
                run(Mode::Autofill, state).await;
            }
        })
    });
    on_cleanup(move || {
        if let Some(Some(abort)) = state.autofill.try_get_value() {
            abort.abort();
        }
    });
    Submit::new(
        move |()| {
            state.pending.set(true);
            leptos::task::spawn_local(run(Mode::Button, state));
        },
        state.pending,
        Signal::derive(move || state.result.get().and_then(Result::err)),
    )
}
