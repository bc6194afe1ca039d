//! The journey lifecycle in the app: list search and status filter, the
//! **…** menu (open, clone, delete with confirmation) against a stubbed
//! server, the clone dialog's key mapping and copy text, best-practice
//! warnings in the builder, and the step panels' count notes.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p cairn-app --target wasm32-unknown-unknown --test lifecycle`

#![cfg(target_arch = "wasm32")]

use cairn_app::builder::panel::StepPanel;
use cairn_app::builder::state::BuilderState;
use cairn_app::builder::warnings::{BuilderWarnings, PublishWarnings};
use cairn_app::components::clone_dialog::{key_changes_text, CloneDialog};
use cairn_app::components::journey_list::JourneyList;
use cairn_app::components::row_menu::{RowAction, RowMenu};
use cairn_app::pages::builder::BuilderView;
use cairn_app::pages::journeys::JourneysPage;
use cairn_app::pages::overview::Overview;
use cairn_domain::clone::KeyChange;
use cairn_domain::lint::LintCode;
use cairn_domain::summary::{JourneySummary, StatusKind};
use cairn_domain::{samples, Journey, Limits, Status, StepId, StepKey};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

mod support;

use support::{
    at, click, connect_every_send, fetch_calls, find, find_all, fire, settle, stub_fetch,
    test_root, text, FetchCall,
};

wasm_bindgen_test_configure!(run_in_browser);

// ---------- helpers ----------

/// The requests the stub received: "METHOD /path" each.
fn calls() -> Vec<String> {
    fetch_calls().iter().map(FetchCall::line).collect()
}

fn summary(id: &str, name: &str, status: StatusKind) -> JourneySummary {
    JourneySummary {
        id: id.to_string(),
        name: name.to_string(),
        status,
        step_count: 3,
        step_limit: 20,
        updated_at: at("2026-11-23T08:15:00Z"),
        version: 1,
    }
}

fn row_names(root: &Element) -> Vec<String> {
    find_all(root, "tbody tr .journey-name")
        .iter()
        .map(text)
        .collect()
}

fn key(s: &str) -> StepKey {
    StepKey::try_from(s.to_string()).expect("a valid key")
}

fn key_changes() -> Vec<KeyChange> {
    vec![
        KeyChange {
            step: StepId(3),
            step_name: "Follow up".into(),
            old_key: key("j_o_webinar_follow_up__follow_up_k3x9qa"),
            new_key: key("j_o_webinar_follow_up_copy__follow_up_1g0ilo"),
        },
        KeyChange {
            step: StepId(6),
            step_name: "Reminder".into(),
            old_key: key("j_o_webinar_follow_up__reminder_aaaaaa"),
            new_key: key("j_o_webinar_follow_up_copy__reminder_bbbbbb"),
        },
    ]
}

/// Keeps a mount alive (and unmounts when dropped).
struct Mounted<T>(#[allow(dead_code)] T);

// ---------- the list: search and status filter ----------

#[wasm_bindgen_test]
async fn search_and_status_filter_narrow_the_rows() {
    let root = test_root();
    let rows = vec![
        summary("a1", "Welcome series", StatusKind::Draft),
        summary("b2", "Win-back", StatusKind::Published),
        summary("c3", "Welcome back", StatusKind::Published),
    ];
    let _m = Mounted(mount_to(root.clone(), move || {
        view! { <JourneyList journeys=Signal::derive(move || rows.clone()) on_new=|()| {} /> }
    }));
    settle().await;
    assert_eq!(row_names(&root).len(), 3);

    // Status badges.
    let badges: Vec<String> = find_all(&root, "tbody .badge").iter().map(text).collect();
    assert_eq!(badges, ["Draft", "Published", "Published"]);

    let search: HtmlInputElement = find(&root, "input.journey-search").unchecked_into();
    search.set_value("  WELCOME ");
    fire(&search, "input");
    settle().await;
    assert_eq!(row_names(&root), ["Welcome series", "Welcome back"]);

    let status: HtmlSelectElement = find(&root, "select.status-filter").unchecked_into();
    assert_eq!(
        status.get_attribute("aria-label").as_deref(),
        Some("Status")
    );
    let options: Vec<String> = find_all(&status, "option").iter().map(text).collect();
    assert_eq!(options, ["All", "Draft", "Published"]);
    status.set_value("published");
    fire(&status, "change");
    settle().await;
    assert_eq!(row_names(&root), ["Welcome back"]);

    status.set_value("draft");
    fire(&status, "change");
    settle().await;
    assert_eq!(row_names(&root), ["Welcome series"]);
    assert!(find_all(&root, ".no-matches").is_empty());

    search.set_value("zzz");
    fire(&search, "input");
    settle().await;
    assert!(row_names(&root).is_empty());
    assert_eq!(
        text(&find(&root, ".no-matches")),
        "No journeys match the search."
    );

    search.set_value("");
    fire(&search, "input");
    status.set_value("all");
    fire(&status, "change");
    settle().await;
    assert_eq!(row_names(&root).len(), 3);
    // Without an action callback, rows have no … menu.
    assert!(find_all(&root, ".row-menu").is_empty());
}

// ---------- the … menu ----------

fn journey_doc(id: &str, name: &str) -> Value {
    let mut spec = samples::cart_abandonment().expect("the sample builds");
    spec.name = name.into();
    let j = Journey::new_draft(id.into(), spec, at("2026-11-23T09:00:00Z"));
    serde_json::to_value(j).expect("a journey as JSON")
}

fn list_json() -> Value {
    serde_json::to_value(vec![
        summary("a1", "Welcome series", StatusKind::Draft),
        summary("b2", "Win-back", StatusKind::Published),
    ])
    .expect("rows as JSON")
}

async fn open_menu(root: &Element, name: &str) -> Vec<Element> {
    let button = find(root, &format!("button[aria-label=\"Actions for {name}\"]"));
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    click(&button).await;
    assert_eq!(
        button.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let menu = find(root, "[role=menu]");
    find_all(&menu, "[role=menuitem]")
}

#[wasm_bindgen_test]
async fn the_menu_opens_clones_and_deletes_after_confirmation() {
    stub_fetch(json!({
        "GET /api/journeys": [200, list_json()],
        "POST /api/journeys/a1/clone": [201, {
            "journey": journey_doc("n9", "Welcome series (copy)"),
            "key_changes": serde_json::to_value(key_changes()).expect("JSON"),
        }],
        "DELETE /api/journeys/b2": [204, null],
    }));
    let root = test_root();
    let _m = Mounted(mount_to(
        root.clone(),
        || view! { <Router><JourneysPage /></Router> },
    ));
    settle().await;
    assert_eq!(row_names(&root), ["Welcome series", "Win-back"]);

    // The menu: Open (a link), Clone Journey, Delete.
    let items = open_menu(&root, "Win-back").await;
    let labels: Vec<String> = items.iter().map(text).collect();
    assert_eq!(labels, ["Open", "Clone Journey", "Delete"]);
    assert_eq!(
        items[0].get_attribute("href").as_deref(),
        Some("/journeys/b2")
    );

    // Delete asks first, naming the journey; a published one stops sending.
    click(&items[2]).await;
    assert!(find_all(&root, "[role=menu]").is_empty(), "the menu closes");
    let dialog = find(&root, ".delete-journey-dialog");
    assert_eq!(text(&find(&dialog, "h2")), "Delete “Win-back”?");
    assert!(text(&dialog).contains("stops sending"), "{}", text(&dialog));
    click(&find(&dialog, "button.cancel-delete")).await;
    assert!(find_all(&root, ".delete-journey-dialog").is_empty());
    assert!(!calls().iter().any(|c| c.starts_with("DELETE")));

    let items = open_menu(&root, "Win-back").await;
    click(&items[2]).await;
    click(&find(&root, ".delete-journey-dialog button.confirm-delete")).await;
    settle().await;
    assert!(find_all(&root, ".delete-journey-dialog").is_empty());
    let made = calls();
    assert!(
        made.contains(&"DELETE /api/journeys/b2".to_string()),
        "{made:?}"
    );
    assert_eq!(
        made.iter().filter(|c| *c == "GET /api/journeys").count(),
        2,
        "the list is reloaded: {made:?}"
    );

    // A draft's confirmation does not talk about sending.
    let items = open_menu(&root, "Welcome series").await;
    click(&items[2]).await;
    let dialog = find(&root, ".delete-journey-dialog");
    assert!(!text(&dialog).contains("stops sending"));
    assert!(text(&dialog).contains("Welcome series"));
    click(&find(&dialog, "button.cancel-delete")).await;

    // Clone: the request, then the clone dialog, which opens the copy's builder.
    let items = open_menu(&root, "Welcome series").await;
    click(&items[1]).await;
    settle().await;
    assert!(calls().contains(&"POST /api/journeys/a1/clone".to_string()));
    let dialog = find(&root, ".clone-dialog");
    assert!(text(&dialog).contains("“Welcome series (copy)”"));
    assert_eq!(find_all(&dialog, "tr.key-change").len(), 2);
    assert_eq!(
        find(&dialog, "a.open-copy")
            .get_attribute("href")
            .as_deref(),
        Some("/journeys/n9/builder")
    );
    click(&find(&dialog, "button.close-clone")).await;
    assert!(find_all(&root, ".clone-dialog").is_empty());
}

#[wasm_bindgen_test]
async fn a_failed_clone_says_why() {
    stub_fetch(json!({
        "GET /api/journeys": [200, list_json()],
        "POST /api/journeys/b2/clone": [409, {"error": {"code": "step_limit", "message": "too many steps"}}],
    }));
    let root = test_root();
    let _m = Mounted(mount_to(
        root.clone(),
        || view! { <Router><JourneysPage /></Router> },
    ));
    settle().await;
    let items = open_menu(&root, "Win-back").await;
    click(&items[1]).await;
    settle().await;
    assert!(find_all(&root, ".clone-dialog").is_empty());
    let alert = text(&find(&root, ".action-error"));
    assert!(alert.contains("“Win-back” could not be cloned"), "{alert}");
    assert!(alert.contains("too many steps"), "{alert}");
}

// ---------- the clone dialog ----------

#[wasm_bindgen_test]
async fn the_clone_dialog_lists_and_copies_every_key_change() {
    let expected = "j_o_webinar_follow_up__follow_up_k3x9qa → j_o_webinar_follow_up_copy__follow_up_1g0ilo\n\
                    j_o_webinar_follow_up__reminder_aaaaaa → j_o_webinar_follow_up_copy__reminder_bbbbbb";
    assert_eq!(key_changes_text(&key_changes()), expected);

    // A clipboard that records what it is given.
    js_sys::Function::new_no_args(
        "Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {
           writeText: (t) => { window.__copied = t; return Promise.resolve(); } } });",
    )
    .call0(&JsValue::NULL)
    .expect("stub the clipboard");

    let root = test_root();
    let closed = RwSignal::new(false);
    let _m = Mounted(mount_to(root.clone(), move || {
        view! {
            <CloneDialog
                copy_name="Webinar follow-up (copy)"
                copy_id="n9"
                key_changes=key_changes()
                on_close=move |()| closed.set(true)
            />
        }
    }));
    settle().await;
    let rows = find_all(&root, "tr.key-change");
    assert_eq!(rows.len(), 2);
    assert_eq!(text(&find(&rows[0], "th")), "Follow up");
    assert_eq!(
        text(&find(&rows[0], ".old-key")),
        "j_o_webinar_follow_up__follow_up_k3x9qa"
    );
    assert_eq!(
        text(&find(&rows[0], ".new-key")),
        "j_o_webinar_follow_up_copy__follow_up_1g0ilo"
    );
    let explanation = text(&find(&root, ".clone-dialog .warning"));
    assert!(
        explanation.contains("Downstream destinations that reference the old keys must be updated"),
        "{explanation}"
    );
    let area: HtmlTextAreaElement = find(&root, "textarea.key-changes-text").unchecked_into();
    assert_eq!(area.value(), expected);

    click(&find(&root, "button.copy-key-changes")).await;
    let copied = js_sys::Reflect::get(&js_sys::global(), &"__copied".into())
        .ok()
        .and_then(|v| v.as_string());
    assert_eq!(copied.as_deref(), Some(expected));
    assert_eq!(text(&find(&root, ".copy-status")), "Copied");

    click(&find(&root, "button.close-clone")).await;
    assert!(closed.get_untracked());
}

#[wasm_bindgen_test]
async fn a_clone_without_send_steps_says_no_keys_changed() {
    let root = test_root();
    let _m = Mounted(mount_to(root.clone(), move || {
        view! { <CloneDialog copy_name="A (copy)" copy_id="x" key_changes=Vec::new() on_close=|()| {} /> }
    }));
    settle().await;
    assert!(find_all(&root, "tr.key-change").is_empty());
    assert!(text(&root).contains("no keys changed"));
}

// ---------- warnings in the builder ----------

fn stored(spec: cairn_domain::JourneySpec) -> Journey {
    Journey::new_draft("j1".into(), spec, at("2026-11-01T09:00:00Z"))
}

#[wasm_bindgen_test]
async fn a_condition_without_a_time_window_warns_and_selects_its_step() {
    let spec = samples::trial_to_paid().expect("the sample builds");
    let expected = cairn_domain::lints(&spec.steps);
    assert!(!expected.is_empty());
    let state = BuilderState::new(Some(&stored(spec)), Limits::default());
    let root = test_root();
    let _m = Mounted(mount_to(
        root.clone(),
        move || view! { <BuilderWarnings state /> },
    ));
    settle().await;

    let summary = text(&find(&root, ".builder-warnings summary"));
    assert!(summary.contains("best-practice warning"), "{summary}");
    let links = find_all(&root, ".warning-link");
    assert_eq!(links.len(), expected.len());
    let first = text(&links[0]);
    assert!(first.starts_with("Warning"), "{first}");
    assert!(first.contains("has no time window"), "{first}");
    assert_eq!(state.selected.get_untracked(), None);
    click(&links[0]).await;
    assert_eq!(state.selected.get_untracked(), expected[0].step);
}

#[wasm_bindgen_test]
async fn the_publish_confirmation_warns_about_unreviewed_content() {
    // Cart abandonment has windows everywhere: no content warnings.
    let spec = samples::cart_abandonment().expect("the sample builds");
    assert!(cairn_domain::lints(&spec.steps).is_empty());
    let state = BuilderState::new(Some(&stored(spec)), Limits::default());
    let root = test_root();
    let _m = Mounted(mount_to(
        root.clone(),
        move || view! { <PublishWarnings state /> },
    ));
    settle().await;
    assert!(
        find_all(&root, ".publish-warnings").is_empty(),
        "saved and unchanged"
    );

    // An unsaved change: publishing would save and publish at once.
    state
        .edit(None, |c| {
            c.name = "Cart abandonment v2".into();
            Ok(())
        })
        .expect("rename");
    settle().await;
    let section = find(&root, ".publish-warnings");
    assert!(text(&section).contains("Warning"));
    let items = find_all(&section, ".warning-list li");
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].get_attribute("data-code").as_deref(),
        Some(format!("{:?}", LintCode::NotReviewedAsDraft).as_str())
    );
    assert!(text(&items[0]).contains("unsaved changes"));

    // A journey never saved.
    let fresh = BuilderState::new(None, Limits::default());
    let root = test_root();
    let _m2 = Mounted(mount_to(
        root.clone(),
        move || view! { <PublishWarnings state=fresh /> },
    ));
    settle().await;
    assert!(text(&find(&root, ".publish-warnings")).contains("never been saved"));
}

// ---------- counts in the step panel ----------

#[wasm_bindgen_test]
async fn step_panels_never_show_a_made_up_count() {
    let spec = samples::cart_abandonment().expect("the sample builds");
    let state = BuilderState::new(Some(&stored(spec)), Limits::default());
    state.selected.set(Some(StepId(2)));
    let root = test_root();
    let _m = Mounted(mount_to(
        root.clone(),
        move || view! { <StepPanel state /> },
    ));
    settle().await;
    assert_eq!(
        text(&find(&root, ".step-count-note")),
        "Counts are computed after publishing."
    );

    state.status.set(Status::Published {
        published_at: at("2026-11-02T09:00:00Z"),
    });
    settle().await;
    assert_eq!(
        text(&find(&root, ".step-count-note")),
        "Users at this step: not yet computed (journeys do not run yet)"
    );
    state.selected.set(Some(StepId(1)));
    settle().await;
    assert_eq!(
        text(&find(&root, ".step-count-note")),
        "Users at this step: not yet computed (journeys do not run yet)"
    );
}

// ---------- the builder's publish flow and the overview's menu ----------

#[wasm_bindgen_test]
async fn publishing_lists_warnings_first_and_shows_the_servers_after() {
    let mut spec = samples::trial_to_paid().expect("the sample builds");
    // Every Send step gets a destination, so that publishing has no problems.
    connect_every_send(&mut spec.steps);
    let lints = cairn_domain::lints(&spec.steps);
    let journey = Journey::new_draft("pub1".into(), spec, at("2026-11-01T09:00:00Z"));
    let mut published = journey.clone();
    published.status = Status::Published {
        published_at: at("2026-11-02T09:00:00Z"),
    };
    published.version = 2;
    stub_fetch(json!({
        "POST /api/journeys/pub1/publish": [200, {
            "journey": serde_json::to_value(&published).expect("JSON"),
            "warnings": serde_json::to_value(&lints).expect("JSON"),
        }],
    }));
    let root = test_root();
    let j = journey.clone();
    let _m = Mounted(mount_to(root.clone(), move || {
        view! { <Router><BuilderView journey=Some(j.clone()) /></Router> }
    }));
    settle().await;

    // Near the Publish button: the content's warnings, collapsed.
    let near = find(&root, ".builder-warnings");
    assert_eq!(find_all(&near, ".warning-link").len(), lints.len());

    // The confirmation lists them; a warning selects its step and closes it.
    click(&find(&root, "button.publish")).await;
    let dialog = find(&root, ".publish-dialog");
    let listed = find_all(&dialog, ".publish-warnings .warning-link");
    assert_eq!(
        listed.len(),
        lints.len(),
        "saved and unchanged: no draft warning"
    );
    click(&listed[0]).await;
    assert!(find_all(&root, ".publish-dialog").is_empty());
    assert!(
        find_all(&root, ".step-panel").len() == 1,
        "the step's panel opens"
    );

    // Publish: the server's warnings are shown afterwards.
    click(&find(&root, "button.publish")).await;
    click(&find(&root, "button.confirm-publish")).await;
    settle().await;
    assert!(calls().contains(&"POST /api/journeys/pub1/publish".to_string()));
    let after = find(&root, ".published-warnings");
    assert!(text(&after).contains("Published, with warnings"));
    assert_eq!(find_all(&after, ".warning-link").len(), lints.len());
}

#[wasm_bindgen_test]
async fn the_overview_has_the_same_menu() {
    stub_fetch(json!({}));
    let spec = samples::cart_abandonment().expect("the sample builds");
    let mut journey = Journey::new_draft("ov1".into(), spec, at("2026-11-01T09:00:00Z"));
    journey.status = Status::Published {
        published_at: at("2026-11-02T09:00:00Z"),
    };
    let name = journey.name.clone();
    let root = test_root();
    let _m = Mounted(mount_to(root.clone(), move || {
        view! { <Router><Overview journey=journey.clone() /></Router> }
    }));
    settle().await;
    let header = find(&root, ".overview-header");
    let items = open_menu(&header, &name).await;
    let labels: Vec<String> = items.iter().map(text).collect();
    assert_eq!(labels, ["Open builder", "Clone Journey", "Delete"]);
    assert_eq!(
        items[0].get_attribute("href").as_deref(),
        Some("/journeys/ov1/builder")
    );
    click(&items[2]).await;
    let dialog = find(&root, ".delete-journey-dialog");
    assert!(text(&dialog).contains(&format!("Delete “{name}”?")));
    assert!(text(&dialog).contains("stops sending"));
    click(&find(&dialog, "button.cancel-delete")).await;
    assert!(find_all(&root, ".delete-journey-dialog").is_empty());
}

#[wasm_bindgen_test]
async fn the_menu_works_from_the_keyboard() {
    let root = test_root();
    let chosen = RwSignal::new(Vec::<RowAction>::new());
    let _m = Mounted(mount_to(root.clone(), move || {
        view! {
            <RowMenu name="Welcome" open_href="/journeys/a1"
                on_action=move |a: RowAction| chosen.update(|c| c.push(a)) />
        }
    }));
    settle().await;
    let button = find(&root, "button[aria-label=\"Actions for Welcome\"]");
    let press = |target: &Element, key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("a key event");
        target.dispatch_event(&event).expect("dispatch");
    };
    let focused = || {
        document()
            .active_element()
            .map(|e| text(&e))
            .unwrap_or_default()
    };
    click(&button).await;
    press(&button, "ArrowDown");
    assert_eq!(focused(), "Open");
    press(&button, "ArrowDown");
    assert_eq!(focused(), "Clone Journey");
    press(&button, "ArrowUp");
    press(&button, "ArrowUp");
    assert_eq!(focused(), "Delete", "wraps around");
    click(&find(&root, "button.clone-journey")).await;
    assert_eq!(chosen.get_untracked(), [RowAction::Clone]);
    assert!(find_all(&root, "[role=menu]").is_empty());

    click(&button).await;
    press(&button, "Escape");
    settle().await;
    assert!(
        find_all(&root, "[role=menu]").is_empty(),
        "Escape closes it"
    );
}
