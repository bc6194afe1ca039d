//! DOM helpers shared by the wasm-bindgen-tests (each test file uses its own part).
#![allow(dead_code)]

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Gives every Send step of `steps` the list destination `d1`, so that
/// publishing finds no problem with destinations.
pub fn connect_every_send(steps: &mut cairn_domain::graph::JourneyGraph) {
    let sends: Vec<(cairn_domain::StepId, cairn_domain::Step)> = steps
        .steps()
        .filter(|(_, s)| matches!(s, cairn_domain::Step::SendToDestinations { .. }))
        .map(|(id, s)| (id, s.clone()))
        .collect();
    for (id, mut step) in sends {
        if let cairn_domain::Step::SendToDestinations { destinations, .. } = &mut step {
            destinations.push(cairn_domain::step::DestinationRef::List {
                destination_id: "d1".into(),
            });
        }
        steps.update_definition(id, step).expect("update");
    }
}

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

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Lets effects, fetches and the DOM catch up.
pub async fn settle() {
    leptos::task::tick().await;
    sleep(30).await;
    leptos::task::tick().await;
}

/// Dispatches a bubbling, cancelable plain event named `name` at `target`.
pub fn fire(target: &web_sys::EventTarget, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::Event::new_with_event_init_dict(name, &init).expect("event");
    target.dispatch_event(&event).expect("dispatch");
}

/// Replaces `window.fetch` with a stub so the app's real HTTP client runs
/// against canned answers: `routes` maps `"METHOD /path"` (or just
/// `"/path"`, any method) to `[status, body]`; a 204 has no body; anything
/// else is a 404 with the server's error envelope. Every request is recorded
/// (see [`fetch_calls`]).
pub fn stub_fetch(routes: serde_json::Value) {
    let install = js_sys::Function::new_with_args(
        "routes",
        "window.__cairnCalls = [];
         window.fetch = (input, init) => {
           const req = new Request(input, init);
           return req.text().then((body) => {
             const path = new URL(req.url).pathname;
             window.__cairnCalls.push({ method: req.method, path, body });
             const [status, answer] = routes[req.method + ' ' + path] || routes[path]
               || [404, { error: { code: 'not_found', message: 'no stub for ' + path } }];
             if (status === 204) { return new Response(null, { status }); }
             return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
           });
         };",
    );
    let routes = js_sys::JSON::parse(&routes.to_string()).expect("routes are JSON");
    install
        .call1(&wasm_bindgen::JsValue::NULL, &routes)
        .expect("install the stub");
}

/// A request the fetch stub received.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchCall {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The URL's path.
    pub path: String,
    /// The body as JSON (`Null` when there was none or it was not JSON).
    pub body: serde_json::Value,
}

impl FetchCall {
    /// "METHOD /path".
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Every request the fetch stub received since it was installed.
pub fn fetch_calls() -> Vec<FetchCall> {
    let calls = js_sys::Reflect::get(&js_sys::global(), &"__cairnCalls".into()).expect("calls");
    let text: String = js_sys::JSON::stringify(&calls).expect("stringify").into();
    let all: Vec<serde_json::Value> = serde_json::from_str(&text).expect("calls are JSON");
    all.into_iter()
        .map(|c| FetchCall {
            method: c["method"].as_str().unwrap_or_default().to_string(),
            path: c["path"].as_str().unwrap_or_default().to_string(),
            body: c["body"]
                .as_str()
                .and_then(|b| serde_json::from_str(b).ok())
                .unwrap_or(serde_json::Value::Null),
        })
        .collect()
}

/// Clicks `el` the way a user does, then lets the app catch up.
pub async fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
    settle().await;
}

/// A time from its RFC 3339 text (test data only).
pub fn at(rfc3339: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .expect("valid timestamp")
        .with_timezone(&chrono::Utc)
}
