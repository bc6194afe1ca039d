//! A journey and its versioned JSON format.
//!
//! The format is documented in `docs/journey-format.md`. Two shapes share it:
//! the [`Journey`] document (what the API returns and exports) and the
//! [`JourneySpec`] (what a client sends to create or change a journey).

use crate::graph::JourneyGraph;
use crate::limits::Limits;
use crate::summary::{JourneySummary, StatusKind};
use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use thiserror::Error;

/// The version of the JSON format this crate reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The `format_version` field: only versions this crate understands parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct FormatVersion(u32);

impl Default for FormatVersion {
    fn default() -> Self {
        FormatVersion(FORMAT_VERSION)
    }
}

impl TryFrom<u32> for FormatVersion {
    type Error = String;
    fn try_from(v: u32) -> Result<Self, String> {
        if v == FORMAT_VERSION {
            Ok(FormatVersion(v))
        } else {
            Err(format!(
                "unsupported format_version {v}: this version of Cairn reads format_version {FORMAT_VERSION}"
            ))
        }
    }
}

impl From<FormatVersion> for u32 {
    fn from(v: FormatVersion) -> u32 {
        v.0
    }
}

/// Draft or published, with when it went live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum Status {
    /// Being built: editable, sends nothing.
    Draft,
    /// Live since `published_at`.
    Published {
        /// When it was published.
        published_at: DateTime<Utc>,
    },
}

impl Status {
    /// Draft or published, without the time.
    pub fn kind(&self) -> StatusKind {
        match self {
            Status::Draft => StatusKind::Draft,
            Status::Published { .. } => StatusKind::Published,
        }
    }
}

/// A journey as stored, returned and exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journey {
    /// Always [`FORMAT_VERSION`] when written.
    #[serde(default)]
    pub format_version: FormatVersion,
    /// The journey's id.
    pub id: String,
    /// Its name (at most [`Limits::journey_name_max`] characters).
    pub name: String,
    /// A free description.
    #[serde(default)]
    pub description: String,
    /// Draft or published.
    pub status: Status,
    /// Incremented on every saved change; clients send it back to detect conflicts.
    pub version: u64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last saved.
    pub updated_at: DateTime<Utc>,
    /// The steps, by id.
    #[serde(default)]
    pub steps: JourneyGraph,
}

/// What a client sends to create or replace a journey's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneySpec {
    /// Optional; when present it must be [`FORMAT_VERSION`].
    #[serde(default)]
    pub format_version: FormatVersion,
    /// The journey's name.
    pub name: String,
    /// A free description.
    #[serde(default)]
    pub description: String,
    /// The steps, by id (empty for a new journey).
    #[serde(default)]
    pub steps: JourneyGraph,
}

impl Journey {
    /// A new, empty draft.
    pub fn new_draft(id: String, spec: JourneySpec, now: DateTime<Utc>) -> Journey {
        Journey {
            format_version: FormatVersion::default(),
            id,
            name: spec.name,
            description: spec.description,
            status: Status::Draft,
            version: 1,
            created_at: now,
            updated_at: now,
            steps: spec.steps,
        }
    }

    /// This journey with its content replaced by `spec` (id, status, version and times kept).
    pub fn with_spec(&self, spec: JourneySpec) -> Journey {
        Journey {
            name: spec.name,
            description: spec.description,
            steps: spec.steps,
            ..self.clone()
        }
    }

    /// The content part of the journey.
    pub fn spec(&self) -> JourneySpec {
        JourneySpec {
            format_version: FormatVersion::default(),
            name: self.name.clone(),
            description: self.description.clone(),
            steps: self.steps.clone(),
        }
    }

    /// The journey-list row for this journey.
    pub fn summary(&self, limits: &Limits) -> JourneySummary {
        JourneySummary {
            id: self.id.clone(),
            name: self.name.clone(),
            status: self.status.kind(),
            step_count: self.steps.limit_count(),
            step_limit: limits.steps_per_journey,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// Whether the journey is live.
    pub fn is_published(&self) -> bool {
        matches!(self.status, Status::Published { .. })
    }
}

/// JSON that is not a journey: where and why.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[error("{path}: {message}")]
pub struct FormatError {
    /// Path to the bad field, like `steps.3.condition.conditions[0].count.op`
    /// (`.` when the document itself is malformed).
    pub path: String,
    /// What is wrong there.
    pub message: String,
}

fn parse<T: DeserializeOwned>(json: &[u8]) -> Result<T, FormatError> {
    crate::tagged::parse_with_path(json).map_err(|(path, message)| FormatError {
        path: if path.is_empty() { ".".into() } else { path },
        message,
    })
}

/// Parses a journey document (an export).
pub fn parse_journey(json: &[u8]) -> Result<Journey, FormatError> {
    parse(json)
}

/// Parses a journey spec (a create or update request).
pub fn parse_spec(json: &[u8]) -> Result<JourneySpec, FormatError> {
    parse(json)
}

/// Parses any other document that embeds conditions or steps (an estimate
/// request, say), naming the path to a bad field the same way.
pub fn parse_document<T: DeserializeOwned>(json: &[u8]) -> Result<T, FormatError> {
    parse(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_json_reports_the_path_to_the_bad_field() {
        let json = br#"{"name":"J","steps":{"1":{"type":"entry_condition","name":"E",
            "condition":{"type":"all_of","conditions":[{"type":"event","event":"A",
            "count":{"op":"at_leest","value":1}}]}}}}"#;
        let err = parse_spec(json).expect_err("bad op");
        assert_eq!(err.path, "steps.1.condition.conditions[0].count.op");
        assert!(err.message.contains("at_leest"), "{}", err.message);
    }

    #[test]
    fn unknown_fields_and_versions_are_refused() {
        let err = parse_spec(br#"{"name":"J","colour":"red"}"#).expect_err("unknown field");
        assert!(err.message.contains("colour"), "{err}");
        let err = parse_spec(br#"{"format_version":2,"name":"J"}"#).expect_err("version");
        assert_eq!(err.path, "format_version");
        assert!(err.message.contains("unsupported format_version 2"));
    }

    #[test]
    fn tree_errors_are_reported_at_steps() {
        let json = br#"{"name":"J","steps":{"1":{"type":"entry_condition","name":"E",
            "condition":{"type":"all_of","conditions":[]},"next":9}}}"#;
        let err = parse_spec(json).expect_err("dangling");
        assert_eq!(err.path, "steps");
        assert!(err.message.contains("step 1 links to step 9"), "{err}");
    }

    #[test]
    fn malformed_json_is_an_error_not_a_panic() {
        for bad in [&b"{"[..], b"", b"[]", b"null", b"{\"name\": 5}"] {
            assert!(parse_spec(bad).is_err());
        }
    }
}
