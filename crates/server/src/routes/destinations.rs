//! `/api/destinations`: list, create, read, update, delete, the event tester
//! (`/test`, `/preview`) and a list destination's CSV (`/users.csv`).
//!
//! Secrets never leave the server in clear: every destination returned is
//! [`Destination::masked`], and the tester's request headers are masked too.

use crate::error::ApiError;
use crate::extract::{JsonBody, ParseBody};
use crate::state::AppState;
use crate::store::{self, destinations as dstore};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cairn_domain::destination::{
    Builtin, Destination, DestinationProblem, DestinationSpec, DestinationType,
};
use cairn_domain::payload::{self, AudienceEvent, Computation};
use cairn_domain::step::{CallType, Step, StepId};
use cairn_domain::StepKey;
use chrono::Utc;
use rusqlite::Connection;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{json, Value};

/// The key the tester uses when the client names none.
pub const TEST_KEY: &str = "j_o_event_tester__test_event";
/// The longest test user id accepted.
pub const USER_ID_MAX: usize = 255;

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, (String, String)> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        (
            if path.is_empty() { ".".into() } else { path },
            e.into_inner().to_string(),
        )
    })
}

impl ParseBody for DestinationSpec {
    fn parse(bytes: &[u8]) -> Result<Self, (String, String)> {
        parse_json(bytes)
    }
}

/// The event tester's request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestRequest {
    /// Track or identify.
    pub event_type: CallType,
    /// The test user (generated when absent or blank).
    #[serde(default)]
    pub user_id: Option<String>,
    /// The Send step's key ([`TEST_KEY`] when absent).
    #[serde(default)]
    pub key: Option<StepKey>,
    /// Entered (default) or exited.
    #[serde(default)]
    pub event: AudienceEvent,
    /// The journey, for `computation_id` (with `step_id`).
    #[serde(default)]
    pub journey_id: Option<String>,
    /// The step, for `computation_id` (with `journey_id`).
    #[serde(default)]
    pub step_id: Option<StepId>,
}

impl ParseBody for TestRequest {
    fn parse(bytes: &[u8]) -> Result<Self, (String, String)> {
        parse_json(bytes)
    }
}

/// A destination in the tester's answer.
#[derive(Debug, Serialize)]
pub struct Named {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// The event tester's answer: what was sent and what came back.
#[derive(Debug, Serialize)]
pub struct TestResult {
    /// The destination tested.
    pub destination: Named,
    /// Track or identify.
    pub event_type: CallType,
    /// Entered or exited.
    pub event: AudienceEvent,
    /// The test user.
    pub user_id: String,
    /// The message id of the payload.
    pub message_id: String,
    /// The request and its outcome.
    #[serde(flatten)]
    pub exchange: crate::tester::Exchange,
}

fn refused(status: StatusCode, code: &'static str, message: String, details: Value) -> ApiError {
    ApiError::Refused {
        status,
        code,
        message,
        details,
    }
}

fn not_found(id: &str) -> ApiError {
    refused(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("destination {id} does not exist"),
        Value::Null,
    )
}

fn invalid(problems: Vec<DestinationProblem>) -> ApiError {
    let first = problems
        .first()
        .map(|p| format!("{} ({})", p.message, p.path))
        .unwrap_or_default();
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
        format!("the destination cannot be saved: {first}"),
        serde_json::to_value(&problems).unwrap_or(Value::Null),
    )
}

fn destination_id(raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| {
            refused(
                StatusCode::BAD_REQUEST,
                "invalid_id",
                format!(
                    "{:?} is not a valid destination id",
                    raw.chars().take(64).collect::<String>()
                ),
                Value::Null,
            )
        })
}

/// The destination as clients see it: secrets masked, the inbox's URL filled in.
pub fn view(state: &AppState, d: &Destination) -> Destination {
    let mut v = d.masked();
    if d.builtin.is_some() {
        v.spec.url = state.outbound.url_of(d);
    }
    v
}

fn load(conn: &Connection, id: &str) -> Result<Destination, ApiError> {
    dstore::get(conn, id)?.ok_or_else(|| not_found(id))
}

/// Checks a spec (secrets kept from `stored`) and returns what to store.
fn checked(
    spec: DestinationSpec,
    stored: Option<&Destination>,
) -> Result<DestinationSpec, ApiError> {
    let builtin = stored.and_then(|d| d.builtin);
    let mut spec = spec
        .keep_secrets_of(stored.map(|d| &d.spec))
        .map_err(invalid)?;
    let problems = spec.problems(builtin);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    if builtin == Some(Builtin::Inbox) {
        if spec.kind != DestinationType::Event {
            return Err(invalid(vec![DestinationProblem {
                path: "type".into(),
                code: cairn_domain::destination::DestinationProblemCode::Immutable,
                message: "The request inbox is an event destination".into(),
            }]));
        }
        // Its URL is always the server's own.
        spec.url = String::new();
    }
    spec.url = spec.url.trim().to_string();
    Ok(spec)
}

/// `GET /api/destinations`: every destination, by name, secrets masked.
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<Destination>>, ApiError> {
    let all = state.store.run(|c| Ok(dstore::list(c)?)).await?;
    Ok(Json(all.iter().map(|d| view(&state, d)).collect()))
}

/// `POST /api/destinations`: creates a destination.
pub async fn create(
    State(state): State<AppState>,
    JsonBody(spec): JsonBody<DestinationSpec>,
) -> Result<Response, ApiError> {
    let spec = checked(spec, None)?;
    let now = Utc::now();
    let d = Destination {
        id: uuid::Uuid::new_v4().to_string(),
        builtin: None,
        spec,
        created_at: now,
        updated_at: now,
    };
    let saved = d.clone();
    state
        .store
        .run(move |c| Ok(dstore::save(c, &saved)?))
        .await?;
    tracing::info!(id = %d.id, name = %d.spec.name, "destination created");
    let mut resp = (StatusCode::CREATED, Json(view(&state, &d))).into_response();
    if let Ok(loc) = format!("/api/destinations/{}", d.id).parse() {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(resp)
}

/// `GET /api/destinations/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<Destination>, ApiError> {
    let id = destination_id(&raw)?;
    let d = state.store.run(move |c| load(c, &id)).await?;
    Ok(Json(view(&state, &d)))
}

/// `PUT /api/destinations/{id}`: replaces the settings. A secret header sent
/// without a value, or with its masked form, keeps its stored value.
pub async fn update(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    JsonBody(spec): JsonBody<DestinationSpec>,
) -> Result<Json<Destination>, ApiError> {
    let id = destination_id(&raw)?;
    let d = state
        .store
        .run(move |c| {
            let stored = load(c, &id)?;
            let spec = checked(spec, Some(&stored))?;
            let d = Destination {
                spec,
                updated_at: Utc::now(),
                ..stored
            };
            dstore::save(c, &d)?;
            Ok(d)
        })
        .await?;
    tracing::info!(id = %d.id, "destination updated");
    Ok(Json(view(&state, &d)))
}

/// Journeys (id and name) with a Send step connected to destination `id`.
fn journeys_using(conn: &Connection, id: &str) -> Result<Vec<Value>, ApiError> {
    Ok(store::list(conn)?
        .into_iter()
        .filter(|j| {
            j.steps.steps().any(|(_, s)| match s {
                Step::SendToDestinations { destinations, .. } => {
                    destinations.iter().any(|r| r.destination_id() == id)
                }
                _ => false,
            })
        })
        .map(|j| json!({ "id": j.id, "name": j.name }))
        .collect())
}

/// `DELETE /api/destinations/{id}`: refused (409) while a journey uses it.
pub async fn delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = destination_id(&raw)?;
    state
        .store
        .run(move |c| {
            let d = load(c, &id)?;
            let users = journeys_using(c, &id)?;
            if !users.is_empty() {
                let names: Vec<&str> = users.iter().filter_map(|j| j["name"].as_str()).collect();
                return Err(refused(
                    StatusCode::CONFLICT,
                    "destination_in_use",
                    format!(
                        "{} is connected to {}; disconnect it from their Send steps first",
                        d.spec.name,
                        names.join(", ")
                    ),
                    json!({ "journeys": users }),
                ));
            }
            dstore::delete(c, &id)?;
            tracing::info!(%id, "destination deleted");
            Ok(StatusCode::NO_CONTENT)
        })
        .await
}

fn no_tester(d: &Destination) -> ApiError {
    refused(
        StatusCode::UNPROCESSABLE_ENTITY,
        "tester_unavailable",
        format!(
            "{} is a list destination: the event tester only sends to event destinations (list destinations receive batches of users, not events)",
            d.spec.name
        ),
        json!([{ "path": "type", "code": "list_destination", "message": "The event tester is only available for event destinations" }]),
    )
}

/// The test event for `d`, or why not.
fn test_event(d: &Destination, req: &TestRequest) -> Result<payload::TestEvent, ApiError> {
    if !d.accepts_test_events() {
        return Err(no_tester(d));
    }
    if let Some(u) = &req.user_id {
        if u.chars().count() > USER_ID_MAX {
            return Err(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                format!("the test user id is longer than {USER_ID_MAX} characters"),
                json!([{ "path": "user_id", "code": "too_long", "message": "The user id is too long" }]),
            ));
        }
    }
    let key = match &req.key {
        Some(k) => k.clone(),
        None => StepKey::parse(TEST_KEY).map_err(|e| ApiError::Internal(e.to_string()))?,
    };
    let computation_id = match (&req.journey_id, req.step_id) {
        (Some(j), Some(s)) => payload::computation_id(j, s),
        _ => "event_tester".to_string(),
    };
    let computation = Computation {
        key: &key,
        id: &computation_id,
        space_id: store::DEFAULT_WORKSPACE,
    };
    Ok(payload::preview(
        req.event_type,
        req.event,
        &computation,
        &d.spec.name,
        req.user_id.as_deref(),
        Utc::now(),
        &mut rand::rng(),
    ))
}

/// `POST /api/destinations/{id}/preview`: the payload the tester would send.
pub async fn preview(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    JsonBody(req): JsonBody<TestRequest>,
) -> Result<Json<payload::TestEvent>, ApiError> {
    let id = destination_id(&raw)?;
    let d = state.store.run(move |c| load(c, &id)).await?;
    Ok(Json(test_event(&d, &req)?))
}

/// `POST /api/destinations/{id}/test`: sends a test event for real and
/// returns its lifecycle (200 whatever the destination answered).
pub async fn test(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    JsonBody(req): JsonBody<TestRequest>,
) -> Result<Json<TestResult>, ApiError> {
    let id = destination_id(&raw)?;
    let d = state.store.run(move |c| load(c, &id)).await?;
    let event = test_event(&d, &req)?;
    let exchange = state.outbound.send(&d, &event.payload).await;
    tracing::info!(id = %d.id, outcome = %exchange.outcome.label(), "test event sent");
    Ok(Json(TestResult {
        destination: Named {
            id: d.id.clone(),
            name: d.spec.name.clone(),
        },
        event_type: req.event_type,
        event: req.event,
        user_id: event.user_id,
        message_id: event.message_id,
        exchange,
    }))
}

/// The columns of a list destination's CSV.
pub const CSV_HEADER: &str = "user_id,journey_id,step_key,added_at\n";

/// `GET /api/destinations/{id}/users.csv`: the users added to a list
/// destination. Journeys do not run yet, so this is the header row only.
pub async fn users_csv(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, ApiError> {
    let id = destination_id(&raw)?;
    let d = state.store.run(move |c| load(c, &id)).await?;
    if d.spec.kind != DestinationType::List {
        return Err(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_a_list_destination",
            format!(
                "{} is an event destination: only list destinations have a user list",
                d.spec.name
            ),
            Value::Null,
        ));
    }
    let file = format!("attachment; filename=\"destination-{}-users.csv\"", d.id);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        CSV_HEADER,
    )
        .into_response())
}
