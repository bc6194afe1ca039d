//! DOM helpers shared by the wasm-bindgen-tests (each test file uses its own part).
#![allow(dead_code)]

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A fresh `<section>` in the page, to mount a component into.
pub fn test_root() -> HtmlElement {
    let doc = document();
    let root = doc.create_element("section").expect("create <section>");
    doc.body()
        .expect("document has a body")
        .append_child(&root)
        .expect("append test root");
    root.unchecked_into()
}

/// A fresh `<section>` of `width` × `height` pixels, with `css` (the app's
/// real stylesheet) installed once, so that geometry is as in the app.
pub fn styled_root(css: &str, width: u32, height: u32) -> HtmlElement {
    let doc = document();
    if doc.get_element_by_id("test-css").is_none() {
        let style = doc.create_element("style").expect("create <style>");
        style.set_id("test-css");
        style.set_text_content(Some(css));
        doc.head()
            .expect("document has a head")
            .append_child(&style)
            .expect("append stylesheet");
    }
    let root = test_root();
    root.set_attribute(
        "style",
        &format!("display:block;width:{width}px;height:{height}px"),
    )
    .expect("style the root");
    root
}

/// The first element matching `selector` under `root`; panics with the HTML when none does.
pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector:?} in {}", root.inner_html()))
}

/// Every element matching `selector` under `root`.
pub fn find_all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

/// The trimmed text of an element.
pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default().trim().to_string()
}
