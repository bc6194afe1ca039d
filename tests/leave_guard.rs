//! The builder's leave guard: a link inside the app asks before leaving
//! unsaved changes; staying cancels the click before the router sees it.

#![cfg(target_arch = "wasm32")]

use cairn_app::builder::leave_guard::{in_app_target, leaves, LeaveGuard, LEAVE_QUESTION};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, MouseEvent};

mod support;

use support::test_root;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn which_links_leave() {
    assert_eq!(in_app_target("/destinations", false), Some("/destinations"));
    assert_eq!(
        in_app_target("/journeys/j1?step=3#x", false),
        Some("/journeys/j1")
    );
    assert_eq!(
        in_app_target("/destinations", true),
        None,
        "a new tab leaves nothing"
    );
    assert_eq!(in_app_target("https://example.com/", false), None);
    assert_eq!(in_app_target("//example.com/", false), None);
    assert!(leaves("/journeys/j1/builder", "/"));
    assert!(leaves("/journeys/j1/builder", "/journeys/j1"));
    assert!(!leaves("/journeys/j1/builder", "/journeys/j1/builder/"));
}

/// `window.confirm` answers `answer` and records the question in
/// `window.__asked`.
fn stub_confirm(answer: bool) {
    let f = js_sys::Function::new_with_args("m", &format!("window.__asked = m; return {answer};"));
    js_sys::Reflect::set(&js_sys::global(), &"confirm".into(), &f).expect("stub confirm");
    js_sys::Reflect::set(&js_sys::global(), &"__asked".into(), &JsValue::NULL).expect("reset");
}

fn asked() -> Option<String> {
    js_sys::Reflect::get(&js_sys::global(), &"__asked".into())
        .ok()
        .and_then(|v| v.as_string())
}

/// A link to `href` whose own click listener records that it was reached
/// (and stops the test page from navigating).
fn link(href: &str) -> (Element, Rc<Cell<bool>>) {
    let root = test_root();
    let a = leptos::prelude::document().create_element("a").expect("a");
    a.set_attribute("href", href).expect("href");
    a.set_text_content(Some("go"));
    root.append_child(&a).expect("append");
    let reached = Rc::new(Cell::new(false));
    let flag = reached.clone();
    let on_click = Closure::<dyn FnMut(MouseEvent)>::new(move |e: MouseEvent| {
        flag.set(true);
        e.prevent_default();
    });
    a.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
        .expect("listen");
    on_click.forget();
    (a, reached)
}

/// Clicks `el` with a real `MouseEvent`; whether something cancelled it.
fn click(el: &Element) -> bool {
    let f = js_sys::Function::new_with_args(
        "el",
        "const e = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
         el.dispatchEvent(e);
         return e.defaultPrevented;",
    );
    f.call1(&JsValue::NULL, el)
        .ok()
        .and_then(|v| v.as_bool())
        .expect("a boolean")
}

#[wasm_bindgen_test]
fn a_link_out_of_a_dirty_builder_asks_and_staying_cancels_it() {
    let dirty = Rc::new(Cell::new(true));
    let d = dirty.clone();
    let guard = LeaveGuard::new(move || d.get());

    // Unsaved changes, the marketer stays: asked, and the click never
    // reaches the link (the router would have navigated).
    stub_confirm(false);
    let (a, reached) = link("/destinations");
    assert!(click(&a), "the click is cancelled");
    assert_eq!(asked().as_deref(), Some(LEAVE_QUESTION));
    assert!(!reached.get());

    // The marketer leaves: the link gets the click.
    stub_confirm(true);
    let (a, reached) = link("/destinations");
    click(&a);
    assert_eq!(asked().as_deref(), Some(LEAVE_QUESTION));
    assert!(reached.get());

    // Nothing unsaved: no question.
    dirty.set(false);
    stub_confirm(false);
    let (a, reached) = link("/destinations");
    click(&a);
    assert_eq!(asked(), None);
    assert!(reached.get());

    // A link to the same page (another ?step=) does not leave.
    dirty.set(true);
    let here = leptos::prelude::window()
        .location()
        .pathname()
        .expect("path");
    let (a, reached) = link(&format!("{here}?step=2"));
    click(&a);
    assert_eq!(asked(), None);
    assert!(reached.get());

    // Once dropped, the guard asks nothing.
    drop(guard);
    let (a, reached) = link("/destinations");
    click(&a);
    assert_eq!(asked(), None);
    assert!(reached.get());
}
