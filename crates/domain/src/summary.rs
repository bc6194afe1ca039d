//! The one-line view of a journey shown in the journey list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether a journey is being built or is live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// Editable, computes nothing, sends nothing.
    Draft,
    /// Live: computes and sends; only name, description and destinations may change.
    Published,
}

impl StatusKind {
    /// The label shown to marketers ("Draft", "Published").
    pub fn label(self) -> &'static str {
        match self {
            StatusKind::Draft => "Draft",
            StatusKind::Published => "Published",
        }
    }
}

/// A row of the journey list: `GET /api/journeys` returns a list of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneySummary {
    /// The journey's id (a UUID string).
    pub id: String,
    /// The journey's name.
    pub name: String,
    /// Draft or published.
    pub status: StatusKind,
    /// Steps counted as the product limits count them.
    pub step_count: u32,
    /// The most the workspace allows (20 by default).
    pub step_limit: u32,
    /// When the journey was last saved.
    pub updated_at: DateTime<Utc>,
    /// Incremented on every saved change.
    pub version: u64,
}
