//! What the canvas shows, derived from the builder state.
//!
//! One reactive cell per node and per edge, kept in maps by key. After each
//! edit, [`CanvasModel::sync`] walks the journey once and writes only the
//! cells whose inputs changed, so an edit wakes only the DOM of what changed
//! (a growing chain moves only the nodes below it, a rename touches one node
//! and the labels of the **+** buttons next to it). The order of keys, which
//! drives the `<For>` loops, is written only when steps come or go.

use cairn_domain::graph::JourneyGraph;
use cairn_domain::layout::{EdgeLayout, Layout, Point, NODE_HEIGHT, NODE_WIDTH, ROW_GAP};
use cairn_domain::step::{Slot, Step, StepId, StepType};
use leptos::prelude::*;
use std::collections::HashMap;

use super::super::state::BuilderState;
use super::layer::Item;

/// What a node's content is drawn from: its step and its problems.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeInput {
    /// The step.
    pub step: Step,
    /// Messages of the problems in this step.
    pub issues: Vec<String>,
}

/// A node's cells: its content and, apart, its position (a move writes
/// only the position, an edit only the content), and the edges leaving it,
/// whose **+** buttons are drawn with the node and move with it.
#[derive(Clone)]
pub struct NodeCells {
    /// Step and problems.
    pub content: ArcRwSignal<NodeInput>,
    /// Top-left corner on the canvas.
    pub at: ArcRwSignal<Point>,
    /// The edges leaving this node, in slot order.
    pub out: ArcRwSignal<Vec<EdgeKey>>,
}

/// An edge's cells, for its **+** button: where it goes and what it says.
#[derive(Clone)]
pub struct EdgeCells {
    /// Centre of the **+** button on the canvas (where its menu opens).
    pub plus_at: ArcRwSignal<Point>,
    /// Centre of the **+** button from its start node's top-left corner
    /// (where the button is drawn: a move of the whole branch leaves it be).
    pub plus_offset: ArcRwSignal<Point>,
    /// Its accessible name.
    pub plus_label: ArcRwSignal<String>,
}

/// What a node shows (derived per node by a `Memo`, so unchanged nodes never
/// touch the DOM).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeShown {
    /// `Step::title()`.
    pub title: String,
    /// `Step::summary()`.
    pub summary: String,
    /// Problem messages.
    pub issues: Vec<String>,
    /// The accessible name: "Wait for duration: Wait 1 hour. 0 issues."
    pub aria_label: String,
}

impl NodeShown {
    /// What `input` shows.
    pub fn of(input: &NodeInput) -> NodeShown {
        let title = input.step.title();
        let aria_label = format!(
            "{}: {}. {}.",
            input.step.step_type().label(),
            title,
            issue_count(input.issues.len())
        );
        NodeShown {
            title,
            summary: input.step.summary(),
            issues: input.issues.clone(),
            aria_label,
        }
    }
}

/// "0 issues", "1 issue", "3 issues".
pub fn issue_count(n: usize) -> String {
    if n == 1 {
        "1 issue".into()
    } else {
        format!("{n} issues")
    }
}

/// Where the horizontal part of a forking edge runs, below its start.
const FORK_DROP: f64 = 20.0;
/// Rounding of an edge's corners.
const CORNER: f64 = 12.0;

/// The SVG path of an edge from `start` to `end`: straight down, or down,
/// across and down with rounded corners. An `open` edge (to an empty place)
/// stops short of the **+** drawn at its end.
pub fn edge_path(start: Point, end: Point, open: bool) -> String {
    let (sx, sy) = (start.x, start.y);
    let (ex, mut ey) = (end.x, end.y);
    if open {
        ey -= PLUS_RADIUS;
    }
    let dx = ex - sx;
    if dx.abs() < 0.5 {
        return format!("M{sx} {sy}V{ey}");
    }
    let my = sy + FORK_DROP;
    let r = CORNER.min(dx.abs() / 2.0).min(FORK_DROP);
    let d = dx.signum();
    format!(
        "M{sx} {sy}V{a}Q{sx} {my} {b} {my}H{c}Q{ex} {my} {ex} {e}V{ey}",
        a = my - r,
        b = sx + d * r,
        c = ex - d * r,
        e = my + r,
    )
}

/// Centre of an edge's branch label.
pub fn label_point(start: Point, end: Point) -> Point {
    Point {
        x: end.x,
        y: start.y + FORK_DROP + 22.0,
    }
}

/// Centre of an edge's **+** button.
pub fn plus_point(start: Point, end: Point, open: bool, labelled: bool) -> Point {
    match (open, labelled) {
        (true, _) => end,
        (false, true) => Point {
            x: end.x,
            y: start.y + ROW_GAP - 22.0,
        },
        (false, false) => Point {
            x: end.x,
            y: (start.y + end.y) / 2.0,
        },
    }
}

/// Every edge's path, for the one SVG layer of edges.
pub fn edge_items(layout: &Layout) -> Vec<(EdgeKey, Item)> {
    layout
        .edges
        .iter()
        .map(|e| {
            let open = e.to.is_none();
            let class = if open { "edge edge-open" } else { "edge" };
            (
                (e.from, e.slot),
                Item {
                    attrs: vec![
                        ("class", class.to_string()),
                        ("data-from", e.from.to_string()),
                        ("data-slot", slot_name(e.slot)),
                        ("d", edge_path(e.start, e.end, open)),
                    ],
                    text: None,
                },
            )
        })
        .collect()
}

/// Every branch label (True / False / branch names).
pub fn label_items(layout: &Layout) -> Vec<(EdgeKey, Item)> {
    layout
        .edges
        .iter()
        .filter_map(|e| {
            let label = e.label.as_ref()?;
            let p = label_point(e.start, e.end);
            Some((
                (e.from, e.slot),
                Item {
                    attrs: vec![
                        ("class", "edge-label".to_string()),
                        ("style", format!("left:{}px;top:{}px", p.x, p.y)),
                    ],
                    text: Some(label.clone()),
                },
            ))
        })
        .collect()
}

/// The minimap's rectangle of every node.
pub fn minimap_items(order: &[NodeKey], layout: &Layout) -> Vec<(StepId, Item)> {
    order
        .iter()
        .filter_map(|(id, ty)| {
            let p = layout.nodes.get(id)?;
            Some((
                *id,
                Item {
                    attrs: vec![
                        ("class", format!("minimap-node type-{}", type_name(*ty))),
                        ("x", p.x.to_string()),
                        ("y", p.y.to_string()),
                        ("width", NODE_WIDTH.to_string()),
                        ("height", NODE_HEIGHT.to_string()),
                        ("rx", "16".to_string()),
                    ],
                    text: None,
                },
            ))
        })
        .collect()
}

/// The accessible name of the **+** on the edge from `from` (titled
/// `from_title`) through `label` to `to_title`.
pub fn plus_label(from_title: &str, label: Option<&str>, to_title: Option<&str>) -> String {
    match (to_title, label) {
        (Some(to), _) => format!("Insert a step between {from_title} and {to}"),
        (None, Some(label)) => format!("Add a step on the {label} branch of {from_title}"),
        (None, None) => format!("Add a step after {from_title}"),
    }
}

/// Radius of a **+** button, in canvas pixels.
pub const PLUS_RADIUS: f64 = 12.0;

/// The `data-slot` value of a slot: `next`, `true`, `false`, `branch-0`…
pub fn slot_name(slot: Slot) -> String {
    match slot {
        Slot::Next => "next".into(),
        Slot::True => "true".into(),
        Slot::False => "false".into(),
        Slot::Branch(i) => format!("branch-{i}"),
    }
}

/// The slot a `data-slot` value names.
pub fn parse_slot(name: &str) -> Option<Slot> {
    match name {
        "next" => Some(Slot::Next),
        "true" => Some(Slot::True),
        "false" => Some(Slot::False),
        other => other
            .strip_prefix("branch-")
            .and_then(|i| i.parse().ok())
            .map(Slot::Branch),
    }
}

/// The serde (snake_case) name of a step type: `wait_for_duration`…
pub fn type_name(ty: StepType) -> &'static str {
    match ty {
        StepType::EntryCondition => "entry_condition",
        StepType::WaitForCondition => "wait_for_condition",
        StepType::WaitForDuration => "wait_for_duration",
        StepType::TrueFalseSplit => "true_false_split",
        StepType::MultiBranchSplit => "multi_branch_split",
        StepType::SendToDestinations => "send_to_destinations",
    }
}

/// How many steps adding a new step of `ty` counts toward the journey limit.
pub fn added_weight(ty: StepType) -> u32 {
    match ty {
        // The only type whose new step needs a key; it counts one.
        StepType::SendToDestinations => 1,
        other => {
            Step::new_of_type(other, || unreachable!("only Send steps need a key")).limit_weight()
        }
    }
}

/// Why adding a step of `ty` is not possible with `count` of `limit` steps
/// used, or `None` when it is.
pub fn add_refusal(ty: StepType, count: u32, limit: u32) -> Option<String> {
    let weight = added_weight(ty);
    if weight == 0 || count.saturating_add(weight) <= limit {
        return None;
    }
    Some(if count >= limit {
        format!("This journey has {count} of {limit} steps. Remove a step to add another.")
    } else {
        format!(
            "A {} counts as {weight} steps; this journey has {count} of {limit}.",
            ty.label().to_lowercase()
        )
    })
}

/// A node's key in the `<For>`: its id and type (a step id reused by a step
/// of another type, after undo and a new add, is drawn afresh).
pub type NodeKey = (StepId, StepType);
/// An edge's key: the step it leaves and the slot.
pub type EdgeKey = (StepId, Slot);

/// The canvas's cells and key orders. `Copy`.
#[derive(Clone, Copy)]
pub struct CanvasModel {
    nodes: StoredValue<HashMap<StepId, NodeCells>>,
    edges: StoredValue<HashMap<EdgeKey, EdgeCells>>,
    /// Nodes in depth-first order (the DOM order, hence the Tab order).
    pub node_order: RwSignal<Vec<NodeKey>>,
    /// Edges in depth-first order of their start.
    pub edge_order: RwSignal<Vec<EdgeKey>>,
    /// Size of the whole drawing.
    pub size: RwSignal<(f64, f64)>,
}

impl CanvasModel {
    /// An empty model; call [`CanvasModel::sync`] to fill it.
    pub fn new() -> CanvasModel {
        CanvasModel {
            nodes: StoredValue::new(HashMap::new()),
            edges: StoredValue::new(HashMap::new()),
            node_order: RwSignal::new(Vec::new()),
            edge_order: RwSignal::new(Vec::new()),
            size: RwSignal::new((0.0, 0.0)),
        }
    }

    /// The cells of node `id`.
    pub fn node(&self, id: StepId) -> Option<NodeCells> {
        self.nodes.with_value(|m| m.get(&id).cloned())
    }

    /// The cells of edge `key`.
    pub fn edge(&self, key: EdgeKey) -> Option<EdgeCells> {
        self.edges.with_value(|m| m.get(&key).cloned())
    }

    /// Brings every cell up to date with `state` (tracking what it reads:
    /// run it in an effect). Writes only the cells whose inputs changed.
    pub fn sync(&self, state: &BuilderState) {
        state.problems.with(|problems| {
            let mut issues: HashMap<StepId, Vec<&str>> = HashMap::new();
            for p in problems {
                if let Some(id) = p.step {
                    issues.entry(id).or_default().push(&p.message);
                }
            }
            state.layout.with(|layout| {
                state
                    .content
                    .with(|content| self.apply(&content.steps, layout, &issues))
            })
        });
    }

    fn apply(&self, graph: &JourneyGraph, layout: &Layout, issues: &HashMap<StepId, Vec<&str>>) {
        let order = graph.depth_first();
        let rank: HashMap<StepId, usize> =
            order.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let origin = Point { x: 0.0, y: 0.0 };

        let mut edges: Vec<&EdgeLayout> = layout.edges.iter().collect();
        edges.sort_by_key(|e| (rank.get(&e.from).copied().unwrap_or(usize::MAX), e.slot));
        let mut out: HashMap<StepId, Vec<EdgeKey>> = HashMap::new();
        for e in &edges {
            out.entry(e.from).or_default().push((e.from, e.slot));
        }

        // Edges first, so that a node's new `out` finds its edges' cells.
        let title = |id: StepId| graph.get(id).map(Step::title).unwrap_or_default();
        let mut edge_keys = Vec::with_capacity(edges.len());
        self.edges.update_value(|cells| {
            let mut live = HashMap::with_capacity(edges.len());
            for e in &edges {
                let key = (e.from, e.slot);
                edge_keys.push(key);
                let at = plus_point(e.start, e.end, e.to.is_none(), e.label.is_some());
                let node = layout.nodes.get(&e.from).copied().unwrap_or(origin);
                let offset = Point {
                    x: at.x - node.x,
                    y: at.y - node.y,
                };
                let label = plus_label(
                    &title(e.from),
                    e.label.as_deref(),
                    e.to.map(title).as_deref(),
                );
                let cell = match cells.remove(&key) {
                    Some(cell) => {
                        set_if_changed(&cell.plus_at, at);
                        set_if_changed(&cell.plus_offset, offset);
                        set_if_changed(&cell.plus_label, label);
                        cell
                    }
                    None => EdgeCells {
                        plus_at: ArcRwSignal::new(at),
                        plus_offset: ArcRwSignal::new(offset),
                        plus_label: ArcRwSignal::new(label),
                    },
                };
                live.insert(key, cell);
            }
            *cells = live;
        });

        let mut node_keys = Vec::with_capacity(order.len());
        self.nodes.update_value(|cells| {
            cells.retain(|id, _| graph.get(*id).is_some());
            for id in &order {
                let Some(step) = graph.get(*id) else { continue };
                let at = layout.nodes.get(id).copied().unwrap_or(origin);
                let mine = issues.get(id).map(Vec::as_slice).unwrap_or(&[]);
                let leaving = out.remove(id).unwrap_or_default();
                node_keys.push((*id, step.step_type()));
                let content = || NodeInput {
                    step: step.clone(),
                    issues: mine.iter().map(|m| m.to_string()).collect(),
                };
                match cells.get(id) {
                    Some(cell) => {
                        if cell
                            .content
                            .with_untracked(|old| old.issues != mine || old.step != *step)
                        {
                            cell.content.set(content());
                        }
                        set_if_changed(&cell.at, at);
                        set_if_changed(&cell.out, leaving);
                    }
                    None => {
                        cells.insert(
                            *id,
                            NodeCells {
                                content: ArcRwSignal::new(content()),
                                at: ArcRwSignal::new(at),
                                out: ArcRwSignal::new(leaving),
                            },
                        );
                    }
                }
            }
        });

        if self.node_order.with_untracked(|o| *o != node_keys) {
            self.node_order.set(node_keys);
        }
        if self.edge_order.with_untracked(|o| *o != edge_keys) {
            self.edge_order.set(edge_keys);
        }
        let size = (layout.width, layout.height);
        if self.size.get_untracked() != size {
            self.size.set(size);
        }
    }
}

/// Writes `value` into `cell` only if it differs (a write wakes readers).
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(cell: &ArcRwSignal<T>, value: T) {
    if cell.with_untracked(|old| *old != value) {
        cell.set(value);
    }
}

impl Default for CanvasModel {
    fn default() -> Self {
        CanvasModel::new()
    }
}
