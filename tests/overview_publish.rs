//! The overview's publish flow and Settings tab, mounted directly against
//! a stubbed server: problems linked to the builder with the step
//! selected, the confirmation, the workspace limit, a publish that goes
//! through, and name/description saved with field errors and conflicts.
//! Also: a published step's disabled controls say why.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p cairn-app --target wasm32-unknown-unknown --test overview_publish`

#![cfg(target_arch = "wasm32")]

use cairn_app::api::ApiError;
use cairn_app::builder::panel::StepPanel;
use cairn_app::builder::state::BuilderState;
use cairn_app::pages::overview::Overview;
use cairn_app::pages::publish::{builder_href, limit_explanation, step_of};
use cairn_domain::{samples, Journey, Limits, Status, StepId};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

mod support;

use support::{
    at, click, connect_every_send, fetch_calls, find, find_all, fire, settle, stub_fetch,
    test_root, text, FetchCall,
};

wasm_bindgen_test_configure!(run_in_browser);

/// The requests the stub received: "METHOD /path" each.
fn calls() -> Vec<String> {
    fetch_calls().iter().map(FetchCall::line).collect()
}

struct Mounted<T>(#[allow(dead_code)] T);

/// The request bodies the stub received for "METHOD /path".
fn bodies(of: &str) -> Vec<Value> {
    let calls = js_sys::Reflect::get(&js_sys::global(), &"__cairnCalls".into()).expect("calls");
    let text: String = js_sys::JSON::stringify(&calls).expect("stringify").into();
    let all: Vec<Value> = serde_json::from_str(&text).expect("calls are JSON");
    all.into_iter()
        .filter(|c| {
            format!(
                "{} {}",
                c["method"].as_str().unwrap_or_default(),
                c["path"].as_str().unwrap_or_default()
            ) == of
        })
        .filter_map(|c| serde_json::from_str(c["body"].as_str().unwrap_or_default()).ok())
        .collect()
}

/// The seeded cart-abandonment journey as a stored draft (its Send steps
/// have no destination: publishing has problems).
fn incomplete() -> Journey {
    let spec = samples::cart_abandonment().expect("the sample builds");
    Journey::new_draft("ov1".into(), spec, at("2026-11-01T09:00:00Z"))
}

/// The same with a destination on every Send step: nothing blocks publishing.
fn complete() -> Journey {
    let mut journey = incomplete();
    connect_every_send(&mut journey.steps);
    journey
}

fn mount_overview(journey: Journey) -> (HtmlElement, Mounted<impl Sized>) {
    let root = test_root();
    let m = Mounted(mount_to(root.clone(), move || {
        view! { <Router><Overview journey=journey.clone() /></Router> }
    }));
    (root, m)
}

async fn open_settings(root: &Element) {
    let tab = find_all(root, "button.tab")
        .into_iter()
        .find(|b| text(b) == "Settings")
        .expect("a Settings tab");
    click(&tab).await;
}

async fn type_into(el: &Element, value: &str) {
    el.unchecked_ref::<HtmlInputElement>().set_value(value);
    fire(el, "input");
    settle().await;
}

// ---------- pure helpers ----------

#[wasm_bindgen_test]
fn problem_paths_and_builder_links() {
    assert_eq!(step_of("steps.12.name"), Some(StepId(12)));
    assert_eq!(step_of("name"), None);
    assert_eq!(
        builder_href("j1", Some(StepId(3))),
        "/journeys/j1/builder?step=3"
    );
    assert_eq!(builder_href("j1", None), "/journeys/j1/builder");
}

#[wasm_bindgen_test]
fn the_workspace_limit_is_explained_with_its_counts() {
    let e = cairn_app::api::error_from_body(
        409,
        r#"{"error":{"code":"published_limit_reached","message":"The workspace already has its limit of published journeys.","details":{"published":5,"limit":5}}}"#,
    );
    assert_eq!(e.context()["limit"], 5);
    let text = limit_explanation(&e).expect("explained");
    assert!(
        text.contains("5 published journeys; the limit is 5"),
        "{text}"
    );
    let other = ApiError::Status { status: 409 };
    assert_eq!(limit_explanation(&other), None);
}

// ---------- publishing from the overview ----------

#[wasm_bindgen_test]
async fn publishing_an_incomplete_draft_lists_problems_linked_to_the_builder() {
    stub_fetch(json!({}));
    let (root, _m) = mount_overview(incomplete());
    settle().await;
    click(&find(&root, ".overview-status button.publish")).await;
    assert!(
        find_all(&root, ".publish-dialog").is_empty(),
        "no confirmation with problems"
    );
    let links = find_all(&root, ".publish-problems a.problem-link");
    assert!(!links.is_empty());
    let hrefs: Vec<String> = links
        .iter()
        .filter_map(|l| l.get_attribute("href"))
        .collect();
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("/journeys/ov1/builder?step=")),
        "{hrefs:?}"
    );
    assert!(
        !calls().iter().any(|c| c.ends_with("/publish")),
        "nothing sent"
    );
}

#[wasm_bindgen_test]
async fn the_workspace_limit_refusal_says_how_many_are_published() {
    stub_fetch(json!({
        "POST /api/journeys/ov1/publish": [409, {"error": {
            "code": "published_limit_reached",
            "message": "The workspace already has its limit of published journeys.",
            "details": {"published": 5, "limit": 5}
        }}],
    }));
    let (root, _m) = mount_overview(complete());
    settle().await;
    click(&find(&root, ".overview-status button.publish")).await;
    let dialog = find(&root, ".publish-dialog");
    let said = text(&dialog);
    assert!(said.contains("locked"), "{said}");
    assert!(
        said.contains("sent to its connected destinations"),
        "{said}"
    );
    click(&find(&dialog, "button.confirm-publish")).await;
    settle().await;
    assert!(calls().contains(&"POST /api/journeys/ov1/publish".to_string()));
    let limit = text(&find(&root, ".publish-limit"));
    assert!(
        limit.contains("5 published journeys; the limit is 5"),
        "{limit}"
    );
    assert_eq!(text(&find(&root, ".overview-status .badge")), "Draft");
}

#[wasm_bindgen_test]
async fn a_publish_that_goes_through_shows_the_journey_published() {
    let journey = complete();
    let mut published = journey.clone();
    published.status = Status::Published {
        published_at: at("2026-11-02T09:00:00Z"),
    };
    published.version = 2;
    stub_fetch(json!({
        "POST /api/journeys/ov1/publish": [200, {
            "journey": serde_json::to_value(&published).expect("JSON"),
            "warnings": [],
        }],
    }));
    let (root, _m) = mount_overview(journey);
    settle().await;
    click(&find(&root, ".overview-status button.publish")).await;
    click(&find(&root, "button.cancel-publish")).await;
    assert!(find_all(&root, ".publish-dialog").is_empty());
    assert!(calls().is_empty() || !calls().iter().any(|c| c.ends_with("/publish")));
    click(&find(&root, ".overview-status button.publish")).await;
    click(&find(&root, "button.confirm-publish")).await;
    settle().await;
    assert_eq!(text(&find(&root, ".overview-status .badge")), "Published");
    assert!(find_all(&root, ".overview-status button.publish").is_empty());
    assert!(text(&find(&root, ".status-explainer")).starts_with("Published"));
}

// ---------- Settings ----------

#[wasm_bindgen_test]
async fn settings_save_only_the_name_and_description() {
    let journey = complete();
    let mut renamed = journey.clone();
    renamed.name = "Cart rescue".into();
    renamed.version = 2;
    stub_fetch(json!({
        "PUT /api/journeys/ov1": [200, serde_json::to_value(&renamed).expect("JSON")],
    }));
    let steps = serde_json::to_value(&journey.steps).expect("JSON");
    let (root, _m) = mount_overview(journey);
    settle().await;
    open_settings(&root).await;
    let save = find(&root, "button.save-settings");
    assert!(save.has_attribute("disabled"), "nothing to save yet");
    let name = find(&root, "#settings-name");
    type_into(&name, "Cart rescue").await;
    assert_eq!(
        text(&find(&root, "#settings-name-counter")),
        format!("11/{}", Limits::default().journey_name_max)
    );
    click(&find(&root, "button.save-settings")).await;
    settle().await;
    let sent = bodies("PUT /api/journeys/ov1");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["name"], "Cart rescue");
    assert_eq!(sent[0]["steps"], steps, "the steps are sent unchanged");
    assert_eq!(text(&find(&root, ".overview h1")), "Cart rescue");
    assert_eq!(
        text(&find(&root, ".journey-settings .save-status")),
        "Saved"
    );
}

#[wasm_bindgen_test]
async fn settings_show_field_errors_and_conflicts() {
    stub_fetch(json!({
        "PUT /api/journeys/ov1": [422, {"error": {
            "code": "validation_failed", "message": "The journey is invalid.",
            "details": [{"path": "name", "code": "required", "message": "Name the journey."}]
        }}],
    }));
    let (root, _m) = mount_overview(complete());
    settle().await;
    open_settings(&root).await;
    let name = find(&root, "#settings-name");
    type_into(&name, " ").await;
    click(&find(&root, "button.save-settings")).await;
    settle().await;
    assert_eq!(
        text(&find(&root, "#settings-error-name")),
        "Name the journey."
    );
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(name
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains("settings-error-name"));

    stub_fetch(json!({
        "PUT /api/journeys/ov1": [412, {"error": {
            "code": "version_conflict", "message": "Stale.",
            "details": {"your_version": 1, "current_version": 2}
        }}],
    }));
    type_into(&name, "Another name").await;
    click(&find(&root, "button.save-settings")).await;
    settle().await;
    let said = text(&find(&root, ".settings-error"));
    assert!(said.contains("Reload"), "{said}");
}

// ---------- the builder's locked panel ----------

#[wasm_bindgen_test]
async fn locked_step_controls_say_why() {
    let mut journey = complete();
    journey.status = Status::Published {
        published_at: at("2026-11-02T09:00:00Z"),
    };
    let send = journey
        .steps
        .steps()
        .find(|(_, s)| matches!(s, cairn_domain::Step::SendToDestinations { .. }))
        .map(|(id, _)| id);
    let state = BuilderState::new(Some(&journey), Limits::default());
    state.selected.set(send);
    let root = test_root();
    let _m = Mounted(mount_to(
        root.clone(),
        move || view! { <StepPanel state /> },
    ));
    settle().await;
    let note = find(&root, "#locked-note");
    assert!(text(&note).contains("Clone the journey"));
    let reason = "Published journeys' steps are locked. Clone the journey to change its steps.";
    for selector in ["#step-name", "button.delete-step"] {
        let el = find(&root, selector);
        assert!(el.has_attribute("disabled"), "{selector}");
        assert_eq!(
            el.get_attribute("title").as_deref(),
            Some(reason),
            "{selector}"
        );
        assert!(
            el.get_attribute("aria-describedby")
                .unwrap_or_default()
                .split(' ')
                .any(|id| id == "locked-note"),
            "{selector}"
        );
    }
    for el in find_all(&root, ".step-panel [disabled]") {
        assert!(el.get_attribute("title").is_some(), "{}", el.outer_html());
    }
}

// ---------- the builder opened at a step ----------

#[wasm_bindgen_test]
async fn the_builder_selects_the_step_named_in_the_query() {
    stub_fetch(json!({}));
    let journey = incomplete();
    let send = journey
        .steps
        .steps()
        .find(|(_, s)| matches!(s, cairn_domain::Step::SendToDestinations { .. }))
        .map(|(id, _)| id)
        .expect("a Send step");
    let history = web_sys::window()
        .expect("window")
        .history()
        .expect("history");
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&builder_href("ov1", Some(send))))
        .expect("replaceState");
    let root = test_root();
    let j = journey.clone();
    let _m = Mounted(mount_to(root.clone(), move || {
        view! { <Router><cairn_app::pages::builder::BuilderView journey=Some(j.clone()) /></Router> }
    }));
    settle().await;
    let panel = find(&root, ".step-panel");
    assert_eq!(panel.get_attribute("data-type").as_deref(), Some("send"));
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("/"))
        .expect("replaceState");
}

#[wasm_bindgen_test]
async fn a_published_journeys_name_saves_from_the_builder() {
    let mut journey = complete();
    journey.status = Status::Published {
        published_at: at("2026-11-02T09:00:00Z"),
    };
    let mut renamed = journey.clone();
    renamed.name = "Live cart".into();
    renamed.version = 2;
    stub_fetch(json!({
        "PUT /api/journeys/ov1": [200, serde_json::to_value(&renamed).expect("JSON")],
    }));
    let root = test_root();
    let j = journey.clone();
    let _m = Mounted(mount_to(root.clone(), move || {
        view! { <Router><cairn_app::pages::builder::BuilderView journey=Some(j.clone()) /></Router> }
    }));
    settle().await;
    assert!(find_all(&root, "button.save-draft").is_empty());
    let save = find(&root, "button.save-name");
    assert!(save.has_attribute("disabled"));
    type_into(&find(&root, "#journey-name"), "Live cart").await;
    click(&find(&root, "button.save-name")).await;
    settle().await;
    let sent = bodies("PUT /api/journeys/ov1");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["name"], "Live cart");
}

/// Presses `key` with Ctrl (and Shift) on the window, as from the canvas.
fn ctrl_key(key: &str, shift: bool) {
    let f = js_sys::Function::new_with_args(
        "key, shift",
        "window.dispatchEvent(new KeyboardEvent('keydown',
            { key, ctrlKey: true, shiftKey: shift, bubbles: true, cancelable: true }));",
    );
    f.call2(&JsValue::NULL, &key.into(), &shift.into())
        .expect("dispatch keydown");
}

#[wasm_bindgen_test]
async fn ctrl_z_and_the_undo_buttons_undo_and_redo_in_the_builder() {
    stub_fetch(json!({}));
    let root = test_root();
    let j = incomplete();
    let _m = Mounted(mount_to(root.clone(), move || {
        view! { <Router><cairn_app::pages::builder::BuilderView journey=Some(j.clone()) /></Router> }
    }));
    settle().await;
    let nodes = || find_all(&root, ".canvas .node").len();
    assert_eq!(nodes(), 7);
    let undo = find(&root, "button[aria-label=Undo]");
    let redo = find(&root, "button[aria-label=Redo]");
    assert!(undo.has_attribute("disabled"), "nothing to undo yet");

    // An edit: a wait added after the entry.
    click(&find(&root, ".add-button[data-from=\"1\"][data-slot=next]")).await;
    click(&find(
        &root,
        ".add-menu [data-step-type=\"wait_for_duration\"]",
    ))
    .await;
    settle().await;
    assert_eq!(nodes(), 8);
    assert!(!undo.has_attribute("disabled"));

    // Ctrl+Z undoes it, Ctrl+Shift+Z redoes it.
    ctrl_key("z", false);
    settle().await;
    assert_eq!(nodes(), 7);
    ctrl_key("z", true);
    settle().await;
    assert_eq!(nodes(), 8);

    // The buttons do the same.
    click(&undo).await;
    settle().await;
    assert_eq!(nodes(), 7);
    assert!(!redo.has_attribute("disabled"));
    click(&redo).await;
    settle().await;
    assert_eq!(nodes(), 8);
    assert!(redo.has_attribute("disabled"), "nothing left to redo");
}
