//! Problems and warnings of a journey, without saving anything.
//!
//! - `GET` (or `POST`) `/api/journeys/{id}/check`: the stored journey.
//! - `POST /api/journeys/check[?id={id}]`: a spec the builder has not saved;
//!   with `id`, it is compared with that stored journey for the
//!   review-as-a-draft warning.
//!
//! Problems are validation's plus the Send steps' destinations checked
//! against the workspace's (each says whether it blocks saving or
//! publishing); warnings are the best-practice lints, which block nothing.

use super::journeys::destination_kinds;
use crate::error::ApiError;
use crate::extract::{journey_id, JsonBody};
use crate::state::AppState;
use crate::store;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use cairn_domain::destination::reference_problems;
use cairn_domain::lint::{lints, not_reviewed_as_draft, Lint};
use cairn_domain::validation::{validate, Problem};
use cairn_domain::{Journey, JourneySpec, Limits};
use chrono::Utc;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// What a check answers.
#[derive(Debug, Serialize)]
pub struct Checked {
    /// Every problem, with what it blocks (`save` or `publish`).
    pub problems: Vec<Problem>,
    /// Every best-practice warning (never blocks anything).
    pub warnings: Vec<Lint>,
}

/// The query of the stateless check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckQuery {
    /// The stored journey the spec is an unsaved version of, if any.
    pub id: Option<String>,
}

fn problems_of(conn: &Connection, j: &Journey, limits: &Limits) -> Result<Vec<Problem>, ApiError> {
    let kinds = destination_kinds(conn)?;
    let mut problems = validate(j, limits);
    problems.extend(reference_problems(j, &|d| kinds.get(d).copied()));
    Ok(problems)
}

/// `GET|POST /api/journeys/{id}/check`: the stored journey's problems and warnings.
pub async fn stored(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<Checked>, ApiError> {
    let id = journey_id(&raw)?;
    let limits = state.limits;
    let checked = state
        .store
        .run(move |c| {
            let j = store::get(c, &id)?.ok_or_else(|| ApiError::NotFound(id.clone()))?;
            Ok(Checked {
                problems: problems_of(c, &j, &limits)?,
                warnings: lints(&j.steps),
            })
        })
        .await?;
    Ok(Json(checked))
}

/// `POST /api/journeys/check[?id=]`: the problems and warnings of an unsaved spec.
pub async fn unsaved(
    State(state): State<AppState>,
    query: Result<Query<CheckQuery>, QueryRejection>,
    JsonBody(spec): JsonBody<JourneySpec>,
) -> Result<Json<Checked>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::Refused {
        status: StatusCode::BAD_REQUEST,
        code: "invalid_query",
        message: e.body_text(),
        details: serde_json::Value::Null,
    })?;
    let id = query.id.as_deref().map(journey_id).transpose()?;
    let limits = state.limits;
    let checked = state
        .store
        .run(move |c| {
            let stored = match &id {
                Some(id) => Some(store::get(c, id)?.ok_or_else(|| ApiError::NotFound(id.clone()))?),
                None => None,
            };
            let j = match &stored {
                Some(s) => s.with_spec(spec.clone()),
                None => Journey::new_draft(String::new(), spec.clone(), Utc::now()),
            };
            let mut warnings = lints(&j.steps);
            if !j.is_published() {
                let saved = stored.as_ref().map(Journey::spec);
                warnings.extend(not_reviewed_as_draft(saved.as_ref(), &spec));
            }
            Ok(Checked {
                problems: problems_of(c, &j, &limits)?,
                warnings,
            })
        })
        .await?;
    Ok(Json(checked))
}
