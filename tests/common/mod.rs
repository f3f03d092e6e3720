//! Helpers for the SPA's in-browser tests: mount a view into a fresh container, find elements,
//! type and click as a user would.

#![allow(dead_code)]

use leptos::mount::{UnmountHandle, mount_to};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// A mounted view and the element it lives in; unmounts and removes itself when dropped.
pub struct Mounted {
    pub root: HtmlElement,
    _handle: UnmountHandle<AnyViewState>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Mounts `f` into a new `<div>` appended to the body.
pub fn mount<F, V>(f: F) -> Mounted
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = mount_to(root.clone(), move || f().into_any());
    Mounted {
        root,
        _handle: handle,
    }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .unwrap()
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    pub fn input(&self, selector: &str) -> HtmlInputElement {
        self.find(selector).unchecked_into()
    }

    pub fn text(&self, selector: &str) -> String {
        self.find(selector).text_content().unwrap_or_default()
    }

    /// Sets an input's value and fires `input`, as typing does.
    pub fn type_into(&self, selector: &str, value: &str) {
        let input = self.input(selector);
        input.set_value(value);
        let event = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap();
        input.dispatch_event(&event).unwrap();
    }

    pub fn click(&self, selector: &str) {
        self.find(selector).unchecked_into::<HtmlElement>().click();
    }

    pub fn is_hidden(&self, selector: &str) -> bool {
        self.find(selector).has_attribute("hidden")
    }
}

/// Lets Leptos run its effects after an event.
pub async fn settle() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}
