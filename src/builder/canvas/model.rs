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

/// What a node is drawn from: its step, position and problems.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeInput {
    /// The step.
    pub step: Step,
    /// Top-left corner on the canvas.
    pub at: Point,
    /// Messages of the problems in this step.
    pub issues: Vec<String>,
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

/// What an edge is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeInput {
    /// The step it leaves.
    pub from: StepId,
    /// Its slot.
    pub slot: Slot,
    /// The branch label (splits).
    pub label: Option<String>,
    /// The step it reaches; `None` for the end of a branch.
    pub to: Option<StepId>,
    /// Bottom centre of `from`.
    pub start: Point,
    /// Top centre of `to`, or where a step added here would go.
    pub end: Point,
    /// Title of `from` (for the **+** button's label).
    pub from_title: String,
    /// Title of `to`.
    pub to_title: Option<String>,
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

/// Escapes text for HTML or SVG markup (text and attribute values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markup of every edge's path, for the one SVG layer. Edges are drawn only
/// (no events, hidden from assistive technology), so they are written as one
/// string when the layout changes: one DOM write instead of a reactive node
/// per edge.
pub fn edges_markup(layout: &Layout) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(layout.edges.len() * 96);
    for e in &layout.edges {
        let open = e.to.is_none();
        let _ = write!(
            out,
            r#"<path class="edge{}" data-from="{}" data-slot="{}" d="{}"></path>"#,
            if open { " edge-open" } else { "" },
            e.from,
            slot_name(e.slot),
            edge_path(e.start, e.end, open)
        );
    }
    out
}

/// Markup of every branch label (True / False / branch names), escaped.
pub fn labels_markup(layout: &Layout) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for e in &layout.edges {
        if let Some(label) = &e.label {
            let p = label_point(e.start, e.end);
            let _ = write!(
                out,
                r#"<span class="edge-label" style="left:{}px;top:{}px">{}</span>"#,
                p.x,
                p.y,
                escape(label)
            );
        }
    }
    out
}

/// Markup of the minimap's node rectangles (one `rect` per node).
pub fn minimap_markup(order: &[NodeKey], layout: &Layout) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(order.len() * 96);
    for (id, ty) in order {
        if let Some(p) = layout.nodes.get(id) {
            let _ = write!(
                out,
                r#"<rect class="minimap-node type-{}" x="{}" y="{}" width="{}" height="{}" rx="16"></rect>"#,
                type_name(*ty),
                p.x,
                p.y,
                NODE_WIDTH,
                NODE_HEIGHT
            );
        }
    }
    out
}

impl EdgeInput {
    /// Centre of the **+** button.
    pub fn plus_at(&self) -> Point {
        plus_point(
            self.start,
            self.end,
            self.to.is_none(),
            self.label.is_some(),
        )
    }

    /// The **+** button's accessible name.
    pub fn plus_label(&self) -> String {
        match (&self.to_title, &self.label) {
            (Some(to), _) => format!("Insert a step between {} and {}", self.from_title, to),
            (None, Some(label)) => {
                format!("Add a step on the {} branch of {}", label, self.from_title)
            }
            (None, None) => format!("Add a step after {}", self.from_title),
        }
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
    nodes: StoredValue<HashMap<StepId, ArcRwSignal<NodeInput>>>,
    edges: StoredValue<HashMap<EdgeKey, ArcRwSignal<EdgeInput>>>,
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

    /// The cell of node `id`.
    pub fn node(&self, id: StepId) -> Option<ArcRwSignal<NodeInput>> {
        self.nodes.with_value(|m| m.get(&id).cloned())
    }

    /// The cell of edge `key`.
    pub fn edge(&self, key: EdgeKey) -> Option<ArcRwSignal<EdgeInput>> {
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

        let mut node_keys = Vec::with_capacity(order.len());
        self.nodes.update_value(|cells| {
            cells.retain(|id, _| graph.get(*id).is_some());
            for id in &order {
                let Some(step) = graph.get(*id) else { continue };
                let at = layout.nodes.get(id).copied().unwrap_or(origin);
                let mine = issues.get(id).map(Vec::as_slice).unwrap_or(&[]);
                node_keys.push((*id, step.step_type()));
                let fresh = || NodeInput {
                    step: step.clone(),
                    at,
                    issues: mine.iter().map(|m| m.to_string()).collect(),
                };
                match cells.get(id) {
                    Some(cell) => {
                        let same = cell.with_untracked(|old| {
                            old.at == at && old.issues == mine && old.step == *step
                        });
                        if !same {
                            cell.set(fresh());
                        }
                    }
                    None => {
                        cells.insert(*id, ArcRwSignal::new(fresh()));
                    }
                }
            }
        });

        let mut edges: Vec<&EdgeLayout> = layout.edges.iter().collect();
        edges.sort_by_key(|e| (rank.get(&e.from).copied().unwrap_or(usize::MAX), e.slot));
        let title = |id: StepId| graph.get(id).map(Step::title).unwrap_or_default();
        let mut edge_keys = Vec::with_capacity(edges.len());
        self.edges.update_value(|cells| {
            let mut live = HashMap::with_capacity(edges.len());
            for e in edges {
                let key = (e.from, e.slot);
                edge_keys.push(key);
                let input = EdgeInput {
                    from: e.from,
                    slot: e.slot,
                    label: e.label.clone(),
                    to: e.to,
                    start: e.start,
                    end: e.end,
                    from_title: title(e.from),
                    to_title: e.to.map(title),
                };
                let cell = match cells.remove(&key) {
                    Some(cell) => {
                        if cell.with_untracked(|old| *old != input) {
                            cell.set(input);
                        }
                        cell
                    }
                    None => ArcRwSignal::new(input),
                };
                live.insert(key, cell);
            }
            *cells = live;
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

impl Default for CanvasModel {
    fn default() -> Self {
        CanvasModel::new()
    }
}
