//! A drawn-only layer (edge paths, branch labels, minimap rectangles): many
//! plain elements with no events, kept in step with a list of items by one
//! effect. Each update writes only what changed (an attribute here, an
//! element there), with no reactive node per element: a reactive node per
//! edge costs more than the edge.

use std::collections::HashMap;
use std::hash::Hash;
use web_sys::{Document, Element};

/// The SVG namespace.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// One element of a layer: its attributes and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Attributes, in a fixed order per layer.
    pub attrs: Vec<(&'static str, String)>,
    /// Text content, if any.
    pub text: Option<String>,
}

/// The elements of one layer, by key.
pub struct Layer<K> {
    tag: &'static str,
    namespace: Option<&'static str>,
    drawn: HashMap<K, (Element, Item)>,
}

impl<K: Eq + Hash + Clone> Layer<K> {
    /// A layer of `tag` elements (in `namespace`, e.g. [`SVG_NS`], or HTML).
    pub fn new(tag: &'static str, namespace: Option<&'static str>) -> Layer<K> {
        Layer {
            tag,
            namespace,
            drawn: HashMap::new(),
        }
    }

    /// Makes `parent`'s elements match `items`: new keys get an element,
    /// changed items get their changed attributes or text, gone keys lose
    /// their element.
    pub fn update(&mut self, parent: &Element, items: impl IntoIterator<Item = (K, Item)>) {
        let Some(doc) = parent.owner_document() else {
            return;
        };
        let mut next: HashMap<K, (Element, Item)> = HashMap::with_capacity(self.drawn.len());
        for (key, item) in items {
            match self.drawn.remove(&key) {
                Some((el, old)) => {
                    if old != item {
                        patch(&el, &old, &item);
                    }
                    next.insert(key, (el, item));
                }
                None => {
                    if let Some(el) = self.create(&doc, &item) {
                        let _ = parent.append_child(&el);
                        next.insert(key, (el, item));
                    }
                }
            }
        }
        for (el, _) in self.drawn.values() {
            el.remove();
        }
        self.drawn = next;
    }

    fn create(&self, doc: &Document, item: &Item) -> Option<Element> {
        let el = match self.namespace {
            Some(ns) => doc.create_element_ns(Some(ns), self.tag).ok()?,
            None => doc.create_element(self.tag).ok()?,
        };
        for (name, value) in &item.attrs {
            let _ = el.set_attribute(name, value);
        }
        if let Some(text) = &item.text {
            el.set_text_content(Some(text));
        }
        Some(el)
    }
}

fn patch(el: &Element, old: &Item, new: &Item) {
    for (i, (name, value)) in new.attrs.iter().enumerate() {
        if old
            .attrs
            .get(i)
            .is_none_or(|(n, v)| n != name || v != value)
        {
            let _ = el.set_attribute(name, value);
        }
    }
    for (name, _) in &old.attrs {
        if !new.attrs.iter().any(|(n, _)| n == name) {
            let _ = el.remove_attribute(name);
        }
    }
    if old.text != new.text {
        el.set_text_content(new.text.as_deref());
    }
}
