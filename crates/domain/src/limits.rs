//! Product limits: defaults from the seeds' product-limits table, configurable.

use serde::{Deserialize, Serialize};

/// The limits a workspace enforces. `Limits::default()` gives the product defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Steps per journey, counted as [`crate::Step::limit_weight`] says.
    pub steps_per_journey: u32,
    /// Characters in a journey name.
    pub journey_name_max: usize,
    /// Characters in a step name.
    pub step_name_max: usize,
    /// Characters in a Send step's key.
    pub key_max: usize,
    /// Published (live) journeys per workspace.
    pub published_per_workspace: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            steps_per_journey: 20,
            journey_name_max: 73,
            step_name_max: 170,
            key_max: 255,
            published_per_workspace: 5,
        }
    }
}
