//! The browser's client for Cairn's journeys API (`/api/...`), over `fetch`.
//!
//! Every call returns `Result<_, ApiError>`: a network failure, a refusal
//! carrying the server's error envelope, or a body the app could not read.
//! Nothing here panics on a bad response.

use cairn_domain::summary::JourneySummary;
use cairn_domain::{Journey, JourneySpec};
use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub mod destinations;

/// Where the journeys collection lives, relative to the page's origin.
pub const JOURNEYS_URL: &str = "/api/journeys";

/// One problem the server found in a request, tied to a field by `path`
/// (for example `"name"` or `"description"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FieldIssue {
    /// The field the issue is about, as a JSON path (`"name"`).
    #[serde(default)]
    pub path: String,
    /// A machine-readable code (`"too_long"`, `"required"`, ...).
    #[serde(default)]
    pub code: String,
    /// A sentence for the marketer.
    #[serde(default)]
    pub message: String,
}

/// The body of every 4xx/5xx answer from the server:
/// `{"error": {"code", "message", "details": [...]}}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    /// An array of field issues for validation errors; an object (e.g. the
    /// current version of a conflict) or null for others.
    #[serde(default)]
    details: serde_json::Value,
}

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer (server down, offline, ...). The
    /// browser's reason is kept for logs, not shown.
    #[error("Could not reach the Cairn server. Check the connection and try again.")]
    Network(String),
    /// The server answered with an error status and its error envelope.
    #[error("{message}")]
    Rejected {
        /// The HTTP status (4xx or 5xx).
        status: u16,
        /// The envelope's machine-readable code.
        code: String,
        /// The envelope's sentence for the marketer.
        message: String,
        /// Problems tied to fields of the request.
        details: Vec<FieldIssue>,
        /// The envelope's `details` when they are not a list of field issues
        /// (`{"published", "limit"}` of a full workspace), `null` otherwise.
        context: serde_json::Value,
    },
    /// The server answered with an error status and no readable envelope.
    #[error("The server answered with HTTP {status}.")]
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// The server answered, but not with the JSON the app expects.
    #[error("The server's answer could not be read ({0}).")]
    Decode(String),
}

impl ApiError {
    /// The message for the field at `path` (e.g. `"name"`), if the server
    /// tied one to it.
    pub fn field_message(&self, path: &str) -> Option<String> {
        match self {
            ApiError::Rejected { details, .. } => details
                .iter()
                .find(|issue| issue.path == path)
                .map(|issue| issue.message.clone()),
            _ => None,
        }
    }

    /// Whether the server tied any issue to one of `paths`.
    pub fn concerns_any(&self, paths: &[&str]) -> bool {
        paths.iter().any(|path| self.field_message(path).is_some())
    }
}

/// What the create form sends: `POST /api/journeys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewJourney {
    /// The journey's name (required).
    pub name: String,
    /// A free-text description (may be empty).
    pub description: String,
}

/// The part of the created journey the app reads from the 201 answer
/// (the server sends the whole journey; other fields are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedJourney {
    /// The new journey's id.
    pub id: String,
    /// The new journey's name, as stored.
    pub name: String,
}

/// `GET /api/journeys`: every journey as a list row.
pub async fn list_journeys() -> Result<Vec<JourneySummary>, ApiError> {
    get_json(JOURNEYS_URL).await
}

/// `POST /api/journeys`: creates a draft journey.
pub async fn create_journey(new: &NewJourney) -> Result<CreatedJourney, ApiError> {
    post_json(JOURNEYS_URL, new).await
}

/// The URL of one journey.
fn journey_url(id: &str) -> String {
    format!("{JOURNEYS_URL}/{id}")
}

/// `GET /api/journeys/{id}`: the whole journey document.
pub async fn get_journey(id: &str) -> Result<Journey, ApiError> {
    get_json(&journey_url(id)).await
}

/// `POST /api/journeys` with a whole spec (a new journey built in the builder).
pub async fn create_from_spec(spec: &JourneySpec) -> Result<Journey, ApiError> {
    post_json(JOURNEYS_URL, spec).await
}

/// `PUT /api/journeys/{id}`: saves `spec` over `version`; a stale version is
/// refused with status 412 (`ApiError::Rejected { status: 412, .. }`).
pub async fn save_journey(id: &str, version: u64, spec: &JourneySpec) -> Result<Journey, ApiError> {
    let response = Request::put(&journey_url(id))
        .header("Accept", "application/json")
        .header("If-Match", &format!("\"{version}\""))
        .json(spec)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(network_error)?;
    read_json(response).await
}

/// `POST /api/journeys/{id}/publish`'s answer: the published journey and
/// the best-practice warnings it went live with.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Published {
    /// The journey, now published.
    pub journey: Journey,
    /// Best-practice warnings (never blocking).
    #[serde(default)]
    pub warnings: Vec<cairn_domain::lint::Lint>,
}

/// `POST /api/journeys/{id}/publish`.
pub async fn publish_journey(id: &str) -> Result<Published, ApiError> {
    let response = Request::post(&format!("{}/publish", journey_url(id)))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(network_error)?;
    read_json(response).await
}

impl ApiError {
    /// The HTTP status of a refusal, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Rejected { status, .. } | ApiError::Status { status } => Some(*status),
            _ => None,
        }
    }

    /// The server's machine-readable code, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Rejected { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The non-list details of a refusal (`Null` when none).
    pub fn context(&self) -> &serde_json::Value {
        match self {
            ApiError::Rejected { context, .. } => context,
            _ => &serde_json::Value::Null,
        }
    }

    /// Every field issue the server listed.
    pub fn issues(&self) -> &[FieldIssue] {
        match self {
            ApiError::Rejected { details, .. } => details,
            _ => &[],
        }
    }
}

/// `GET url`, read as `T` (or the server's error).
pub(crate) async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(network_error)?;
    read_json(response).await
}

/// `POST url` with `body` as JSON, the answer read as `T` (or the server's error).
pub(crate) async fn post_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    body: &B,
) -> Result<T, ApiError> {
    let response = Request::post(url)
        .header("Accept", "application/json")
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?
        .send()
        .await
        .map_err(network_error)?;
    read_json(response).await
}

/// A request that got no answer; the browser's reason goes to the console.
pub(crate) fn network_error(e: gloo_net::Error) -> ApiError {
    leptos::logging::warn!("cairn: request failed: {e}");
    ApiError::Network(e.to_string())
}

/// Reads a success body as `T`, or an error status as an [`ApiError`].
pub(crate) async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let text = response.text().await.map_err(network_error)?;
    if response.ok() {
        serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))
    } else {
        Err(error_from_body(status, &text))
    }
}

/// Turns an error answer into an [`ApiError`]: the envelope when the body
/// carries one, the bare status otherwise.
pub fn error_from_body(status: u16, body: &str) -> ApiError {
    match serde_json::from_str::<ErrorEnvelope>(body) {
        Ok(ErrorEnvelope { error }) => ApiError::Rejected {
            status,
            code: error.code,
            message: if error.message.trim().is_empty() {
                format!("The server refused the request (HTTP {status}).")
            } else {
                error.message
            },
            details: serde_json::from_value(error.details.clone()).unwrap_or_default(),
            context: if error.details.is_array() {
                serde_json::Value::Null
            } else {
                error.details
            },
        },
        _ => ApiError::Status { status },
    }
}

/// `POST /api/journeys/{id}/clone`'s answer: the new draft and, for every
/// Send step, its old and new key (downstream destinations must switch).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Cloned {
    /// The copy, a draft at version 1.
    pub journey: ClonedJourney,
    /// Old → new key of each Send step.
    #[serde(default)]
    pub key_changes: Vec<cairn_domain::clone::KeyChange>,
}

/// What the clone dialog needs of the copy. Only these fields are read, so
/// the journey list (in the app's main module, see `pages::lazy`) does not
/// carry the whole journey format's decoder.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ClonedJourney {
    /// The copy's id.
    pub id: String,
    /// The copy's name.
    pub name: String,
}

/// `POST /api/journeys/{id}/clone`: copies a journey into a new draft.
pub async fn clone_journey(id: &str) -> Result<Cloned, ApiError> {
    let response = Request::post(&format!("{}/clone", journey_url(id)))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(network_error)?;
    read_json(response).await
}

/// `DELETE /api/journeys/{id}`: deletes a draft or a published journey
/// (`204`, no body).
pub async fn delete_journey(id: &str) -> Result<(), ApiError> {
    let response = Request::delete(&journey_url(id))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(network_error)?;
    if response.ok() {
        Ok(())
    } else {
        let status = response.status();
        let text = response.text().await.map_err(network_error)?;
        Err(error_from_body(status, &text))
    }
}
