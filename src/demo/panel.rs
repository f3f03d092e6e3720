//! The demo token panel: the tokens "installed" in this browser, each with its serial, its
//! current code in large digits, a countdown ring, copy and remove.

use leptos::prelude::*;

use super::tokens::{Loaded, STORAGE_KEY, StoredToken, note_registered, parse, serialize};
use crate::api;
use crate::config::use_config;
use crate::i18n::use_i18n;
use crate::storage;
use crate::time;

/// The demo tokens of this browser, as a context.
#[derive(Clone, Copy, Debug)]
pub struct DemoTokens {
    /// The installed tokens.
    pub tokens: RwSignal<Vec<StoredToken>>,
    /// The stored entry was unreadable and discarded (shown as a notice).
    pub discarded: RwSignal<bool>,
}

impl DemoTokens {
    /// Records which token the last finished procedure registered.
    pub fn note_registered(&self, masked: Option<&str>) {
        self.tokens.update(|t| note_registered(t, masked));
    }
}

/// Demo tokens from a fixture, never stored (the gallery).
pub fn provide_fixture_tokens(tokens: Vec<StoredToken>) -> DemoTokens {
    let demo = DemoTokens {
        tokens: RwSignal::new(tokens),
        discarded: RwSignal::new(false),
    };
    provide_context(demo);
    demo
}

/// Loads the demo tokens from `localStorage` and keeps them saved there.
pub fn provide_demo_tokens() -> DemoTokens {
    let raw = storage::get(STORAGE_KEY);
    let (tokens, discarded) = match parse(raw.as_deref()) {
        Loaded::Empty => (Vec::new(), false),
        Loaded::Tokens(t) => (t, false),
        Loaded::Discarded => (Vec::new(), true),
    };
    let demo = DemoTokens {
        tokens: RwSignal::new(tokens),
        discarded: RwSignal::new(discarded),
    };
    if discarded {
        storage::remove(STORAGE_KEY);
    }
    Effect::new(move |first: Option<()>| {
        let tokens = demo.tokens.get();
        // Nothing to write on the first run: it would re-create a just-discarded entry.
        if first.is_some() {
            storage::set(STORAGE_KEY, &serialize(&tokens));
        }
    });
    provide_context(demo);
    demo
}

/// One token card.
#[component]
fn TokenCard(token: StoredToken, now: ReadSignal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let demo = expect_context::<DemoTokens>();
    let confirming = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let t = token.clone();
    let code = Memo::new(move |_| t.code_at(now.get()));
    let t = token.clone();
    let left = Memo::new(move |_| t.seconds_left(now.get()));
    let period = token.period;
    // The ring: a circle whose stroke shrinks as the code ages.
    let circumference = 2.0 * std::f64::consts::PI * 16.0;
    let offset = move || circumference * (1.0 - f64::from(left.get()) / f64::from(period));
    let serial = token.serial.clone();
    let remove = {
        let serial = serial.clone();
        move || demo.tokens.update(|ts| ts.retain(|t| t.serial != serial))
    };
    let registered = token.registered;
    let copy = move |_| {
        let text = code.get_untracked();
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    };
    let digits_label = {
        let serial = serial.clone();
        move || format!("{} {}", serial, i18n.t().demo().code)
    };
    view! {
        <li class="demo-token">
            <p class="demo-token__serial">
                <span class="demo-token__label">{move || i18n.t().demo().serial}</span>
                " " <span class="demo-token__serial-value">{serial.clone()}</span>
                {registered.then(|| view! { " " <span class="demo-token__badge">{move || i18n.t().demo().registered}</span> })}
            </p>
            <div class="demo-token__code-row">
                <p class="demo-token__code" aria-label=digits_label>{move || code.get()}</p>
                <svg class="demo-token__ring" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true">
                    <circle cx="20" cy="20" r="16" class="demo-token__ring-track" />
                    <circle
                        cx="20" cy="20" r="16"
                        class="demo-token__ring-left"
                        stroke-dasharray=circumference.to_string()
                        stroke-dashoffset=move || format!("{:.2}", offset())
                    />
                </svg>
                <span class="demo-token__left">{move || (i18n.t().demo().seconds_left)(left.get())}</span>
            </div>
            <div class="demo-token__actions">
                <button type="button" class="button button--small" on:click=copy>
                    {move || if copied.get() { i18n.t().demo().copied } else { i18n.t().demo().copy }}
                </button>
                <button
                    type="button"
                    class="button button--small"
                    on:click={
                        let remove = remove.clone();
                        move |_| if registered { confirming.set(true) } else { remove() }
                    }
                >
                    {move || i18n.t().demo().remove}
                </button>
            </div>
            <div class="demo-token__confirm" role="alert" hidden=move || !confirming.get()>
                <p class="demo-token__warning-title">{move || i18n.t().demo().remove_warning_title}</p>
                <p>{move || i18n.t().procedure().exchange_warning}</p>
                <button type="button" class="button button--small" on:click=move |_| confirming.set(false)>
                    {move || i18n.t().demo().remove_cancel}
                </button>
                " "
                <button type="button" class="button button--small button--danger" on:click=move |_| remove()>
                    {move || i18n.t().demo().remove_confirm}
                </button>
            </div>
        </li>
    }
}

/// The 「デモ用トークン」 button and its panel; nothing unless the server is in demo mode.
#[component]
pub fn DemoPanel(
    /// Start open (the gallery's "demo panel open" state).
    #[prop(optional)]
    open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let config = use_config();
    let demo = expect_context::<DemoTokens>();
    let open = RwSignal::new(open);
    let (now, set_now) = signal(time::now());
    let tick = set_interval_with_handle(
        move || set_now.set(time::now()),
        std::time::Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(handle) = tick {
            handle.clear();
        }
    });
    let add = Action::new_local(|_: &()| api::demo_token());
    Effect::new(move |_| {
        if let Some(Ok(token)) = add.value().get() {
            demo.tokens.update(|ts| ts.push(token.into()));
        }
    });
    // Announced politely when a code changes, not every second.
    let announcement = Memo::new(move |previous: Option<&String>| {
        let now = now.get();
        demo.tokens
            .with(|ts| {
                ts.iter()
                    .find(|t| t.seconds_left(now) == t.period)
                    .map(|t| t.serial.clone())
            })
            .map(|serial| (i18n.t().demo().new_code)(&serial))
            .or_else(|| previous.cloned())
            .unwrap_or_default()
    });
    let enabled = move || config.get().is_some_and(|c| c.demo);
    move || {
        enabled().then(|| view! {
            <aside class="demo" aria-labelledby="demo-title">
                <button
                    type="button"
                    class="demo__open"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls="demo-panel"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || i18n.t().demo().open_button}
                </button>
                <div class="demo__panel" id="demo-panel" hidden=move || !open.get()>
                    <h2 class="demo__title" id="demo-title">{move || i18n.t().demo().panel_title}</h2>
                    <p class="demo__note">{move || i18n.t().demo().panel_note}</p>
                    <p class="demo__note">{move || i18n.t().demo().passkey_note}</p>
                    <p class="demo__notice" role="alert" hidden=move || !demo.discarded.get()>
                        {move || i18n.t().demo().discarded_notice}
                    </p>
                    <p class="visually-hidden" aria-live="polite">{move || announcement.get()}</p>
                    {move || {
                        demo.tokens.get().is_empty().then(|| view! { <p>{move || i18n.t().demo().empty}</p> })
                    }}
                    <ul class="demo__tokens">
                        <For
                            each=move || demo.tokens.get()
                            key=|t| (t.serial.clone(), t.registered)
                            children=move |t| view! { <TokenCard token=t now=now /> }
                        />
                    </ul>
                    <div class="demo__actions">
                        <button
                            type="button"
                            class="button button--primary"
                            aria-disabled=move || if add.pending().get() { "true" } else { "false" }
                            on:click=move |_| if !add.pending().get_untracked() { add.dispatch(()); }
                        >
                            {move || if add.pending().get() { i18n.t().demo().adding } else { i18n.t().demo().add }}
                        </button>
                        <button type="button" class="button button--secondary" on:click=move |_| open.set(false)>
                            {move || i18n.t().demo().close}
                        </button>
                    </div>
                </div>
            </aside>
        })
    }
}
