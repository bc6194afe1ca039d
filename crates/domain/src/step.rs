//! Steps of a journey and the branches leading out of them.

use crate::condition::{Condition, Duration};
use crate::key::StepKey;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A step's id, unique within its journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StepId(pub u32);

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Which call an event destination receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallType {
    /// `track` "Audience Entered" / "Audience Exited" with the key as property.
    Track,
    /// `identify` with the key as trait.
    Identify,
}

/// A destination a Send step delivers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DestinationRef {
    /// An event destination receiving track or identify calls.
    Event {
        /// The destination's id in the workspace.
        destination_id: String,
        /// The call it receives.
        call: CallType,
    },
    /// A list destination receiving the users who reach the step.
    List {
        /// The destination's id in the workspace.
        destination_id: String,
    },
}

impl DestinationRef {
    /// The referenced destination's id.
    pub fn destination_id(&self) -> &str {
        match self {
            DestinationRef::Event { destination_id, .. }
            | DestinationRef::List { destination_id } => destination_id,
        }
    }
}

/// One outgoing branch of a split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedBranch {
    /// The branch label ("True", "Opened email").
    pub name: String,
    /// The first step on the branch, if any.
    #[serde(default)]
    pub next: Option<StepId>,
}

/// One branch of a multi-branch split: a name, a condition, a path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionBranch {
    /// The branch label.
    pub name: String,
    /// Users meeting it travel down this branch.
    pub condition: Condition,
    /// The first step on the branch, if any.
    #[serde(default)]
    pub next: Option<StepId>,
}

/// A step: what it does and where users go next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Who enters the journey. Exactly one, at the root.
    EntryCondition {
        /// Step name ("Cart abandoners").
        name: String,
        /// Who enters.
        condition: Condition,
        /// Let users who matched before publishing enter too.
        #[serde(default)]
        use_historical_data: bool,
        /// The next step.
        #[serde(default)]
        next: Option<StepId>,
    },
    /// Users wait here until the condition holds.
    WaitForCondition {
        /// Step name.
        name: String,
        /// What they wait for.
        condition: Condition,
        /// The next step.
        #[serde(default)]
        next: Option<StepId>,
    },
    /// Users wait here for a fixed time.
    WaitForDuration {
        /// How long.
        duration: Duration,
        /// The next step.
        #[serde(default)]
        next: Option<StepId>,
    },
    /// Users who meet the condition go down the true branch, others the false one.
    TrueFalseSplit {
        /// Step name.
        name: String,
        /// The split condition.
        condition: Condition,
        /// Where users meeting the condition go.
        true_branch: NamedBranch,
        /// Where the others go.
        false_branch: NamedBranch,
    },
    /// Users go down every branch whose condition they meet.
    MultiBranchSplit {
        /// Step name.
        name: String,
        /// Two or more branches.
        branches: Vec<ConditionBranch>,
    },
    /// Sends the users at this step to destinations.
    SendToDestinations {
        /// Step name ("New subscribed users").
        name: String,
        /// The key destinations see (generated, never edited).
        key: StepKey,
        /// Where to send.
        #[serde(default)]
        destinations: Vec<DestinationRef>,
        /// The next step.
        #[serde(default)]
        next: Option<StepId>,
    },
}

/// Where a new step can be attached: one outgoing slot of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "slot", content = "index", rename_all = "snake_case")]
pub enum Slot {
    /// The single `next` of entry, waits and send steps.
    Next,
    /// The true branch of a true/false split.
    True,
    /// The false branch of a true/false split.
    False,
    /// Branch `i` of a multi-branch split.
    Branch(usize),
}

/// The five kinds of step a marketer adds with **+**, plus the entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepType {
    /// Entry condition.
    EntryCondition,
    /// Wait for condition.
    WaitForCondition,
    /// Wait for duration.
    WaitForDuration,
    /// True/false split.
    TrueFalseSplit,
    /// Multi-branch split.
    MultiBranchSplit,
    /// Send to destinations.
    SendToDestinations,
}

impl StepType {
    /// The types offered by the **+** menu, in menu order.
    pub const ADDABLE: [StepType; 5] = [
        StepType::WaitForCondition,
        StepType::WaitForDuration,
        StepType::TrueFalseSplit,
        StepType::MultiBranchSplit,
        StepType::SendToDestinations,
    ];

    /// The label marketers see.
    pub fn label(self) -> &'static str {
        match self {
            StepType::EntryCondition => "Entry condition",
            StepType::WaitForCondition => "Wait for condition",
            StepType::WaitForDuration => "Wait for duration",
            StepType::TrueFalseSplit => "True/false split",
            StepType::MultiBranchSplit => "Multi-branch split",
            StepType::SendToDestinations => "Send to destinations",
        }
    }

    /// A one-line description for the **+** menu.
    pub fn description(self) -> &'static str {
        match self {
            StepType::EntryCondition => "Who enters the journey.",
            StepType::WaitForCondition => "Hold users until they meet a condition.",
            StepType::WaitForDuration => "Hold users for minutes, hours, days or weeks.",
            StepType::TrueFalseSplit => "Send users down a true or a false branch.",
            StepType::MultiBranchSplit => "Send users down two or more branches, each a condition.",
            StepType::SendToDestinations => "Send users to event or list destinations.",
        }
    }
}

impl Step {
    /// The step's type.
    pub fn step_type(&self) -> StepType {
        match self {
            Step::EntryCondition { .. } => StepType::EntryCondition,
            Step::WaitForCondition { .. } => StepType::WaitForCondition,
            Step::WaitForDuration { .. } => StepType::WaitForDuration,
            Step::TrueFalseSplit { .. } => StepType::TrueFalseSplit,
            Step::MultiBranchSplit { .. } => StepType::MultiBranchSplit,
            Step::SendToDestinations { .. } => StepType::SendToDestinations,
        }
    }

    /// A new step of `ty` with empty definitions, ready to be edited.
    /// A Send step needs its key, so it is built with [`Step::new_send`].
    pub fn new_of_type(ty: StepType, key: impl FnOnce() -> StepKey) -> Step {
        match ty {
            StepType::EntryCondition => Step::EntryCondition {
                name: String::new(),
                condition: Condition::default(),
                use_historical_data: false,
                next: None,
            },
            StepType::WaitForCondition => Step::WaitForCondition {
                name: String::new(),
                condition: Condition::default(),
                next: None,
            },
            StepType::WaitForDuration => Step::WaitForDuration {
                duration: Duration::new(1, crate::condition::TimeUnit::Days),
                next: None,
            },
            StepType::TrueFalseSplit => Step::TrueFalseSplit {
                name: String::new(),
                condition: Condition::default(),
                true_branch: NamedBranch {
                    name: "True".into(),
                    next: None,
                },
                false_branch: NamedBranch {
                    name: "False".into(),
                    next: None,
                },
            },
            StepType::MultiBranchSplit => Step::MultiBranchSplit {
                name: String::new(),
                branches: (1..=2)
                    .map(|i| ConditionBranch {
                        name: format!("Branch {i}"),
                        condition: Condition::default(),
                        next: None,
                    })
                    .collect(),
            },
            StepType::SendToDestinations => Step::new_send("", key()),
        }
    }

    /// A Send step with a name and key and no destinations yet.
    pub fn new_send(name: impl Into<String>, key: StepKey) -> Step {
        Step::SendToDestinations {
            name: name.into(),
            key,
            destinations: Vec::new(),
            next: None,
        }
    }

    /// The step's name; a wait for duration is named by its duration.
    pub fn name(&self) -> Option<&str> {
        match self {
            Step::EntryCondition { name, .. }
            | Step::WaitForCondition { name, .. }
            | Step::TrueFalseSplit { name, .. }
            | Step::MultiBranchSplit { name, .. }
            | Step::SendToDestinations { name, .. } => Some(name),
            Step::WaitForDuration { .. } => None,
        }
    }

    /// The title shown on the canvas: the name, or a description when unnamed.
    pub fn title(&self) -> String {
        match (self, self.name()) {
            (Step::WaitForDuration { duration, .. }, _) => format!("Wait {duration}"),
            (_, Some(n)) if !n.trim().is_empty() => n.to_string(),
            _ => format!("Untitled {}", self.step_type().label().to_lowercase()),
        }
    }

    /// A short summary of the definition for the canvas.
    pub fn summary(&self) -> String {
        match self {
            Step::EntryCondition { condition, .. }
            | Step::WaitForCondition { condition, .. }
            | Step::TrueFalseSplit { condition, .. } => condition.to_string(),
            Step::WaitForDuration { duration, .. } => format!("Wait {duration}"),
            Step::MultiBranchSplit { branches, .. } => format!("{} branches", branches.len()),
            Step::SendToDestinations { destinations, .. } => match destinations.len() {
                0 => "No destination yet".into(),
                1 => "1 destination".into(),
                n => format!("{n} destinations"),
            },
        }
    }

    /// How many steps this counts as toward the journey limit (seeds' product
    /// limits: multi-branch = its branches; wait for duration = 0; others 1).
    pub fn limit_weight(&self) -> u32 {
        match self {
            Step::WaitForDuration { .. } => 0,
            Step::MultiBranchSplit { branches, .. } => branches.len() as u32,
            _ => 1,
        }
    }

    /// The outgoing slots and what each leads to, in display order.
    pub fn slots(&self) -> Vec<(Slot, Option<StepId>)> {
        match self {
            Step::EntryCondition { next, .. }
            | Step::WaitForCondition { next, .. }
            | Step::WaitForDuration { next, .. }
            | Step::SendToDestinations { next, .. } => vec![(Slot::Next, *next)],
            Step::TrueFalseSplit {
                true_branch,
                false_branch,
                ..
            } => vec![
                (Slot::True, true_branch.next),
                (Slot::False, false_branch.next),
            ],
            Step::MultiBranchSplit { branches, .. } => branches
                .iter()
                .enumerate()
                .map(|(i, b)| (Slot::Branch(i), b.next))
                .collect(),
        }
    }

    /// The label of an outgoing slot (branch name), if it has one.
    pub fn slot_label(&self, slot: Slot) -> Option<&str> {
        match (self, slot) {
            (Step::TrueFalseSplit { true_branch, .. }, Slot::True) => Some(&true_branch.name),
            (Step::TrueFalseSplit { false_branch, .. }, Slot::False) => Some(&false_branch.name),
            (Step::MultiBranchSplit { branches, .. }, Slot::Branch(i)) => {
                branches.get(i).map(|b| b.name.as_str())
            }
            _ => None,
        }
    }

    /// The link held by `slot`, if the step has that slot.
    pub fn slot_mut(&mut self, slot: Slot) -> Option<&mut Option<StepId>> {
        match (self, slot) {
            (
                Step::EntryCondition { next, .. }
                | Step::WaitForCondition { next, .. }
                | Step::WaitForDuration { next, .. }
                | Step::SendToDestinations { next, .. },
                Slot::Next,
            ) => Some(next),
            (Step::TrueFalseSplit { true_branch, .. }, Slot::True) => Some(&mut true_branch.next),
            (Step::TrueFalseSplit { false_branch, .. }, Slot::False) => {
                Some(&mut false_branch.next)
            }
            (Step::MultiBranchSplit { branches, .. }, Slot::Branch(i)) => {
                branches.get_mut(i).map(|b| &mut b.next)
            }
            _ => None,
        }
    }

    /// The first outgoing slot: where the rest of a path continues when a step is inserted.
    pub fn first_slot(&self) -> Slot {
        match self {
            Step::TrueFalseSplit { .. } => Slot::True,
            Step::MultiBranchSplit { .. } => Slot::Branch(0),
            _ => Slot::Next,
        }
    }

    /// The steps this one leads to.
    pub fn children(&self) -> impl Iterator<Item = StepId> {
        self.slots().into_iter().filter_map(|(_, n)| n)
    }

    /// The same step with every outgoing link cleared.
    pub fn without_links(&self) -> Step {
        let mut s = self.clone();
        for (slot, _) in self.slots() {
            if let Some(link) = s.slot_mut(slot) {
                *link = None;
            }
        }
        s
    }

    /// Every condition in the step with a path suffix naming where it is.
    pub fn conditions(&self) -> Vec<(String, &Condition)> {
        match self {
            Step::EntryCondition { condition, .. }
            | Step::WaitForCondition { condition, .. }
            | Step::TrueFalseSplit { condition, .. } => vec![("condition".into(), condition)],
            Step::MultiBranchSplit { branches, .. } => branches
                .iter()
                .enumerate()
                .map(|(i, b)| (format!("branches[{i}].condition"), &b.condition))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The Send step's key, if this is a Send step.
    pub fn key(&self) -> Option<&StepKey> {
        match self {
            Step::SendToDestinations { key, .. } => Some(key),
            _ => None,
        }
    }
}

impl Serialize for Step {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::tagged::serialize(
            Step::serialize(self, serde_json::value::Serializer),
            "type",
            s,
        )
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::deserialize(d, "type", |de| Step::deserialize(de))
    }
}
