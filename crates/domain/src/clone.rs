//! Clone: the way to change a published journey's steps.

use crate::journey::{Journey, Status};
use crate::key::{generate_key, StepKey};
use crate::limits::Limits;
use crate::step::{Step, StepId};
use chrono::{DateTime, Utc};
use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashSet;

/// The suffix marking a copy's name.
pub const COPY_SUFFIX: &str = " (copy)";

/// A Send step's key before and after cloning: downstream destinations must switch to the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyChange {
    /// The Send step (same id in both journeys).
    pub step: StepId,
    /// The step's name.
    pub step_name: String,
    /// The original's key.
    pub old_key: StepKey,
    /// The copy's key.
    pub new_key: StepKey,
}

/// The name of a copy: `<name> (copy)`, the original shortened to fit the limit.
pub fn copy_name(name: &str, limits: &Limits) -> String {
    let room = limits
        .journey_name_max
        .saturating_sub(COPY_SUFFIX.chars().count());
    let base: String = name.chars().take(room).collect();
    format!("{}{COPY_SUFFIX}", base.trim_end())
}

/// Clones `source` into a new draft with id `new_id`: same steps, a copy name,
/// version 1, and a new key for every Send step (free per `taken`).
/// Returns the copy and the old → new key mapping.
pub fn clone_journey(
    source: &Journey,
    new_id: String,
    now: DateTime<Utc>,
    limits: &Limits,
    rng: &mut dyn RngCore,
    taken: &dyn Fn(&str) -> bool,
) -> (Journey, Vec<KeyChange>) {
    let name = copy_name(&source.name, limits);
    let mut steps = source.steps.clone();
    let mut changes = Vec::new();
    let fresh: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
    let is_taken = |k: &str| taken(k) || fresh.borrow().contains(k);
    steps.map_definitions(|id, step| {
        if let Step::SendToDestinations {
            name: step_name,
            key,
            ..
        } = step
        {
            let new_key = generate_key(&name, step_name, limits.key_max, rng, &is_taken);
            fresh.borrow_mut().insert(new_key.as_str().to_string());
            changes.push(KeyChange {
                step: id,
                step_name: step_name.clone(),
                old_key: key.clone(),
                new_key: new_key.clone(),
            });
            *key = new_key;
        }
    });
    let copy = Journey {
        id: new_id,
        name,
        status: Status::Draft,
        version: 1,
        created_at: now,
        updated_at: now,
        steps,
        ..source.clone()
    };
    (copy, changes)
}
