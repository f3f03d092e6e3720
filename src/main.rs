//! Mounts the SPA; everything else lives in the library.

fn main() {
    leptos::mount::mount_to_body(otp_portal::app::App);
}
