//! The grid saved as one PNG: its DOM and the page's style drawn into an SVG `foreignObject`,
//! the SVG drawn on a canvas (through a `data:` image: a demo server's policy allows it, a
//! production one serves no gallery; from a `blob:` one Chromium would refuse to export the
//! canvas), and the canvas downloaded.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::use_i18n;

/// Every rule of the page's stylesheets (all of this origin).
fn page_css() -> String {
    let sheets = document().style_sheets();
    let mut css = String::new();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        for j in 0..rules.length() {
            if let Some(rule) = rules.item(j) {
                css.push_str(&rule.css_text());
                css.push('\n');
            }
        }
    }
    css
}

/// `element` as an SVG image of its size, with the page's style inside.
fn as_svg(element: &web_sys::Element, width: f64, height: f64) -> Option<String> {
    let serializer = web_sys::XmlSerializer::new().ok()?;
    let html = serializer.serialize_to_string(element).ok()?;
    let css = page_css().replace("]]>", "]] >");
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\">\
         <foreignObject x=\"0\" y=\"0\" width=\"100%\" height=\"100%\">\
         <div xmlns=\"http://www.w3.org/1999/xhtml\" class=\"gallery gallery--grid\">\
         <style><![CDATA[{css}]]></style>{html}</div></foreignObject></svg>"
    ))
}

/// Draws the element with id `target` into a PNG and downloads it as `name.png`.
async fn save(target: &str, name: &str) -> Option<()> {
    let element = document().get_element_by_id(target)?;
    let (width, height) = (
        f64::from(element.scroll_width()),
        f64::from(element.scroll_height()),
    );
    let svg = as_svg(&element, width, height)?;
    let svg_url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        js_sys::encode_uri_component(&svg)
    );
    let image = web_sys::HtmlImageElement::new().ok()?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&svg_url);
    wasm_bindgen_futures::JsFuture::from(loaded).await.ok()?;
    let canvas: web_sys::HtmlCanvasElement =
        document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context.set_fill_style_str("#eef0f2");
    context.fill_rect(0.0, 0.0, width, height);
    context
        .draw_image_with_html_image_element(&image, 0.0, 0.0)
        .ok()?;
    let png = canvas.to_data_url_with_type("image/png").ok()?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&png);
    link.set_download(&format!("{name}.png"));
    link.click();
    Some(())
}

/// The button that saves the grid (`#gallery-grid`) as `name.png`.
#[component]
pub fn SaveAsPng(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let g = i18n.t().gallery();
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let on_click = move |_| {
        let name = name.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            failed.set(save("gallery-grid", &name).await.is_none());
            busy.set(false);
        });
    };
    view! {
        <button type="button" class="gallery-panel__button" aria-busy=move || busy.get().then_some("true") on:click=on_click>
            {g.save_png}
        </button>
        <span role="status">{move || failed.get().then_some(g.save_png_failed)}</span>
    }
}
