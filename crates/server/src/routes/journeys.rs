//! `/api/journeys`: list, create, read, update (optimistic), delete, publish, clone.
//! (The problems-and-warnings checks are in `checks.rs`.)

use crate::error::ApiError;
use crate::extract::{if_match_version, journey_id, JsonBody};
use crate::state::AppState;
use crate::store::{self, Update};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cairn_domain::clone::{clone_journey, KeyChange};
use cairn_domain::destination::DestinationType;
use cairn_domain::edit::check_edit;
use cairn_domain::lint::{lints, Lint};
use cairn_domain::publish::publish as publish_rule;
use cairn_domain::summary::JourneySummary;
use cairn_domain::validation::{save_problems, validate};
use cairn_domain::{Journey, JourneySpec};
use chrono::Utc;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(id.to_string())
}

/// Refuses a journey whose Send-step keys another journey of the workspace uses.
fn check_keys(conn: &Connection, j: &Journey) -> Result<(), ApiError> {
    for (id, step) in j.steps.steps() {
        if let Some(key) = step.key() {
            if store::key_taken(conn, key.as_str(), &j.id)? {
                return Err(ApiError::KeyTaken {
                    key: key.to_string(),
                    path: format!("steps.{id}.key"),
                });
            }
        }
    }
    Ok(())
}

/// The type of each of the workspace's destinations, by id (what Send steps
/// are checked against when publishing and while live).
pub(crate) fn destination_kinds(
    conn: &Connection,
) -> Result<HashMap<String, DestinationType>, ApiError> {
    Ok(store::destinations::list(conn)?
        .into_iter()
        .map(|d| (d.id, d.spec.kind))
        .collect())
}

fn with_etag(status: StatusCode, j: &Journey) -> Response {
    (
        status,
        [(header::ETAG, format!("\"{}\"", j.version))],
        Json(j),
    )
        .into_response()
}

/// `GET /api/journeys`: the journey list.
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<JourneySummary>>, ApiError> {
    let limits = state.limits;
    let journeys = state.store.run(|c| Ok(store::list(c)?)).await?;
    Ok(Json(journeys.iter().map(|j| j.summary(&limits)).collect()))
}

/// `POST /api/journeys`: creates a draft from a spec.
pub async fn create(
    State(state): State<AppState>,
    JsonBody(spec): JsonBody<JourneySpec>,
) -> Result<Response, ApiError> {
    let limits = state.limits;
    let journey = Journey::new_draft(uuid::Uuid::new_v4().to_string(), spec, Utc::now());
    let problems = save_problems(validate(&journey, &limits));
    if !problems.is_empty() {
        return Err(cairn_domain::edit::EditRejection::Invalid { problems }.into());
    }
    let journey = state
        .store
        .run(move |c| {
            check_keys(c, &journey)?;
            store::insert(c, &journey)?;
            Ok(journey)
        })
        .await?;
    tracing::info!(id = %journey.id, name = %journey.name, "journey created");
    let mut resp = with_etag(StatusCode::CREATED, &journey);
    if let Ok(loc) = format!("/api/journeys/{}", journey.id).parse() {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(resp)
}

/// `GET /api/journeys/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id = journey_id(&raw)?;
    let j = state
        .store
        .run(move |c| store::get(c, &id)?.ok_or_else(|| not_found(&id)))
        .await?;
    Ok(with_etag(StatusCode::OK, &j))
}

/// `PUT /api/journeys/{id}`: replaces name, description and steps, if the
/// client edited the current version (`If-Match`) and the edit rules allow it.
pub async fn update(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    JsonBody(spec): JsonBody<JourneySpec>,
) -> Result<Response, ApiError> {
    let id = journey_id(&raw)?;
    let yours = if_match_version(&headers)?;
    let limits = state.limits;
    let saved = state
        .store
        .run(move |c| {
            let stored = store::get(c, &id)?.ok_or_else(|| not_found(&id))?;
            if stored.version != yours {
                return Err(ApiError::VersionConflict {
                    yours,
                    current: stored.version,
                });
            }
            let mut proposed = stored.with_spec(spec);
            let kinds = destination_kinds(c)?;
            check_edit(&stored, &proposed, &limits, &|d| kinds.get(d).copied())?;
            check_keys(c, &proposed)?;
            proposed.version = stored.version + 1;
            proposed.updated_at = Utc::now();
            match store::update(c, &proposed, yours)? {
                Update::Saved => Ok(proposed),
                Update::Stale { current } => Err(ApiError::VersionConflict { yours, current }),
                Update::Missing => Err(not_found(&id)),
            }
        })
        .await?;
    tracing::info!(id = %saved.id, version = saved.version, "journey saved");
    Ok(with_etag(StatusCode::OK, &saved))
}

/// `DELETE /api/journeys/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = journey_id(&raw)?;
    state
        .store
        .run(move |c| {
            if store::delete(c, &id)? {
                tracing::info!(%id, "journey deleted");
                Ok(StatusCode::NO_CONTENT)
            } else {
                Err(not_found(&id))
            }
        })
        .await
}

/// The answer to a publish: the live journey and the best-practice warnings
/// (which never block publishing).
#[derive(Serialize)]
pub struct Published {
    /// The journey, now published.
    pub journey: Journey,
    /// The lints of its steps.
    pub warnings: Vec<Lint>,
}

/// `POST /api/journeys/{id}/publish`: publishes a complete journey whose
/// destinations exist, within the workspace limit (409 beyond it).
pub async fn publish(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id = journey_id(&raw)?;
    let limits = state.limits;
    let live = state
        .store
        .run(move |c| {
            let stored = store::get(c, &id)?.ok_or_else(|| not_found(&id))?;
            let published = store::count_published(c)?;
            let kinds = destination_kinds(c)?;
            let now = Utc::now();
            let mut live =
                publish_rule(&stored, published, &limits, &|d| kinds.get(d).copied(), now)?;
            live.version = stored.version + 1;
            live.updated_at = now;
            match store::update(c, &live, stored.version)? {
                Update::Saved => Ok(live),
                Update::Stale { current } => Err(ApiError::VersionConflict {
                    yours: stored.version,
                    current,
                }),
                Update::Missing => Err(not_found(&id)),
            }
        })
        .await?;
    tracing::info!(id = %live.id, "journey published");
    let warnings = lints(&live.steps);
    let etag = format!("\"{}\"", live.version);
    Ok((
        StatusCode::OK,
        [(header::ETAG, etag)],
        Json(Published {
            journey: live,
            warnings,
        }),
    )
        .into_response())
}

/// The answer to a clone: the new draft and the key mapping.
#[derive(Serialize)]
pub struct Cloned {
    /// The new draft.
    pub journey: Journey,
    /// Old → new key of every Send step.
    pub key_changes: Vec<KeyChange>,
}

/// `POST /api/journeys/{id}/clone`.
pub async fn clone(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id = journey_id(&raw)?;
    let limits = state.limits;
    let cloned = state
        .store
        .run(move |c| {
            let source = store::get(c, &id)?.ok_or_else(|| not_found(&id))?;
            let new_id = uuid::Uuid::new_v4().to_string();
            let taken_err = std::cell::RefCell::new(None);
            let taken = |k: &str| match store::key_taken(c, k, &new_id) {
                Ok(t) => t,
                Err(e) => {
                    taken_err.borrow_mut().replace(e);
                    true
                }
            };
            let (copy, key_changes) = clone_journey(
                &source,
                new_id.clone(),
                Utc::now(),
                &limits,
                &mut rand::rng(),
                &taken,
            );
            if let Some(e) = taken_err.into_inner() {
                return Err(e.into());
            }
            store::insert(c, &copy)?;
            Ok(Cloned {
                journey: copy,
                key_changes,
            })
        })
        .await?;
    tracing::info!(from = %raw, to = %cloned.journey.id, "journey cloned");
    Ok((StatusCode::CREATED, Json(cloned)).into_response())
}
