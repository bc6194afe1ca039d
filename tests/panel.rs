//! The step panel, the condition builder and the delete dialog, rendered in
//! headless Chromium against a real `BuilderState`.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p cairn-app --target wasm32-unknown-unknown --test panel`
//!
//! The journey is the cart-abandonment sample: 1 entry "Cart abandoners",
//! 2 wait 1 hour, 3 send "Retarget cart abandoners", 4 wait 1 day,
//! 5 true/false split "Clicked the ad" (true: 6 "Engaged with ad",
//! false: 7 "Did not engage").

#![cfg(target_arch = "wasm32")]

use cairn_app::builder::dialogs::DeleteDialog;
use cairn_app::builder::panel::condition_editor::{
    add_member, parse_scalar, remove_member, set_group_mode, value_text, Op,
};
use cairn_app::builder::panel::StepPanel;
use cairn_app::builder::state::BuilderState;
use cairn_domain::condition::{
    AudienceCondition, Comparison, Condition, ConditionGroup, Count, Duration, EventCondition,
    PropertyFilter, Scalar, TimeUnit, TraitCondition,
};
use cairn_domain::{Journey, Limits, Slot, Status, Step, StepId, StepType};
use chrono::DateTime;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

mod support;

use support::{find, find_all, test_root, text};

wasm_bindgen_test_configure!(run_in_browser);

// ---------- helpers ----------

fn input(root: &Element, selector: &str) -> HtmlInputElement {
    find(root, selector).unchecked_into()
}

fn select(root: &Element, selector: &str) -> HtmlSelectElement {
    find(root, selector).unchecked_into()
}

fn button(root: &Element, selector: &str) -> HtmlButtonElement {
    find(root, selector).unchecked_into()
}

fn fire(target: &web_sys::EventTarget, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(name, &init).expect("event");
    target.dispatch_event(&event).expect("dispatch");
}

/// Lets effects run and the DOM catch up: Leptos sets `value` properties in
/// a microtask after the effect, so wait for a task boundary too.
async fn settle() {
    tick().await;
    sleep(0).await;
    tick().await;
}

/// Types `value` into `input` the way a browser does: set it, fire `input`.
async fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    fire(input, "input");
    settle().await;
}

async fn choose(select: &HtmlSelectElement, value: &str) {
    select.set_value(value);
    assert_eq!(select.value(), value, "{value:?} is an option");
    fire(select, "change");
    settle().await;
}

async fn set_checked(input: &HtmlInputElement, checked: bool) {
    input.set_checked(checked);
    fire(input, "change");
    settle().await;
}

async fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
    settle().await;
}

fn press_escape(target: &Element) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("key");
    target.dispatch_event(&event).expect("dispatch keydown");
}

fn journey() -> Journey {
    let spec = cairn_domain::samples::cart_abandonment().expect("the sample builds");
    let at = DateTime::from_timestamp(1_767_225_600, 0).expect("a valid time");
    Journey::new_draft("id".into(), spec, at)
}

fn cart_state(limits: Limits) -> BuilderState {
    BuilderState::new(Some(&journey()), limits)
}

fn step(state: BuilderState, id: u32) -> Step {
    state
        .content
        .with_untracked(|c| c.steps.get(StepId(id)).cloned())
        .unwrap_or_else(|| panic!("step {id} exists"))
}

fn has_step(state: BuilderState, id: u32) -> bool {
    state
        .content
        .with_untracked(|c| c.steps.get(StepId(id)).is_some())
}

fn name(state: BuilderState, id: u32) -> String {
    step(state, id).name().unwrap_or_default().to_string()
}

fn condition(state: BuilderState, id: u32) -> Condition {
    match step(state, id) {
        Step::EntryCondition { condition, .. }
        | Step::WaitForCondition { condition, .. }
        | Step::TrueFalseSplit { condition, .. } => condition,
        other => panic!("step {id} has no condition: {other:?}"),
    }
}

fn members(c: &Condition) -> &[Condition] {
    match c {
        Condition::AllOf(g) | Condition::AnyOf(g) => &g.conditions,
        other => panic!("not a group: {other:?}"),
    }
}

/// Mounts the panel and the dialog with step `selected` selected.
async fn mount(state: BuilderState, selected: Option<u32>) -> (HtmlElement, impl Drop) {
    let root = test_root();
    state.selected.set(selected.map(StepId));
    let handle = mount_to(root.clone(), move || {
        view! {
            <StepPanel state=state />
            <DeleteDialog state=state />
        }
    });
    settle().await;
    (root, DropGuard(Some(handle)))
}

/// Keeps the mount alive (and unmounts when dropped).
struct DropGuard<T>(Option<T>);
impl<T> Drop for DropGuard<T> {
    fn drop(&mut self) {
        self.0.take();
    }
}

/// The root group of the condition editor in `scope`.
fn root_group(scope: &Element) -> Element {
    find(scope, ".condition-editor > .condition-group")
}

/// An "add" button of `group` itself (not of a nested group).
fn add_button(group: &Element, kind: &str) -> Element {
    find(
        group,
        &format!(":scope > .add-buttons > button.add-condition[data-kind={kind}]"),
    )
}

/// The rows of `group` itself.
fn rows(group: &Element) -> Vec<Element> {
    find_all(group, ":scope > .group-rows > .condition-row")
}

// ---------- header, name, close ----------

#[wasm_bindgen_test]
async fn header_shows_the_type_and_close_and_escape_close_it() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(2)).await;

    let panel = find(&root, "aside.step-panel");
    assert_eq!(
        panel.get_attribute("aria-label").as_deref(),
        Some("Edit step")
    );
    assert_eq!(text(&find(&panel, ".panel-title")), "Wait for duration");
    assert!(
        find_all(&panel, "#step-name").is_empty(),
        "a wait for duration has no name"
    );

    click(&find(&panel, "button[aria-label='Close panel']")).await;
    assert_eq!(state.selected.get_untracked(), None);
    assert!(find_all(&root, "aside.step-panel").is_empty());

    state.selected.set(Some(StepId(1)));
    settle().await;
    assert_eq!(text(&find(&root, ".panel-title")), "Entry condition");
    press_escape(&find(&root, "#step-name"));
    settle().await;
    assert_eq!(state.selected.get_untracked(), None);
    assert!(find_all(&root, "aside.step-panel").is_empty());
}

#[wasm_bindgen_test]
async fn name_counter_counts_characters_and_stops_at_the_limit() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(1)).await;

    let name_input = input(&root, "#step-name");
    let counter = find(&root, "#step-name-counter");
    assert_eq!(name_input.value(), "Cart abandoners");
    assert_eq!(text(&counter), "15/170");
    assert_eq!(
        name_input.get_attribute("maxlength").as_deref(),
        Some("170")
    );

    type_into(&name_input, "Café 🚀").await;
    assert_eq!(text(&counter), "6/170", "characters, not bytes");
    assert_eq!(name(state, 1), "Café 🚀", "the journey follows the field");

    let long = "x".repeat(171);
    type_into(&name_input, &long).await;
    assert_eq!(name_input.value().chars().count(), 170);
    assert_eq!(text(&counter), "170/170");
    assert_eq!(name(state, 1), "x".repeat(170));
}

#[wasm_bindgen_test]
async fn undo_after_typing_restores_the_previous_name_in_one_step() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(1)).await;
    let name_input = input(&root, "#step-name");

    for typed in ["Cart", "Cart q", "Cart quitters"] {
        type_into(&name_input, typed).await;
    }
    assert_eq!(name(state, 1), "Cart quitters");
    state.undo();
    settle().await;
    assert_eq!(
        name(state, 1),
        "Cart abandoners",
        "one undo step for the typing"
    );
    assert_eq!(
        name_input.value(),
        "Cart abandoners",
        "the field follows undo"
    );
    assert!(!state.can_undo.get_untracked());
    state.redo();
    settle().await;
    assert_eq!(name_input.value(), "Cart quitters");
}

// ---------- the condition builder ----------

#[wasm_bindgen_test]
async fn event_row_edits_name_count_and_window() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(1)).await;
    let group = root_group(&root);
    let first = rows(&group).remove(0);
    assert_eq!(first.get_attribute("data-kind").as_deref(), Some("event"));
    assert_eq!(input(&first, "input.event-name").value(), "Product Added");
    assert!(input(&first, "input.window-enabled").checked());

    type_into(&input(&first, "input.event-name"), "Checkout Started").await;
    choose(&select(&first, "select.count-op"), "exactly").await;
    type_into(&input(&first, "input.count-value"), "2").await;
    set_checked(&input(&first, "input.window-enabled"), false).await;
    assert!(find_all(&first, "input.window-amount").is_empty());
    assert_eq!(
        members(&condition(state, 1))[0],
        Condition::Event(EventCondition {
            event: "Checkout Started".into(),
            count: Count::exactly(2),
            within: None,
            filters: vec![],
        })
    );

    set_checked(&input(&first, "input.window-enabled"), true).await;
    type_into(&input(&first, "input.window-amount"), "3").await;
    choose(&select(&first, "select.window-unit"), "hours").await;
    assert_eq!(
        members(&condition(state, 1))[0],
        Condition::event_within(
            "Checkout Started",
            Count::exactly(2),
            Duration::new(3, TimeUnit::Hours)
        )
    );
    let preview = text(&find(&root, ".condition-preview .preview-text"));
    assert_eq!(preview, condition(state, 1).to_string());
    assert!(
        preview.starts_with("Checkout Started exactly 2 times within 3 hours, and"),
        "preview: {preview}"
    );
}

#[wasm_bindgen_test]
async fn property_filters_turn_numbers_into_numbers_and_hide_the_value_for_exists() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(1)).await;
    let first = rows(&root_group(&root)).remove(0);

    click(&find(&first, "button.add-filter")).await;
    let filter = find(&first, ".filter-row");
    type_into(&input(&filter, "input.filter-property"), "utm_source").await;
    type_into(&input(&filter, "input.filter-value"), "facebook").await;
    let filters = |state| match &members(&condition(state, 1))[0] {
        Condition::Event(e) => e.filters.clone(),
        other => panic!("not an event: {other:?}"),
    };
    assert_eq!(
        filters(state),
        vec![PropertyFilter {
            property: "utm_source".into(),
            compare: Comparison::Equals {
                value: Scalar::Text("facebook".into())
            },
        }]
    );

    type_into(&input(&filter, "input.filter-value"), "42").await;
    assert_eq!(
        filters(state)[0].compare,
        Comparison::Equals {
            value: Scalar::Number(42.0)
        }
    );
    choose(&select(&filter, "select.filter-op"), "not_equals").await;
    assert_eq!(
        filters(state)[0].compare,
        Comparison::NotEquals {
            value: Scalar::Number(42.0)
        }
    );

    choose(&select(&filter, "select.filter-op"), "exists").await;
    assert_eq!(filters(state)[0].compare, Comparison::Exists);
    assert!(
        find_all(&filter, "input.filter-value").is_empty(),
        "no value for exists"
    );

    choose(&select(&filter, "select.filter-op"), "greater_than").await;
    type_into(&input(&filter, "input.filter-value"), "10").await;
    assert_eq!(
        filters(state)[0].compare,
        Comparison::GreaterThan { value: 10.0 }
    );

    choose(&select(&filter, "select.filter-op"), "contains").await;
    type_into(&input(&filter, "input.filter-value"), "").await;
    assert_eq!(
        text(&find(&filter, ".field-error")),
        "Enter the text to look for"
    );

    click(&find(&filter, "button.remove-filter")).await;
    assert!(filters(state).is_empty());
    assert!(find_all(&first, ".filter-row").is_empty());
}

#[wasm_bindgen_test]
async fn trait_audience_and_nested_group_rows_and_all_any_switch() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(1)).await;
    let group = root_group(&root);
    assert_eq!(rows(&group).len(), 2);

    click(&add_button(&group, "trait")).await;
    let trait_row = rows(&group).remove(2);
    assert_eq!(
        trait_row.get_attribute("data-kind").as_deref(),
        Some("trait")
    );
    type_into(&input(&trait_row, "input.trait-name"), "plan").await;
    choose(&select(&trait_row, "select.trait-op"), "equals").await;
    type_into(&input(&trait_row, "input.trait-value"), "pro").await;
    assert_eq!(
        members(&condition(state, 1))[2],
        Condition::Trait(TraitCondition {
            trait_name: "plan".into(),
            compare: Comparison::Equals {
                value: Scalar::Text("pro".into())
            },
        })
    );

    click(&add_button(&group, "audience")).await;
    let audience_row = rows(&group).remove(3);
    type_into(
        &input(&audience_row, "input.audience-name"),
        "vip_customers",
    )
    .await;
    choose(
        &select(&audience_row, "select.audience-member"),
        "not_member",
    )
    .await;
    assert_eq!(
        members(&condition(state, 1))[3],
        Condition::Audience(AudienceCondition {
            audience: "vip_customers".into(),
            member: false,
        })
    );

    click(&add_button(&group, "group")).await;
    assert_eq!(
        members(&condition(state, 1))[4],
        Condition::AnyOf(ConditionGroup::default()),
        "a group inside an all-of group starts as any-of"
    );
    let nested = find(&rows(&group)[4], ".condition-group.nested");
    assert_eq!(
        text(&find(&nested, ":scope > .field-error")),
        "This group has no condition"
    );
    click(&add_button(&nested, "event")).await;
    let nested_event = input(&nested, "input.event-name");
    assert_eq!(
        text(&find(&nested, ".event-row .field-error")),
        "Choose an event"
    );
    type_into(&nested_event, "Newsletter Opened").await;
    choose(&select(&nested, "select.group-mode"), "all").await;
    assert_eq!(
        members(&condition(state, 1))[4],
        Condition::AllOf(ConditionGroup {
            conditions: vec![Condition::event("Newsletter Opened", Count::at_least(1))]
        })
    );

    choose(
        &select(&group, ":scope > .group-head select.group-mode"),
        "any",
    )
    .await;
    let c = condition(state, 1);
    assert!(matches!(c, Condition::AnyOf(_)), "root is any-of: {c:?}");
    assert_eq!(members(&c).len(), 5);
    assert_eq!(
        text(&find(&root, ".condition-preview .preview-text")),
        c.to_string()
    );

    // Removing the trait row leaves the others in order.
    click(&find(
        &rows(&group)[2],
        ":scope > .row-head button.remove-condition",
    ))
    .await;
    let c = condition(state, 1);
    assert_eq!(members(&c).len(), 4);
    assert!(matches!(members(&c)[2], Condition::Audience(_)));
    assert_eq!(
        input(&rows(&group)[2], "input.audience-name").value(),
        "vip_customers"
    );
}

#[wasm_bindgen_test]
async fn validation_messages_show_beside_their_fields() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(1)).await;
    assert!(
        find_all(&root, ".field-error").is_empty(),
        "the sample is valid"
    );

    let first = rows(&root_group(&root)).remove(0);
    let event_name = input(&first, "input.event-name");
    type_into(&event_name, "").await;
    let error = find(&first, ".field-error");
    assert_eq!(text(&error), "Choose an event");
    assert_eq!(
        event_name.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        event_name.get_attribute("aria-describedby"),
        Some(error.id())
    );

    type_into(&input(&root, "#step-name"), "  ").await;
    let name_input = input(&root, "#step-name");
    assert_eq!(
        name_input.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let described = name_input
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    assert!(described.contains("step-name-counter"), "{described}");
    let error_id = described
        .split_whitespace()
        .find(|id| id.starts_with("error-"))
        .expect("the error is referenced");
    assert_eq!(
        text(&find(&root, &format!("#{error_id}"))),
        "Step name is required"
    );

    type_into(&input(&first, "input.window-amount"), "0").await;
    assert!(
        find_all(&first, ".field-error")
            .iter()
            .any(|e| text(e) == "A time window must be at least 1"),
        "{}",
        first.inner_html()
    );

    // Emptying the condition says so at the group.
    let group = root_group(&root);
    loop {
        let left = rows(&group);
        let Some(row) = left.first() else { break };
        click(&find(row, ".remove-condition")).await;
    }
    assert_eq!(condition(state, 1), Condition::default());
    assert_eq!(
        text(&find(&group, ":scope > .field-error")),
        "Add at least one condition"
    );
}

// ---------- the other step types ----------

#[wasm_bindgen_test]
async fn wait_for_duration_edits_amount_and_unit() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(2)).await;
    let amount = input(&root, "#duration-amount");
    let unit = select(&root, "#duration-unit");
    assert_eq!(amount.value(), "1");
    assert_eq!(unit.value(), "hours");
    assert_eq!(amount.get_attribute("min").as_deref(), Some("1"));

    type_into(&amount, "3").await;
    choose(&unit, "days").await;
    let duration = |state| match step(state, 2) {
        Step::WaitForDuration { duration, .. } => duration,
        other => panic!("not a wait: {other:?}"),
    };
    assert_eq!(duration(state), Duration::new(3, TimeUnit::Days));

    type_into(&amount, "0").await;
    assert_eq!(text(&find(&root, ".field-error")), "Wait at least 1 minute");
    assert_eq!(
        amount.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn true_false_split_names_its_branches_and_a_single_condition_grows_into_a_group() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(5)).await;
    let true_name = input(&root, "#true-branch-name");
    let false_name = input(&root, "#false-branch-name");
    assert_eq!(true_name.value(), "True");
    type_into(&true_name, "Clicked").await;
    type_into(&false_name, "Ignored").await;
    match step(state, 5) {
        Step::TrueFalseSplit {
            true_branch,
            false_branch,
            ..
        } => {
            assert_eq!(true_branch.name, "Clicked");
            assert_eq!(false_branch.name, "Ignored");
            assert_eq!(true_branch.next, Some(StepId(6)), "links are kept");
        }
        other => panic!("not a split: {other:?}"),
    }

    // The split's condition is one event (not a group): it shows as one row.
    let group = root_group(&root);
    assert_eq!(rows(&group).len(), 1);
    type_into(&input(&group, "input.event-name"), "Ad Clicked").await;
    assert!(
        matches!(condition(state, 5), Condition::Event(ref e) if e.event == "Ad Clicked"),
        "still a single condition"
    );
    click(&add_button(&group, "trait")).await;
    let c = condition(state, 5);
    assert!(matches!(c, Condition::AllOf(_)));
    assert_eq!(members(&c).len(), 2);
    assert_eq!(input(&group, "input.event-name").value(), "Ad Clicked");
}

#[wasm_bindgen_test]
async fn multi_branch_split_adds_renames_and_removes_branches() {
    let state = cart_state(Limits::default());
    let split = state
        .add_step(Some((StepId(6), Slot::Next)), StepType::MultiBranchSplit)
        .expect("the split is added");
    let (root, _m) = mount(state, Some(split.0)).await;
    let branches = |state| match step(state, split.0) {
        Step::MultiBranchSplit { branches, .. } => branches,
        other => panic!("not a multi-branch split: {other:?}"),
    };

    assert_eq!(find_all(&root, ".branch-editor").len(), 2);
    for b in find_all(&root, "button.remove-branch") {
        assert!(b.unchecked_ref::<HtmlButtonElement>().disabled());
    }
    assert_eq!(
        text(&find(&root, "#remove-branch-reason")),
        "A multi-branch split keeps at least 2 branches."
    );

    click(&find(&root, "button.add-branch")).await;
    assert_eq!(branches(state).len(), 3);
    let editors = find_all(&root, ".branch-editor");
    assert_eq!(editors.len(), 3);
    assert_eq!(input(&editors[2], "input.branch-name").value(), "Branch 3");
    assert!(find_all(&root, "#remove-branch-reason").is_empty());
    type_into(&input(&editors[2], "input.branch-name"), "VIPs").await;
    click(&add_button(&root_group(&editors[2]), "audience")).await;
    type_into(&input(&editors[2], "input.audience-name"), "vips").await;
    let b = branches(state);
    assert_eq!(b[2].name, "VIPs");
    assert_eq!(
        b[2].condition,
        Condition::AllOf(ConditionGroup {
            conditions: vec![Condition::Audience(AudienceCondition {
                audience: "vips".into(),
                member: true
            })]
        })
    );

    // A branch without steps goes at once.
    click(&find(&editors[2], "button.remove-branch")).await;
    assert_eq!(branches(state).len(), 2);

    // A branch with steps asks first, saying which go.
    click(&find(&root, "button.add-branch")).await;
    let waiting = state
        .add_step(Some((split, Slot::Branch(2))), StepType::WaitForCondition)
        .expect("a step on the third branch");
    state.selected.set(Some(split));
    settle().await;
    let third = find_all(&root, ".branch-editor").remove(2);
    click(&find(&third, "button.remove-branch")).await;
    let confirm = find(&third, ".confirm-remove-branch-box");
    assert_eq!(
        text(&find(&confirm, ".confirm-text")),
        "Removing \u{201c}Branch 3\u{201d} also removes the 1 step after it: Untitled wait for condition."
    );
    click(&find(&confirm, "button.cancel-remove-branch")).await;
    assert_eq!(branches(state).len(), 3);
    assert!(find_all(&root, ".confirm-remove-branch-box").is_empty());

    // Escape in the question cancels it, and only it: the panel stays open.
    click(&find(&third, "button.remove-branch")).await;
    press_escape(&find(&third, "button.confirm-remove-branch"));
    settle().await;
    assert!(find_all(&root, ".confirm-remove-branch-box").is_empty());
    assert_eq!(state.selected.get_untracked(), Some(split));
    assert_eq!(branches(state).len(), 3);

    click(&find(&third, "button.remove-branch")).await;
    click(&find(&third, "button.confirm-remove-branch")).await;
    assert_eq!(branches(state).len(), 2);
    assert!(
        !has_step(state, waiting.0),
        "the step on the branch went with it"
    );
}

#[wasm_bindgen_test]
async fn add_branch_stops_at_the_step_limit_and_says_why() {
    // The sample counts 5; the split's two branches make 7, one more makes 8.
    let state = cart_state(Limits {
        steps_per_journey: 8,
        ..Limits::default()
    });
    let split = state
        .add_step(Some((StepId(6), Slot::Next)), StepType::MultiBranchSplit)
        .expect("the split is added");
    let (root, _m) = mount(state, Some(split.0)).await;
    let add = button(&root, "button.add-branch");
    assert!(!add.disabled());
    add.click();
    settle().await;
    assert_eq!(state.content.with_untracked(|c| c.steps.limit_count()), 8);
    assert!(add.disabled(), "at the limit");
    assert_eq!(
        text(&find(&root, "#add-branch-reason")),
        "The journey has reached its limit of 8 steps; each branch counts as one step."
    );
    assert_eq!(
        add.get_attribute("aria-describedby").as_deref(),
        Some("add-branch-reason")
    );
}

#[wasm_bindgen_test]
async fn send_step_shows_its_key_read_only_and_no_destination_yet() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(3)).await;
    let key = input(&root, "#step-key");
    assert_eq!(
        key.value(),
        "j_o_cart_abandonment__retarget_cart_abandoners_k3x9qa"
    );
    assert!(key.read_only());
    assert!(text(&find(&root, "#step-key-note")).contains("step name"));
    let destinations = find(&root, "section.destinations");
    assert!(text(&destinations).contains("No destination is connected yet"));
    assert_eq!(
        text(&find(&destinations, ".field-error")),
        "Connect at least one destination"
    );

    // A stored Send step keeps its key when renamed.
    type_into(&input(&root, "#step-name"), "Retarget").await;
    assert_eq!(
        key.value(),
        "j_o_cart_abandonment__retarget_cart_abandoners_k3x9qa"
    );

    // A Send step not saved yet follows its name, and says its key is not fixed yet.
    let fresh = state
        .add_step(Some((StepId(7), Slot::Next)), StepType::SendToDestinations)
        .expect("a new Send step");
    settle().await;
    assert_eq!(state.selected.get_untracked(), Some(fresh));
    type_into(&input(&root, "#step-name"), "VIP winback").await;
    let key = input(&root, "#step-key");
    assert!(
        key.value()
            .starts_with("j_o_cart_abandonment__vip_winback_"),
        "{}",
        key.value()
    );
    assert_eq!(
        text(&find(&root, "#step-key-note")),
        "Generated from the step name; it is fixed once the journey is saved."
    );

    // Copying ends as "Copied" or, where the page may not write the clipboard, says how to copy.
    let copy = find(&root, "button.copy-key");
    assert_eq!(text(&copy), "Copy");
    click(&copy).await;
    for _ in 0..20 {
        if text(&copy) == "Copied" || !text(&find(&root, ".copy-status")).is_empty() {
            break;
        }
        sleep(50).await;
    }
    assert!(
        text(&copy) == "Copied" || text(&find(&root, ".copy-status")).contains("Ctrl+C"),
        "copy ended: {:?} / {:?}",
        text(&copy),
        text(&find(&root, ".copy-status"))
    );
}

#[wasm_bindgen_test]
async fn a_published_journey_shows_a_read_only_panel() {
    let state = cart_state(Limits::default());
    state.status.set(Status::Published {
        published_at: DateTime::from_timestamp(1_767_300_000, 0).expect("a valid time"),
    });
    let (root, _m) = mount(state, Some(1)).await;
    assert_eq!(
        text(&find(&root, ".locked-note")),
        "Published journeys' steps are locked. Clone the journey to change its steps."
    );
    for el in find_all(&root, ".step-panel input, .step-panel select") {
        assert!(
            el.matches(":disabled").expect("valid selector"),
            "{} is disabled",
            el.outer_html()
        );
    }
    for b in find_all(&root, ".panel-body button, .panel-footer button") {
        assert!(
            b.unchecked_ref::<HtmlButtonElement>().disabled(),
            "{}",
            b.outer_html()
        );
    }
    // Closing still works.
    click(&find(&root, "button.close-panel")).await;
    assert_eq!(state.selected.get_untracked(), None);
}

// ---------- the delete dialog ----------

#[wasm_bindgen_test]
async fn delete_button_opens_the_dialog_which_says_what_moves_up() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, Some(2)).await;
    assert!(find_all(&root, "[role=dialog]").is_empty());
    click(&find(&root, "button.delete-step")).await;
    assert_eq!(state.pending_delete.get_untracked(), Some(StepId(2)));
    settle().await;

    let dialog = find(&root, ".delete-dialog[role=dialog]");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        text(&find(&dialog, "h2")),
        "Delete \u{201c}Wait 1 hour\u{201d}?"
    );
    assert_eq!(
        text(&find(&dialog, ".delete-consequence")),
        "Removes Wait 1 hour. Retarget cart abandoners moves up."
    );
    assert!(find_all(&dialog, "input[type=radio]").is_empty());
    let active = document().active_element().expect("something has focus");
    assert!(
        dialog.contains(Some(&active)),
        "focus is in the dialog: {}",
        active.outer_html()
    );

    click(&find(&dialog, "button.confirm-delete")).await;
    assert!(!has_step(state, 2));
    assert_eq!(state.pending_delete.get_untracked(), None);
    assert!(find_all(&root, "[role=dialog]").is_empty());
    match step(state, 1) {
        Step::EntryCondition { next, .. } => assert_eq!(next, Some(StepId(3))),
        other => panic!("not the entry: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn deleting_a_split_asks_which_branch_to_keep() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, None).await;
    state.pending_delete.set(Some(StepId(5)));
    settle().await;
    let dialog = find(&root, ".delete-dialog");
    let radios: Vec<HtmlInputElement> = find_all(&dialog, "input[type=radio]")
        .into_iter()
        .map(|r| r.unchecked_into())
        .collect();
    let values: Vec<String> = radios.iter().map(|r| r.value()).collect();
    assert_eq!(values, ["keep-true", "keep-false", "everything"]);
    assert!(
        radios[0].checked(),
        "keeping the true branch is the default"
    );
    let labels: Vec<String> = find_all(&dialog, "label.radio").iter().map(text).collect();
    assert_eq!(labels[0], "Keep \u{201c}True\u{201d} (its 1 step move up)");
    assert_eq!(labels[2], "Remove everything after it too");
    assert_eq!(
        text(&find(&dialog, ".delete-consequence")),
        "Removes Clicked the ad and 1 step after it. Engaged with ad moves up."
    );
    let listed = |dialog: &Element| -> Vec<String> {
        find_all(dialog, ".removed-steps li")
            .iter()
            .map(text)
            .collect()
    };
    assert_eq!(listed(&dialog), ["Did not engage"]);

    set_checked(&radios[2], true).await;
    assert_eq!(
        text(&find(&dialog, ".delete-consequence")),
        "Removes Clicked the ad and 2 steps after it."
    );
    assert_eq!(listed(&dialog), ["Engaged with ad", "Did not engage"]);

    set_checked(&radios[0], true).await;
    click(&find(&dialog, "button.confirm-delete")).await;
    assert!(!has_step(state, 5));
    assert!(!has_step(state, 7), "the false branch's step went");
    assert!(has_step(state, 6), "the true branch's step stayed");
    match step(state, 4) {
        Step::WaitForDuration { next, .. } => assert_eq!(next, Some(StepId(6))),
        other => panic!("not the wait: {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn cancel_and_escape_keep_the_step_and_the_entry_says_everything_goes() {
    let state = cart_state(Limits::default());
    let (root, _m) = mount(state, None).await;

    state.pending_delete.set(Some(StepId(3)));
    settle().await;
    click(&find(&root, "button.cancel-delete")).await;
    assert_eq!(state.pending_delete.get_untracked(), None);
    assert!(has_step(state, 3));
    assert!(find_all(&root, "[role=dialog]").is_empty());

    state.pending_delete.set(Some(StepId(3)));
    settle().await;
    press_escape(&find(&root, ".delete-dialog"));
    settle().await;
    assert_eq!(state.pending_delete.get_untracked(), None);
    assert!(has_step(state, 3));

    state.pending_delete.set(Some(StepId(1)));
    settle().await;
    assert_eq!(
        text(&find(&root, ".delete-consequence")),
        "Removes every step of the journey: Cart abandoners and the 6 steps after it."
    );
    assert_eq!(find_all(&root, ".removed-steps li").len(), 6);
    click(&find(&root, "button.confirm-delete")).await;
    assert!(state.content.with_untracked(|c| c.steps.is_empty()));
}

// ---------- pure helpers of the condition builder ----------

#[wasm_bindgen_test]
fn single_conditions_grow_into_groups_and_groups_switch_and_shrink() {
    let ev = |name: &str| Condition::event(name, Count::at_least(1));
    let mut root = ev("A");
    add_member(&mut root, &[], ev("B"));
    assert_eq!(
        root,
        Condition::AllOf(ConditionGroup {
            conditions: vec![ev("A"), ev("B")]
        })
    );
    add_member(&mut root, &[], Condition::AllOf(ConditionGroup::default()));
    add_member(&mut root, &[2], ev("C"));
    set_group_mode(&mut root, &[2], true);
    assert_eq!(
        members(&root)[2],
        Condition::AnyOf(ConditionGroup {
            conditions: vec![ev("C")]
        })
    );
    remove_member(&mut root, &[0]);
    assert_eq!(members(&root).len(), 2);

    let mut single = ev("A");
    set_group_mode(&mut single, &[], true);
    assert_eq!(
        single,
        Condition::AnyOf(ConditionGroup {
            conditions: vec![ev("A")]
        })
    );
    let mut single = ev("A");
    remove_member(&mut single, &[0]);
    assert_eq!(single, Condition::default());
}

#[wasm_bindgen_test]
fn typed_values_keep_what_was_typed() {
    assert_eq!(parse_scalar("12"), Scalar::Number(12.0));
    assert_eq!(parse_scalar("1.5"), Scalar::Number(1.5));
    assert_eq!(parse_scalar("012"), Scalar::Text("012".into()));
    assert_eq!(parse_scalar("facebook"), Scalar::Text("facebook".into()));
    assert_eq!(parse_scalar("NaN"), Scalar::Text("NaN".into()));
    assert_eq!(parse_scalar("true"), Scalar::Bool(true));
    assert_eq!(Op::GreaterThan.build("x"), None);
    assert_eq!(
        Op::LessThan.build(" 3 "),
        Some(Comparison::LessThan { value: 3.0 })
    );
    assert_eq!(
        Op::Contains.build(" a "),
        Some(Comparison::Contains {
            value: " a ".into()
        })
    );
    assert_eq!(
        value_text(&Comparison::Equals {
            value: Scalar::Number(42.0)
        }),
        "42"
    );
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
