//! Validation: every problem of a journey, each with a path to the step and field.
//!
//! Problems that break a limit block saving (the builder stops input at the
//! limit, so only a bypassed client meets them); problems of completeness
//! (an empty condition, a Send step with nowhere to send) block publishing.

use crate::condition::{Comparison, Condition};
use crate::graph::JourneyGraph;
use crate::journey::Journey;
use crate::limits::Limits;
use crate::step::{Step, StepId};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What a problem prevents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blocks {
    /// The journey cannot be saved (a limit or a rule is broken).
    Save,
    /// The journey can be saved as a draft but not published.
    Publish,
}

/// Which rule a problem breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// A name that must be given is empty.
    Required,
    /// A name or key is longer than its limit.
    TooLong,
    /// The journey counts more steps than its limit.
    StepLimit,
    /// The journey has no entry condition.
    NoEntry,
    /// A condition has nothing in it.
    EmptyCondition,
    /// A condition is missing a value (event name, property, trait, audience, text).
    IncompleteCondition,
    /// A duration or window of zero.
    ZeroDuration,
    /// A multi-branch split with fewer than two branches.
    TooFewBranches,
    /// A Send step with no destination.
    NoDestination,
    /// The same destination twice in one Send step.
    DuplicateDestination,
    /// Two Send steps with the same key.
    DuplicateKey,
    /// A Send step names a destination the workspace does not have.
    UnknownDestination,
    /// A Send step connects an event destination as a list one, or the reverse.
    DestinationTypeMismatch,
}

/// One problem of a journey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Path to the field, like `steps.3.condition.conditions[0].event`.
    pub path: String,
    /// The step it is in, if any (the builder selects it).
    pub step: Option<StepId>,
    /// The rule broken.
    pub code: ProblemCode,
    /// What is wrong, in words a marketer understands.
    pub message: String,
    /// What it prevents.
    pub blocks: Blocks,
}

struct Collector<'a> {
    limits: &'a Limits,
    out: Vec<Problem>,
}

impl Collector<'_> {
    fn push(
        &mut self,
        path: String,
        step: Option<StepId>,
        code: ProblemCode,
        blocks: Blocks,
        message: String,
    ) {
        self.out.push(Problem {
            path,
            step,
            code,
            message,
            blocks,
        });
    }

    fn name(&mut self, path: String, step: Option<StepId>, name: &str, max: usize, what: &str) {
        let len = name.chars().count();
        if len > max {
            self.push(
                path,
                step,
                ProblemCode::TooLong,
                Blocks::Save,
                format!("{what} is {len} characters; the limit is {max}"),
            );
        } else if name.trim().is_empty() {
            self.push(
                path,
                step,
                ProblemCode::Required,
                if step.is_some() {
                    Blocks::Publish
                } else {
                    Blocks::Save
                },
                format!("{what} is required"),
            );
        }
    }

    fn condition(&mut self, path: String, step: StepId, c: &Condition) {
        if c.is_empty() {
            self.push(
                path,
                Some(step),
                ProblemCode::EmptyCondition,
                Blocks::Publish,
                "Add at least one condition".into(),
            );
            return;
        }
        self.condition_parts(path, step, c);
    }

    fn incomplete(&mut self, path: String, step: StepId, message: &str) {
        self.push(
            path,
            Some(step),
            ProblemCode::IncompleteCondition,
            Blocks::Publish,
            message.into(),
        );
    }

    fn condition_parts(&mut self, path: String, step: StepId, c: &Condition) {
        match c {
            Condition::Event(e) => {
                if e.event.trim().is_empty() {
                    self.incomplete(format!("{path}.event"), step, "Choose an event");
                }
                if let Some(w) = e.within {
                    if w.amount == 0 {
                        self.push(
                            format!("{path}.within.amount"),
                            Some(step),
                            ProblemCode::ZeroDuration,
                            Blocks::Publish,
                            "A time window must be at least 1".into(),
                        );
                    }
                }
                for (i, f) in e.filters.iter().enumerate() {
                    if f.property.trim().is_empty() {
                        self.incomplete(
                            format!("{path}.where[{i}].property"),
                            step,
                            "Choose a property",
                        );
                    }
                    self.comparison(format!("{path}.where[{i}].compare"), step, &f.compare);
                }
            }
            Condition::Trait(t) => {
                if t.trait_name.trim().is_empty() {
                    self.incomplete(format!("{path}.trait"), step, "Choose a trait");
                }
                self.comparison(format!("{path}.compare"), step, &t.compare);
            }
            Condition::Audience(a) => {
                if a.audience.trim().is_empty() {
                    self.incomplete(format!("{path}.audience"), step, "Choose an audience");
                }
            }
            Condition::AllOf(g) | Condition::AnyOf(g) => {
                for (i, c) in g.conditions.iter().enumerate() {
                    let p = format!("{path}.conditions[{i}]");
                    if c.is_empty() {
                        self.push(
                            p,
                            Some(step),
                            ProblemCode::EmptyCondition,
                            Blocks::Publish,
                            "This group has no condition".into(),
                        );
                    } else {
                        self.condition_parts(p, step, c);
                    }
                }
            }
        }
    }

    fn comparison(&mut self, path: String, step: StepId, c: &Comparison) {
        if let Comparison::Contains { value } = c {
            if value.is_empty() {
                self.incomplete(format!("{path}.value"), step, "Enter the text to look for");
            }
        }
    }

    fn step(&mut self, id: StepId, step: &Step, keys: &mut HashMap<String, StepId>) {
        let base = format!("steps.{id}");
        if let Some(name) = step.name() {
            self.name(
                format!("{base}.name"),
                Some(id),
                name,
                self.limits.step_name_max,
                "Step name",
            );
        }
        for (suffix, c) in step.conditions() {
            self.condition(format!("{base}.{suffix}"), id, c);
        }
        match step {
            Step::WaitForDuration { duration, .. } if duration.amount == 0 => self.push(
                format!("{base}.duration.amount"),
                Some(id),
                ProblemCode::ZeroDuration,
                Blocks::Publish,
                "Wait at least 1 minute".into(),
            ),
            Step::TrueFalseSplit {
                true_branch,
                false_branch,
                ..
            } => {
                for (field, b) in [("true_branch", true_branch), ("false_branch", false_branch)] {
                    self.name(
                        format!("{base}.{field}.name"),
                        Some(id),
                        &b.name,
                        self.limits.step_name_max,
                        "Branch name",
                    );
                }
            }
            Step::MultiBranchSplit { branches, .. } => {
                if branches.len() < 2 {
                    self.push(
                        format!("{base}.branches"),
                        Some(id),
                        ProblemCode::TooFewBranches,
                        Blocks::Publish,
                        format!(
                            "A multi-branch split needs at least 2 branches; it has {}",
                            branches.len()
                        ),
                    );
                }
                for (i, b) in branches.iter().enumerate() {
                    self.name(
                        format!("{base}.branches[{i}].name"),
                        Some(id),
                        &b.name,
                        self.limits.step_name_max,
                        "Branch name",
                    );
                }
            }
            Step::SendToDestinations {
                key, destinations, ..
            } => {
                let len = key.as_str().len();
                if len > self.limits.key_max {
                    self.push(
                        format!("{base}.key"),
                        Some(id),
                        ProblemCode::TooLong,
                        Blocks::Save,
                        format!(
                            "Key is {len} characters; the limit is {}",
                            self.limits.key_max
                        ),
                    );
                }
                if let Some(other) = keys.insert(key.as_str().to_string(), id) {
                    self.push(
                        format!("{base}.key"),
                        Some(id),
                        ProblemCode::DuplicateKey,
                        Blocks::Save,
                        format!("Key {key} is already used by step {other}"),
                    );
                }
                if destinations.is_empty() {
                    self.push(
                        format!("{base}.destinations"),
                        Some(id),
                        ProblemCode::NoDestination,
                        Blocks::Publish,
                        "Connect at least one destination".into(),
                    );
                }
                let mut seen = HashSet::new();
                for (i, d) in destinations.iter().enumerate() {
                    if !seen.insert(d.destination_id()) {
                        self.push(
                            format!("{base}.destinations[{i}]"),
                            Some(id),
                            ProblemCode::DuplicateDestination,
                            Blocks::Publish,
                            format!(
                                "Destination {} is connected twice to this step",
                                d.destination_id()
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every problem of a journey's name and steps, in step order.
pub fn validate_parts(name: &str, steps: &JourneyGraph, limits: &Limits) -> Vec<Problem> {
    let mut c = Collector {
        limits,
        out: Vec::new(),
    };
    c.name(
        "name".into(),
        None,
        name,
        limits.journey_name_max,
        "Journey name",
    );
    let count = steps.limit_count();
    if count > limits.steps_per_journey {
        c.push(
            "steps".into(),
            None,
            ProblemCode::StepLimit,
            Blocks::Save,
            format!(
                "The journey counts {count} steps; the limit is {}",
                limits.steps_per_journey
            ),
        );
    }
    if steps.is_empty() {
        c.push(
            "steps".into(),
            None,
            ProblemCode::NoEntry,
            Blocks::Publish,
            "Add an entry condition".into(),
        );
    }
    let mut keys = HashMap::new();
    for id in steps.depth_first() {
        if let Some(step) = steps.get(id) {
            c.step(id, step, &mut keys);
        }
    }
    c.out
}

/// Every problem of a journey.
pub fn validate(journey: &Journey, limits: &Limits) -> Vec<Problem> {
    validate_parts(&journey.name, &journey.steps, limits)
}

/// Only the problems that prevent saving.
pub fn save_problems(problems: Vec<Problem>) -> Vec<Problem> {
    problems
        .into_iter()
        .filter(|p| p.blocks == Blocks::Save)
        .collect()
}
