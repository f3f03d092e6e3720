//! The stress modes that change the story's text itself: pseudo-localisation. Every text in
//! the frame (and its placeholders and accessible names) becomes ~40 % longer, its Latin
//! letters accented and the whole marked `⟦…⟧`, so that a string left out of the catalogs (no
//! marks), a clipped one (a mark cut off) or a layout that cannot grow shows at once. The other
//! modes are classes on the frame (style/gallery.css) and fixtures (`fixtures::set_long_names`).

/// The opening mark of a pseudo-localised text.
const OPEN: char = '⟦';
/// Its closing mark.
const CLOSE: char = '⟧';

/// `text` pseudo-localised: accented, ~40 % longer, marked; its surrounding spaces kept. A text
/// of spaces only, or one already pseudo-localised, is returned as it is.
pub fn pseudo(text: &str) -> String {
    let body = text.trim();
    if body.is_empty() || body.starts_with(OPEN) {
        return text.to_owned();
    }
    let (lead, trail) = (
        &text[..text.len() - text.trim_start().len()],
        &text[text.trim_end().len()..],
    );
    let chars = body.chars().count();
    let padding = (chars * 2).div_ceil(5);
    let accented: String = body.chars().map(accent).collect();
    format!(
        "{lead}{OPEN}{accented}{}{CLOSE}{trail}",
        "~".repeat(padding)
    )
}

fn accent(c: char) -> char {
    match c {
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ö',
        'u' => 'ü',
        'c' => 'ç',
        'n' => 'ñ',
        'y' => 'ý',
        'A' => 'Å',
        'E' => 'É',
        'I' => 'Í',
        'O' => 'Ö',
        'U' => 'Ü',
        'C' => 'Ç',
        'N' => 'Ñ',
        other => other,
    }
}

/// The attributes whose text a customer reads or hears.
const READ_ATTRIBUTES: [&str; 3] = ["placeholder", "aria-label", "title"];

/// Pseudo-localises every text under `root` now and whenever the story changes it (a
/// `MutationObserver`, kept for the page's life: the gallery's only).
pub fn pseudo_localise(root: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    fn walk(node: &web_sys::Node) {
        match node.node_type() {
            web_sys::Node::TEXT_NODE => {
                if let Some(text) = node.node_value() {
                    let changed = pseudo(&text);
                    if changed != text {
                        node.set_node_value(Some(&changed));
                    }
                }
            }
            web_sys::Node::ELEMENT_NODE => {
                let element: &web_sys::Element = node.unchecked_ref();
                if matches!(element.tag_name().as_str(), "SCRIPT" | "STYLE") {
                    return;
                }
                for name in READ_ATTRIBUTES {
                    if let Some(value) = element.get_attribute(name) {
                        let changed = pseudo(&value);
                        if changed != value {
                            let _ = element.set_attribute(name, &changed);
                        }
                    }
                }
                let children = node.child_nodes();
                for i in 0..children.length() {
                    if let Some(child) = children.item(i) {
                        walk(&child);
                    }
                }
            }
            _ => {}
        }
    }

    walk(root);
    let target = root.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || walk(&target));
    if let Ok(observer) = web_sys::MutationObserver::new(on_change.as_ref().unchecked_ref()) {
        let options = web_sys::MutationObserverInit::new();
        options.set_subtree(true);
        options.set_child_list(true);
        options.set_character_data(true);
        let _ = observer.observe_with_options(root, &options);
        on_change.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudo_text_is_marked_longer_and_accented_once() {
        assert_eq!(pseudo("Log in"), "⟦Lög íñ~~~⟧");
        assert_eq!(pseudo("  ログイン "), "  ⟦ログイン~~⟧ ");
        assert_eq!(pseudo(&pseudo("Log in")), pseudo("Log in"));
        assert_eq!(pseudo("   "), "   ");
        // ~40 % longer, and never shorter for one character.
        let long = pseudo("0123456789");
        assert_eq!(long.chars().count(), 10 + 4 + 2);
        assert_eq!(pseudo("a"), "⟦á~⟧");
    }
}
