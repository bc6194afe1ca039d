//! Property tests: random sequences of graph operations keep the journey a
//! valid tree within its limit, and refused operations change nothing.

use cairn_domain::graph::{JourneyGraph, RemoveMode};
use cairn_domain::key::StepKey;
use cairn_domain::layout::{layout, NODE_HEIGHT, NODE_WIDTH};
use cairn_domain::step::{Slot, Step, StepId, StepType};
use cairn_domain::Limits;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Add { at: usize, slot: usize, ty: usize },
    Remove { at: usize, mode: usize },
    AddBranch { at: usize },
    RemoveBranch { at: usize, branch: usize },
    Rename { at: usize, slot: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<usize>(), any::<usize>(), 0..5usize).prop_map(|(at, slot, ty)| Op::Add { at, slot, ty }),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(at, mode)| Op::Remove { at, mode }),
        1 => any::<usize>().prop_map(|at| Op::AddBranch { at }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(at, branch)| Op::RemoveBranch { at, branch }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(at, slot)| Op::Rename { at, slot }),
    ]
}

fn pick(g: &JourneyGraph, i: usize) -> Option<StepId> {
    let ids: Vec<StepId> = g.steps().map(|(id, _)| id).collect();
    (!ids.is_empty()).then(|| ids[i % ids.len()])
}

fn new_step(ty: usize, n: usize) -> Step {
    let ty = StepType::ADDABLE[ty % 5];
    Step::new_of_type(ty, || StepKey::parse(format!("k_{n}")).expect("valid key"))
}

fn apply(g: &mut JourneyGraph, op: &Op, limits: &Limits, n: usize) -> bool {
    match *op {
        Op::Add { at, slot, ty } => match pick(g, at) {
            None => g
                .add_step(
                    None,
                    Step::new_of_type(StepType::EntryCondition, || unreachable!()),
                    limits,
                )
                .is_ok(),
            Some(id) => {
                let slots = g.get(id).map(|s| s.slots()).unwrap_or_default();
                let slot = slots[slot % slots.len()].0;
                g.add_step(Some((id, slot)), new_step(ty, n), limits)
                    .is_ok()
            }
        },
        Op::Remove { at, mode } => match pick(g, at) {
            None => false,
            Some(id) => {
                let slots = g.get(id).map(|s| s.slots()).unwrap_or_default();
                let mode = match mode % 3 {
                    0 => RemoveMode::Splice,
                    1 => RemoveMode::WithDescendants,
                    _ => RemoveMode::KeepBranch(slots[mode % slots.len()].0),
                };
                let impact = g.removal_impact(id, mode);
                let before = g.len();
                let done = g.remove_step(id, mode);
                assert_eq!(impact, done.clone(), "impact must predict the removal");
                if let Ok(r) = &done {
                    assert_eq!(g.len(), before - r.removed.len());
                    for gone in &r.removed {
                        assert!(g.get(*gone).is_none());
                    }
                }
                done.is_ok()
            }
        },
        Op::AddBranch { at } => {
            pick(g, at).is_some_and(|id| g.add_branch(id, "New", limits).is_ok())
        }
        Op::RemoveBranch { at, branch } => {
            pick(g, at).is_some_and(|id| g.remove_branch(id, branch % 4).is_ok())
        }
        Op::Rename { at, slot } => pick(g, at).is_some_and(|id| {
            let slots = g.get(id).map(|s| s.slots()).unwrap_or_default();
            let s = slots[slot % slots.len()].0;
            g.rename_branch(id, s, "Renamed").is_ok()
        }),
    }
}

fn check_invariants(g: &JourneyGraph, limits: &Limits) {
    g.check_tree().expect("always a tree rooted at the entry");
    assert!(g.limit_count() <= limits.steps_per_journey);
    if !g.is_empty() {
        assert_eq!(g.depth_first().len(), g.len(), "every step reachable");
    }
    for (_, s) in g.steps() {
        if let Step::MultiBranchSplit { branches, .. } = s {
            assert!(branches.len() >= 2);
        }
    }
    // The serialized form parses back to the same graph.
    let json = serde_json::to_string(g).expect("serializes");
    let back: JourneyGraph = serde_json::from_str(&json).expect("parses");
    assert_eq!(&back, g);
    // Layout: every step placed, none overlapping, children below parents.
    let l = layout(g);
    assert_eq!(l.nodes.len(), g.len());
    let pts: Vec<_> = l.nodes.values().collect();
    for (i, a) in pts.iter().enumerate() {
        for b in &pts[i + 1..] {
            let apart = (a.x - b.x).abs() >= NODE_WIDTH || (a.y - b.y).abs() >= NODE_HEIGHT;
            assert!(apart, "cards overlap: {a:?} {b:?}");
        }
    }
    for e in &l.edges {
        if let Some(to) = e.to {
            assert!(l.nodes[&to].y > l.nodes[&e.from].y);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_operations_keep_a_valid_tree(ops in proptest::collection::vec(op(), 1..60), limit in 3u32..40) {
        let limits = Limits { steps_per_journey: limit, ..Limits::default() };
        let mut g = JourneyGraph::new();
        for (n, op) in ops.iter().enumerate() {
            let before = g.clone();
            let ok = apply(&mut g, op, &limits, n);
            if !ok {
                prop_assert_eq!(&g, &before, "a refused operation changes nothing: {:?}", op);
            }
            check_invariants(&g, &limits);
        }
    }

    #[test]
    fn editing_a_definition_never_moves_a_card(ops in proptest::collection::vec(op(), 1..40)) {
        let limits = Limits { steps_per_journey: 100, ..Limits::default() };
        let mut g = JourneyGraph::new();
        for (n, op) in ops.iter().enumerate() {
            apply(&mut g, op, &limits, n);
        }
        let before = layout(&g);
        let ids: Vec<StepId> = g.steps().map(|(id, _)| id).collect();
        for id in ids {
            let mut def = g.get(id).cloned().expect("exists");
            if let Step::WaitForDuration { duration, .. } = &mut def {
                duration.amount += 5;
            } else if let Step::EntryCondition { name, .. } | Step::WaitForCondition { name, .. }
                | Step::TrueFalseSplit { name, .. } | Step::MultiBranchSplit { name, .. }
                | Step::SendToDestinations { name, .. } = &mut def {
                name.push_str(" edited");
            }
            g.update_definition(id, def).expect("same type and branches");
        }
        prop_assert_eq!(layout(&g).nodes, before.nodes);
    }
}

#[test]
fn appending_to_a_chain_moves_nothing_else() {
    let limits = Limits::default();
    let spec = cairn_domain::samples::cart_abandonment().expect("sample builds");
    let mut g = spec.steps;
    let before = layout(&g);
    // The false branch ends in a Send step: add a wait after it.
    let leaf = g
        .steps()
        .find(|(_, s)| s.name() == Some("Did not engage"))
        .map(|(id, _)| id)
        .expect("leaf");
    let added = g
        .add_step(
            Some((leaf, Slot::Next)),
            Step::new_of_type(StepType::WaitForDuration, || unreachable!()),
            &limits,
        )
        .expect("room");
    let after = layout(&g);
    for (id, p) in &before.nodes {
        assert_eq!(after.nodes[id], *p, "step {id} moved");
    }
    assert!(after.nodes.contains_key(&added));
}
