//! The visual canvas of a journey: nodes, edges, **+** menus, pan and zoom,
//! minimap and keyboard navigation.
//!
//! - [`model`]: reactive cells per node (content, position) and per edge
//!   (**+** position and label), synced from the state after each edit and
//!   written only when they change, so an edit touches only what changed.
//! - [`layer`]: drawn-only elements (edge paths, branch labels, minimap
//!   rectangles) patched by one effect per layer.
//! - [`viewport`]: pan/zoom arithmetic; [`nav`]: arrow-key neighbours.
//! - [`menu`]: the **+** menu; [`minimap`]: the minimap.
//! - [`ctx`]: view state (pan, zoom, open menu), kept apart from the
//!   journey, which only `BuilderState` changes; [`dom`]: browser bindings.
//!
//! Every node is placed (from `state.layout`) inside one wrapper moved by a
//! CSS transform (pan and zoom); edges are paths in one SVG layer under the
//! nodes; branch labels are HTML above them. Each node sits in its own
//! `.node-slot`, with the **+** buttons of the edges leaving it placed
//! relative to it, so a step inserted near the top writes one transform per
//! moved node and none per button. Nodes are keyed with `<For>` in
//! depth-first order, which is also the Tab order (a node, then its **+**
//! buttons). The DOM contract that tests drive is listed on [`Canvas`].

pub mod ctx;
pub mod dom;
pub mod layer;
pub mod menu;
pub mod minimap;
pub mod model;
pub mod nav;
pub mod viewport;

use super::state::BuilderState;
use cairn_domain::step::{StepId, StepType};
use ctx::CanvasCtx;
use layer::{Layer, SVG_NS};
use leptos::html::Div;
use leptos::prelude::*;
use leptos::svg::Svg;
use menu::AddMenu;
use minimap::Minimap;
use model::{
    issue_count, parse_slot, slot_name, type_name, CanvasModel, EdgeCells, EdgeKey, NodeCells,
    NodeKey, NodeShown,
};
use nav::{neighbour, Direction};
use viewport::{wheel_pixels, wheel_zoom_factor, Pinch, Viewport, MAX_ZOOM, MIN_ZOOM};
use web_sys::{Element, FocusEvent, KeyboardEvent, MouseEvent, PointerEvent, WheelEvent};

/// A background drag shorter than this (screen pixels) is a click.
const CLICK_SLOP: f64 = 4.0;
/// Spacing of the background dot grid at 100 %.
const GRID: f64 = 24.0;

/// A background drag in progress.
#[derive(Debug, Clone, Copy)]
struct Drag {
    pointer: i32,
    x: f64,
    y: f64,
    start: Viewport,
    moved: bool,
}

/// The step id in an element's `data-step-id`.
fn step_id_of(el: &Element) -> Option<StepId> {
    el.get_attribute("data-step-id")?.parse().ok().map(StepId)
}

/// The edge named by a **+** button's `data-from` and `data-slot`.
fn edge_key_of(el: &Element) -> Option<EdgeKey> {
    let from = el.get_attribute("data-from")?.parse().ok().map(StepId)?;
    let slot = parse_slot(&el.get_attribute("data-slot")?)?;
    Some((from, slot))
}

/// The canvas of a journey; `editable` is false on the overview and for
/// published journeys (no **+**, no delete; selection, pan, zoom, minimap
/// and keyboard navigation still work).
///
/// DOM contract:
/// - `.canvas[role=application][aria-label="Journey canvas"]`, filling its parent.
/// - Empty journey: `button.add-entry` ("+ Add Entry Condition") when editable.
/// - `.node-slot` per step, placed by `transform: translate(x, y)`, holding
///   the step's `.node` and its outgoing **+** buttons.
/// - `.node[data-step-id][data-step-type]` (role `button`, `tabindex=0`,
///   `aria-label` "Type: Title. N issues.", `.selected` + `aria-current` when
///   selected) holding `.node-type`, `.node-title`, `.node-summary`,
///   `.node-badge` (`.has-issues` with the messages in `title`).
/// - `svg.canvas-edges path.edge[data-from][data-slot]`, one per edge;
///   `.edge-label` per labelled branch.
/// - `button.add-button[data-from][data-slot]` per edge (editable only), in
///   the `.node-slot` of the step the edge leaves,
///   opening `.add-menu[role=menu]` of `button[role=menuitem][data-step-type]`,
///   with `aria-disabled="true"` and `.add-menu-reason` at the step limit.
/// - `.canvas-controls` with buttons "Zoom out", "Zoom in", "Fit to view"
///   (aria-labels) and `.zoom-level`; `svg.minimap` with `.minimap-node`
///   rects and `.minimap-viewport`.
#[component]
pub fn Canvas(state: BuilderState, #[prop(optional)] editable: bool) -> impl IntoView {
    let model = CanvasModel::new();
    // Keep the cells in step with the journey. A render effect runs now, so
    // the first render already has every node.
    let sync = RenderEffect::new(move |_| model.sync(&state));
    StoredValue::new_local(sync);

    let canvas = NodeRef::<Div>::new();
    let ctx = CanvasCtx {
        state,
        model,
        view: RwSignal::new(Viewport::default()),
        screen: RwSignal::new((0.0, 0.0)),
        menu: RwSignal::new(None),
        canvas,
        fitted: StoredValue::new(false),
    };
    let view_sig = ctx.view;

    // Track the canvas's size with a resize observer (it reports once the
    // canvas is first laid out, without forcing a layout); fit to view once,
    // when the canvas has a size and the journey a step. After that the view
    // never moves by itself.
    let size_watch = StoredValue::new_local(None::<dom::SizeWatch>);
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        if size_watch.with_value(Option::is_none) {
            size_watch.set_value(Some(dom::SizeWatch::new(&el, move || {
                let size = ctx.measure();
                if ctx.screen.get_untracked() != size {
                    ctx.screen.set(size);
                }
            })));
        }
    });
    on_cleanup(move || {
        // Disconnects the observer.
        size_watch.try_update_value(Option::take);
    });
    Effect::new(move |_| {
        let (cw, ch) = ctx.screen.get();
        let (w, _) = model.size.get();
        if !ctx.fitted.get_value() && cw > 0.0 && ch > 0.0 && w > 0.0 {
            ctx.open();
        }
    });

    // A step selected from elsewhere (the panel, a list of problems) is
    // brought into view if it is off-screen.
    Effect::new(move |prev: Option<Option<StepId>>| {
        let selected = state.selected.get();
        if let (Some(id), true) = (selected, prev.is_some_and(|p| p != selected)) {
            ctx.reveal_node(id);
        }
        selected
    });

    // Close the menu when its edge is gone (after undo, say).
    Effect::new(move |_| {
        if let Some(key) = ctx.menu.get() {
            if !model.edge_order.with(|o| o.contains(&key)) {
                ctx.menu.set(None);
            }
        }
    });

    let selected = Selector::new(move || state.selected.get());
    let menu_open = Selector::new(move || ctx.menu.get());

    // ---- touch: two fingers pinch to zoom (and pan), anywhere on the canvas ----
    let touches = StoredValue::new(Vec::<(i32, (f64, f64))>::new());
    let pinch = StoredValue::new(None::<(Viewport, Pinch)>);
    // The canvas-relative point of a pointer event.
    let local = move |ev: &PointerEvent| {
        let (left, top) = canvas
            .get_untracked()
            .map(|el| {
                let (l, t, _, _) = dom::client_rect(&el);
                (l, t)
            })
            .unwrap_or_default();
        (
            f64::from(ev.client_x()) - left,
            f64::from(ev.client_y()) - top,
        )
    };
    let two_fingers = move || {
        touches.with_value(|t| match t.as_slice() {
            [(_, a), (_, b)] => Some(Pinch::of(*a, *b)),
            _ => None,
        })
    };

    // ---- pointer: drag the background to pan, click it to deselect ----
    let drag = StoredValue::new(None::<Drag>);
    let on_pointerdown = move |ev: PointerEvent| {
        if ev.pointer_type() == "touch"
            && dom::closest(ev.target(), ".add-menu, .canvas-controls, .minimap").is_none()
        {
            let at = local(&ev);
            touches.update_value(|t| {
                t.retain(|(id, _)| *id != ev.pointer_id());
                t.push((ev.pointer_id(), at));
            });
            if let Some(start) = two_fingers() {
                // A second finger: the gesture is a pinch, not a drag or a tap.
                ev.prevent_default();
                drag.set_value(None);
                ctx.fitted.set_value(true);
                pinch.set_value(Some((view_sig.get_untracked(), start)));
                return;
            }
        }
        if ev.button() != 0
            || dom::closest(
                ev.target(),
                ".node, button, .add-menu, .canvas-controls, .minimap, .edge-label",
            )
            .is_some()
        {
            return;
        }
        if let Some(el) = canvas.get_untracked() {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        drag.set_value(Some(Drag {
            pointer: ev.pointer_id(),
            x: f64::from(ev.client_x()),
            y: f64::from(ev.client_y()),
            start: view_sig.get_untracked(),
            moved: false,
        }));
    };
    let on_pointermove = move |ev: PointerEvent| {
        if ev.pointer_type() == "touch" {
            let at = local(&ev);
            touches.update_value(|t| {
                if let Some(entry) = t.iter_mut().find(|(id, _)| *id == ev.pointer_id()) {
                    entry.1 = at;
                }
            });
            if let (Some((start_view, start)), Some(now)) = (pinch.get_value(), two_fingers()) {
                view_sig.set(start_view.pinched(start, now));
                return;
            }
        }
        let Some(mut d) = drag.get_value() else {
            return;
        };
        if d.pointer != ev.pointer_id() {
            return;
        }
        let dx = f64::from(ev.client_x()) - d.x;
        let dy = f64::from(ev.client_y()) - d.y;
        if !d.moved && dx.hypot(dy) >= CLICK_SLOP {
            d.moved = true;
            drag.set_value(Some(d));
            ctx.fitted.set_value(true);
        }
        if d.moved {
            view_sig.set(d.start.panned(dx, dy));
        }
    };
    let lift = move |ev: &PointerEvent| {
        touches.update_value(|t| t.retain(|(id, _)| *id != ev.pointer_id()));
        if touches.with_value(|t| t.len() < 2) {
            pinch.set_value(None);
        }
    };
    let on_pointerup = move |ev: PointerEvent| {
        lift(&ev);
        let Some(d) = drag.get_value() else { return };
        if d.pointer != ev.pointer_id() {
            return;
        }
        drag.set_value(None);
        if let Some(el) = canvas.get_untracked() {
            let _ = el.release_pointer_capture(ev.pointer_id());
        }
        if !d.moved {
            state.selected.set(None);
        }
    };

    // ---- wheel: scroll pans, ctrl+wheel (and pinch) zooms at the cursor ----
    let on_wheel = move |ev: WheelEvent| {
        if dom::closest(ev.target(), ".add-menu").is_some() {
            return;
        }
        ev.prevent_default();
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        let (left, top, _, page) = dom::client_rect(&el);
        let dx = wheel_pixels(ev.delta_x(), ev.delta_mode(), page);
        let dy = wheel_pixels(ev.delta_y(), ev.delta_mode(), page);
        ctx.fitted.set_value(true);
        if ev.ctrl_key() || ev.meta_key() {
            let sx = f64::from(ev.client_x()) - left;
            let sy = f64::from(ev.client_y()) - top;
            view_sig.update(|v| *v = v.zoomed_at(v.zoom * wheel_zoom_factor(dy), sx, sy));
        } else if ev.shift_key() && dx == 0.0 {
            view_sig.update(|v| *v = v.panned(-dy, 0.0));
        } else {
            view_sig.update(|v| *v = v.panned(-dx, -dy));
        }
    };

    // ---- keyboard ----
    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if key == "Escape" {
            if ctx.menu.get_untracked().is_some() {
                ctx.close_menu(true);
            } else {
                state.selected.set(None);
            }
            ev.prevent_default();
            return;
        }
        if dom::closest(ev.target(), ".add-menu").is_some() {
            return;
        }
        let Some(node) = dom::closest(ev.target(), ".node") else {
            return;
        };
        let Some(id) = step_id_of(&node) else { return };
        match key.as_str() {
            "Enter" | " " => {
                ev.prevent_default();
                state.selected.set(Some(id));
            }
            "Delete" | "Backspace" => {
                if editable
                    && node.get_attribute("data-step-type").as_deref() != Some("entry_condition")
                {
                    ev.prevent_default();
                    state.pending_delete.set(Some(id));
                }
            }
            other => {
                if let Some(dir) = Direction::of_key(other) {
                    ev.prevent_default();
                    let next = state.content.with_untracked(|c| {
                        state
                            .layout
                            .with_untracked(|l| neighbour(&c.steps, l, id, dir))
                    });
                    if let Some(next) = next {
                        ctx.focus_node(next);
                    }
                }
            }
        }
    };

    // Keyboard focus (Tab) on something off-screen pans to it; a mouse click does not.
    let on_focusin = move |ev: FocusEvent| {
        let Some(el) = dom::closest(ev.target(), ".node, .add-button") else {
            return;
        };
        if !el.matches(":focus-visible").unwrap_or(false) {
            return;
        }
        if let Some(id) = step_id_of(&el) {
            ctx.show_node(id);
        } else if let Some(key) = edge_key_of(&el) {
            ctx.show_plus(key);
        }
    };

    // The browser may scroll the clipped canvas to show a focused element; the
    // view is moved by the transform only, so undo any such scroll.
    let on_scroll = move |_| {
        if let Some(el) = canvas.get_untracked() {
            if el.scroll_top() != 0 || el.scroll_left() != 0 {
                el.set_scroll_top(0);
                el.set_scroll_left(0);
            }
        }
    };

    // Clicks on nodes and + buttons, delegated (one listener, not one per node).
    let on_click = move |ev: MouseEvent| {
        if let Some(key) = dom::closest(ev.target(), ".add-button").and_then(|b| edge_key_of(&b)) {
            ctx.menu
                .update(|m| *m = if *m == Some(key) { None } else { Some(key) });
        } else if let Some(id) = dom::closest(ev.target(), ".node").and_then(|n| step_id_of(&n)) {
            state.selected.set(Some(id));
        }
    };

    let background = move || {
        let v = view_sig.get();
        let mut grid = GRID * v.zoom;
        while grid < 12.0 {
            grid *= 2.0;
        }
        format!(
            "background-size:{grid:.2}px {grid:.2}px;background-position:{:.2}px {:.2}px",
            v.x, v.y
        )
    };

    let is_empty = Memo::new(move |_| model.node_order.with(Vec::is_empty));

    let empty = move || {
        if editable {
            view! {
                <div class="canvas-empty">
                    <p class="canvas-empty-text">"Every journey starts with who enters it."</p>
                    <button
                        type="button"
                        class="button primary add-entry"
                        on:click=move |_| {
                            if let Ok(id) = state.add_step(None, StepType::EntryCondition) {
                                ctx.focus_node_later(id);
                            }
                        }
                    >
                        "+ Add Entry Condition"
                    </button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="canvas-empty">
                    <p class="canvas-empty-text">"This journey has no steps yet."</p>
                </div>
            }
            .into_any()
        }
    };

    // Edges and branch labels are drawn only: each layer is kept in step
    // with the layout by one effect, writing only what changed.
    let edges_ref = NodeRef::<Svg>::new();
    let labels_ref = NodeRef::<Div>::new();
    let edge_layer = StoredValue::new_local(Layer::new("path", Some(SVG_NS)));
    let label_layer = StoredValue::new_local(Layer::new("span", None));
    Effect::new(move |_| {
        let (Some(svg), Some(div)) = (edges_ref.get(), labels_ref.get()) else {
            return;
        };
        state.layout.with(|l| {
            let edges = model::edge_items(l);
            let labels = model::label_items(l);
            edge_layer.update_value(|layer| layer.update(&svg, edges));
            label_layer.update_value(|layer| layer.update(&div, labels));
        });
    });

    let selected_for_nodes = selected.clone();
    let drawing = move || {
        let selected = selected_for_nodes.clone();
        let menu_open = menu_open.clone();
        view! {
            <div class="canvas-world" style:transform=move || view_sig.with(Viewport::transform)>
                <svg
                    class="canvas-edges"
                    aria-hidden="true"
                    width=move || model.size.get().0
                    height=move || model.size.get().1
                    node_ref=edges_ref
                ></svg>
                <div class="canvas-nodes" on:click=on_click>
                    <For
                        each=move || model.node_order.get()
                        key=|k: &NodeKey| *k
                        children=move |(id, ty): NodeKey| {
                            let plus = editable.then(|| (model, menu_open.clone()));
                            model.node(id).map(|cell| node_view(id, ty, cell, selected.clone(), plus))
                        }
                    />
                </div>
                <div class="canvas-labels" aria-hidden="true" node_ref=labels_ref></div>
            </div>
            {move || ctx.menu.get().map(|key| view! { <AddMenu ctx=ctx key=key /> })}
            <div class="canvas-controls" role="toolbar" aria-label="Zoom">
                <button
                    type="button"
                    class="canvas-control"
                    aria-label="Zoom out"
                    title="Zoom out"
                    disabled=move || view_sig.with(|v| v.zoom <= MIN_ZOOM + 1e-6)
                    on:click=move |_| ctx.zoom_step(-1)
                >
                    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                        <path d="M5 12h14"></path>
                    </svg>
                </button>
                <span class="zoom-level" aria-live="polite">
                    {move || view_sig.with(Viewport::zoom_label)}
                </span>
                <button
                    type="button"
                    class="canvas-control"
                    aria-label="Zoom in"
                    title="Zoom in"
                    disabled=move || view_sig.with(|v| v.zoom >= MAX_ZOOM - 1e-6)
                    on:click=move |_| ctx.zoom_step(1)
                >
                    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                        <path d="M5 12h14M12 5v14"></path>
                    </svg>
                </button>
                <button
                    type="button"
                    class="canvas-control"
                    aria-label="Fit to view"
                    title="Fit to view"
                    on:click=move |_| ctx.fit()
                >
                    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                        <path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5"></path>
                    </svg>
                </button>
            </div>
            <Minimap ctx=ctx />
        }
    };

    view! {
        <div
            class="canvas"
            class:canvas-readonly=!editable
            role="application"
            aria-label="Journey canvas"
            aria-roledescription="journey canvas"
            node_ref=canvas
            style=background
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=move |ev: PointerEvent| {
                lift(&ev);
                drag.set_value(None);
            }
            on:wheel=on_wheel
            on:keydown=on_keydown
            on:focusin=on_focusin
            on:scroll=on_scroll
        >
            <Show when=move || !is_empty.get() fallback=empty>
                {drawing.clone()}
            </Show>
        </div>
    }
}

/// One node card and, on an editable canvas (`plus`), the **+** buttons of
/// the edges leaving it. Both sit in one wrapper placed by the node's
/// position, the buttons at offsets from it, so when a whole branch moves
/// (a step inserted above it) only the wrappers are written.
fn node_view(
    id: StepId,
    ty: StepType,
    cells: NodeCells,
    selected: Selector<Option<StepId>>,
    plus: Option<(CanvasModel, Selector<Option<EdgeKey>>)>,
) -> impl IntoView {
    let NodeCells { content, at, out } = cells;
    // What the node shows: recomputed when its step or problems change, and
    // passed on only when the result differs.
    let shown = Memo::new(move |_| content.with(NodeShown::of));
    let is_selected = Memo::new({
        let selected = selected.clone();
        move |_| selected.selected(&Some(id))
    });
    on_cleanup(move || selected.remove(&Some(id)));
    let name = type_name(ty);
    let buttons = plus.map(|(model, menu_open)| {
        view! {
            <For
                each=move || out.get()
                key=|k: &EdgeKey| *k
                children=move |key: EdgeKey| {
                    model.edge(key).map(|cell| plus_button(key, cell, menu_open.clone()))
                }
            />
        }
    });
    let card = view! {
        <div
            class=format!("node type-{name}")
            class:selected=is_selected
            data-step-id=id.0.to_string()
            data-step-type=name
            role="button"
            tabindex="0"
            aria-label=move || shown.with(|s| s.aria_label.clone())
            aria-current=move || is_selected.get().then_some("true")
        >
            <div class="node-head">
                <span class="node-icon" aria-hidden="true"></span>
                <span class="node-type">{ty.label()}</span>
                {move || {
                    shown
                        .with(|s| {
                            if s.issues.is_empty() {
                                view! {
                                    <span class="node-badge no-issues" title="No issues">
                                        "✓"
                                    </span>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <span class="node-badge has-issues" title=s.issues.join("\n")>
                                        {issue_count(s.issues.len())}
                                    </span>
                                }
                                    .into_any()
                            }
                        })
                }}
            </div>
            <div class="node-title">{move || shown.with(|s| s.title.clone())}</div>
            <div class="node-summary">{move || shown.with(|s| s.summary.clone())}</div>
        </div>
    };
    view! {
        <div
            class="node-slot"
            style=move || at.with(|p| format!("transform:translate({}px,{}px)", p.x, p.y))
        >
            {card}
            {buttons}
        </div>
    }
}

/// One edge's **+** button (editable canvases only), placed from its start
/// node (it is drawn in that node's wrapper).
fn plus_button(
    key: EdgeKey,
    cells: EdgeCells,
    menu_open: Selector<Option<EdgeKey>>,
) -> impl IntoView {
    // Position and label are separate cells, written only when they change.
    let EdgeCells {
        plus_offset: at,
        plus_label: label,
        ..
    } = cells;
    let expanded = Memo::new({
        let menu_open = menu_open.clone();
        move |_| menu_open.selected(&Some(key))
    });
    on_cleanup(move || menu_open.remove(&Some(key)));
    view! {
        <button
            type="button"
            class="add-button"
            data-from=key.0.to_string()
            data-slot=slot_name(key.1)
            aria-label=move || label.get()
            aria-haspopup="menu"
            aria-expanded=move || if expanded.get() { "true" } else { "false" }
            style=move || at.with(|p| format!("transform:translate({}px,{}px)", p.x, p.y))
        ></button>
    }
}
