//! Canvas benchmarks in headless Chromium. Ignored by `make test`; run:
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p cairn-app --target wasm32-unknown-unknown --release --test canvas_bench -- --include-ignored --nocapture`
//!
//! Each prints the median of several runs, e.g. `bench: render 200 steps: 12.3 ms (median of 9)`.
//! Only correctness is asserted; the figures are for reading.

#![cfg(target_arch = "wasm32")]

use cairn_app::builder::canvas::Canvas;
use cairn_app::builder::state::BuilderState;
use cairn_domain::samples;
use cairn_domain::step::{Slot, Step, StepId, StepType};
use cairn_domain::{Journey, Limits};
use chrono::{DateTime, Utc};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod support;

use support::styled_root;

wasm_bindgen_test_configure!(run_in_browser);

const RUNS: usize = 9;
const CANVAS_CSS: &str = include_str!("../style/canvas.css");

/// `performance.now()` in milliseconds.
fn now() -> f64 {
    let performance =
        js_sys::Reflect::get(&js_sys::global(), &"performance".into()).expect("window.performance");
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &"now".into())
        .expect("performance.now")
        .unchecked_into();
    now.call0(&performance)
        .ok()
        .and_then(|v| v.as_f64())
        .expect("a number")
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn report(what: &str, xs: Vec<f64>) {
    let n = xs.len();
    let max = xs.iter().copied().fold(0.0, f64::max);
    leptos::logging::log!(
        "bench: {what}: {:.1} ms (median of {n}; max {max:.1} ms)",
        median(xs)
    );
}

fn test_root() -> HtmlElement {
    styled_root(CANVAS_CSS, 1440, 900)
}

fn node_count(root: &Element) -> u32 {
    root.query_selector_all(".node")
        .expect("valid selector")
        .length()
}

fn journey(steps: usize) -> Journey {
    let when = DateTime::parse_from_rfc3339("2026-03-01T09:00:00Z")
        .expect("time")
        .with_timezone(&Utc);
    Journey::new_draft("bench".into(), samples::synthetic(steps), when)
}

fn unlimited() -> Limits {
    Limits {
        steps_per_journey: u32::MAX,
        ..Limits::default()
    }
}

#[wasm_bindgen_test]
#[ignore]
async fn bench_first_render_200_steps() {
    let j = journey(200);
    let mut dom_ready = Vec::new();
    let mut laid_out = Vec::new();
    for _ in 0..RUNS {
        let root = test_root();
        let state = BuilderState::new(Some(&j), unlimited());
        let t0 = now();
        let handle = mount_to(root.clone(), move || {
            view! { <Canvas state=state editable=true /> }
        });
        tick().await;
        let t1 = now();
        assert_eq!(node_count(&root), 200);
        // Force style and layout, as the browser would before the first paint.
        let _ = root.offset_height();
        let t2 = now();
        dom_ready.push(t1 - t0);
        laid_out.push(t2 - t0);
        drop(handle);
        root.remove();
    }
    report("render 200 steps (in the DOM)", dom_ready);
    report("render 200 steps (in the DOM + style and layout)", laid_out);
}

/// A copy of `step` with its name (or wait) changed to something unique for run `i`.
fn renamed(step: &Step, i: usize) -> Step {
    let mut s = step.clone();
    match &mut s {
        Step::WaitForCondition { name, .. }
        | Step::TrueFalseSplit { name, .. }
        | Step::SendToDestinations { name, .. }
        | Step::EntryCondition { name, .. }
        | Step::MultiBranchSplit { name, .. } => *name = format!("Renamed {i}"),
        Step::WaitForDuration { duration, .. } => duration.amount = 1 + i as u32,
    }
    s
}

#[wasm_bindgen_test]
#[ignore]
async fn bench_one_edit_at_200_steps() {
    edits_at(200).await;
}

#[wasm_bindgen_test]
#[ignore]
async fn bench_one_edit_at_1000_steps() {
    edits_at(1000).await;
}

/// Rename, select and insert-near-the-top timings on a journey of `n` steps.
async fn edits_at(n: usize) {
    let j = journey(n);
    let root = test_root();
    let state = BuilderState::new(Some(&j), unlimited());
    let handle = mount_to(root.clone(), move || {
        view! { <Canvas state=state editable=true /> }
    });
    tick().await;
    assert_eq!(node_count(&root) as usize, n);
    let _ = root.offset_height();

    // A rename in the middle of the journey: one node's text changes.
    let order = state.content.with_untracked(|c| c.steps.depth_first());
    let target = order[order.len() / 2];
    let mut rename = Vec::new();
    let mut rename_laid_out = Vec::new();
    for i in 0..RUNS {
        let step = state
            .content
            .with_untracked(|c| c.steps.get(target).cloned())
            .expect("step");
        let next = renamed(&step, i);
        let title = next.title();
        let t0 = now();
        state.update_step(target, next, None).expect("rename");
        tick().await;
        let t1 = now();
        let _ = root.offset_height();
        rename.push(t1 - t0);
        rename_laid_out.push(now() - t0);
        let el = root
            .query_selector(&format!(".node[data-step-id=\"{target}\"] .node-title"))
            .expect("selector")
            .expect("node drawn");
        assert_eq!(el.text_content().unwrap_or_default(), title);
        assert_eq!(node_count(&root) as usize, n);
    }
    report(&format!("one edit (rename) at {n} steps"), rename);
    report(
        &format!("one edit (rename) at {n} steps (+ style and layout)"),
        rename_laid_out,
    );

    // Select a node: one node's class changes.
    let mut select = Vec::new();
    for id in order.iter().take(RUNS) {
        let t0 = now();
        state.selected.set(Some(*id));
        tick().await;
        select.push(now() - t0);
        assert_eq!(
            root.query_selector_all(".node.selected")
                .expect("selector")
                .length(),
            1
        );
    }
    report(&format!("select a node at {n} steps"), select);

    // Insert near the top and undo: almost every node below moves.
    let entry: StepId = order[0];
    let mut insert = Vec::new();
    let mut insert_laid_out = Vec::new();
    for _ in 0..RUNS {
        let t0 = now();
        state
            .add_step(Some((entry, Slot::Next)), StepType::WaitForCondition)
            .expect("add");
        tick().await;
        insert.push(now() - t0);
        let _ = root.offset_height();
        insert_laid_out.push(now() - t0);
        assert_eq!(node_count(&root) as usize, n + 1);
        state.undo();
        tick().await;
        let _ = root.offset_height();
        assert_eq!(node_count(&root) as usize, n);
    }
    report(
        &format!("insert near the top at {n} steps (moves every node below)"),
        insert,
    );
    report(
        &format!("insert near the top at {n} steps (+ style and layout)"),
        insert_laid_out,
    );
    drop(handle);
    root.remove();
}
