//! Event data in the app: the entry step's estimate and Preview, the
//! condition builder's suggestions from the data, and the write keys of the
//! settings page, rendered in headless Chromium. The server is replaced by a
//! stub of `window.fetch` that answers canned JSON and records each request,
//! so the app's real HTTP client runs.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p cairn-app --target wasm32-unknown-unknown --test event_data`

#![cfg(target_arch = "wasm32")]

use cairn_app::builder::panel::estimate::DEBOUNCE;
use cairn_app::builder::panel::StepPanel;
use cairn_app::builder::schema::{property_values_list, trait_values_list, SchemaCtx};
use cairn_app::builder::state::BuilderState;
use cairn_app::events_api::{Schema, WriteKey};
use cairn_app::format::thousands;
use cairn_app::pages::settings::WriteKeys;
use cairn_domain::{samples, Journey, Limits, Step, StepId};
use chrono::DateTime;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

mod support;

use support::{fetch_calls, find, find_all, fire, sleep, stub_fetch, test_root, text};

wasm_bindgen_test_configure!(run_in_browser);

// ---------- a stub server ----------

/// The requests the stub received to `path`: (method, body as JSON).
fn calls(path: &str) -> Vec<(String, Value)> {
    fetch_calls()
        .into_iter()
        .filter(|c| c.path == path)
        .map(|c| (c.method, c.body))
        .collect()
}

/// Waits past the estimate's debounce and for the answer to show.
async fn after_debounce() {
    sleep(DEBOUNCE.as_millis() as i32 + 150).await;
    tick().await;
}

fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

// ---------- the journey ----------

fn journey() -> Journey {
    let spec = samples::cart_abandonment().expect("the seed example builds");
    let at = DateTime::parse_from_rfc3339("2026-11-01T09:00:00Z")
        .expect("a date")
        .to_utc();
    Journey::new_draft("j1".into(), spec, at)
}

fn estimate_answer(count: u64) -> Value {
    json!({
        "count": count,
        "matching_now": count,
        "meaning": format!("{count} users match the condition now; with historical data they all enter when the journey is published."),
        "use_historical_data": true,
        "sample": [
            {"user_id": "user_000012", "traits": {"name": "Ada Okafor", "plan": "pro"}},
            {"user_id": "user_000345", "traits": {"name": "Lin Wu", "Customer Lifetime Value": 80.5}}
        ],
        "total_profiles": 50000,
        "took_ms": 0.84,
        "as_of": "2026-11-23T12:00:00.000Z"
    })
}

/// Mounts the panel on the entry step (id 1 in the cart-abandonment sample).
async fn mount_entry(state: BuilderState, schema: Option<Schema>) -> (HtmlElement, impl Drop) {
    let root = test_root();
    state.selected.set(Some(StepId(1)));
    let handle = mount_to(root.clone(), move || {
        let ctx = SchemaCtx::new();
        ctx.0.set(schema.clone());
        provide_context(ctx);
        view! { <StepPanel state=state /> }
    });
    tick().await;
    (root, Guard(Some(handle)))
}

struct Guard<T>(Option<T>);
impl<T> Drop for Guard<T> {
    fn drop(&mut self) {
        self.0.take();
    }
}

fn set_historical(state: BuilderState, on: bool) {
    let step = state
        .content
        .with_untracked(|c| c.steps.get(StepId(1)).cloned())
        .expect("the entry step");
    let mut next = step.clone();
    if let Step::EntryCondition {
        use_historical_data,
        ..
    } = &mut next
    {
        *use_historical_data = on;
    }
    state
        .update_step(StepId(1), next, None)
        .expect("the edit applies");
}

// ---------- estimate ----------

#[wasm_bindgen_test]
async fn the_entry_step_shows_the_estimate_and_a_preview() {
    stub_fetch(json!({ "/api/estimate": [200, estimate_answer(1873)] }));
    let state = BuilderState::new(Some(&journey()), Limits::default());
    let (root, _guard) = mount_entry(state, None).await;

    let count = find(&root, ".estimate-count");
    assert_eq!(count.get_attribute("aria-busy").as_deref(), Some("true"));
    after_debounce().await;
    assert_eq!(text(&count), "1,873 users");
    assert_eq!(count.get_attribute("aria-busy").as_deref(), Some("false"));
    assert!(text(&find(&root, ".estimate-detail")).contains("match the condition now"));
    assert_eq!(
        text(&find(&root, ".estimate-took")),
        "Counted over 50,000 profiles in 0.8 ms"
    );

    // The request carries the entry condition exactly as the journey has it.
    let sent = calls("/api/estimate");
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (method, body) = &sent[0];
    assert_eq!(method, "POST");
    let (condition, historical) = state
        .content
        .with_untracked(|c| match c.steps.get(StepId(1)) {
            Some(Step::EntryCondition {
                condition,
                use_historical_data,
                ..
            }) => (
                serde_json::to_value(condition).expect("condition as JSON"),
                *use_historical_data,
            ),
            _ => panic!("step 1 is the entry"),
        });
    assert_eq!(body["condition"], condition);
    assert_eq!(body["use_historical_data"], historical);

    // Preview lists the matching users with a few traits.
    let preview = find(&root, "button.preview-users");
    assert_eq!(text(&preview), "Preview");
    click(&preview);
    tick().await;
    let users = find_all(&root, ".preview-user");
    assert_eq!(users.len(), 2);
    assert_eq!(text(&find(&users[0], ".preview-user-id")), "user_000012");
    assert_eq!(
        text(&find(&users[0], ".preview-user-traits")),
        "name: Ada Okafor · plan: pro"
    );
    assert!(text(&users[1]).contains("Customer Lifetime Value: 80.5"));
    click(&preview);
    tick().await;
    assert!(find_all(&root, ".preview-user").is_empty());
}

#[wasm_bindgen_test]
async fn edits_are_counted_once_they_settle() {
    stub_fetch(json!({ "/api/estimate": [200, estimate_answer(10)] }));
    let state = BuilderState::new(Some(&journey()), Limits::default());
    let (root, _guard) = mount_entry(state, None).await;
    after_debounce().await;
    assert_eq!(calls("/api/estimate").len(), 1);

    // Three quick edits: one request, for the last one.
    for on in [false, true, false] {
        set_historical(state, on);
        tick().await;
        sleep(20).await;
    }
    assert!(
        find(&root, ".estimate-count")
            .class_list()
            .contains("stale"),
        "the old count is dimmed while the new one is counted"
    );
    after_debounce().await;
    let sent = calls("/api/estimate");
    assert_eq!(sent.len(), 2, "one request per settled change: {sent:?}");
    assert_eq!(sent[1].1["use_historical_data"], false);
    assert!(!find(&root, ".estimate-count")
        .class_list()
        .contains("stale"));
}

#[wasm_bindgen_test]
async fn an_incomplete_condition_says_why_instead_of_a_number() {
    stub_fetch(json!({ "/api/estimate": [422, {"error": {
        "code": "invalid_condition",
        "message": "the condition is incomplete",
        "details": [{"path": "condition.conditions[0].event", "code": "required", "message": "an event condition needs an event name"}]
    }}] }));
    let state = BuilderState::new(Some(&journey()), Limits::default());
    let (root, _guard) = mount_entry(state, None).await;
    after_debounce().await;
    let detail = find(&root, ".estimate-detail");
    assert_eq!(
        text(&detail),
        "Complete the condition to see an estimate: an event condition needs an event name"
    );
    assert!(detail.class_list().contains("field-error"));
    assert!(find(&root, ".estimate-count")
        .class_list()
        .contains("hidden"));
    assert!(find(&root, "button.preview-users")
        .unchecked_ref::<web_sys::HtmlButtonElement>()
        .disabled());
}

#[wasm_bindgen_test]
fn counts_read_with_thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

// ---------- suggestions ----------

fn schema() -> Schema {
    serde_json::from_value(json!({
        "profiles": 50000,
        "events": [
            {"name": "Page Viewed", "count": 636000, "properties": [
                {"name": "utm_source", "types": ["string"], "count": 123000,
                 "top_values": [{"value": "google", "count": 43000}, {"value": "facebook", "count": 31000}]}]},
            {"name": "Order Completed", "count": 40000, "properties": [
                {"name": "revenue", "types": ["number"], "count": 40000,
                 "top_values": [{"value": 42.5, "count": 900}]}]}
        ],
        "traits": [
            {"name": "plan", "types": ["string"], "count": 50000,
             "top_values": [{"value": "pro", "count": 20000}, {"value": "team", "count": 9000}]}
        ]
    }))
    .expect("a schema")
}

fn options(root: &Element, list: &str) -> Vec<String> {
    find_all(root, &format!("datalist[id=\"{list}\"] option"))
        .iter()
        .filter_map(|o| o.get_attribute("value"))
        .collect()
}

#[wasm_bindgen_test]
async fn the_condition_builder_suggests_what_occurs_in_the_data() {
    stub_fetch(json!({ "/api/estimate": [200, estimate_answer(1)] }));
    let state = BuilderState::new(Some(&journey()), Limits::default());
    let (root, _guard) = mount_entry(state, Some(schema())).await;

    assert_eq!(
        options(&root, "cairn-event-names"),
        ["Page Viewed", "Order Completed"]
    );
    let event_name: HtmlInputElement = find(&root, "input.event-name").unchecked_into();
    assert_eq!(
        event_name.get_attribute("list").as_deref(),
        Some("cairn-event-names")
    );
    assert_eq!(
        options(&root, "cairn-property-names"),
        ["utm_source", "revenue"]
    );
    assert_eq!(
        options(&root, &property_values_list("utm_source")),
        ["google", "facebook"]
    );
    assert_eq!(options(&root, &property_values_list("revenue")), ["42.5"]);
    assert_eq!(options(&root, "cairn-trait-names"), ["plan"]);
    assert_eq!(options(&root, &trait_values_list("plan")), ["pro", "team"]);

    // A filter's value field points at the values of its property.
    click(&find(&root, "button.add-filter"));
    tick().await;
    let property: HtmlInputElement = find(&root, "input.filter-property").unchecked_into();
    property.set_value("utm_source");
    fire(&property, "input");
    tick().await;
    sleep(0).await;
    let value = find(&root, "input.filter-value");
    assert_eq!(
        value.get_attribute("list"),
        Some(property_values_list("utm_source"))
    );
}

#[wasm_bindgen_test]
fn list_ids_keep_distinct_names_distinct() {
    assert_ne!(property_values_list("a b"), property_values_list("a_b"));
    assert_ne!(property_values_list("plan"), trait_values_list("plan"));
    assert!(property_values_list("Customer Lifetime Value")
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
}

// ---------- write keys ----------

#[wasm_bindgen_test]
async fn write_keys_are_listed_and_created_with_errors_beside_the_field() {
    let created =
        json!({"name": "Website", "key": "wk_website_2", "created_at": "2026-11-23T12:00:00Z"});
    stub_fetch(json!({ "/api/write-keys": [201, created] }));
    let keys = vec![WriteKey {
        name: "Default source".into(),
        key: "wk_default_1".into(),
        created_at: "2026-11-23T11:00:00Z".into(),
    }];
    let root = test_root();
    let _handle = mount_to(root.clone(), move || {
        view! { <WriteKeys keys=keys.clone() origin="http://cairn.test".to_string() /> }
    });
    tick().await;
    let rows = find_all(&root, ".write-key");
    assert_eq!(rows.len(), 1);
    assert_eq!(text(&find(&rows[0], ".write-key-value")), "wk_default_1");
    assert_eq!(text(&find(&root, ".ingest-host")), "http://cairn.test");
    assert!(find(&rows[0], "button.copy-button")
        .get_attribute("aria-label")
        .is_some_and(|l| l.contains("Default source")));

    let name: HtmlInputElement = find(&root, "#write-key-name").unchecked_into();
    name.set_value("Website");
    fire(&name, "input");
    fire(&find(&root, "form.write-key-form"), "submit");
    sleep(50).await;
    tick().await;
    let sent = calls("/api/write-keys");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "POST");
    assert_eq!(sent[0].1, json!({"name": "Website"}));
    let rows = find_all(&root, ".write-key");
    assert_eq!(rows.len(), 2);
    assert_eq!(text(&find(&rows[1], ".write-key-value")), "wk_website_2");
    assert_eq!(name.value(), "", "the form is cleared for the next source");

    // A refusal is shown beside the field.
    stub_fetch(json!({ "/api/write-keys": [422, {"error": {
        "code": "validation_failed",
        "message": "a write key's name is at most 100 characters",
        "details": [{"path": "name", "code": "too_long", "message": "at most 100 characters"}]
    }}] }));
    name.set_value(&"x".repeat(100));
    fire(&name, "input");
    fire(&find(&root, "form.write-key-form"), "submit");
    sleep(50).await;
    tick().await;
    assert_eq!(
        text(&find(&root, "#write-key-name-error")),
        "at most 100 characters"
    );
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(find_all(&root, ".write-key").len(), 2);
}

/// Sets `navigator.clipboard`: a recorder of what is written, or `undefined`
/// (as on a page served over plain http from another host than localhost).
fn clipboard(available: bool) {
    let script = if available {
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {
           writeText: (t) => { window.__copied = t; return Promise.resolve(); } } });"
    } else {
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });"
    };
    js_sys::Function::new_no_args(script)
        .call0(&wasm_bindgen::JsValue::NULL)
        .expect("set the clipboard");
}

#[wasm_bindgen_test]
async fn a_write_key_is_copied_or_the_button_says_how_to_copy_it() {
    let keys = vec![WriteKey {
        name: "Website".into(),
        key: "wk_website_1".into(),
        created_at: "2026-11-23T11:00:00Z".into(),
    }];
    let root = test_root();
    let _handle = mount_to(root.clone(), move || {
        view! { <WriteKeys keys=keys.clone() origin="http://cairn.test".to_string() /> }
    });
    tick().await;
    let button = find(&root, ".write-key button.copy-button");

    clipboard(true);
    click(&button);
    sleep(20).await;
    assert_eq!(text(&button), "Copied");
    let copied = js_sys::Reflect::get(&js_sys::global(), &"__copied".into()).expect("copied");
    assert_eq!(copied.as_string().as_deref(), Some("wk_website_1"));

    // No Clipboard API on this page: no failure, the button says what to do.
    clipboard(false);
    click(&button);
    sleep(20).await;
    assert_eq!(text(&button), "Select and copy");
    assert!(button
        .get_attribute("title")
        .is_some_and(|t| t.contains("Ctrl+C")));
}
