//! The journey list and the create form, rendered in headless Chromium.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p cairn-app --target wasm32-unknown-unknown`

#![cfg(target_arch = "wasm32")]

use cairn_app::api::{error_from_body, ApiError, FieldIssue, NewJourney};
use cairn_app::components::journey_list::JourneyList;
use cairn_app::components::new_journey_form::NewJourneyForm;
use cairn_app::format::{format_local, format_timestamp, truncate_chars};
use cairn_app::pages::journeys::JourneysPage;
use cairn_domain::summary::{JourneySummary, StatusKind};
use cairn_domain::Limits;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlInputElement, HtmlTextAreaElement};

mod support;

use support::{at, find, find_all, test_root, text};

wasm_bindgen_test_configure!(run_in_browser);

// ---------- helpers ----------

fn buttons_named(root: &Element, name: &str) -> Vec<HtmlButtonElement> {
    find_all(root, "button")
        .into_iter()
        .filter(|b| text(b) == name)
        .map(|b| b.unchecked_into())
        .collect()
}

/// Types `value` into `input` the way a browser does: set it, fire `input`.
fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    fire_input(input);
}

fn fire_input(target: &web_sys::EventTarget) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("input event");
    target.dispatch_event(&event).expect("dispatch input");
}

fn summary(id: &str, name: &str, status: StatusKind, steps: u32, updated: &str) -> JourneySummary {
    JourneySummary {
        id: id.to_string(),
        name: name.to_string(),
        status,
        step_count: steps,
        step_limit: 20,
        updated_at: at(updated),
        version: 1,
    }
}

// ---------- the list ----------

#[wasm_bindgen_test]
async fn empty_list_shows_the_empty_state_and_a_new_journey_button() {
    let root = test_root();
    let presses = RwSignal::new(0u32);
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <JourneyList
                journeys=Signal::derive(Vec::new)
                on_new=move |()| presses.update(|n| *n += 1)
            />
        }
    });
    tick().await;

    let empty = find(&root, ".empty-state");
    assert!(
        text(&empty).contains("No journeys yet"),
        "empty state text: {:?}",
        text(&empty)
    );
    assert!(
        find_all(&root, "table").is_empty(),
        "no table when there are no journeys"
    );
    let new_buttons = buttons_named(&root, "+ New Journey");
    assert_eq!(new_buttons.len(), 1, "one '+ New Journey' button");
    assert_eq!(new_buttons[0].type_(), "button");

    new_buttons[0].click();
    tick().await;
    assert_eq!(presses.get_untracked(), 1, "the button calls on_new");
}

#[wasm_bindgen_test]
async fn rows_show_name_status_steps_and_last_update() {
    let root = test_root();
    let journeys = vec![
        summary(
            "a1",
            "Welcome series",
            StatusKind::Draft,
            3,
            "2026-11-23T08:15:00Z",
        ),
        summary(
            "b2",
            "Win-back",
            StatusKind::Published,
            12,
            "2026-01-05T17:40:00Z",
        ),
    ];
    let expected = journeys.clone();
    let _mounted = mount_to(root.clone(), move || {
        view! { <JourneyList journeys=Signal::derive(move || journeys.clone()) on_new=|()| {} /> }
    });
    tick().await;

    assert!(find_all(&root, ".empty-state").is_empty(), "no empty state");
    let table = find(&root, "table");
    assert_eq!(
        table.get_attribute("aria-label").as_deref(),
        Some("Journeys")
    );
    let headers: Vec<String> = find_all(&table, "thead th").iter().map(text).collect();
    assert_eq!(headers, ["Name", "Status", "Steps", "Last updated"]);

    let rows = find_all(&table, "tbody tr");
    assert_eq!(rows.len(), 2);

    // Row 1: a draft.
    let row = &rows[0];
    assert_eq!(row.get_attribute("data-journey-id").as_deref(), Some("a1"));
    let name = find(row, "th[scope=row] a");
    assert_eq!(text(&name), "Welcome series");
    assert_eq!(name.get_attribute("href").as_deref(), Some("/journeys/a1"));
    let badge = find(row, ".badge");
    assert_eq!(text(&badge), "Draft");
    assert!(badge.class_list().contains("badge-draft"));
    let steps = find(row, ".journey-steps");
    assert_eq!(text(&steps), "3 / 20");
    assert_eq!(
        steps.get_attribute("aria-label").as_deref(),
        Some("3 of 20 steps used")
    );
    let time = find(row, "time");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-11-23T08:15:00+00:00")
    );
    assert_eq!(text(&time), format_local(expected[0].updated_at));

    // Row 2: published.
    let row = &rows[1];
    assert_eq!(text(&find(row, "th[scope=row]")), "Win-back");
    let badge = find(row, ".badge");
    assert_eq!(text(&badge), "Published");
    assert!(badge.class_list().contains("badge-published"));
    assert_eq!(text(&find(row, ".journey-steps")), "12 / 20");
    assert_eq!(
        text(&find(row, "time")),
        format_local(expected[1].updated_at)
    );
}

#[wasm_bindgen_test]
async fn list_follows_its_signal() {
    let root = test_root();
    let journeys = RwSignal::new(Vec::<JourneySummary>::new());
    let _mounted = mount_to(root.clone(), move || {
        view! { <JourneyList journeys=journeys on_new=|()| {} /> }
    });
    tick().await;
    assert_eq!(find_all(&root, ".empty-state").len(), 1);

    journeys.set(vec![summary(
        "c3",
        "Onboarding",
        StatusKind::Draft,
        0,
        "2026-03-01T09:00:00Z",
    )]);
    tick().await;
    assert!(find_all(&root, ".empty-state").is_empty());
    let rows = find_all(&root, "tbody tr");
    assert_eq!(rows.len(), 1);
    assert_eq!(text(&find(&rows[0], "th")), "Onboarding");
    assert_eq!(text(&find(&rows[0], ".journey-steps")), "0 / 20");

    journeys.update(|list| {
        list.push(summary(
            "d4",
            "Renewal",
            StatusKind::Published,
            20,
            "2026-03-02T09:00:00Z",
        ))
    });
    tick().await;
    let names: Vec<String> = find_all(&root, "tbody th").iter().map(text).collect();
    assert_eq!(names, ["Onboarding", "Renewal"]);

    journeys.set(Vec::new());
    tick().await;
    assert!(find_all(&root, "table").is_empty());
    assert_eq!(find_all(&root, ".empty-state").len(), 1);
}

// ---------- the create form ----------

#[wasm_bindgen_test]
async fn name_counter_counts_and_stops_at_the_limit() {
    let max = Limits::default().journey_name_max;
    let root = test_root();
    let _mounted = mount_to(root.clone(), || {
        view! { <NewJourneyForm on_submit=|_new: NewJourney| {} on_cancel=|()| {} /> }
    });
    tick().await;

    let counter = find(&root, "#journey-name-counter");
    assert_eq!(text(&counter), format!("0/{max}"));

    let input: HtmlInputElement = find(&root, "#journey-name").unchecked_into();
    type_into(&input, "Welcome tour");
    tick().await;
    assert_eq!(text(&counter), format!("12/{max}"));

    // Characters, not bytes: "é" and "🚀" count one each.
    type_into(&input, "Café 🚀");
    tick().await;
    assert_eq!(text(&counter), format!("6/{max}"));

    // Past the limit the field keeps the first `max` characters.
    let long: String = "ab".repeat(max);
    type_into(&input, &long);
    tick().await;
    assert_eq!(input.value().chars().count(), max);
    assert_eq!(input.value(), truncate_chars(&long, max));
    assert_eq!(text(&counter), format!("{max}/{max}"));
}

#[wasm_bindgen_test]
async fn blank_name_is_refused_before_sending() {
    let root = test_root();
    let sent = RwSignal::new(Vec::<NewJourney>::new());
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <NewJourneyForm
                on_submit=move |new: NewJourney| sent.update(|s| s.push(new))
                on_cancel=|()| {}
            />
        }
    });
    tick().await;

    let input: HtmlInputElement = find(&root, "#journey-name").unchecked_into();
    type_into(&input, "   ");
    tick().await;
    buttons_named(&root, "Create")[0].click();
    tick().await;

    assert!(sent.get_untracked().is_empty(), "nothing sent");
    assert_eq!(
        text(&find(&root, "#journey-name-error")),
        "Give the journey a name."
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));

    // Typing clears the error.
    type_into(&input, "Welcome");
    tick().await;
    assert_eq!(text(&find(&root, "#journey-name-error")), "");
}

#[wasm_bindgen_test]
async fn create_sends_the_trimmed_name_and_description_and_cancel_cancels() {
    let root = test_root();
    let sent = RwSignal::new(Vec::<NewJourney>::new());
    let cancels = RwSignal::new(0u32);
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <NewJourneyForm
                on_submit=move |new: NewJourney| sent.update(|s| s.push(new))
                on_cancel=move |()| cancels.update(|n| *n += 1)
            />
        }
    });
    tick().await;

    let dialog = find(&root, "[role=dialog]");
    assert_eq!(
        dialog.get_attribute("aria-labelledby").as_deref(),
        Some("new-journey-title")
    );
    assert_eq!(text(&find(&root, "#new-journey-title")), "New journey");
    assert_eq!(
        text(&find(&root, "label[for=journey-name]")),
        "Name",
        "the name field is labelled"
    );
    // Or straight to the builder of a journey not saved yet.
    let alt = find(&root, ".form-actions a.form-alt-link");
    assert_eq!(alt.get_attribute("href").as_deref(), Some("/journeys/new"));
    assert_eq!(text(&alt), "Start in the builder instead");

    let name: HtmlInputElement = find(&root, "#journey-name").unchecked_into();
    type_into(&name, "  Spring sale  ");
    let description: HtmlTextAreaElement = find(&root, "#journey-description").unchecked_into();
    description.set_value("For the March launch");
    fire_input(&description);
    tick().await;

    buttons_named(&root, "Create")[0].click();
    tick().await;
    assert_eq!(
        sent.get_untracked(),
        vec![NewJourney {
            name: "Spring sale".to_string(),
            description: "For the March launch".to_string(),
        }]
    );

    buttons_named(&root, "Cancel")[0].click();
    tick().await;
    assert_eq!(cancels.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn server_errors_show_beside_their_field_or_above_the_form() {
    let root = test_root();
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let _mounted = mount_to(root.clone(), move || {
        view! {
            <NewJourneyForm
                on_submit=|_new: NewJourney| {}
                on_cancel=|()| {}
                pending=pending
                error=error
            />
        }
    });
    tick().await;
    assert!(find_all(&root, ".form-error").is_empty());

    // An issue about "name" goes beside the name field.
    error.set(Some(error_from_body(
        422,
        r#"{"error":{"code":"invalid","message":"The journey is not valid.",
            "details":[{"path":"name","code":"duplicate","message":"A journey with this name already exists."}]}}"#,
    )));
    tick().await;
    assert_eq!(
        text(&find(&root, "#journey-name-error")),
        "A journey with this name already exists."
    );
    assert!(
        find_all(&root, ".form-error").is_empty(),
        "no general error when a field matched"
    );

    // An error tied to no field goes above the form, as an alert.
    error.set(Some(error_from_body(
        409,
        r#"{"error":{"code":"conflict","message":"The workspace is read-only.","details":[]}}"#,
    )));
    tick().await;
    assert_eq!(text(&find(&root, "#journey-name-error")), "");
    let general = find(&root, ".form-error");
    assert_eq!(general.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(text(&general), "The workspace is read-only.");

    // While pending, Create is disabled and says so.
    pending.set(true);
    tick().await;
    let create: HtmlButtonElement = find(&root, "button[type=submit]").unchecked_into();
    assert!(create.disabled());
    assert_eq!(text(&create), "Creating…");
}

// ---------- pure helpers ----------

#[wasm_bindgen_test]
fn error_bodies_are_read_without_panicking() {
    match error_from_body(
        422,
        r#"{"error":{"code":"invalid","message":"Bad.","details":[{"path":"name","code":"too_long","message":"Too long."}]}}"#,
    ) {
        ApiError::Rejected {
            status,
            code,
            message,
            details,
            ..
        } => {
            assert_eq!(status, 422);
            assert_eq!(code, "invalid");
            assert_eq!(message, "Bad.");
            assert_eq!(
                details,
                vec![FieldIssue {
                    path: "name".into(),
                    code: "too_long".into(),
                    message: "Too long.".into()
                }]
            );
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert_eq!(
        error_from_body(502, "<html>Bad gateway</html>"),
        ApiError::Status { status: 502 }
    );
    assert_eq!(
        error_from_body(500, "").to_string(),
        "The server answered with HTTP 500."
    );
    // An envelope without a message still says something.
    let e = error_from_body(400, r#"{"error":{"code":"x"}}"#);
    assert_eq!(e.to_string(), "The server refused the request (HTTP 400).");
    assert_eq!(e.field_message("name"), None);
    // Details that are an object (a version conflict) keep the server's message.
    let e = error_from_body(
        412,
        r#"{"error":{"code":"version_conflict","message":"Changed by someone else.","details":{"current_version":2}}}"#,
    );
    assert_eq!(e.to_string(), "Changed by someone else.");
}

#[wasm_bindgen_test]
fn timestamps_read_as_day_month_year_time() {
    let t = at("2026-11-23T08:15:00Z");
    assert_eq!(format_timestamp(t, 0), "23 Nov 2026, 08:15");
    assert_eq!(format_timestamp(t, 60), "23 Nov 2026, 09:15");
    assert_eq!(format_timestamp(t, -9 * 60), "22 Nov 2026, 23:15");
    assert_eq!(
        format_timestamp(at("2026-01-05T07:04:00Z"), 0),
        "5 Jan 2026, 07:04"
    );
    // An impossible offset falls back to UTC instead of panicking.
    assert_eq!(format_timestamp(t, i32::MAX), "23 Nov 2026, 08:15");
}

#[wasm_bindgen_test]
fn truncation_counts_characters() {
    assert_eq!(truncate_chars("abc", 5), "abc");
    assert_eq!(truncate_chars("abcdef", 3), "abc");
    assert_eq!(truncate_chars("é🚀x", 2), "é🚀");
    assert_eq!(truncate_chars("", 0), "");
}

// ---------- the page, against a server without the API ----------

/// Resolves after `ms` milliseconds (a `setTimeout` promise).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Polls until `selector` matches inside `root`, for at most five seconds.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..100 {
        tick().await;
        if let Ok(Some(found)) = root.query_selector(selector) {
            return found;
        }
        sleep(50).await;
    }
    panic!(
        "{selector:?} did not appear within 5 s; the DOM is {}",
        root.inner_html()
    );
}

#[wasm_bindgen_test]
async fn a_failed_load_shows_the_error_and_a_retry_button() {
    // The test runner's web server has no `/api/journeys`: the fetch fails.
    let root = test_root();
    let _mounted = mount_to(root.clone(), || view! { <Router><JourneysPage /></Router> });

    let error = wait_for(&root, ".load-error").await;
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        text(&error).starts_with("The journeys could not be loaded."),
        "error text: {:?}",
        text(&error)
    );
    assert_eq!(buttons_named(&root, "Retry").len(), 1);
    assert!(
        buttons_named(&root, "+ New Journey").is_empty(),
        "no create button while the list is unknown"
    );
    assert!(find_all(&root, "table").is_empty());

    // Retrying fails the same way, and the page stays usable.
    buttons_named(&root, "Retry")[0].click();
    sleep(200).await;
    let error = wait_for(&root, ".load-error").await;
    assert!(text(&error).starts_with("The journeys could not be loaded."));
}
