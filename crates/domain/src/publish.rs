//! The publish rule: a journey goes live only when complete, connected to
//! destinations the workspace has (of the right type), and within the
//! workspace limit.

use crate::destination::{reference_problems, DestinationType};
use crate::journey::{Journey, Status};
use crate::limits::Limits;
use crate::validation::{validate, Problem};
use chrono::{DateTime, Utc};
use serde::Serialize;
use thiserror::Error;

/// Why a journey cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum PublishRejection {
    /// It has problems (validation's, then unknown or mismatched
    /// destinations); every one is listed.
    #[error("the journey has {} problem(s) to fix before publishing", .problems.len())]
    Invalid {
        /// Every problem.
        problems: Vec<Problem>,
    },
    /// The workspace already has its limit of published journeys.
    #[error("the workspace already has {published} published journeys; the limit is {limit}. Drafts can still be created")]
    LimitReached {
        /// Published now.
        published: u32,
        /// The limit.
        limit: u32,
    },
    /// It is already live.
    #[error("the journey is already published")]
    AlreadyPublished,
}

/// Publishes `journey` at `now` if it may be, given how many journeys of the
/// workspace are published already and the type of each of the workspace's
/// destinations (`kind_of`, `None` for an id the workspace does not have).
pub fn publish(
    journey: &Journey,
    published_in_workspace: u32,
    limits: &Limits,
    kind_of: &dyn Fn(&str) -> Option<DestinationType>,
    now: DateTime<Utc>,
) -> Result<Journey, PublishRejection> {
    if journey.is_published() {
        return Err(PublishRejection::AlreadyPublished);
    }
    let mut problems = validate(journey, limits);
    problems.extend(reference_problems(journey, kind_of));
    if !problems.is_empty() {
        return Err(PublishRejection::Invalid { problems });
    }
    if published_in_workspace >= limits.published_per_workspace {
        return Err(PublishRejection::LimitReached {
            published: published_in_workspace,
            limit: limits.published_per_workspace,
        });
    }
    Ok(Journey {
        status: Status::Published { published_at: now },
        ..journey.clone()
    })
}
