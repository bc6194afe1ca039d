//! A Send step's destinations, the event tester, the destination form and
//! the inbox list, rendered in headless Chromium. The server is replaced by
//! a canned [`DestinationClient`] in the Leptos context.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p cairn-app --target wasm32-unknown-unknown --test destinations`
//!
//! The journey is the cart-abandonment sample: step 3 is the Send step
//! "Retarget cart abandoners" (no destination connected).

#![cfg(target_arch = "wasm32")]

use cairn_app::api::destinations::{
    DestinationClient, DestinationView, Destinations, InboxEntry, LocalFuture, PreviewView,
    TestRequest, TestResult,
};
use cairn_app::api::{error_from_body, ApiError};
use cairn_app::builder::panel::tester::TestLifecycle;
use cairn_app::builder::panel::StepPanel;
use cairn_app::builder::state::BuilderState;
use cairn_app::components::destination_form::DestinationForm;
use cairn_app::components::inbox_list::InboxList;
use cairn_domain::destination::{DestinationSpec, DestinationType};
use cairn_domain::step::{CallType, DestinationRef};
use cairn_domain::{Journey, Limits, Step, StepId};
use chrono::DateTime;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use serde_json::json;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

mod support;

use support::{find, find_all, test_root, text};

wasm_bindgen_test_configure!(run_in_browser);

const INBOX_ID: &str = "11111111-1111-4111-8111-111111111111";
const LIST_ID: &str = "22222222-2222-4222-8222-222222222222";
const KEY: &str = "j_o_cart_abandonment__retarget_cart_abandoners_k3x9qa";

fn destinations() -> Vec<DestinationView> {
    serde_json::from_value(json!([
        {"id": LIST_ID, "builtin": null, "name": "Ads audience", "type": "list", "enabled": true,
         "url": "", "headers": [], "timeout_ms": 10000, "batch_size": 1000,
         "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-01T09:00:00Z"},
        {"id": INBOX_ID, "builtin": "inbox", "name": "Request inbox", "type": "event", "enabled": true,
         "url": "http://127.0.0.1:9/api/inbox/x", "headers": [], "timeout_ms": 10000, "batch_size": null,
         "created_at": "2026-11-01T09:00:00Z", "updated_at": "2026-11-01T09:00:00Z"}
    ]))
    .expect("destinations parse")
}

fn ok_result(req: &TestRequest) -> serde_json::Value {
    json!({
        "destination": {"id": INBOX_ID, "name": "Request inbox"},
        "event_type": req.event_type,
        "event": "entered",
        "user_id": req.user_id,
        "message_id": "m-1",
        "request": {
            "method": "POST",
            "url": "http://127.0.0.1:9/api/inbox/x",
            "headers": [["content-type", "application/json"], ["Authorization", "••••5678"]],
            "body": {"type": "track", "properties": {KEY: "true"}}
        },
        "outcome": {
            "kind": "response", "ok": true, "status": 200, "status_line": "200 OK",
            "headers": [["content-type", "application/json"]],
            "body": "{\"received\":true,\"id\":7}", "body_truncated": false,
            "location": null, "took_ms": 12.5
        }
    })
}

/// The server, canned: the two destinations above; previews echo the
/// request; tests answer `200 OK` and are recorded.
#[derive(Clone, Default)]
struct Fake {
    sent: Arc<Mutex<Vec<TestRequest>>>,
}

impl DestinationClient for Fake {
    fn list(&self) -> LocalFuture<Result<Vec<DestinationView>, ApiError>> {
        Box::pin(std::future::ready(Ok(destinations())))
    }
    fn preview(&self, _id: String, req: TestRequest) -> LocalFuture<Result<PreviewView, ApiError>> {
        let payload = json!({
            "type": if req.event_type == CallType::Track { "track" } else { "identify" },
            "userId": req.user_id,
            "properties": {req.key.clone().unwrap_or_default(): "true"},
        });
        Box::pin(std::future::ready(Ok(PreviewView {
            user_id: req.user_id.unwrap_or_default(),
            message_id: "m-0".into(),
            payload,
        })))
    }
    fn test(&self, _id: String, req: TestRequest) -> LocalFuture<Result<TestResult, ApiError>> {
        let r =
            serde_json::from_value(ok_result(&req)).map_err(|e| ApiError::Decode(e.to_string()));
        if let Ok(mut sent) = self.sent.lock() {
            sent.push(req);
        }
        Box::pin(std::future::ready(r))
    }
}

fn fire(target: &web_sys::EventTarget, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(name, &init).expect("event");
    target.dispatch_event(&event).expect("dispatch");
}

async fn settle() {
    for _ in 0..3 {
        tick().await;
        sleep(0).await;
    }
}

async fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
    settle().await;
}

async fn choose(select: &Element, value: &str) {
    let select: &HtmlSelectElement = select.unchecked_ref();
    select.set_value(value);
    assert_eq!(select.value(), value, "{value:?} is an option");
    fire(select, "change");
    settle().await;
}

async fn type_into(input: &Element, value: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(value);
    fire(input, "input");
    fire(input, "change");
    settle().await;
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn cart_state() -> BuilderState {
    let spec = cairn_domain::samples::cart_abandonment().expect("the sample builds");
    let at = DateTime::from_timestamp(1_767_225_600, 0).expect("a valid time");
    BuilderState::new(
        Some(&Journey::new_draft("jid".into(), spec, at)),
        Limits::default(),
    )
}

fn send_destinations(state: BuilderState) -> Vec<DestinationRef> {
    state
        .content
        .with_untracked(|c| match c.steps.get(StepId(3)) {
            Some(Step::SendToDestinations { destinations, .. }) => destinations.clone(),
            other => panic!("step 3 is a Send step: {other:?}"),
        })
}

/// Keeps the mount alive (and unmounts when dropped).
struct Mounted<T>(#[allow(dead_code)] T);

async fn mount_panel(state: BuilderState, fake: Fake) -> (HtmlElement, Mounted<impl Sized>) {
    let root = test_root();
    state.selected.set(Some(StepId(3)));
    let handle = mount_to(root.clone(), move || {
        provide_context(Destinations::new(fake));
        view! { <StepPanel state=state /> }
    });
    settle().await;
    (root, Mounted(handle))
}

#[wasm_bindgen_test]
async fn connecting_choosing_the_call_and_removing_are_undoable_edits() {
    let state = cart_state();
    let (root, _m) = mount_panel(state, Fake::default()).await;
    let section = find(&root, "section.destinations");
    assert!(text(&section).contains("No destination is connected yet"));

    click(&find(&root, "button.connect-destinations")).await;
    let picks = find_all(&root, "input.pick-destination");
    assert_eq!(picks.len(), 2, "{}", section.inner_html());
    assert!(text(&find(&root, ".destination-picker")).contains("Request inbox"));

    // Connect the inbox (an event destination: track calls first).
    let inbox = find(
        &root,
        &format!("input.pick-destination[data-destination-id='{INBOX_ID}']"),
    );
    inbox.unchecked_ref::<HtmlInputElement>().set_checked(true);
    fire(&inbox, "change");
    settle().await;
    assert_eq!(
        send_destinations(state),
        vec![DestinationRef::Event {
            destination_id: INBOX_ID.into(),
            call: CallType::Track
        }]
    );
    let row = find(
        &root,
        &format!(".connected-destination[data-destination-id='{INBOX_ID}']"),
    );
    assert_eq!(text(&find(&row, ".destination-name")), "Request inbox");

    // Identify instead of track; undo brings track back.
    choose(&find(&row, "select.call-type"), "identify").await;
    assert!(matches!(
        send_destinations(state)[0],
        DestinationRef::Event {
            call: CallType::Identify,
            ..
        }
    ));
    state.undo();
    settle().await;
    assert!(matches!(
        send_destinations(state)[0],
        DestinationRef::Event {
            call: CallType::Track,
            ..
        }
    ));

    // A list destination has no call type and no tester, and says why.
    let list = find(
        &root,
        &format!("input.pick-destination[data-destination-id='{LIST_ID}']"),
    );
    list.unchecked_ref::<HtmlInputElement>().set_checked(true);
    fire(&list, "change");
    settle().await;
    let list_row = find(
        &root,
        &format!(".connected-destination[data-destination-id='{LIST_ID}']"),
    );
    assert!(list_row
        .query_selector("select.call-type")
        .expect("ok")
        .is_none());
    assert!(list_row
        .query_selector("button.open-tester")
        .expect("ok")
        .is_none());
    assert!(text(&find(&list_row, ".tester-unavailable"))
        .contains("not available for list destinations"));
    assert_eq!(send_destinations(state).len(), 2);

    // Remove the inbox; the "connect at least one" problem stays away while the list remains.
    click(&find(&row, "button.remove-destination")).await;
    assert_eq!(
        send_destinations(state),
        vec![DestinationRef::List {
            destination_id: LIST_ID.into()
        }]
    );
    assert!(find_all(&root, ".connected-destination").len() == 1);
}

#[wasm_bindgen_test]
async fn the_event_tester_previews_then_sends_and_shows_the_lifecycle() {
    let state = cart_state();
    let fake = Fake::default();
    let (root, _m) = mount_panel(state, fake.clone()).await;
    click(&find(&root, "button.connect-destinations")).await;
    let inbox = find(
        &root,
        &format!("input.pick-destination[data-destination-id='{INBOX_ID}']"),
    );
    inbox.unchecked_ref::<HtmlInputElement>().set_checked(true);
    fire(&inbox, "change");
    settle().await;

    click(&find(&root, "button.open-tester")).await;
    let tester = find(&root, ".event-tester");
    let user = find(&tester, "input.tester-user-id");
    let generated = user.unchecked_ref::<HtmlInputElement>().value();
    assert!(generated.starts_with("test-user-"), "{generated}");
    let preview = text(&find(&tester, ".payload-preview"));
    assert!(preview.contains(KEY), "{preview}");
    assert!(preview.contains(&generated), "{preview}");

    // Edit the user and the event type: the preview follows.
    type_into(&user, "user-42").await;
    choose(&find(&tester, "select.tester-event-type"), "identify").await;
    let preview = text(&find(&tester, ".payload-preview"));
    assert!(
        preview.contains("user-42") && preview.contains("identify"),
        "{preview}"
    );

    click(&find(&tester, "button.send-event")).await;
    assert_eq!(text(&find(&tester, ".status-line")), "200 OK");
    assert!(text(&find(&tester, ".response-body")).contains("\"received\": true"));
    assert!(text(&find(&tester, ".request-headers")).contains("••••5678"));
    assert!(
        find(&tester, ".inbox-link a")
            .get_attribute("href")
            .as_deref()
            == Some("/inbox")
    );

    let sent = fake.sent.lock().expect("lock").clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].event_type, CallType::Identify);
    assert_eq!(sent[0].user_id.as_deref(), Some("user-42"));
    assert_eq!(sent[0].key.as_deref(), Some(KEY));
    assert_eq!(sent[0].journey_id.as_deref(), Some("jid"));
    assert_eq!(sent[0].step_id, Some(StepId(3)));
}

#[wasm_bindgen_test]
async fn a_failed_send_shows_the_error_kind_and_message() {
    let result: TestResult = serde_json::from_value(json!({
        "destination": {"id": "d", "name": "Webhook"},
        "event_type": "track", "event": "entered", "user_id": "u", "message_id": "m",
        "request": {"method": "POST", "url": "http://127.0.0.1:1/hook", "headers": [], "body": {}},
        "outcome": {"kind": "error", "error": "connection_refused",
                    "message": "nothing listens at 127.0.0.1:1", "took_ms": 1.2}
    }))
    .expect("parses");
    let root = test_root();
    let _m = mount_to(root.clone(), move || view! { <TestLifecycle result /> });
    settle().await;
    let line = find(&root, ".status-line");
    assert_eq!(text(&line), "Connection refused");
    assert!(line.class_list().contains("fail"));
    assert_eq!(
        text(&find(&root, ".error-message")),
        "nothing listens at 127.0.0.1:1"
    );
    assert!(text(&find(&root, ".request-line")).contains("POST http://127.0.0.1:1/hook"));

    // A non-2xx status is a response, shown as a failure with its body.
    let result: TestResult = serde_json::from_value(json!({
        "destination": {"id": "d", "name": "Webhook"},
        "event_type": "track", "user_id": "u", "message_id": "m",
        "request": {"method": "POST", "url": "http://h/", "headers": [], "body": {}},
        "outcome": {"kind": "response", "ok": false, "status": 500, "status_line": "500 Internal Server Error",
                    "headers": [], "body": "boom", "body_truncated": false, "location": null, "took_ms": 3.0}
    }))
    .expect("parses");
    let root = test_root();
    let _m2 = mount_to(root.clone(), move || view! { <TestLifecycle result /> });
    settle().await;
    assert_eq!(
        text(&find(&root, ".status-line.fail")),
        "500 Internal Server Error"
    );
    assert_eq!(text(&find(&root, ".response-body")), "boom");
}

#[wasm_bindgen_test]
async fn the_form_keeps_secrets_unless_replaced_and_shows_errors_beside_fields() {
    let stored: DestinationView = serde_json::from_value(json!({
        "id": "d1", "name": "Webhook", "type": "event", "enabled": true,
        "url": "https://hooks.example.com/cairn",
        "headers": [{"name": "Authorization", "value": "••••5678", "secret": true},
                    {"name": "X-Team", "value": "growth", "secret": false}],
        "timeout_ms": 10000, "batch_size": null
    }))
    .expect("parses");
    let submitted = RwSignal::new(None::<DestinationSpec>);
    let error = RwSignal::new(None::<ApiError>);
    let root = test_root();
    let _m = mount_to(root.clone(), move || {
        view! {
            <DestinationForm
                initial=Some(stored.clone())
                on_submit=move |spec| submitted.set(Some(spec))
                on_cancel=|()| {}
                error=error
            />
        }
    });
    settle().await;
    let values = find_all(&root, "input.header-value");
    let secret: &HtmlInputElement = values[0].unchecked_ref();
    assert_eq!(secret.value(), "", "a secret is never put in the field");
    assert!(secret.placeholder().contains("••••5678"));
    assert_eq!(secret.type_(), "password");
    assert_eq!(
        values[1].unchecked_ref::<HtmlInputElement>().value(),
        "growth"
    );

    click(&find(&root, "button.save-destination")).await;
    let spec = submitted.get_untracked().expect("submitted");
    assert_eq!(spec.kind, DestinationType::Event);
    assert_eq!(spec.headers[0].name, "Authorization");
    assert_eq!(spec.headers[0].value, None, "kept: sent without a value");
    assert!(spec.headers[0].secret);
    assert_eq!(spec.headers[1].value.as_deref(), Some("growth"));

    // A replaced secret is sent.
    type_into(&values[0], "Bearer new-token-123").await;
    click(&find(&root, "button.save-destination")).await;
    let spec = submitted.get_untracked().expect("submitted");
    assert_eq!(
        spec.headers[0].value.as_deref(),
        Some("Bearer new-token-123")
    );

    // The server's 422 details show beside their fields.
    error.set(Some(error_from_body(
        422,
        &json!({"error": {"code": "validation_failed", "message": "the destination cannot be saved",
            "details": [
                {"path": "url", "code": "invalid_url", "message": "Invalid URL: the URL has no host"},
                {"path": "headers[1].name", "code": "invalid_header", "message": "\"X Team\" is not a valid header name"}
            ]}})
        .to_string(),
    )));
    settle().await;
    assert_eq!(
        text(&find(&root, "#dest-error-url")),
        "Invalid URL: the URL has no host"
    );
    assert_eq!(
        find(&root, "#destination-url")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        text(&find(&root, "#dest-error-headers-1--name")),
        "\"X Team\" is not a valid header name"
    );
    assert!(root.query_selector(".form-error").expect("ok").is_none());

    // A timeout that is not a number is caught before sending.
    submitted.set(None);
    type_into(&find(&root, "#destination-timeout"), "soon").await;
    click(&find(&root, "button.save-destination")).await;
    assert!(submitted.get_untracked().is_none());
    assert!(text(&find(&root, "#dest-error-timeout-ms")).contains("milliseconds"));
}

#[wasm_bindgen_test]
async fn the_inbox_lists_requests_with_pretty_bodies() {
    let entries: Vec<InboxEntry> = serde_json::from_value(json!([
        {"id": 2, "destination_id": INBOX_ID, "received_at": "2026-11-01T09:00:01.000Z",
         "method": "POST", "path": "/api/inbox/x", "headers": [["content-type", "application/json"]],
         "body": "{\"type\":\"track\",\"properties\":{\"k\":\"true\"}}", "json": null},
        {"id": 1, "destination_id": INBOX_ID, "received_at": "2026-11-01T09:00:00.000Z",
         "method": "POST", "path": "/api/inbox/x", "headers": [], "body": "not json", "json": null}
    ]))
    .expect("parses");
    let root = test_root();
    let _m = mount_to(
        root.clone(),
        move || view! { <InboxList entries=entries.clone() /> },
    );
    settle().await;
    let items = find_all(&root, ".inbox-entry");
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0].get_attribute("data-entry-id").as_deref(),
        Some("2")
    );
    let body = find(&items[0], ".inbox-body")
        .text_content()
        .unwrap_or_default();
    assert!(body.contains("\n  \"properties\": {"), "{body}");
    assert_eq!(text(&find(&items[1], ".inbox-body")), "not json");
    assert_eq!(text(&find(&items[0], ".method")), "POST");
}
