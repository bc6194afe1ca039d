//! The edit rule: which changes a stored journey accepts.
//!
//! Draft: anything that can be saved (destinations the workspace does not
//! have only block publishing). Published: only the name, the description
//! and the destination lists of existing Send steps, and those lists must
//! name destinations the workspace has, of the right type (the journey is live).

use crate::destination::{reference_problems, DestinationType};
use crate::journey::Journey;
use crate::limits::Limits;
use crate::step::{Step, StepId};
use crate::validation::{save_problems, validate, Problem};
use serde::Serialize;
use thiserror::Error;

/// Why a proposed version of a journey was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum EditRejection {
    /// The proposed version breaks a rule that even drafts follow, or (a
    /// published journey) connects a destination that does not exist or has
    /// the wrong type.
    #[error("the journey cannot be saved: {}", first_message(.problems))]
    Invalid {
        /// Every problem that prevents this save.
        problems: Vec<Problem>,
    },
    /// A published journey's steps were changed.
    #[error("a published journey's steps cannot be changed ({}); clone it to change its steps", .changes.join("; "))]
    PublishedStepsChanged {
        /// What changed, one entry per step.
        changes: Vec<String>,
    },
    /// A Send step's key was changed: keys never change once created.
    #[error("the key of step {step} cannot change once created (it was {old}); downstream destinations rely on it")]
    KeyChanged {
        /// The Send step.
        step: StepId,
        /// Its key.
        old: String,
    },
    /// The id, status or history fields were changed.
    #[error("{field} cannot be changed by an edit")]
    Immutable {
        /// The field.
        field: &'static str,
    },
}

fn first_message(problems: &[Problem]) -> String {
    problems
        .first()
        .map(|p| format!("{} ({})", p.message, p.path))
        .unwrap_or_default()
}

/// Accepts or rejects `proposed` as the next version of `stored`; `kind_of`
/// gives the type of each of the workspace's destinations (`None`: unknown).
pub fn check_edit(
    stored: &Journey,
    proposed: &Journey,
    limits: &Limits,
    kind_of: &dyn Fn(&str) -> Option<DestinationType>,
) -> Result<(), EditRejection> {
    if proposed.id != stored.id {
        return Err(EditRejection::Immutable { field: "id" });
    }
    if proposed.status != stored.status {
        return Err(EditRejection::Immutable { field: "status" });
    }
    if proposed.created_at != stored.created_at {
        return Err(EditRejection::Immutable {
            field: "created_at",
        });
    }
    let problems = save_problems(validate(proposed, limits));
    if !problems.is_empty() {
        return Err(EditRejection::Invalid { problems });
    }
    for (id, step) in stored.steps.steps() {
        if let (Some(old), Some(new)) = (step.key(), proposed.steps.get(id).and_then(Step::key)) {
            if old != new {
                return Err(EditRejection::KeyChanged {
                    step: id,
                    old: old.to_string(),
                });
            }
        }
    }
    if stored.is_published() {
        let changes = step_changes(stored, proposed);
        if !changes.is_empty() {
            return Err(EditRejection::PublishedStepsChanged { changes });
        }
        let problems = reference_problems(proposed, kind_of);
        if !problems.is_empty() {
            return Err(EditRejection::Invalid { problems });
        }
    }
    Ok(())
}

/// A step as a JSON object without its destinations (what a published journey freezes).
fn frozen(step: &Step) -> serde_json::Map<String, serde_json::Value> {
    let mut v = match serde_json::to_value(step) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    v.remove("destinations");
    v
}

/// Every difference between the steps of two versions other than destinations,
/// in words: "step 3 (Wait 1 hour): duration changed", "step 7 was added".
pub fn step_changes(old: &Journey, new: &Journey) -> Vec<String> {
    let mut changes = Vec::new();
    for (id, step) in old.steps.steps() {
        match new.steps.get(id) {
            None => changes.push(format!("step {id} ({}) was removed", step.title())),
            Some(n) => {
                let (a, b) = (frozen(step), frozen(n));
                if a != b {
                    let mut fields: Vec<&str> = a
                        .keys()
                        .chain(b.keys())
                        .filter(|k| a.get(*k) != b.get(*k))
                        .map(String::as_str)
                        .collect();
                    fields.sort_unstable();
                    fields.dedup();
                    changes.push(format!(
                        "step {id} ({}): {} changed",
                        step.title(),
                        fields.join(", ")
                    ));
                }
            }
        }
    }
    let added: Vec<StepId> = new
        .steps
        .steps()
        .map(|(id, _)| id)
        .filter(|id| old.steps.get(*id).is_none())
        .collect();
    for id in added {
        changes.push(format!("step {id} was added"));
    }
    changes
}
