//! The few browser APIs the canvas needs beyond the `web-sys` features the
//! workspace already enables. Declared here with `wasm_bindgen` so that
//! adding them does not change `web-sys`'s feature set (which would rebuild
//! the whole Leptos stack for everyone).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget};

#[wasm_bindgen]
extern "C" {
    /// A `DOMRect`.
    pub type BoxRect;
    #[wasm_bindgen(method, getter)]
    fn left(this: &BoxRect) -> f64;
    #[wasm_bindgen(method, getter)]
    fn top(this: &BoxRect) -> f64;
    #[wasm_bindgen(method, getter)]
    fn width(this: &BoxRect) -> f64;
    #[wasm_bindgen(method, getter)]
    fn height(this: &BoxRect) -> f64;

    /// Any DOM element, for the two methods below.
    pub type AnyElement;
    #[wasm_bindgen(method, js_name = getBoundingClientRect)]
    fn bounding_client_rect(this: &AnyElement) -> BoxRect;
    #[wasm_bindgen(method, js_name = focus)]
    fn focus_with_options(this: &AnyElement, options: &JsValue);

    /// A `ResizeObserver`.
    pub type ResizeObserver;
    #[wasm_bindgen(constructor)]
    fn new(callback: &js_sys::Function) -> ResizeObserver;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

/// An element's box in viewport (client) coordinates: (left, top, width, height).
pub fn client_rect(el: &Element) -> (f64, f64, f64, f64) {
    let r = el.unchecked_ref::<AnyElement>().bounding_client_rect();
    (r.left(), r.top(), r.width(), r.height())
}

/// Focuses `el` without letting the browser scroll anything: the canvas pans itself.
pub fn focus_without_scroll(el: &Element) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &JsValue::TRUE);
    el.unchecked_ref::<AnyElement>()
        .focus_with_options(&options);
}

/// The closest element matching `selector` from an event target, itself included.
pub fn closest(target: Option<EventTarget>, selector: &str) -> Option<Element> {
    target?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

/// Watches an element's size; stops when dropped.
pub struct SizeWatch {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut()>,
}

impl SizeWatch {
    /// Calls `on_resize` whenever `el` changes size (and once when it is first laid out).
    pub fn new(el: &Element, on_resize: impl FnMut() + 'static) -> SizeWatch {
        let callback = Closure::<dyn FnMut()>::new(on_resize);
        let observer = ResizeObserver::new(callback.as_ref().unchecked_ref());
        observer.observe(el);
        SizeWatch {
            observer,
            _callback: callback,
        }
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
