//! The client for destinations, the event tester and the request inbox
//! (`/api/destinations`, `/api/inbox`; see `docs/destinations.md`).
//!
//! Plain async functions for the pages, and [`DestinationClient`], the
//! small trait the builder's Send-step panel reads through, so that its
//! components can be mounted in tests with canned answers ([`Destinations`]
//! in the Leptos context; [`HttpClient`] when none is provided).

use super::{error_from_body, network_error, read_json, ApiError};
use cairn_domain::destination::{Builtin, DestinationSpec, DestinationType, Header};
use cairn_domain::step::{CallType, StepId};
use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Where the destinations collection lives.
pub const DESTINATIONS_URL: &str = "/api/destinations";
/// Where the request inbox's records live.
pub const INBOX_URL: &str = "/api/inbox";

/// A destination as the API returns it (secret header values masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestinationView {
    /// Its id (what Send steps name).
    pub id: String,
    /// Set for destinations Cairn serves itself (the request inbox).
    #[serde(default)]
    pub builtin: Option<Builtin>,
    /// Its name.
    pub name: String,
    /// Event or list destination.
    #[serde(rename = "type")]
    pub kind: DestinationType,
    /// Whether journeys send to it.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The endpoint (the inbox's is the server's own).
    #[serde(default)]
    pub url: String,
    /// Headers; secret values are masked (`••••5678`).
    #[serde(default)]
    pub headers: Vec<Header>,
    /// Request timeout in milliseconds.
    #[serde(default)]
    pub timeout_ms: u64,
    /// Users per request of a list destination.
    #[serde(default)]
    pub batch_size: Option<u32>,
}

fn yes() -> bool {
    true
}

impl DestinationView {
    /// Whether this is the built-in request inbox.
    pub fn is_inbox(&self) -> bool {
        self.builtin == Some(Builtin::Inbox)
    }

    /// "Event destination" or "List destination".
    pub fn type_label(&self) -> &'static str {
        type_label(self.kind)
    }
}

/// "Event destination" or "List destination".
pub fn type_label(kind: DestinationType) -> &'static str {
    match kind {
        DestinationType::Event => "Event destination",
        DestinationType::List => "List destination",
    }
}

/// What the event tester sends to `preview` and `test`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestRequest {
    /// Track or identify.
    pub event_type: CallType,
    /// The test user (the server generates one when absent or blank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The Send step's key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The journey (for `computation_id`, with `step_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journey_id: Option<String>,
    /// The step (for `computation_id`, with `journey_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_id: Option<StepId>,
}

/// `POST /api/destinations/{id}/preview`: the payload that would be sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PreviewView {
    /// The test user.
    pub user_id: String,
    /// The payload's message id.
    pub message_id: String,
    /// The JSON body.
    pub payload: Value,
}

/// The destination named in a tester result.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NamedRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// The request the tester sent (secret header values masked).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SentRequest {
    /// `POST`.
    pub method: String,
    /// Where it went.
    pub url: String,
    /// Name and value of each header.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: Value,
}

/// What came back from the destination.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// An HTTP response, whatever its status.
    Response {
        /// Whether the status is 2xx.
        ok: bool,
        /// The status code.
        status: u16,
        /// `200 OK`.
        status_line: String,
        /// The response headers.
        #[serde(default)]
        headers: Vec<(String, String)>,
        /// The body as text.
        #[serde(default)]
        body: String,
        /// Whether the body was cut at 64 KiB.
        #[serde(default)]
        body_truncated: bool,
        /// Where a redirect pointed (not followed).
        #[serde(default)]
        location: Option<String>,
        /// Milliseconds from sending to the end of the body.
        took_ms: f64,
    },
    /// No usable response.
    Error {
        /// `timeout`, `connection_refused`, `dns`, `tls`, `connection`,
        /// `blocked_address`, `invalid_url` or `other`.
        error: String,
        /// Details in words.
        message: String,
        /// Milliseconds until the failure.
        took_ms: f64,
    },
}

/// `POST /api/destinations/{id}/test`: the event lifecycle.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TestResult {
    /// The destination tested.
    pub destination: NamedRef,
    /// Track or identify.
    pub event_type: CallType,
    /// `entered` or `exited`.
    #[serde(default)]
    pub event: String,
    /// The test user.
    pub user_id: String,
    /// The payload's message id.
    pub message_id: String,
    /// What was sent.
    pub request: SentRequest,
    /// What came back.
    pub outcome: Outcome,
}

/// One request the built-in inbox received.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InboxEntry {
    /// Increasing id.
    pub id: i64,
    /// The inbox destination it was sent to.
    #[serde(default)]
    pub destination_id: String,
    /// When it arrived (RFC 3339).
    pub received_at: String,
    /// The HTTP method.
    pub method: String,
    /// The path and query.
    #[serde(default)]
    pub path: String,
    /// The headers (secrets masked).
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The body as text.
    #[serde(default)]
    pub body: String,
    /// The body parsed as JSON, when it is JSON.
    #[serde(default)]
    pub json: Option<Value>,
}

impl InboxEntry {
    /// The body for reading: pretty JSON when it parses, else as received.
    pub fn pretty_body(&self) -> String {
        let parsed = self
            .json
            .clone()
            .or_else(|| serde_json::from_str::<Value>(&self.body).ok());
        match parsed {
            Some(v) => pretty(&v),
            None => self.body.clone(),
        }
    }
}

/// `value` as indented JSON.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// A journey named by a refusal (`409 destination_in_use`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct JourneyRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// Why a delete failed: the error, and the journeys using the destination
/// when that is why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteError {
    /// The failure.
    pub error: ApiError,
    /// The journeys still connected to it (`409 destination_in_use`).
    pub journeys: Vec<JourneyRef>,
}

fn destination_url(id: &str) -> String {
    format!("{DESTINATIONS_URL}/{id}")
}

fn encode_error(e: gloo_net::Error) -> ApiError {
    ApiError::Decode(e.to_string())
}

/// `GET /api/destinations`: every destination, by name.
pub async fn list_destinations() -> Result<Vec<DestinationView>, ApiError> {
    super::get_json(DESTINATIONS_URL).await
}

/// `POST /api/destinations`: creates a destination.
pub async fn create_destination(spec: &DestinationSpec) -> Result<DestinationView, ApiError> {
    super::post_json(DESTINATIONS_URL, spec).await
}

/// `PUT /api/destinations/{id}`: replaces its settings (secret headers sent
/// without a value keep the stored one).
pub async fn update_destination(
    id: &str,
    spec: &DestinationSpec,
) -> Result<DestinationView, ApiError> {
    let response = Request::put(&destination_url(id))
        .header("Accept", "application/json")
        .json(spec)
        .map_err(encode_error)?
        .send()
        .await
        .map_err(network_error)?;
    read_json(response).await
}

/// `DELETE /api/destinations/{id}`; a destination in use is refused with
/// the journeys using it.
pub async fn delete_destination(id: &str) -> Result<(), DeleteError> {
    let response = Request::delete(&destination_url(id))
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| DeleteError {
            error: network_error(e),
            journeys: Vec::new(),
        })?;
    if response.ok() {
        return Ok(());
    }
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    Err(DeleteError {
        error: error_from_body(status, &text),
        journeys: journeys_in_use(&text),
    })
}

/// The `details.journeys` of a `destination_in_use` refusal (empty otherwise).
pub fn journeys_in_use(body: &str) -> Vec<JourneyRef> {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v.pointer("/error/details/journeys").cloned())
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

async fn post_tester<T: serde::de::DeserializeOwned>(
    id: &str,
    what: &str,
    req: &TestRequest,
) -> Result<T, ApiError> {
    let response = Request::post(&format!("{}/{what}", destination_url(id)))
        .header("Accept", "application/json")
        .json(req)
        .map_err(encode_error)?
        .send()
        .await
        .map_err(network_error)?;
    read_json(response).await
}

/// `POST /api/destinations/{id}/preview`.
pub async fn preview_event(id: &str, req: &TestRequest) -> Result<PreviewView, ApiError> {
    post_tester(id, "preview", req).await
}

/// `POST /api/destinations/{id}/test`: sends the test event for real.
pub async fn send_test_event(id: &str, req: &TestRequest) -> Result<TestResult, ApiError> {
    post_tester(id, "test", req).await
}

/// `GET /api/inbox?limit=…`: what the inbox received, newest first.
pub async fn list_inbox(limit: u32) -> Result<Vec<InboxEntry>, ApiError> {
    super::get_json(&format!("{INBOX_URL}?limit={limit}")).await
}

/// `DELETE /api/inbox`: forgets what the inbox received.
pub async fn clear_inbox() -> Result<(), ApiError> {
    let response = Request::delete(INBOX_URL)
        .send()
        .await
        .map_err(network_error)?;
    if response.ok() {
        Ok(())
    } else {
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        Err(error_from_body(status, &text))
    }
}

/// A future that stays on the browser's thread.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// What the Send-step panel and the event tester need from the server.
pub trait DestinationClient: Send + Sync {
    /// The workspace's destinations.
    fn list(&self) -> LocalFuture<Result<Vec<DestinationView>, ApiError>>;
    /// The payload the tester would send to destination `id`.
    fn preview(&self, id: String, req: TestRequest) -> LocalFuture<Result<PreviewView, ApiError>>;
    /// Sends the test event to destination `id`.
    fn test(&self, id: String, req: TestRequest) -> LocalFuture<Result<TestResult, ApiError>>;
}

/// The real client, over `fetch`.
#[derive(Debug, Clone, Copy, Default)]
pub struct HttpClient;

impl DestinationClient for HttpClient {
    fn list(&self) -> LocalFuture<Result<Vec<DestinationView>, ApiError>> {
        Box::pin(list_destinations())
    }
    fn preview(&self, id: String, req: TestRequest) -> LocalFuture<Result<PreviewView, ApiError>> {
        Box::pin(async move { preview_event(&id, &req).await })
    }
    fn test(&self, id: String, req: TestRequest) -> LocalFuture<Result<TestResult, ApiError>> {
        Box::pin(async move { send_test_event(&id, &req).await })
    }
}

/// The [`DestinationClient`] components use, from the Leptos context
/// (`provide_context(Destinations::new(fake))` in tests).
#[derive(Clone)]
pub struct Destinations(pub Arc<dyn DestinationClient>);

impl Destinations {
    /// Wraps a client.
    pub fn new(client: impl DestinationClient + 'static) -> Destinations {
        Destinations(Arc::new(client))
    }

    /// The client in context, or the HTTP client when none was provided.
    pub fn from_context() -> Destinations {
        leptos::prelude::use_context::<Destinations>()
            .unwrap_or_else(|| Destinations::new(HttpClient))
    }
}
