//! Mounts the SPA; everything else lives in the library.

fn main() {
    // index.html carries an inert copy of the login screen that paints before the wasm
    // arrives (scripts/prerender.sh); the app replaces it in the same task, so no frame shows
    // both or neither.
    if let Some(copy) = leptos::prelude::document().get_element_by_id("prerender") {
        copy.remove();
    }
    leptos::mount::mount_to_body(otp_portal::app::App);
}
