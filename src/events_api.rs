//! The browser's client for Cairn's event-data endpoints: estimates
//! (`/api/estimate`), the schema of the workspace's data (`/api/schema`) and
//! the sources' write keys (`/api/write-keys`). See `docs/events.md`.

use crate::api::{get_json, post_json, ApiError};
use cairn_domain::condition::Condition;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `POST /api/estimate`'s body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateRequest {
    /// The entry condition.
    pub condition: Condition,
    /// Whether users who match already enter (true) or only new matches.
    pub use_historical_data: bool,
}

/// A matching user, for the Preview list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SampleUser {
    /// The profile's id (`userId`, else `anonymousId`).
    pub user_id: String,
    /// A few of its traits.
    #[serde(default)]
    pub traits: Map<String, Value>,
}

/// `POST /api/estimate`'s answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Estimate {
    /// The estimated number of users (see `meaning`).
    pub count: u64,
    /// How many users match the condition now.
    #[serde(default)]
    pub matching_now: u64,
    /// What `count` means, as a sentence for the marketer.
    #[serde(default)]
    pub meaning: String,
    /// Up to 10 matching users.
    #[serde(default)]
    pub sample: Vec<SampleUser>,
    /// How many profiles the workspace has.
    #[serde(default)]
    pub total_profiles: u64,
    /// The time the server took, in milliseconds.
    #[serde(default)]
    pub took_ms: f64,
}

/// `POST /api/estimate`: how many users a condition lets in.
pub async fn estimate(request: &EstimateRequest) -> Result<Estimate, ApiError> {
    post_json("/api/estimate", request).await
}

/// A value seen in the data and how often.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TopValue {
    /// The value (text, number or boolean).
    pub value: Value,
    /// How many times it occurs.
    #[serde(default)]
    pub count: u64,
}

/// A property of an event, or a trait: its name and most common values.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Field {
    /// The property or trait name.
    pub name: String,
    /// The most common values, most common first.
    #[serde(default)]
    pub top_values: Vec<TopValue>,
}

/// An event name seen in the data, with its properties.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EventSchema {
    /// The event name (`Order Completed`).
    pub name: String,
    /// How many times it was received.
    #[serde(default)]
    pub count: u64,
    /// Its properties, most common first.
    #[serde(default)]
    pub properties: Vec<Field>,
}

/// `GET /api/schema`: what the condition builder offers to pick from.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Schema {
    /// Event names, most frequent first.
    #[serde(default)]
    pub events: Vec<EventSchema>,
    /// Trait names, most common first.
    #[serde(default)]
    pub traits: Vec<Field>,
}

/// `GET /api/schema`.
pub async fn schema() -> Result<Schema, ApiError> {
    get_json("/api/schema").await
}

/// A source's write key: the HTTP Basic user name of `/v1/...` calls.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WriteKey {
    /// What the source is ("Website").
    pub name: String,
    /// The key itself.
    pub key: String,
    /// When it was created (RFC 3339).
    #[serde(default)]
    pub created_at: String,
}

/// `POST /api/write-keys`'s body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewWriteKey {
    /// What the source is.
    pub name: String,
}

/// `GET /api/write-keys`.
pub async fn write_keys() -> Result<Vec<WriteKey>, ApiError> {
    get_json("/api/write-keys").await
}

/// `POST /api/write-keys`: a new key for a source.
pub async fn create_write_key(new: &NewWriteKey) -> Result<WriteKey, ApiError> {
    post_json("/api/write-keys", new).await
}

/// A value as the condition builder's value field takes it: text as is,
/// numbers and booleans in their JSON form.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
