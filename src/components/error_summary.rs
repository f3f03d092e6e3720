//! The error summary at the top of a form: announced when it appears, focused so that a
//! screen-reader or keyboard user lands on it, each entry linking to its field.

use leptos::html;
use leptos::prelude::*;

/// One line of the summary: a message and, for a field's error, the field's element id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryItem {
    /// What is wrong, in the current language.
    pub message: String,
    /// The id of the input it concerns, if any.
    pub target: Option<&'static str>,
}

/// Lists what went wrong; renders nothing when `items` is empty.
#[component]
pub fn ErrorSummary(
    /// The heading ("入力内容をご確認ください").
    #[prop(into)]
    title: Signal<&'static str>,
    /// The problems, in screen order.
    #[prop(into)]
    items: Signal<Vec<SummaryItem>>,
) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    // Move focus to the summary each time a new set of problems appears.
    Effect::new(move |_| {
        if !items.get().is_empty()
            && let Some(el) = node.get()
        {
            let _ = el.focus();
        }
    });
    view! {
        <div
            node_ref=node
            class="error-summary"
            role="alert"
            tabindex="-1"
            hidden=move || items.get().is_empty()
        >
            <h2 class="error-summary__title">{move || title.get()}</h2>
            <ul class="error-summary__list">
                {move || {
                    items
                        .get()
                        .into_iter()
                        .map(|item| match item.target {
                            Some(id) => {
                                view! {
                                    <li>
                                        <a href=format!("#{id}")>{item.message}</a>
                                    </li>
                                }
                                    .into_any()
                            }
                            None => view! { <li>{item.message}</li> }.into_any(),
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
