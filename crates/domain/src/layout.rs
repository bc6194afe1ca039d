//! Top-down layout of a journey for the canvas.
//!
//! Each step sits centred above the columns its branches take; every empty
//! branch (a place for **+**) takes one column. Positions depend only on the
//! shape of a step's own subtree and of the subtrees to its left, so editing
//! a step's definition never moves anything, and growing a chain moves only
//! the steps below it on that chain.

use crate::graph::JourneyGraph;
use crate::step::{Slot, StepId};
use petgraph::visit::DfsPostOrder;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Width of a step card, in canvas pixels.
pub const NODE_WIDTH: f64 = 280.0;
/// Height of a step card.
pub const NODE_HEIGHT: f64 = 112.0;
/// Horizontal gap between columns.
pub const COLUMN_GAP: f64 = 48.0;
/// Vertical gap between rows (room for the edge, its label and its **+**).
pub const ROW_GAP: f64 = 88.0;

/// A point on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Left to right.
    pub x: f64,
    /// Top to bottom.
    pub y: f64,
}

/// An edge from a step's slot to the next step, or to an empty place for **+**.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeLayout {
    /// The step it leaves.
    pub from: StepId,
    /// Which of its slots.
    pub slot: Slot,
    /// The branch label, for splits.
    pub label: Option<String>,
    /// The step it reaches; `None` for an empty branch or the end of a path.
    pub to: Option<StepId>,
    /// Bottom centre of `from`.
    pub start: Point,
    /// Top centre of `to`, or the empty place's centre.
    pub end: Point,
}

/// Positions of every step (top-left corners) and every edge.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Layout {
    /// Top-left corner of each step's card.
    pub nodes: BTreeMap<StepId, Point>,
    /// Every edge, including those ending at an empty place.
    pub edges: Vec<EdgeLayout>,
    /// Width of the whole drawing.
    pub width: f64,
    /// Height of the whole drawing.
    pub height: f64,
}

const COLUMN: f64 = NODE_WIDTH + COLUMN_GAP;
const ROW: f64 = NODE_HEIGHT + ROW_GAP;

/// Lays out `graph` top-down from its entry condition.
pub fn layout(graph: &JourneyGraph) -> Layout {
    let Some(root) = graph.root() else {
        return Layout::default();
    };
    let (pg, index) = graph.to_petgraph();
    // Columns each subtree needs, children before parents (petgraph post-order).
    let mut columns: HashMap<StepId, u32> = HashMap::with_capacity(graph.len());
    let mut dfs = DfsPostOrder::new(&pg, index[&root]);
    while let Some(nx) = dfs.next(&pg) {
        let id = pg[nx];
        let Some(step) = graph.get(id) else { continue };
        let cols: u32 = step
            .slots()
            .iter()
            .map(|(_, next)| next.and_then(|n| columns.get(&n).copied()).unwrap_or(1))
            .sum();
        columns.insert(id, cols.max(1));
    }
    let mut out = Layout::default();
    let mut max_depth = 0u32;
    // (step, first column, depth)
    let mut stack = vec![(root, 0u32, 0u32)];
    while let Some((id, first_col, depth)) = stack.pop() {
        let Some(step) = graph.get(id) else { continue };
        max_depth = max_depth.max(depth);
        let span = columns.get(&id).copied().unwrap_or(1);
        let centre = (f64::from(first_col) + f64::from(span) / 2.0) * COLUMN;
        let top = f64::from(depth) * ROW;
        out.nodes.insert(
            id,
            Point {
                x: centre - NODE_WIDTH / 2.0,
                y: top,
            },
        );
        let start = Point {
            x: centre,
            y: top + NODE_HEIGHT,
        };
        let mut col = first_col;
        for (slot, next) in step.slots() {
            let width = next.and_then(|n| columns.get(&n).copied()).unwrap_or(1);
            let child_centre = (f64::from(col) + f64::from(width) / 2.0) * COLUMN;
            let end = Point {
                x: child_centre,
                y: top + ROW,
            };
            out.edges.push(EdgeLayout {
                from: id,
                slot,
                label: step.slot_label(slot).map(str::to_string),
                to: next,
                start,
                end,
            });
            if let Some(n) = next {
                stack.push((n, col, depth + 1));
            } else {
                max_depth = max_depth.max(depth + 1);
            }
            col += width;
        }
    }
    out.width = f64::from(columns.get(&root).copied().unwrap_or(1)) * COLUMN - COLUMN_GAP;
    out.height = f64::from(max_depth) * ROW + NODE_HEIGHT;
    out
}
