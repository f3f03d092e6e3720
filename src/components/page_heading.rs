//! The page's `<h1>`, which takes focus when the screen appears, so that a screen-reader user
//! hears where they are after each step and a keyboard user continues from the top.

use leptos::html;
use leptos::prelude::*;

/// The screen's heading; focused on mount.
#[component]
pub fn PageHeading(
    /// The heading text.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let node = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        if let Some(h1) = node.get() {
            let _ = h1.focus();
        }
    });
    view! {
        <h1 class="page__title" tabindex="-1" node_ref=node>
            {move || text.get()}
        </h1>
    }
}
