//! The panels under a story's canvas: its accessibility (axe-core's violations, the failing
//! elements outlined; axe-core is a file of gallery builds only) and its theme (the contrast of
//! every pair of the theme's colours against WCAG 2.2 AA, and the editor of the custom
//! properties, exported as a theme file and read back).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::theme::{self, COLORS, LENGTHS, PAIRS, Rgb};
use crate::i18n::use_i18n;

/// The class that outlines an element axe-core refuses (style/gallery.css).
const FAILING: &str = "gallery-axe-fail";

/// The story's frame on the page.
fn frame() -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(".gallery__canvas > .gallery__frame")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

/// One axe-core violation: its rule, impact, help text and the elements it names.
#[derive(Clone, Debug, PartialEq)]
struct Violation {
    id: String,
    impact: String,
    help: String,
    targets: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Checked {
    Idle,
    Running,
    Done(Vec<Violation>),
    Failed,
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

/// Loads `/axe.min.js` once.
async fn load_axe() -> Option<JsValue> {
    let window = web_sys::window()?;
    let axe = get(&window, "axe");
    if !axe.is_undefined() {
        return Some(axe);
    }
    let script: web_sys::HtmlScriptElement =
        document().create_element("script").ok()?.dyn_into().ok()?;
    script.set_src("/axe.min.js");
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    document().head()?.append_child(&script).ok()?;
    wasm_bindgen_futures::JsFuture::from(loaded).await.ok()?;
    let axe = get(&window, "axe");
    (!axe.is_undefined()).then_some(axe)
}

/// Runs axe-core on the frame and outlines what it refuses.
async fn check(frame: web_sys::HtmlElement) -> Option<Vec<Violation>> {
    let axe = load_axe().await?;
    let run: js_sys::Function = get(&axe, "run").dyn_into().ok()?;
    let results =
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(run.call1(&axe, &frame).ok()?))
            .await
            .ok()?;
    let outlined = frame.query_selector_all(&format!(".{FAILING}")).ok()?;
    for i in 0..outlined.length() {
        if let Some(el) = outlined
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.class_list().remove_1(FAILING);
        }
    }
    let violations: js_sys::Array = get(&results, "violations").dyn_into().ok()?;
    Some(
        violations
            .iter()
            .map(|v| {
                let nodes: js_sys::Array = get(&v, "nodes").dyn_into().unwrap_or_default();
                let targets = nodes
                    .iter()
                    .filter_map(|n| {
                        let target: js_sys::Array = get(&n, "target").dyn_into().ok()?;
                        target.get(0).as_string()
                    })
                    .collect::<Vec<_>>();
                for selector in &targets {
                    if let Ok(Some(el)) = document().query_selector(selector) {
                        let _ = el.class_list().add_1(FAILING);
                    }
                }
                Violation {
                    id: text(&v, "id"),
                    impact: text(&v, "impact"),
                    help: text(&v, "help"),
                    targets,
                }
            })
            .collect(),
    )
}

/// The accessibility panel: axe-core on the story when asked (or at once with `?axe=1`).
#[component]
pub fn AxePanel(#[prop(optional)] at_once: bool) -> impl IntoView {
    let i18n = use_i18n();
    let g = i18n.t().gallery();
    let checked = RwSignal::new(Checked::Idle);
    let run = move || {
        checked.set(Checked::Running);
        leptos::task::spawn_local(async move {
            let result = match frame() {
                Some(frame) => check(frame).await,
                None => None,
            };
            checked.set(result.map_or(Checked::Failed, Checked::Done));
        });
    };
    if at_once {
        Effect::new(move |_| run());
    }
    view! {
        <section class="gallery-panel" aria-labelledby="gallery-axe-title">
            <h2 id="gallery-axe-title">{g.axe_title}</h2>
            <button type="button" class="gallery-panel__button" on:click=move |_| run()>{g.axe_run}</button>
            <div class="gallery-axe" aria-live="polite">
                {move || match checked.get() {
                    Checked::Idle => ().into_any(),
                    Checked::Running => view! { <p>{g.axe_running}</p> }.into_any(),
                    Checked::Failed => view! { <p>{g.axe_failed}</p> }.into_any(),
                    Checked::Done(v) if v.is_empty() => view! { <p class="gallery-axe__none">{g.axe_none}</p> }.into_any(),
                    Checked::Done(v) => view! {
                        <p>{(g.axe_count)(v.len())}</p>
                        <ul class="gallery-axe__list">
                            {v.into_iter().map(|v| view! {
                                <li data-rule=v.id.clone()>
                                    <strong>{v.id.clone()}</strong>{format!(" ({}) ", v.impact)}{v.help}
                                    <code>{v.targets.join(", ")}</code>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

/// The theme's current value of each property on the frame.
fn read_values() -> Vec<(String, String)> {
    let Some(frame) = frame() else {
        return Vec::new();
    };
    let Some(style) = window().get_computed_style(&frame).ok().flatten() else {
        return Vec::new();
    };
    COLORS
        .iter()
        .chain(LENGTHS.iter())
        .map(|p| {
            let value = style.get_property_value(p).unwrap_or_default();
            let value = value.trim();
            // A colour as `#rrggbb` (what a colour picker takes; the minifier wrote `#fff`).
            let value = match COLORS.contains(p) {
                true => Rgb::parse(value).map_or_else(|| value.to_owned(), Rgb::hex),
                false => value.to_owned(),
            };
            (p.to_string(), value)
        })
        .collect()
}

/// Sets `property` on the frame (CSSOM: not an inline style the CSP refuses).
fn apply(property: &str, value: &str) {
    if let Some(frame) = frame() {
        let _ = frame.style().set_property(property, value);
    }
}

/// The contrast table and the theme editor.
#[component]
pub fn ThemePanel() -> impl IntoView {
    let i18n = use_i18n();
    let g = i18n.t().gallery();
    let values = RwSignal::new(Vec::<(String, String)>::new());
    let name = RwSignal::new("mybank".to_owned());
    let pasted = RwSignal::new(String::new());
    // Read once the frame is on the page.
    Effect::new(move |_| values.set(read_values()));
    let value_of =
        move |p: &str| values.with(|vs| vs.iter().find(|(k, _)| k == p).map(|(_, v)| v.clone()));
    let set = move |p: String, v: String| {
        apply(&p, &v);
        values.update(|vs| {
            if let Some(entry) = vs.iter_mut().find(|(k, _)| *k == p) {
                entry.1 = v;
            }
        });
    };
    let rows = move || {
        PAIRS
            .iter()
            .map(|pair| {
                let ratio = value_of(pair.foreground)
                    .and_then(|f| Rgb::parse(&f))
                    .zip(value_of(pair.background).and_then(|b| Rgb::parse(&b)))
                    .map(|(f, b)| theme::contrast(f, b));
                let pass = ratio.is_some_and(|r| r >= pair.minimum);
                view! {
                    <tr class=if pass { "gallery-contrast--pass" } else { "gallery-contrast--fail" } data-pair=format!("{} {}", pair.foreground, pair.background)>
                        <td><code>{pair.foreground}</code></td>
                        <td><code>{pair.background}</code></td>
                        <td>{ratio.map_or_else(|| "?".to_owned(), |r| format!("{r:.2}:1"))}</td>
                        <td>{format!("{}:1 ", pair.minimum)}{if pass { g.contrast_pass } else { g.contrast_fail }}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let editors = move || {
        values
            .get()
            .into_iter()
            .map(|(p, v)| {
                let is_colour = COLORS.contains(&p.as_str());
                let id = format!("gallery-theme{p}");
                let property = p.clone();
                view! {
                    <div class="gallery-theme__row">
                        <label for=id.clone()><code>{p.clone()}</code></label>
                        <input
                            id=id
                            type=if is_colour { "color" } else { "text" }
                            prop:value=v
                            on:input=move |ev| set(property.clone(), event_target_value(&ev))
                        />
                    </div>
                }
            })
            .collect_view()
    };
    let exported = move || theme::export(&name.get(), &values.get());
    view! {
        <section class="gallery-panel" aria-labelledby="gallery-contrast-title">
            <h2 id="gallery-contrast-title">{g.contrast_title}</h2>
            <table class="gallery-contrast">
                <thead><tr>{g.contrast_columns.map(|c| view! { <th scope="col">{c}</th> })}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
        <section class="gallery-panel" aria-labelledby="gallery-theme-title">
            <h2 id="gallery-theme-title">{g.theme_title}</h2>
            <div class="gallery-theme">{editors}</div>
            <label class="gallery-theme__field">
                {g.theme_name}
                <input type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label class="gallery-theme__field">
                {g.theme_export}
                <textarea class="gallery-theme__export" readonly rows="8" prop:value=exported></textarea>
            </label>
            <label class="gallery-theme__field">
                {g.theme_import}
                <textarea class="gallery-theme__import" rows="4" prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            </label>
            <button
                type="button"
                class="gallery-panel__button"
                on:click=move |_| {
                    for (p, v) in theme::import(&pasted.get_untracked()) {
                        set(p, v);
                    }
                }
            >
                {g.theme_apply}
            </button>
        </section>
    }
}

/// The story's note (`notes.rs`): what it is and when a customer meets it, in both languages,
/// the error code that leads to it and the seed's wording it follows.
#[component]
pub fn NotesPanel(note: super::notes::Note) -> impl IntoView {
    let i18n = use_i18n();
    let g = i18n.t().gallery();
    let [what, when, code, seed] = g.notes_labels;
    let both = |texts: [&'static str; 2]| {
        view! {
            <span lang="ja">{texts[0]}</span>
            <span lang="en">{texts[1]}</span>
        }
    };
    view! {
        <section class="gallery-panel gallery-notes" aria-labelledby="gallery-notes-title">
            <h2 id="gallery-notes-title">{g.notes_title}</h2>
            <dl>
                <dt>{what}</dt>
                <dd>{both(note.what)}</dd>
                <dt>{when}</dt>
                <dd>{both(note.when)}</dd>
                <dt>{code}</dt>
                <dd>{note.code.map_or_else(|| view! { {g.notes_none} }.into_any(), |c| view! { <code>{c}</code> }.into_any())}</dd>
                <dt>{seed}</dt>
                <dd>{note.seed.map_or(g.notes_none, |s| s)}</dd>
            </dl>
        </section>
    }
}
