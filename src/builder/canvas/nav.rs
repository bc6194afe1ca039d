//! Keyboard navigation between nodes: which node an arrow key leads to.

use cairn_domain::graph::JourneyGraph;
use cairn_domain::layout::Layout;
use cairn_domain::step::StepId;

/// An arrow key's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Down: the first step after this one.
    Down,
    /// Up: the step before this one.
    Up,
    /// Left: the previous step at the same depth.
    Left,
    /// Right: the next step at the same depth.
    Right,
}

impl Direction {
    /// The direction of a `KeyboardEvent.key`, if it is an arrow key.
    pub fn of_key(key: &str) -> Option<Direction> {
        match key {
            "ArrowDown" => Some(Direction::Down),
            "ArrowUp" => Some(Direction::Up),
            "ArrowLeft" => Some(Direction::Left),
            "ArrowRight" => Some(Direction::Right),
            _ => None,
        }
    }
}

/// The node an arrow key moves to from `from`, if any.
///
/// Down goes to the first child (first branch of a split), Up to the parent;
/// Left and Right to the neighbouring node on the same row (same depth),
/// ordered by x position.
pub fn neighbour(
    graph: &JourneyGraph,
    layout: &Layout,
    from: StepId,
    dir: Direction,
) -> Option<StepId> {
    match dir {
        Direction::Down => graph.get(from)?.children().next(),
        Direction::Up => graph.parent(from).map(|(p, _)| p),
        Direction::Left | Direction::Right => {
            let here = layout.nodes.get(&from)?;
            let mut row: Vec<(f64, StepId)> = layout
                .nodes
                .iter()
                .filter(|(_, p)| (p.y - here.y).abs() < 0.5)
                .map(|(id, p)| (p.x, *id))
                .collect();
            row.sort_by(|a, b| a.0.total_cmp(&b.0));
            let i = row.iter().position(|(_, id)| *id == from)?;
            let j = if dir == Direction::Left {
                i.checked_sub(1)?
            } else {
                i + 1
            };
            row.get(j).map(|(_, id)| *id)
        }
    }
}
