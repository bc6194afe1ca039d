//! The app's entry point: mounts [`cairn_app::App`] on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cairn_app::App);
}
