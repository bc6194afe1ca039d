//! Asks before a link takes the marketer out of a builder with unsaved
//! changes. The browser's own prompt (`beforeunload`) covers closing the tab
//! and reloading; links inside the app never unload the page (the router
//! handles them), so this guard listens to clicks on `window` in the capture
//! phase, ahead of the router, and cancels the click if the marketer stays.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MouseEvent;

/// What the confirmation asks.
pub const LEAVE_QUESTION: &str =
    "You have unsaved changes. They are kept in this browser until you come back. Leave the builder?";

/// The path (no query, no fragment) an in-app link goes to, or `None` when
/// the link is not handled by the router (another site, a new tab, a
/// download), where the browser's `beforeunload` prompt applies instead.
pub fn in_app_target(href: &str, new_tab: bool) -> Option<&str> {
    if new_tab || !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    href.split(['?', '#']).next()
}

/// Whether following a link to `target_path` from `current_path` leaves the
/// page (a link to the same page with another `?step=` does not).
pub fn leaves(current_path: &str, target_path: &str) -> bool {
    current_path.trim_end_matches('/') != target_path.trim_end_matches('/')
}

/// The listener; removed when dropped.
pub struct LeaveGuard {
    listener: Closure<dyn FnMut(MouseEvent)>,
}

impl LeaveGuard {
    /// Starts asking whenever `dirty()` is true and a link would leave.
    pub fn new(dirty: impl Fn() -> bool + 'static) -> LeaveGuard {
        let listener = Closure::<dyn FnMut(MouseEvent)>::new(move |e: MouseEvent| {
            if e.default_prevented() || e.button() != 0 || !dirty() {
                return;
            }
            let Some(link) = crate::builder::canvas::dom::closest(e.target(), "a[href]") else {
                return;
            };
            let href = link.get_attribute("href").unwrap_or_default();
            let new_tab = e.ctrl_key()
                || e.meta_key()
                || e.shift_key()
                || link.get_attribute("target").is_some_and(|t| t != "_self")
                || link.has_attribute("download");
            let Some(target) = in_app_target(&href, new_tab) else {
                return;
            };
            let window = leptos::prelude::window();
            let current = window.location().pathname().unwrap_or_default();
            if !leaves(&current, target) {
                return;
            }
            if !window.confirm_with_message(LEAVE_QUESTION).unwrap_or(true) {
                e.prevent_default();
                e.stop_propagation();
            }
        });
        let _ = leptos::prelude::window().add_event_listener_with_callback_and_bool(
            "click",
            listener.as_ref().unchecked_ref(),
            true,
        );
        LeaveGuard { listener }
    }
}

impl Drop for LeaveGuard {
    fn drop(&mut self) {
        let _ = leptos::prelude::window().remove_event_listener_with_callback_and_bool(
            "click",
            self.listener.as_ref().unchecked_ref(),
            true,
        );
    }
}
