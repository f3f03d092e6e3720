//! Mounts the SPA; everything else lives in the library.

use wasm_bindgen::JsCast;

fn main() {
    // Into index.html's `#app`. On `/` it is hidden beside a live copy of the login screen
    // that paints before the wasm arrives (scripts/prerender.sh); `Layout` shows it once the
    // app has its screen, and src/early_input.js then carries what was typed into the copy
    // over and removes it, before the next frame.
    let root = leptos::prelude::document()
        .get_element_by_id("app")
        .expect("index.html has a #app")
        .unchecked_into();
    leptos::mount::mount_to(root, otp_portal::app::App).forget();
}
