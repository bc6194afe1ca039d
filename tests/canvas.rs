//! The journey canvas, rendered in headless Chromium.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p cairn-app --target wasm32-unknown-unknown --test canvas`

#![cfg(target_arch = "wasm32")]

use cairn_app::builder::canvas::dom::client_rect;
use cairn_app::builder::canvas::model::{add_refusal, parse_slot, plus_point, slot_name};
use cairn_app::builder::canvas::nav::{neighbour, Direction};
use cairn_app::builder::canvas::viewport::{
    pan_to_show, Pinch, Rect, Viewport, MAX_ZOOM, MIN_ZOOM,
};
use cairn_app::builder::canvas::Canvas;
use cairn_app::builder::state::BuilderState;
use cairn_domain::condition::{Condition, Count};
use cairn_domain::graph::JourneyGraph;
use cairn_domain::layout::layout;
use cairn_domain::samples;
use cairn_domain::step::{Slot, Step, StepId, StepType};
use cairn_domain::{Journey, JourneySpec, Limits};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod support;

use support::{at, find, find_all, styled_root, text};

wasm_bindgen_test_configure!(run_in_browser);

// ---------- helpers ----------

/// A fresh, sized `<section>` with the canvas's real stylesheet.
fn test_root() -> HtmlElement {
    styled_root(CANVAS_CSS, 1200, 800)
}

/// The canvas's real stylesheet, so that geometry (sizes, clipping) is as in the app.
const CANVAS_CSS: &str = include_str!("../style/canvas.css");

fn attr(el: &Element, name: &str) -> Option<String> {
    el.get_attribute(name)
}

fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

/// Dispatches a bubbling DOM event built by the named constructor
/// (`PointerEvent`, `KeyboardEvent`, `WheelEvent`) with extra init fields.
fn fire(target: &web_sys::EventTarget, class: &str, kind: &str, fields: &[(&str, JsValue)]) {
    let init = js_sys::Object::new();
    for (k, v) in [("bubbles", JsValue::TRUE), ("cancelable", JsValue::TRUE)]
        .into_iter()
        .chain(fields.iter().cloned())
    {
        js_sys::Reflect::set(&init, &k.into(), &v).expect("set init field");
    }
    let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &class.into())
        .expect("constructor exists")
        .unchecked_into();
    let args = js_sys::Array::of2(&kind.into(), &init);
    let event: web_sys::Event = js_sys::Reflect::construct(&ctor, &args)
        .expect("construct event")
        .unchecked_into();
    target.dispatch_event(&event).expect("dispatch");
}

fn key(target: &Element, key: &str) {
    fire(target, "KeyboardEvent", "keydown", &[("key", key.into())]);
}

/// Resolves at the next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = window().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The computed `property` of `el`'s `::before` pseudo-element.
fn before_style(el: &Element, property: &str) -> String {
    window()
        .get_computed_style_with_pseudo_elt(el, "::before")
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value(property).ok())
        .unwrap_or_default()
}

fn focused() -> Option<Element> {
    document().active_element()
}

fn node(root: &Element, id: StepId) -> Element {
    find(root, &format!(".node[data-step-id=\"{id}\"]"))
}

/// The `.node-slot` that places `node` (and its + buttons).
fn slot_of(node: &Element) -> Element {
    let slot = node.parent_element().expect("a node has a slot");
    assert!(
        slot.class_list().contains("node-slot"),
        "{}",
        slot.class_name()
    );
    slot
}

fn node_ids(root: &Element) -> Vec<StepId> {
    find_all(root, ".node")
        .iter()
        .filter_map(|n| attr(n, "data-step-id")?.parse().ok().map(StepId))
        .collect()
}

fn plus(root: &Element, from: StepId, slot: Slot) -> Element {
    find(
        root,
        &format!(
            ".add-button[data-from=\"{from}\"][data-slot=\"{}\"]",
            slot_name(slot)
        ),
    )
}

fn journey(spec: JourneySpec) -> Journey {
    Journey::new_draft("j1".into(), spec, at("2026-03-01T09:00:00Z"))
}

fn cart() -> Journey {
    journey(samples::cart_abandonment().expect("sample builds"))
}

/// The step of `graph` titled `title`.
fn id_titled(state: &BuilderState, title: &str) -> StepId {
    state.content.with_untracked(|c| {
        c.steps
            .steps()
            .find(|(_, s)| s.title() == title)
            .map(|(id, _)| id)
            .unwrap_or_else(|| panic!("no step titled {title:?}"))
    })
}

/// Cart abandonment grown with waits for condition until it counts `count` steps.
fn cart_at(count: u32) -> Journey {
    let mut spec = samples::cart_abandonment().expect("sample builds");
    let mut tip = spec
        .steps
        .steps()
        .find(|(_, s)| s.title() == "Engaged with ad")
        .map(|(id, _)| id)
        .expect("Engaged with ad");
    let mut i = 0;
    while spec.steps.limit_count() < count {
        i += 1;
        let step = Step::WaitForCondition {
            name: format!("Opened email {i}"),
            condition: Condition::event("Email Opened", Count::at_least(1)),
            next: None,
        };
        tip = spec
            .steps
            .add_step(Some((tip, Slot::Next)), step, &Limits::default())
            .expect("room for the step");
    }
    assert_eq!(spec.steps.limit_count(), count);
    journey(spec)
}

struct Mounted {
    root: HtmlElement,
    state: BuilderState,
    _handle: Box<dyn std::any::Any>,
}

async fn mount(journey: Option<&Journey>, limits: Limits, editable: bool) -> Mounted {
    let root = test_root();
    let state = BuilderState::new(journey, limits);
    let handle = mount_to(root.clone(), move || {
        view! { <Canvas state=state editable=editable /> }
    });
    tick().await;
    // The canvas learns its size from a resize observer, which reports
    // during the next rendered frame; then it fits the journey to the view.
    next_frame().await;
    next_frame().await;
    tick().await;
    Mounted {
        root,
        state,
        _handle: Box::new(handle),
    }
}

// ---------- rendering ----------

#[wasm_bindgen_test]
async fn draws_the_branching_journey() {
    let journey = cart();
    let m = mount(Some(&journey), Limits::default(), true).await;
    let root: &Element = &m.root;

    let canvas = find(root, ".canvas");
    assert_eq!(attr(&canvas, "role").as_deref(), Some("application"));
    assert_eq!(
        attr(&canvas, "aria-label").as_deref(),
        Some("Journey canvas")
    );

    // Seven nodes, in depth-first (Tab) order.
    let expected_order = journey.steps.depth_first();
    assert_eq!(expected_order.len(), 7);
    assert_eq!(node_ids(root), expected_order);

    let problems = m.state.problems.get_untracked();
    let positions = layout(&journey.steps);
    for (id, step) in journey.steps.steps() {
        let n = node(root, id);
        let ty = serde_json::to_value(step.step_type()).expect("type serialises");
        assert_eq!(attr(&n, "data-step-type").as_deref(), ty.as_str());
        assert_eq!(attr(&n, "tabindex").as_deref(), Some("0"));
        assert_eq!(attr(&n, "role").as_deref(), Some("button"));
        assert_eq!(text(&find(&n, ".node-type")), step.step_type().label());
        assert!(before_style(&find(&n, ".node-icon"), "mask-image").contains("data:image/svg+xml"));
        assert_eq!(text(&find(&n, ".node-title")), step.title());
        assert_eq!(text(&find(&n, ".node-summary")), step.summary());
        let issues: Vec<&str> = problems
            .iter()
            .filter(|p| p.step == Some(id))
            .map(|p| p.message.as_str())
            .collect();
        let badge = find(&n, ".node-badge");
        if issues.is_empty() {
            assert!(badge.class_list().contains("no-issues"));
            assert_eq!(text(&badge), "✓");
        } else {
            assert!(badge.class_list().contains("has-issues"));
            let want = if issues.len() == 1 {
                "1 issue".to_string()
            } else {
                format!("{} issues", issues.len())
            };
            assert_eq!(text(&badge), want);
            assert_eq!(attr(&badge, "title"), Some(issues.join("\n")));
        }
        // Positioned from the layout by its slot, in the one transformed wrapper.
        let p = positions.nodes[&id];
        let style = attr(&slot_of(&n), "style")
            .unwrap_or_default()
            .replace(' ', "");
        assert!(
            style.contains(&format!("translate({}px,{}px)", p.x, p.y)),
            "{style}"
        );
    }

    // The entry's summary and a wait's accessible name read as marketers expect.
    let entry = id_titled(&m.state, "Cart abandoners");
    assert_eq!(
        text(&find(&node(root, entry), ".node-summary")),
        "Product Added ≥ 1 time within 1 day, and Order Completed 0 times within 1 day"
    );
    let wait = id_titled(&m.state, "Wait 1 hour");
    assert_eq!(
        attr(&node(root, wait), "aria-label").as_deref(),
        Some("Wait for duration: Wait 1 hour. 0 issues.")
    );

    // One path per edge in one SVG layer; True/False labels; a + per edge.
    assert_eq!(find_all(root, "svg.canvas-edges").len(), 1);
    let edges = positions.edges.len();
    assert_eq!(edges, 8);
    assert_eq!(find_all(root, "svg.canvas-edges path.edge").len(), edges);
    assert_eq!(find_all(root, ".canvas-world").len(), 1);
    let labels: Vec<String> = find_all(root, ".edge-label").iter().map(text).collect();
    assert_eq!(labels, ["True", "False"]);
    let pluses = find_all(root, ".add-button");
    assert_eq!(pluses.len(), edges);
    let retarget = id_titled(&m.state, "Retarget cart abandoners");
    let engaged = id_titled(&m.state, "Engaged with ad");
    let split = id_titled(&m.state, "Clicked the ad");
    assert_eq!(
        attr(&plus(root, wait, Slot::Next), "aria-label").as_deref(),
        Some("Insert a step between Wait 1 hour and Retarget cart abandoners")
    );
    assert_eq!(
        attr(&plus(root, engaged, Slot::Next), "aria-label").as_deref(),
        Some("Add a step after Engaged with ad")
    );
    assert_eq!(
        attr(&plus(root, split, Slot::True), "aria-label").as_deref(),
        Some("Insert a step between Clicked the ad and Engaged with ad")
    );
    assert_eq!(
        attr(&plus(root, retarget, Slot::Next), "aria-haspopup").as_deref(),
        Some("menu")
    );

    // Controls and minimap.
    let controls = find(root, ".canvas-controls");
    for name in ["Zoom in", "Zoom out", "Fit to view"] {
        find(&controls, &format!("button[aria-label=\"{name}\"]"));
    }
    assert!(text(&find(root, ".zoom-level")).ends_with('%'));
    assert_eq!(find_all(root, ".minimap .minimap-node").len(), 7);
    find(root, ".minimap .minimap-viewport");
}

#[wasm_bindgen_test]
async fn an_empty_journey_offers_the_entry_condition() {
    let m = mount(None, Limits::default(), true).await;
    let root: &Element = &m.root;
    assert!(find_all(root, ".node").is_empty());
    let add = find(root, "button.add-entry");
    assert_eq!(text(&add), "+ Add Entry Condition");
    click(&add);
    tick().await;
    let nodes = find_all(root, ".node");
    assert_eq!(nodes.len(), 1);
    assert_eq!(
        attr(&nodes[0], "data-step-type").as_deref(),
        Some("entry_condition")
    );
    assert!(find_all(root, "button.add-entry").is_empty());
    // The new entry is selected, and offers a + after it.
    assert!(nodes[0].class_list().contains("selected"));
    assert_eq!(find_all(root, ".add-button").len(), 1);

    // Read-only, an empty journey offers nothing to click.
    let m2 = mount(None, Limits::default(), false).await;
    assert!(find_all(&m2.root, "button.add-entry").is_empty());
    assert!(text(&find(&m2.root, ".canvas-empty")).contains("no steps"));
}

// ---------- the + menu ----------

#[wasm_bindgen_test]
async fn the_plus_menu_adds_a_step_at_the_end_of_a_branch() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let engaged = id_titled(&m.state, "Engaged with ad");
    let button = plus(root, engaged, Slot::Next);
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("false"));

    click(&button);
    tick().await;
    let menu = find(root, ".add-menu[role=menu]");
    assert_eq!(attr(&button, "aria-expanded").as_deref(), Some("true"));
    let items = find_all(&menu, "button[role=menuitem]");
    let types: Vec<String> = items
        .iter()
        .filter_map(|i| attr(i, "data-step-type"))
        .collect();
    assert_eq!(
        types,
        [
            "wait_for_condition",
            "wait_for_duration",
            "true_false_split",
            "multi_branch_split",
            "send_to_destinations"
        ]
    );
    for (item, ty) in items.iter().zip(StepType::ADDABLE) {
        assert_eq!(text(&find(item, ".add-menu-label")), ty.label());
        assert_eq!(text(&find(item, ".add-menu-description")), ty.description());
        let icon = find(item, ".add-menu-icon");
        assert!(
            before_style(&icon, "mask-image").contains("data:image/svg+xml"),
            "{ty:?} has an icon"
        );
        assert_eq!(attr(item, "aria-disabled"), None);
    }
    assert!(find_all(&menu, ".add-menu-reason").is_empty());
    // The first item has focus, for keyboard users.
    assert_eq!(focused().as_ref(), items.first());

    click(&find(&menu, "[data-step-type=\"wait_for_duration\"]"));
    tick().await;
    assert!(find_all(root, ".add-menu").is_empty(), "menu closed");
    let ids = node_ids(root);
    assert_eq!(ids.len(), 8);
    let new_id = m
        .state
        .selected
        .get_untracked()
        .expect("the new step is selected");
    let new_node = node(root, new_id);
    assert_eq!(
        attr(&new_node, "data-step-type").as_deref(),
        Some("wait_for_duration")
    );
    assert!(new_node.class_list().contains("selected"));
    assert_eq!(text(&find(&new_node, ".node-title")), "Wait 1 day");
    let parent = m.state.content.with_untracked(|c| c.steps.parent(new_id));
    assert_eq!(parent, Some((engaged, Slot::Next)));
    // The new leaf has its own +, and the old one now inserts between.
    assert_eq!(find_all(root, ".add-button").len(), 9);
    assert_eq!(
        attr(&plus(root, engaged, Slot::Next), "aria-label").as_deref(),
        Some("Insert a step between Engaged with ad and Wait 1 day")
    );
    assert_eq!(
        attr(&plus(root, new_id, Slot::Next), "aria-label").as_deref(),
        Some("Add a step after Wait 1 day")
    );
    // Depth-first DOM order puts the new node right after its parent.
    let pos = ids
        .iter()
        .position(|i| *i == engaged)
        .expect("engaged drawn");
    assert_eq!(ids.get(pos + 1), Some(&new_id));
}

#[wasm_bindgen_test]
async fn tab_goes_through_each_node_then_its_plus_buttons_in_journey_order() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    // What the page holds, in document (= Tab) order.
    let drawn: Vec<String> = find_all(root, ".node, .add-button")
        .iter()
        .map(|el| match attr(el, "data-step-id") {
            Some(id) => format!("node {id}"),
            None => format!(
                "+ {} {}",
                attr(el, "data-from").unwrap_or_default(),
                attr(el, "data-slot").unwrap_or_default()
            ),
        })
        .collect();
    // Every node is focusable (buttons are by nature).
    for node in find_all(root, ".node") {
        assert_eq!(attr(&node, "tabindex").as_deref(), Some("0"));
    }
    // Expected: depth-first steps, each followed by the + of its edges in slot order.
    let layout = m.state.layout.get_untracked();
    let order = m.state.content.with_untracked(|c| c.steps.depth_first());
    let mut want = Vec::new();
    for id in order {
        want.push(format!("node {id}"));
        let mut slots: Vec<Slot> = layout
            .edges
            .iter()
            .filter(|e| e.from == id)
            .map(|e| e.slot)
            .collect();
        slots.sort();
        for slot in slots {
            want.push(format!("+ {id} {}", slot_name(slot)));
        }
    }
    assert_eq!(drawn, want);
    assert_eq!(want.len(), 7 + 8, "7 nodes and 8 + buttons");
}

#[wasm_bindgen_test]
async fn renamed_branches_relabel_their_edges() {
    let m = mount(None, Limits::default(), true).await;
    let root: &Element = &m.root;
    let entry = m
        .state
        .add_step(None, StepType::EntryCondition)
        .expect("entry");
    let split = m
        .state
        .add_step(Some((entry, Slot::Next)), StepType::MultiBranchSplit)
        .expect("split");
    // The canvas appears (it was the empty state), then its layers draw.
    tick().await;
    tick().await;
    tick().await;
    let labels = || -> Vec<String> { find_all(root, ".edge-label").iter().map(text).collect() };
    let before = labels();
    assert_eq!(before.len(), 2, "{before:?}");

    let mut step = m
        .state
        .content
        .with_untracked(|c| c.steps.get(split).cloned())
        .expect("split");
    if let Step::MultiBranchSplit { branches, .. } = &mut step {
        branches[0].name = "Big spenders".into();
        branches[1].name = "Everyone else".into();
    }
    m.state.update_step(split, step, None).expect("rename");
    tick().await;
    let mut after = labels();
    after.sort();
    assert_eq!(after, ["Big spenders", "Everyone else"]);
}

/// Where the layout puts the centre of the + on the edge `from`/`slot`.
fn plus_centre(
    layout: &cairn_domain::layout::Layout,
    from: StepId,
    slot: Slot,
) -> cairn_domain::layout::Point {
    let edge = layout
        .edges
        .iter()
        .find(|e| e.from == from && e.slot == slot)
        .expect("edge");
    plus_point(
        edge.start,
        edge.end,
        edge.to.is_none(),
        edge.label.is_some(),
    )
}

#[wasm_bindgen_test]
async fn plus_buttons_move_with_their_node() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let entry = id_titled(&m.state, "Cart abandoners");
    let retarget = id_titled(&m.state, "Retarget cart abandoners");
    let split = id_titled(&m.state, "Clicked the ad");

    // Each + button is drawn in the slot of the step its edge leaves, at an
    // offset from that step's corner.
    for (from, slot) in [
        (retarget, Slot::Next),
        (split, Slot::True),
        (split, Slot::False),
    ] {
        let button = plus(root, from, slot);
        let parent = button.parent_element().expect("parent");
        assert_eq!(
            parent
                .first_element_child()
                .and_then(|n| attr(&n, "data-step-id")),
            Some(from.to_string()),
            "the + of {from}/{slot:?} sits with its node"
        );
    }
    let layout = m.state.layout.get_untracked();
    let node_at = layout.nodes[&retarget];
    let centre = plus_centre(&layout, retarget, Slot::Next);
    let style = attr(&plus(root, retarget, Slot::Next), "style")
        .unwrap_or_default()
        .replace(' ', "");
    assert!(
        style.contains(&format!(
            "translate({}px,{}px)",
            centre.x - node_at.x,
            centre.y - node_at.y
        )),
        "{style}"
    );

    // A step inserted right after the entry moves everything below it: their
    // slots move, their + buttons are not written at all.
    let buttons_below = [
        (retarget, Slot::Next),
        (split, Slot::True),
        (split, Slot::False),
    ];
    let styles_before: Vec<Option<String>> = buttons_below
        .iter()
        .map(|(f, s)| attr(&plus(root, *f, *s), "style"))
        .collect();
    let slot_before = attr(&slot_of(&node(root, retarget)), "style");
    m.state
        .add_step(Some((entry, Slot::Next)), StepType::WaitForDuration)
        .expect("insert");
    tick().await;
    assert_ne!(
        attr(&slot_of(&node(root, retarget)), "style"),
        slot_before,
        "the step moved"
    );
    let styles_after: Vec<Option<String>> = buttons_below
        .iter()
        .map(|(f, s)| attr(&plus(root, *f, *s), "style"))
        .collect();
    assert_eq!(styles_after, styles_before);
    // And they are where the layout says: node corner + offset = centre.
    let moved = m.state.layout.get_untracked();
    let button = plus(root, retarget, Slot::Next);
    let (bx, by, bw, bh) = client_rect(&button);
    let (nx, ny, _, _) = client_rect(&node(root, retarget));
    let zoom = (bw / 24.0).max(f64::EPSILON);
    let centre = plus_centre(&moved, retarget, Slot::Next);
    let at = moved.nodes[&retarget];
    assert!(((bx + bw / 2.0 - nx) / zoom - (centre.x - at.x)).abs() < 1.0);
    assert!(((by + bh / 2.0 - ny) / zoom - (centre.y - at.y)).abs() < 1.0);
}

#[wasm_bindgen_test]
async fn the_plus_menu_inserts_between_two_steps() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let wait = id_titled(&m.state, "Wait 1 hour");
    let retarget = id_titled(&m.state, "Retarget cart abandoners");
    let before = m.state.layout.get_untracked();

    click(&plus(root, wait, Slot::Next));
    tick().await;
    click(&find(
        root,
        ".add-menu [data-step-type=\"wait_for_condition\"]",
    ));
    tick().await;

    let new_id = m.state.selected.get_untracked().expect("selected");
    let (parent, next) = m.state.content.with_untracked(|c| {
        (
            c.steps.parent(new_id),
            c.steps.get(new_id).and_then(|s| s.children().next()),
        )
    });
    assert_eq!(parent, Some((wait, Slot::Next)));
    assert_eq!(next, Some(retarget));
    assert_eq!(find_all(root, ".node").len(), 8);
    assert_eq!(
        attr(&plus(root, wait, Slot::Next), "aria-label").as_deref(),
        Some("Insert a step between Wait 1 hour and Untitled wait for condition")
    );
    assert_eq!(
        attr(&plus(root, new_id, Slot::Next), "aria-label").as_deref(),
        Some("Insert a step between Untitled wait for condition and Retarget cart abandoners")
    );
    // Steps above the insertion did not move.
    let after = m.state.layout.get_untracked();
    let entry = id_titled(&m.state, "Cart abandoners");
    assert_eq!(before.nodes[&entry], after.nodes[&entry]);
    assert_eq!(before.nodes[&wait], after.nodes[&wait]);
    let style = attr(&slot_of(&node(root, retarget)), "style").unwrap_or_default();
    let y = after.nodes[&retarget].y;
    assert!(style.contains(&format!("{y}px")), "{style} has top {y}");
}

#[wasm_bindgen_test]
async fn at_the_step_limit_items_are_disabled_with_the_reason() {
    let j = cart_at(20);
    let m = mount(Some(&j), Limits::default(), true).await;
    let root: &Element = &m.root;
    assert_eq!(
        m.state.content.with_untracked(|c| c.steps.limit_count()),
        20
    );
    let nodes_before = find_all(root, ".node").len();
    let entry = id_titled(&m.state, "Cart abandoners");
    click(&plus(root, entry, Slot::Next));
    tick().await;
    let menu = find(root, ".add-menu");
    let reason = find(&menu, ".add-menu-reason");
    assert_eq!(
        text(&reason),
        "This journey has 20 of 20 steps. Remove a step to add another."
    );
    for item in find_all(&menu, "[role=menuitem]") {
        let ty = attr(&item, "data-step-type").unwrap_or_default();
        if ty == "wait_for_duration" {
            // A wait for duration does not count toward the limit.
            assert_eq!(attr(&item, "aria-disabled"), None, "{ty}");
        } else {
            assert_eq!(
                attr(&item, "aria-disabled").as_deref(),
                Some("true"),
                "{ty}"
            );
            assert_eq!(attr(&item, "aria-describedby"), attr(&reason, "id"));
        }
    }
    // A disabled item does nothing.
    click(&find(&menu, "[data-step-type=\"send_to_destinations\"]"));
    tick().await;
    assert_eq!(find_all(root, ".node").len(), nodes_before);
    assert_eq!(
        m.state.content.with_untracked(|c| c.steps.limit_count()),
        20
    );
    // A wait for duration still goes in.
    click(&find(
        root,
        ".add-menu [data-step-type=\"wait_for_duration\"]",
    ));
    tick().await;
    assert_eq!(find_all(root, ".node").len(), nodes_before + 1);
    assert!(find_all(root, ".add-menu").is_empty());

    // At 19 of 20 only the multi-branch split (2 steps) is refused.
    let j = cart_at(19);
    let m = mount(Some(&j), Limits::default(), true).await;
    let entry = id_titled(&m.state, "Cart abandoners");
    click(&plus(&m.root, entry, Slot::Next));
    tick().await;
    let menu = find(&m.root, ".add-menu");
    let disabled: Vec<String> = find_all(&menu, "[aria-disabled=\"true\"]")
        .iter()
        .filter_map(|i| attr(i, "data-step-type"))
        .collect();
    assert_eq!(disabled, ["multi_branch_split"]);
    assert_eq!(
        text(&find(&menu, ".add-menu-reason")),
        "A multi-branch split counts as 2 steps; this journey has 19 of 20."
    );
}

#[wasm_bindgen_test]
async fn escape_or_a_click_outside_closes_the_menu() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let wait = id_titled(&m.state, "Wait 1 hour");
    let button = plus(root, wait, Slot::Next);

    click(&button);
    tick().await;
    let item = find(root, ".add-menu [role=menuitem]");
    // Arrow keys move between items.
    key(&item, "ArrowDown");
    assert_eq!(
        focused()
            .and_then(|f| attr(&f, "data-step-type"))
            .as_deref(),
        Some("wait_for_duration")
    );
    key(&focused().expect("focus"), "Escape");
    tick().await;
    assert!(find_all(root, ".add-menu").is_empty());
    assert_eq!(focused().as_ref(), Some(&button), "focus returns to the +");

    // Clicking the + again toggles it.
    click(&button);
    tick().await;
    find(root, ".add-menu");
    click(&button);
    tick().await;
    assert!(find_all(root, ".add-menu").is_empty());

    // A press outside the menu closes it.
    click(&button);
    tick().await;
    find(root, ".add-menu");
    let body = document().body().expect("body");
    fire(&body, "PointerEvent", "pointerdown", &[]);
    tick().await;
    assert!(find_all(root, ".add-menu").is_empty());
    assert_eq!(find_all(root, ".node").len(), 7, "nothing was added");
}

// ---------- selection and keyboard ----------

#[wasm_bindgen_test]
async fn clicking_selects_and_the_background_clears() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let wait = id_titled(&m.state, "Wait 1 hour");
    let split = id_titled(&m.state, "Clicked the ad");

    click(&node(root, wait));
    tick().await;
    assert_eq!(m.state.selected.get_untracked(), Some(wait));
    assert!(node(root, wait).class_list().contains("selected"));
    assert_eq!(
        attr(&node(root, wait), "aria-current").as_deref(),
        Some("true")
    );
    assert_eq!(find_all(root, ".node.selected").len(), 1);

    click(&node(root, split));
    tick().await;
    assert_eq!(m.state.selected.get_untracked(), Some(split));
    assert!(!node(root, wait).class_list().contains("selected"));
    assert_eq!(attr(&node(root, wait), "aria-current"), None);

    // A drag on the background pans and keeps the selection.
    let canvas = find(root, ".canvas");
    let world = find(root, ".canvas-world");
    let before = attr(&world, "style");
    let at = |x: i32, y: i32| {
        [
            ("clientX", JsValue::from(x)),
            ("clientY", JsValue::from(y)),
            ("pointerId", JsValue::from(1)),
            ("button", JsValue::from(0)),
        ]
    };
    fire(&canvas, "PointerEvent", "pointerdown", &at(600, 700));
    fire(&canvas, "PointerEvent", "pointermove", &at(640, 650));
    fire(&canvas, "PointerEvent", "pointerup", &at(640, 650));
    tick().await;
    assert_ne!(attr(&world, "style"), before, "the view moved");
    assert_eq!(m.state.selected.get_untracked(), Some(split));

    // A click on the background (no drag) clears it.
    fire(&canvas, "PointerEvent", "pointerdown", &at(600, 700));
    fire(&canvas, "PointerEvent", "pointerup", &at(601, 700));
    tick().await;
    assert_eq!(m.state.selected.get_untracked(), None);
    assert!(find_all(root, ".node.selected").is_empty());
}

#[wasm_bindgen_test]
async fn arrow_keys_move_focus_enter_selects_delete_asks() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let entry = id_titled(&m.state, "Cart abandoners");
    let wait = id_titled(&m.state, "Wait 1 hour");
    let split = id_titled(&m.state, "Clicked the ad");
    let engaged = id_titled(&m.state, "Engaged with ad");
    let not_engaged = id_titled(&m.state, "Did not engage");
    let focused_id = || {
        focused()
            .and_then(|f| attr(&f, "data-step-id"))
            .and_then(|s| s.parse().ok())
            .map(StepId)
    };
    let press = |k: &str| key(&focused().expect("something has focus"), k);

    node(root, entry)
        .unchecked_into::<HtmlElement>()
        .focus()
        .expect("focus");
    assert_eq!(focused_id(), Some(entry));
    press("ArrowDown");
    assert_eq!(focused_id(), Some(wait));
    press("ArrowUp");
    assert_eq!(focused_id(), Some(entry));
    press("ArrowUp");
    assert_eq!(focused_id(), Some(entry), "nothing above the entry");
    for _ in 0..4 {
        press("ArrowDown");
    }
    assert_eq!(focused_id(), Some(split));
    press("ArrowDown");
    assert_eq!(focused_id(), Some(engaged), "Down takes the first branch");
    press("ArrowRight");
    assert_eq!(focused_id(), Some(not_engaged));
    press("ArrowRight");
    assert_eq!(focused_id(), Some(not_engaged), "nothing further right");
    press("ArrowLeft");
    assert_eq!(focused_id(), Some(engaged));
    press("ArrowDown");
    assert_eq!(focused_id(), Some(engaged), "a leaf has nothing below");

    press("Enter");
    tick().await;
    assert_eq!(m.state.selected.get_untracked(), Some(engaged));
    assert!(node(root, engaged).class_list().contains("selected"));

    press("Delete");
    tick().await;
    assert_eq!(m.state.pending_delete.get_untracked(), Some(engaged));
    m.state.pending_delete.set(None);

    // Backspace works too, but not on the entry condition.
    press("ArrowUp");
    press("Backspace");
    assert_eq!(m.state.pending_delete.get_untracked(), Some(split));
    m.state.pending_delete.set(None);
    node(root, entry)
        .unchecked_into::<HtmlElement>()
        .focus()
        .expect("focus");
    press("Delete");
    assert_eq!(m.state.pending_delete.get_untracked(), None);

    // Escape clears the selection.
    press("Escape");
    tick().await;
    assert_eq!(m.state.selected.get_untracked(), None);
}

#[wasm_bindgen_test]
async fn keyboard_focus_pans_to_an_off_screen_node() {
    let m = mount(
        Some(&journey(samples::synthetic(40))),
        Limits::default(),
        true,
    )
    .await;
    let root: &Element = &m.root;
    let order = m.state.content.with_untracked(|c| c.steps.depth_first());
    let canvas = find(root, ".canvas");
    let world = find(root, ".canvas-world");
    node(root, order[0])
        .unchecked_into::<HtmlElement>()
        .focus()
        .expect("focus");
    let before = attr(&world, "style");
    // Walk down the first branches to the bottom.
    for _ in 0..order.len() {
        key(&focused().expect("focus"), "ArrowDown");
    }
    tick().await;
    let last = focused().expect("focus");
    assert_ne!(attr(&world, "style"), before, "the view followed the focus");
    let (_, ctop, _, ch) = client_rect(&canvas);
    let (_, ntop, _, nh) = client_rect(&last);
    assert!(
        ntop >= ctop && ntop + nh <= ctop + ch,
        "focused node {ntop}+{nh} inside the canvas {ctop}+{ch}"
    );
}

// ---------- pan and zoom ----------

#[wasm_bindgen_test]
async fn zoom_buttons_wheel_and_fit_change_the_zoom() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let level = find(root, ".zoom-level");
    let percent = |el: &Element| -> u32 {
        text(el)
            .trim_end_matches('%')
            .parse()
            .unwrap_or_else(|_| panic!("zoom level {:?}", text(el)))
    };
    let opening = percent(&level);
    assert!(
        (75..=100).contains(&opening),
        "the first view is fitted but never below a readable 75%: {opening}%"
    );

    let zoom_in = find(root, "button[aria-label=\"Zoom in\"]");
    let zoom_out = find(root, "button[aria-label=\"Zoom out\"]");
    let fit = find(root, "button[aria-label=\"Fit to view\"]");
    click(&zoom_in);
    tick().await;
    let bigger = percent(&level);
    assert!(bigger > opening, "{bigger} > {opening}");
    let world = find(root, ".canvas-world");
    let transform = attr(&world, "style").unwrap_or_default();
    assert!(
        transform.contains(&format!("scale({})", f64::from(bigger) / 100.0)),
        "{transform}"
    );
    click(&zoom_out);
    click(&zoom_out);
    tick().await;
    assert!(percent(&level) < bigger);

    // Clamped at 25 %, and the button says so.
    for _ in 0..20 {
        click(&zoom_out);
    }
    tick().await;
    assert_eq!(text(&level), "25%");
    assert!(zoom_out
        .unchecked_ref::<web_sys::HtmlButtonElement>()
        .disabled());
    for _ in 0..20 {
        click(&zoom_in);
    }
    tick().await;
    assert_eq!(text(&level), "200%");
    assert!(zoom_in
        .unchecked_ref::<web_sys::HtmlButtonElement>()
        .disabled());

    click(&fit);
    tick().await;
    let fitted = percent(&level);
    assert!(
        (25..=opening).contains(&fitted),
        "Fit to view shows the whole journey: {fitted}%"
    );

    // ctrl+wheel zooms (a trackpad pinch arrives that way), a plain wheel pans.
    let canvas = find(root, ".canvas");
    fire(
        &canvas,
        "WheelEvent",
        "wheel",
        &[
            ("deltaY", JsValue::from(-100)),
            ("ctrlKey", JsValue::TRUE),
            ("clientX", JsValue::from(300)),
            ("clientY", JsValue::from(300)),
        ],
    );
    tick().await;
    assert!(percent(&level) > fitted);
    let before = attr(&world, "style");
    let zoom_before = text(&level);
    fire(
        &canvas,
        "WheelEvent",
        "wheel",
        &[("deltaY", JsValue::from(120))],
    );
    tick().await;
    assert_ne!(attr(&world, "style"), before, "a wheel pans");
    assert_eq!(text(&level), zoom_before, "a wheel does not zoom");
}

/// A touch pointer event at a client point.
fn touch(target: &Element, kind: &str, id: i32, x: f64, y: f64) {
    fire(
        target,
        "PointerEvent",
        kind,
        &[
            ("pointerId", JsValue::from(id)),
            ("pointerType", "touch".into()),
            ("isPrimary", JsValue::from(id == 1)),
            ("clientX", JsValue::from(x)),
            ("clientY", JsValue::from(y)),
        ],
    );
}

#[wasm_bindgen_test]
async fn a_two_finger_pinch_zooms_at_the_fingers() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let canvas = find(root, ".canvas");
    let level = find(root, ".zoom-level");
    let world = find(root, ".canvas-world");
    let entry = id_titled(&m.state, "Cart abandoners");
    m.state.selected.set(Some(entry));
    tick().await;
    let selected_before = m.state.selected.get_untracked();
    let zoom_before = text(&level);
    let style_before = attr(&world, "style");

    // Two fingers 100 px apart spread to 200 px: the zoom doubles (clamped at 200 %).
    touch(&canvas, "pointerdown", 1, 250.0, 300.0);
    touch(&canvas, "pointerdown", 2, 350.0, 300.0);
    touch(&canvas, "pointermove", 1, 200.0, 300.0);
    touch(&canvas, "pointermove", 2, 400.0, 300.0);
    tick().await;
    let before: f64 = zoom_before.trim_end_matches('%').parse().expect("zoom");
    let after: f64 = text(&level).trim_end_matches('%').parse().expect("zoom");
    assert!(
        (after - (before * 2.0).min(200.0)).abs() <= 1.0,
        "pinch out doubles the zoom: {before}% -> {after}%"
    );
    assert_ne!(attr(&world, "style"), style_before);

    // Pinching back in zooms out again; lifting the fingers is not a click.
    touch(&canvas, "pointermove", 1, 250.0, 300.0);
    touch(&canvas, "pointermove", 2, 350.0, 300.0);
    tick().await;
    assert_eq!(text(&level), zoom_before);
    touch(&canvas, "pointerup", 2, 350.0, 300.0);
    touch(&canvas, "pointerup", 1, 250.0, 300.0);
    tick().await;
    assert_eq!(m.state.selected.get_untracked(), selected_before);

    // One finger alone does not zoom.
    touch(&canvas, "pointerdown", 3, 250.0, 300.0);
    touch(&canvas, "pointermove", 3, 260.0, 320.0);
    touch(&canvas, "pointerup", 3, 260.0, 320.0);
    tick().await;
    assert_eq!(text(&level), zoom_before);
}

#[wasm_bindgen_test]
async fn the_minimap_moves_the_view() {
    let m = mount(
        Some(&journey(samples::synthetic(60))),
        Limits::default(),
        true,
    )
    .await;
    let root: &Element = &m.root;
    let minimap = find(root, ".minimap");
    assert_eq!(find_all(&minimap, ".minimap-node").len(), 60);
    let world = find(root, ".canvas-world");
    let before = attr(&world, "style");
    let (left, top, width, height) = client_rect(&minimap);
    fire(
        &minimap,
        "PointerEvent",
        "pointerdown",
        &[
            ("clientX", JsValue::from(left + width / 2.0)),
            ("clientY", JsValue::from(top + height - 4.0)),
            ("pointerId", JsValue::from(2)),
            ("button", JsValue::from(0)),
        ],
    );
    fire(
        &minimap,
        "PointerEvent",
        "pointerup",
        &[("pointerId", JsValue::from(2))],
    );
    tick().await;
    assert_ne!(attr(&world, "style"), before);
}

// ---------- read-only, edits and undo ----------

#[wasm_bindgen_test]
async fn read_only_has_no_plus_and_no_delete() {
    let m = mount(Some(&cart()), Limits::default(), false).await;
    let root: &Element = &m.root;
    assert_eq!(find_all(root, ".node").len(), 7);
    assert!(find_all(root, ".add-button").is_empty());
    assert!(find_all(root, "button.add-entry").is_empty());
    // Labels, controls and minimap are still there.
    assert_eq!(find_all(root, ".edge-label").len(), 2);
    find(root, ".canvas-controls");
    find(root, ".minimap");
    // Selection and keyboard work; Delete does not.
    let wait = id_titled(&m.state, "Wait 1 hour");
    click(&node(root, wait));
    tick().await;
    assert_eq!(m.state.selected.get_untracked(), Some(wait));
    let n = node(root, wait);
    n.unchecked_ref::<HtmlElement>().focus().expect("focus");
    key(&n, "Delete");
    assert_eq!(m.state.pending_delete.get_untracked(), None);
    key(&n, "ArrowDown");
    assert_eq!(
        focused().and_then(|f| attr(&f, "data-step-id")),
        Some(id_titled(&m.state, "Retarget cart abandoners").to_string())
    );
}

#[wasm_bindgen_test]
async fn an_edit_rerenders_only_what_changed_and_undo_removes_the_node() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let split = id_titled(&m.state, "Clicked the ad");
    let retarget = id_titled(&m.state, "Retarget cart abandoners");
    let split_el = node(root, split);
    let retarget_title = find(&node(root, retarget), ".node-title");

    // Rename the split: its title changes, other nodes keep their elements.
    let renamed = m
        .state
        .content
        .with_untracked(|c| match c.steps.get(split).cloned() {
            Some(Step::TrueFalseSplit {
                condition,
                true_branch,
                false_branch,
                ..
            }) => Step::TrueFalseSplit {
                name: "Saw the ad".into(),
                condition,
                true_branch,
                false_branch,
            },
            other => panic!("not a split: {other:?}"),
        });
    m.state.update_step(split, renamed, None).expect("rename");
    tick().await;
    assert_eq!(text(&find(&node(root, split), ".node-title")), "Saw the ad");
    assert!(
        node(root, split) == split_el,
        "same element, updated in place"
    );
    assert!(
        find(&node(root, retarget), ".node-title") == retarget_title,
        "untouched node keeps its DOM"
    );
    let wait2 = id_titled(&m.state, "Wait 1 day");
    assert_eq!(
        attr(&plus(root, wait2, Slot::Next), "aria-label").as_deref(),
        Some("Insert a step between Wait 1 day and Saw the ad")
    );

    // Add through the menu, then undo: the node leaves the DOM.
    click(&plus(root, split, Slot::False));
    tick().await;
    click(&find(
        root,
        ".add-menu [data-step-type=\"true_false_split\"]",
    ));
    tick().await;
    let added = m
        .state
        .selected
        .get_untracked()
        .expect("added and selected");
    assert_eq!(find_all(root, ".node").len(), 8);
    assert_eq!(find_all(root, ".edge-label").len(), 4);
    m.state.undo();
    tick().await;
    assert_eq!(find_all(root, ".node").len(), 7);
    assert!(
        find_all(root, &format!(".node[data-step-id=\"{added}\"]")).is_empty(),
        "the added node is gone"
    );
    assert_eq!(find_all(root, ".edge-label").len(), 2);
    assert_eq!(m.state.selected.get_untracked(), None);
    m.state.redo();
    tick().await;
    assert_eq!(find_all(root, ".node").len(), 8);
}

#[wasm_bindgen_test]
async fn the_view_does_not_move_on_edits() {
    let m = mount(Some(&cart()), Limits::default(), true).await;
    let root: &Element = &m.root;
    let world = find(root, ".canvas-world");
    let before = attr(&world, "style");
    let level = text(&find(root, ".zoom-level"));
    // Insert a step where one is on screen (it is selected, and visible).
    let wait = id_titled(&m.state, "Wait 1 hour");
    m.state
        .add_step(Some((wait, Slot::Next)), StepType::WaitForCondition)
        .expect("add");
    tick().await;
    assert_eq!(find_all(root, ".node").len(), 8);
    // Undo, redo: the view stays.
    m.state.undo();
    tick().await;
    m.state.redo();
    tick().await;
    assert_eq!(attr(&world, "style"), before);
    assert_eq!(text(&find(root, ".zoom-level")), level);
}

#[wasm_bindgen_test]
async fn a_step_selected_elsewhere_is_brought_into_view() {
    let m = mount(
        Some(&journey(samples::synthetic(40))),
        Limits::default(),
        true,
    )
    .await;
    let root: &Element = &m.root;
    let order = m.state.content.with_untracked(|c| c.steps.depth_first());
    // The deepest step of the first branches, at the bottom of the drawing.
    let deepest = m.state.layout.with_untracked(|l| {
        order
            .iter()
            .copied()
            .max_by(|a, b| l.nodes[a].y.total_cmp(&l.nodes[b].y))
            .expect("steps")
    });
    let canvas = find(root, ".canvas");
    let (_, ctop, _, ch) = client_rect(&canvas);
    let (_, ntop, _, _) = client_rect(&node(root, deepest));
    assert!(ntop > ctop + ch, "starts off-screen");
    m.state.selected.set(Some(deepest));
    tick().await;
    tick().await;
    let (_, ntop, _, nh) = client_rect(&node(root, deepest));
    assert!(
        ntop >= ctop && ntop + nh <= ctop + ch,
        "selected node {ntop}+{nh} inside the canvas {ctop}+{ch}"
    );
}

// ---------- pure parts ----------

#[wasm_bindgen_test]
fn viewport_arithmetic() {
    let v = Viewport {
        x: 10.0,
        y: 20.0,
        zoom: 1.0,
    };
    // Zooming at a point keeps that point still.
    let z = v.zoomed_at(2.0, 110.0, 220.0);
    assert_eq!(z.zoom, 2.0);
    assert_eq!(z.to_world(110.0, 220.0), v.to_world(110.0, 220.0));
    assert_eq!(v.zoomed_at(10.0, 0.0, 0.0).zoom, MAX_ZOOM);
    assert_eq!(v.zoomed_at(0.01, 0.0, 0.0).zoom, MIN_ZOOM);
    assert_eq!(v.zoom_label(), "100%");
    assert_eq!(v.stepped_zoom(1), 1.1);
    assert_eq!(v.stepped_zoom(-1), 0.9);

    // A pinch: the world point under the first midpoint follows the fingers,
    // and the zoom scales with their spread.
    let from = Pinch::of((100.0, 100.0), (200.0, 100.0));
    let to = Pinch::of((120.0, 150.0), (270.0, 150.0));
    assert_eq!((from.x, from.y, from.distance), (150.0, 100.0, 100.0));
    let p = v.pinched(from, to);
    assert_eq!(p.zoom, 1.5);
    let (wx, wy) = v.to_world(from.x, from.y);
    let (px, py) = p.to_world(to.x, to.y);
    assert!((wx - px).abs() < 1e-9 && (wy - py).abs() < 1e-9);
    assert_eq!(v.pinched(from, from), v);

    // Fit: a small drawing at 100 % centred; a big one scaled down.
    let f = Viewport::fit(280.0, 112.0, 1000.0, 800.0);
    assert_eq!(f.zoom, 1.0);
    assert_eq!(f.x, 360.0);
    let f = Viewport::fit(2000.0, 1000.0, 1000.0 + 96.0, 800.0);
    assert_eq!(f.zoom, 0.5);
    let f = Viewport::fit(100.0, 100_000.0, 1000.0, 800.0);
    assert_eq!(f.zoom, MIN_ZOOM);
    assert_eq!(f.y, 48.0, "a very tall journey starts at its top");

    // The first view: fitted when readable, else the top at 75 %, centred.
    let o = Viewport::opening(280.0, 112.0, 1000.0, 800.0);
    assert_eq!(o, Viewport::fit(280.0, 112.0, 1000.0, 800.0));
    let o = Viewport::opening(600.0, 2000.0, 1000.0, 800.0);
    assert_eq!(o.zoom, 0.75);
    assert_eq!(o.y, 48.0);
    assert_eq!(o.x, (1000.0 - 600.0 * 0.75) / 2.0);

    // Panning to show a rectangle.
    assert_eq!(
        pan_to_show(
            Rect {
                x: 100.0,
                y: 100.0,
                width: 50.0,
                height: 50.0
            },
            800.0,
            600.0
        ),
        (0.0, 0.0)
    );
    assert_eq!(
        pan_to_show(
            Rect {
                x: 900.0,
                y: -100.0,
                width: 50.0,
                height: 50.0
            },
            800.0,
            600.0
        ),
        (800.0 - 32.0 - 950.0, 132.0)
    );
}

#[wasm_bindgen_test]
fn slots_and_limits() {
    for slot in [
        Slot::Next,
        Slot::True,
        Slot::False,
        Slot::Branch(0),
        Slot::Branch(12),
    ] {
        assert_eq!(parse_slot(&slot_name(slot)), Some(slot));
    }
    assert_eq!(slot_name(Slot::Branch(3)), "branch-3");
    assert_eq!(parse_slot("branch-x"), None);
    assert_eq!(parse_slot("nope"), None);

    assert_eq!(add_refusal(StepType::WaitForCondition, 19, 20), None);
    assert_eq!(add_refusal(StepType::WaitForDuration, 20, 20), None);
    assert_eq!(
        add_refusal(StepType::SendToDestinations, 20, 20).as_deref(),
        Some("This journey has 20 of 20 steps. Remove a step to add another.")
    );
    assert!(add_refusal(StepType::MultiBranchSplit, 19, 20).is_some());
    assert_eq!(add_refusal(StepType::MultiBranchSplit, 18, 20), None);
}

#[wasm_bindgen_test]
fn arrow_neighbours() {
    let spec = samples::cart_abandonment().expect("sample");
    let g: &JourneyGraph = &spec.steps;
    let l = layout(g);
    let title = |id: StepId| g.get(id).map(Step::title).unwrap_or_default();
    let find = |t: &str| {
        g.steps()
            .find(|(_, s)| s.title() == t)
            .map(|(id, _)| id)
            .expect("step")
    };
    let split = find("Clicked the ad");
    let down = neighbour(g, &l, split, Direction::Down).map(title);
    assert_eq!(down.as_deref(), Some("Engaged with ad"));
    let right = neighbour(g, &l, find("Engaged with ad"), Direction::Right).map(title);
    assert_eq!(right.as_deref(), Some("Did not engage"));
    let up = neighbour(g, &l, find("Did not engage"), Direction::Up).map(title);
    assert_eq!(up.as_deref(), Some("Clicked the ad"));
    assert_eq!(
        neighbour(g, &l, find("Cart abandoners"), Direction::Up),
        None
    );
    assert_eq!(
        neighbour(g, &l, find("Cart abandoners"), Direction::Left),
        None
    );
}
