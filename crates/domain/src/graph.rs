//! The tree of steps and the operations that edit it.
//!
//! Every operation either keeps the journey a valid tree rooted at its one
//! Entry condition or changes nothing and returns an error.

use crate::limits::Limits;
use crate::step::{Slot, Step, StepId, StepType};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use thiserror::Error;

/// Why a graph cannot be built or an operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum GraphError {
    /// A link points at a step that does not exist.
    #[error("step {from} links to step {to}, which does not exist")]
    DanglingLink {
        /// The step holding the link.
        from: StepId,
        /// The missing step.
        to: StepId,
    },
    /// A step is reached from two places.
    #[error("step {step} is linked from more than one place")]
    SharedStep {
        /// The step.
        step: StepId,
    },
    /// The journey has steps but no entry condition.
    #[error("the journey has steps but no entry condition")]
    MissingEntry,
    /// More than one entry condition.
    #[error("the journey has more than one entry condition (steps {first} and {second})")]
    SecondEntry {
        /// The first entry.
        first: StepId,
        /// Another entry.
        second: StepId,
    },
    /// The entry condition is linked from another step.
    #[error("the entry condition (step {step}) cannot follow another step")]
    EntryNotRoot {
        /// The entry step.
        step: StepId,
    },
    /// A step cannot be reached from the entry condition.
    #[error("step {step} cannot be reached from the entry condition")]
    Unreachable {
        /// The orphan.
        step: StepId,
    },
    /// No step with that id.
    #[error("there is no step {0}")]
    NoSuchStep(StepId),
    /// The step has no such outgoing slot.
    #[error("step {step} has no {slot:?} branch")]
    NoSuchSlot {
        /// The step.
        step: StepId,
        /// The slot asked for.
        slot: Slot,
    },
    /// `to` does not directly follow `from`.
    #[error("step {to} does not directly follow step {from}")]
    NotAdjacent {
        /// The earlier step.
        from: StepId,
        /// The later step.
        to: StepId,
    },
    /// An empty journey starts with an entry condition, and only there.
    #[error("a journey starts with one entry condition, and only the entry condition has no step before it")]
    EntryPlacement,
    /// Adding would pass the step limit.
    #[error("the journey would count {would_be} steps; the limit is {limit}")]
    LimitReached {
        /// The count after the operation.
        would_be: u32,
        /// The limit.
        limit: u32,
    },
    /// The removal would orphan steps: the caller must say which branch to keep or remove them.
    #[error(
        "removing step {step} needs a choice: keep one of its branches or remove what follows"
    )]
    NeedsChoice {
        /// The step.
        step: StepId,
    },
    /// The entry condition can only be removed with the whole journey.
    #[error("removing the entry condition removes every step of the journey")]
    EntryRemoval,
    /// A multi-branch split keeps at least two branches.
    #[error("a multi-branch split needs at least 2 branches")]
    TooFewBranches,
    /// The operation applies to a different kind of step.
    #[error("step {step} is a {actual}, not a {expected}")]
    WrongType {
        /// The step.
        step: StepId,
        /// What it is.
        actual: &'static str,
        /// What the operation needs.
        expected: &'static str,
    },
}

/// How to remove a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", content = "slot", rename_all = "snake_case")]
pub enum RemoveMode {
    /// Remove only this step; what followed moves up (steps with one path only).
    Splice,
    /// Remove a split but keep one branch, which moves up; other branches are removed.
    KeepBranch(Slot),
    /// Remove the step and everything after it.
    WithDescendants,
}

/// What a removal does (or did): shown to the user before confirming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// Every step removed, the named one first.
    pub removed: Vec<StepId>,
    /// The step that moved up into the removed step's place, if any.
    pub moved_up: Option<StepId>,
}

/// The steps of a journey: a tree rooted at the entry condition (or empty).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(try_from = "BTreeMap<StepId, Step>", into = "BTreeMap<StepId, Step>")]
pub struct JourneyGraph {
    steps: BTreeMap<StepId, Step>,
}

impl TryFrom<BTreeMap<StepId, Step>> for JourneyGraph {
    type Error = GraphError;
    fn try_from(steps: BTreeMap<StepId, Step>) -> Result<Self, GraphError> {
        JourneyGraph::from_steps(steps)
    }
}

impl From<JourneyGraph> for BTreeMap<StepId, Step> {
    fn from(g: JourneyGraph) -> Self {
        g.steps
    }
}

impl JourneyGraph {
    /// A journey with no steps yet.
    pub fn new() -> Self {
        JourneyGraph::default()
    }

    /// Builds a graph from steps by id, checking it is a tree rooted at one entry.
    pub fn from_steps(steps: BTreeMap<StepId, Step>) -> Result<Self, GraphError> {
        let g = JourneyGraph { steps };
        g.check_tree()?;
        Ok(g)
    }

    /// Checks the tree invariants: one entry at the root, every link to an
    /// existing step, every other step linked exactly once and reachable.
    pub fn check_tree(&self) -> Result<(), GraphError> {
        if self.steps.is_empty() {
            return Ok(());
        }
        let mut root = None;
        for (id, step) in &self.steps {
            if step.step_type() == StepType::EntryCondition {
                if let Some(first) = root {
                    return Err(GraphError::SecondEntry { first, second: *id });
                }
                root = Some(*id);
            }
        }
        let root = root.ok_or(GraphError::MissingEntry)?;
        let mut seen: BTreeSet<StepId> = BTreeSet::new();
        for (id, step) in &self.steps {
            for child in step.children() {
                if !self.steps.contains_key(&child) {
                    return Err(GraphError::DanglingLink {
                        from: *id,
                        to: child,
                    });
                }
                if child == root {
                    return Err(GraphError::EntryNotRoot { step: root });
                }
                if !seen.insert(child) {
                    return Err(GraphError::SharedStep { step: child });
                }
            }
        }
        // Each non-root step has exactly one parent; now every step must be reachable.
        let reached = self.descendants(root);
        if let Some(orphan) = self.steps.keys().find(|id| !reached.contains(id)) {
            return Err(GraphError::Unreachable { step: *orphan });
        }
        Ok(())
    }

    /// The entry condition's id, unless the journey is empty.
    pub fn root(&self) -> Option<StepId> {
        self.steps
            .iter()
            .find(|(_, s)| s.step_type() == StepType::EntryCondition)
            .map(|(id, _)| *id)
    }

    /// The step with this id.
    pub fn get(&self, id: StepId) -> Option<&Step> {
        self.steps.get(&id)
    }

    /// Every step by id, in id order.
    pub fn steps(&self) -> impl Iterator<Item = (StepId, &Step)> {
        self.steps.iter().map(|(id, s)| (*id, s))
    }

    /// Number of steps (not the limit count: see [`JourneyGraph::limit_count`]).
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there are no steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Steps counted as the product limits count them.
    pub fn limit_count(&self) -> u32 {
        self.steps.values().map(Step::limit_weight).sum()
    }

    /// The step and slot leading to `id`, unless it is the root.
    pub fn parent(&self, id: StepId) -> Option<(StepId, Slot)> {
        self.steps.iter().find_map(|(pid, s)| {
            s.slots()
                .into_iter()
                .find(|(_, n)| *n == Some(id))
                .map(|(slot, _)| (*pid, slot))
        })
    }

    /// `id` and every step after it, in depth-first order.
    pub fn descendants(&self, id: StepId) -> Vec<StepId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        let mut guard = BTreeSet::new();
        while let Some(s) = stack.pop() {
            if !guard.insert(s) {
                continue; // only reachable on a malformed graph; never loop
            }
            out.push(s);
            if let Some(step) = self.steps.get(&s) {
                let children: Vec<StepId> = step.children().collect();
                stack.extend(children.into_iter().rev());
            }
        }
        out
    }

    /// Depth-first order from the entry (the canvas's keyboard order).
    pub fn depth_first(&self) -> Vec<StepId> {
        self.root().map(|r| self.descendants(r)).unwrap_or_default()
    }

    /// The id the next added step gets.
    pub fn next_id(&self) -> StepId {
        StepId(self.steps.keys().next_back().map_or(1, |id| id.0 + 1))
    }

    /// The graph as a petgraph `StableDiGraph` (nodes are step ids, edges slots)
    /// with the index of each step.
    pub fn to_petgraph(&self) -> (StableDiGraph<StepId, Slot>, HashMap<StepId, NodeIndex>) {
        let mut g = StableDiGraph::with_capacity(self.steps.len(), self.steps.len());
        let index: HashMap<StepId, NodeIndex> =
            self.steps.keys().map(|id| (*id, g.add_node(*id))).collect();
        for (id, step) in &self.steps {
            for (slot, next) in step.slots() {
                if let (Some(n), Some(a)) = (next, index.get(id)) {
                    if let Some(b) = index.get(&n) {
                        g.add_edge(*a, *b, slot);
                    }
                }
            }
        }
        (g, index)
    }

    fn step_mut(&mut self, id: StepId) -> Result<&mut Step, GraphError> {
        self.steps.get_mut(&id).ok_or(GraphError::NoSuchStep(id))
    }

    fn check_limit(&self, extra: u32, limits: &Limits) -> Result<(), GraphError> {
        let would_be = self.limit_count() + extra;
        if extra > 0 && would_be > limits.steps_per_journey {
            return Err(GraphError::LimitReached {
                would_be,
                limit: limits.steps_per_journey,
            });
        }
        Ok(())
    }

    /// Adds `step` at `at` (a step and one of its slots), or as the entry of an
    /// empty journey when `at` is `None`. If the slot already leads somewhere,
    /// the new step is inserted there and what followed continues from the new
    /// step's first slot (the true branch / first branch of a split).
    pub fn add_step(
        &mut self,
        at: Option<(StepId, Slot)>,
        step: Step,
        limits: &Limits,
    ) -> Result<StepId, GraphError> {
        let is_entry = step.step_type() == StepType::EntryCondition;
        let mut step = step.without_links();
        self.check_limit(step.limit_weight(), limits)?;
        let id = self.next_id();
        match at {
            None if self.is_empty() && is_entry => {
                self.steps.insert(id, step);
                Ok(id)
            }
            None => Err(GraphError::EntryPlacement),
            Some(_) if is_entry => Err(GraphError::EntryPlacement),
            Some((parent, slot)) => {
                let parent_step = self.step_mut(parent)?;
                let link = parent_step
                    .slot_mut(slot)
                    .ok_or(GraphError::NoSuchSlot { step: parent, slot })?;
                let displaced = link.replace(id);
                let first = step.first_slot();
                if let Some(l) = step.slot_mut(first) {
                    *l = displaced;
                }
                self.steps.insert(id, step);
                Ok(id)
            }
        }
    }

    /// Inserts `step` between `from` and `to`, where `to` directly follows `from`.
    pub fn insert_between(
        &mut self,
        from: StepId,
        to: StepId,
        step: Step,
        limits: &Limits,
    ) -> Result<StepId, GraphError> {
        let slot = self
            .get(from)
            .ok_or(GraphError::NoSuchStep(from))?
            .slots()
            .into_iter()
            .find(|(_, n)| *n == Some(to))
            .map(|(s, _)| s)
            .ok_or(GraphError::NotAdjacent { from, to })?;
        self.add_step(Some((from, slot)), step, limits)
    }

    /// What removing `id` in `mode` would do, without doing it.
    pub fn removal_impact(&self, id: StepId, mode: RemoveMode) -> Result<Removal, GraphError> {
        let step = self.get(id).ok_or(GraphError::NoSuchStep(id))?;
        let is_entry = step.step_type() == StepType::EntryCondition;
        match mode {
            RemoveMode::WithDescendants => Ok(Removal {
                removed: self.descendants(id),
                moved_up: None,
            }),
            _ if is_entry => Err(GraphError::EntryRemoval),
            RemoveMode::Splice => match step.slots().as_slice() {
                [(Slot::Next, next)] => Ok(Removal {
                    removed: vec![id],
                    moved_up: *next,
                }),
                _ => Err(GraphError::NeedsChoice { step: id }),
            },
            RemoveMode::KeepBranch(keep) => {
                let slots = step.slots();
                let kept = slots
                    .iter()
                    .find(|(s, _)| *s == keep)
                    .ok_or(GraphError::NoSuchSlot {
                        step: id,
                        slot: keep,
                    })?
                    .1;
                let mut removed = vec![id];
                for (slot, next) in slots {
                    if let (false, Some(n)) = (slot == keep, next) {
                        removed.extend(self.descendants(n));
                    }
                }
                Ok(Removal {
                    removed,
                    moved_up: kept,
                })
            }
        }
    }

    /// Removes `id` as `mode` says and returns what was removed and what moved up.
    pub fn remove_step(&mut self, id: StepId, mode: RemoveMode) -> Result<Removal, GraphError> {
        let removal = self.removal_impact(id, mode)?;
        if let Some((parent, slot)) = self.parent(id) {
            if let Some(link) = self.step_mut(parent)?.slot_mut(slot) {
                *link = removal.moved_up;
            }
        }
        for r in &removal.removed {
            self.steps.remove(r);
        }
        Ok(removal)
    }

    /// Adds a branch to a multi-branch split; returns its index.
    pub fn add_branch(
        &mut self,
        split: StepId,
        name: impl Into<String>,
        limits: &Limits,
    ) -> Result<usize, GraphError> {
        self.check_limit(1, limits)?;
        match self.step_mut(split)? {
            Step::MultiBranchSplit { branches, .. } => {
                branches.push(crate::step::ConditionBranch {
                    name: name.into(),
                    condition: Default::default(),
                    next: None,
                });
                Ok(branches.len() - 1)
            }
            other => Err(wrong_type(split, other, "multi-branch split")),
        }
    }

    /// What removing branch `index` of a multi-branch split would remove.
    pub fn branch_removal_impact(
        &self,
        split: StepId,
        index: usize,
    ) -> Result<Removal, GraphError> {
        match self.get(split).ok_or(GraphError::NoSuchStep(split))? {
            Step::MultiBranchSplit { branches, .. } => {
                if branches.len() <= 2 {
                    return Err(GraphError::TooFewBranches);
                }
                let branch = branches.get(index).ok_or(GraphError::NoSuchSlot {
                    step: split,
                    slot: Slot::Branch(index),
                })?;
                Ok(Removal {
                    removed: branch.next.map(|n| self.descendants(n)).unwrap_or_default(),
                    moved_up: None,
                })
            }
            other => Err(wrong_type(split, other, "multi-branch split")),
        }
    }

    /// Removes branch `index` of a multi-branch split and every step on it.
    pub fn remove_branch(&mut self, split: StepId, index: usize) -> Result<Removal, GraphError> {
        let removal = self.branch_removal_impact(split, index)?;
        if let Step::MultiBranchSplit { branches, .. } = self.step_mut(split)? {
            branches.remove(index);
        }
        for r in &removal.removed {
            self.steps.remove(r);
        }
        Ok(removal)
    }

    /// Renames a branch of a split (true/false or multi-branch).
    pub fn rename_branch(
        &mut self,
        split: StepId,
        slot: Slot,
        name: impl Into<String>,
    ) -> Result<(), GraphError> {
        let name = name.into();
        match (self.step_mut(split)?, slot) {
            (Step::TrueFalseSplit { true_branch, .. }, Slot::True) => true_branch.name = name,
            (Step::TrueFalseSplit { false_branch, .. }, Slot::False) => false_branch.name = name,
            (Step::MultiBranchSplit { branches, .. }, Slot::Branch(i)) if i < branches.len() => {
                branches[i].name = name
            }
            _ => return Err(GraphError::NoSuchSlot { step: split, slot }),
        }
        Ok(())
    }

    /// Replaces a step's definition, keeping its links. The new definition must
    /// be of the same type with the same branches (change branches with
    /// [`JourneyGraph::add_branch`] / [`JourneyGraph::remove_branch`]).
    pub fn update_definition(&mut self, id: StepId, definition: Step) -> Result<(), GraphError> {
        let old = self.get(id).ok_or(GraphError::NoSuchStep(id))?;
        if old.step_type() != definition.step_type() {
            return Err(wrong_type(id, &definition, old.step_type().label()));
        }
        let old_slots = old.slots();
        let new_slots: Vec<Slot> = definition.slots().into_iter().map(|(s, _)| s).collect();
        if old_slots
            .iter()
            .map(|(s, _)| *s)
            .ne(new_slots.iter().copied())
        {
            return Err(GraphError::NoSuchSlot {
                step: id,
                slot: *new_slots.last().unwrap_or(&Slot::Next),
            });
        }
        let mut definition = definition;
        for (slot, next) in old_slots {
            if let Some(link) = definition.slot_mut(slot) {
                *link = next;
            }
        }
        self.steps.insert(id, definition);
        Ok(())
    }

    /// Applies `f` to every step's definition in place (links are restored after).
    pub(crate) fn map_definitions(&mut self, mut f: impl FnMut(StepId, &mut Step)) {
        for (id, step) in self.steps.iter_mut() {
            let links = step.slots();
            f(*id, step);
            for (slot, next) in links {
                if let Some(l) = step.slot_mut(slot) {
                    *l = next;
                }
            }
        }
    }
}

fn wrong_type(id: StepId, step: &Step, expected: &'static str) -> GraphError {
    GraphError::WrongType {
        step: id,
        actual: step.step_type().label(),
        expected,
    }
}
