//! Home's パスキー section wired to the API: loads the contract's passkeys and runs what the
//! customer asks (register, confirm first, rename, remove), reloading the list after each.

use leptos::prelude::*;
use otp_api::passkey::PasskeyName;
use otp_api::problem::ErrorCode;
use otp_api::procedure::OtpRequest;

use crate::api::{self, ApiError};
use crate::components::passkey_list::{PanelMode, PasskeyActions, PasskeyNotice, PasskeysView};
use crate::components::submit::Submit;
use crate::components::token_form::TokenEntry;

/// The section, when the bank offers passkeys (the list answers `not_found` otherwise).
#[component]
pub fn PasskeysPanel() -> impl IntoView {
    let list = LocalResource::new(api::passkeys);
    let mode = RwSignal::new(PanelMode::Idle);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<PasskeyNotice>);
    let act =
        move |work: std::pin::Pin<Box<dyn Future<Output = Result<PasskeyNotice, ApiError>>>>| {
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            error.set(None);
            notice.set(None);
            leptos::task::spawn_local(async move {
                let done = work.await;
                pending.set(false);
                match done {
                    Ok(n) => {
                        notice.set(Some(n));
                        mode.set(PanelMode::Idle);
                        list.refetch();
                    }
                    Err(e) => {
                        // The proof went stale meanwhile: the list says what to confirm with.
                        if e.code() == Some(ErrorCode::ConfirmationRequired) {
                            list.refetch();
                        }
                        error.set(Some(e));
                    }
                }
            });
        };
    let actions = PasskeyActions {
        register: Callback::new(move |name: String| {
            act(Box::pin(async move {
                api::register_passkey(&name)
                    .await
                    .map(|_| PasskeyNotice::Added)
            }))
        }),
        confirm_otp: Submit::new(
            move |entry: TokenEntry| {
                act(Box::pin(async move {
                    let request = OtpRequest { otp: entry.otp };
                    api::confirm_with_otp(&request)
                        .await
                        .map(|()| PasskeyNotice::Confirmed)
                }))
            },
            pending,
            error,
        ),
        confirm_passkey: Callback::new(move |()| {
            act(Box::pin(async move {
                api::confirm_with_passkey()
                    .await
                    .map(|()| PasskeyNotice::Confirmed)
            }))
        }),
        rename: Callback::new(move |(id, name): (String, String)| {
            act(Box::pin(async move {
                let request = PasskeyName { name };
                api::rename_passkey(&id, &request)
                    .await
                    .map(|_| PasskeyNotice::Renamed)
            }))
        }),
        remove: Callback::new(move |id: String| {
            act(Box::pin(async move {
                api::remove_passkey(&id)
                    .await
                    .map(|()| PasskeyNotice::Removed)
            }))
        }),
        pending: pending.into(),
        error: error.into(),
        notice: notice.into(),
    };
    move || match list.get() {
        Some(Ok(list)) => Some(view! {
            <PasskeysView list now=crate::time::now() mode actions available=crate::passkey::supported() />
        }),
        _ => None,
    }
}
