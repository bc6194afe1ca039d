//! What destinations receive: the one builder of Segment-format payloads.
//!
//! Event destinations receive, per user entering or leaving a Send step
//! (the seeds' "Send Journeys data to a Destination"):
//! - `track`: `event` `Audience Entered` with `properties: {<key>: "true"}`,
//!   `Audience Exited` with `"false"`;
//! - `identify`: `traits: {<key>: "true" | "false"}`.
//!
//! The values are the strings `"true"` / `"false"`, exactly as in the seed
//! examples. Every payload carries `context.personas` (`computation_class`
//! `audience`, `computation_id`, `computation_key` = the step key,
//! `namespace` and `space_id` = the workspace) and an `integrations` object
//! `{"All": false, <destination name>: true}` routing it to that destination
//! only. List destinations receive batches built by [`list_batch`].
//!
//! No clock and no randomness here: callers pass the time, ids and an RNG.

use crate::key::StepKey;
use crate::step::CallType;
use chrono::{DateTime, SecondsFormat, Utc};
use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The `computation_class` of journey payloads (as in the seeds).
pub const COMPUTATION_CLASS: &str = "audience";
/// The prefix of generated test user ids.
pub const TEST_USER_PREFIX: &str = "test-user-";

/// Whether the user entered or left the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AudienceEvent {
    /// `Audience Entered`, value `"true"`.
    #[default]
    Entered,
    /// `Audience Exited`, value `"false"`.
    Exited,
}

impl AudienceEvent {
    /// The track event name.
    pub fn event_name(self) -> &'static str {
        match self {
            AudienceEvent::Entered => "Audience Entered",
            AudienceEvent::Exited => "Audience Exited",
        }
    }

    /// The property or trait value.
    pub fn value(self) -> &'static str {
        match self {
            AudienceEvent::Entered => "true",
            AudienceEvent::Exited => "false",
        }
    }
}

/// Which journey step a payload is about (the `context.personas` object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computation<'a> {
    /// The Send step's key: the property or trait name, and `computation_key`.
    pub key: &'a StepKey,
    /// Identifies the step: `<journey id>:<step id>` for journeys.
    pub id: &'a str,
    /// The workspace: `namespace` and `space_id`.
    pub space_id: &'a str,
}

impl Computation<'_> {
    fn personas(&self) -> Value {
        json!({
            "computation_class": COMPUTATION_CLASS,
            "computation_id": self.id,
            "computation_key": self.key.as_str(),
            "namespace": self.space_id,
            "space_id": self.space_id,
        })
    }
}

/// The `computation_id` of a journey's Send step.
pub fn computation_id(journey_id: &str, step_id: crate::step::StepId) -> String {
    format!("{journey_id}:{step_id}")
}

/// One event for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPayload<'a> {
    /// Track or identify.
    pub call: CallType,
    /// Entered or exited.
    pub event: AudienceEvent,
    /// The step.
    pub computation: Computation<'a>,
    /// The destination's name (the `integrations` entry).
    pub destination_name: &'a str,
    /// The user.
    pub user_id: &'a str,
    /// A unique id for this message (deduplication downstream).
    pub message_id: &'a str,
    /// When it happened.
    pub timestamp: DateTime<Utc>,
}

fn integrations(destination_name: &str) -> Value {
    let mut m = Map::new();
    m.insert("All".into(), Value::Bool(false));
    m.insert(destination_name.into(), Value::Bool(true));
    Value::Object(m)
}

impl EventPayload<'_> {
    /// The JSON body sent to the destination.
    pub fn to_json(&self) -> Value {
        let key = self.computation.key.as_str();
        let mut values = Map::new();
        values.insert(key.into(), Value::String(self.event.value().into()));
        let mut m = Map::new();
        match self.call {
            CallType::Track => {
                m.insert("type".into(), "track".into());
                m.insert("event".into(), self.event.event_name().into());
                m.insert("userId".into(), self.user_id.into());
                m.insert("properties".into(), Value::Object(values));
            }
            CallType::Identify => {
                m.insert("type".into(), "identify".into());
                m.insert("userId".into(), self.user_id.into());
                m.insert("traits".into(), Value::Object(values));
            }
        }
        m.insert(
            "context".into(),
            json!({ "personas": self.computation.personas() }),
        );
        m.insert("integrations".into(), integrations(self.destination_name));
        m.insert("messageId".into(), self.message_id.into());
        m.insert(
            "timestamp".into(),
            self.timestamp
                .to_rfc3339_opts(SecondsFormat::Millis, true)
                .into(),
        );
        Value::Object(m)
    }
}

/// A batch of users added to a step, for a list destination:
/// `{"type": "list", "action": "add", "key", "users": [{"userId"}], "context", "integrations", "messageId", "timestamp"}`.
pub fn list_batch(
    computation: &Computation<'_>,
    destination_name: &str,
    user_ids: &[&str],
    message_id: &str,
    timestamp: DateTime<Utc>,
) -> Value {
    let users: Vec<Value> = user_ids.iter().map(|u| json!({ "userId": u })).collect();
    json!({
        "type": "list",
        "action": "add",
        "key": computation.key.as_str(),
        "users": users,
        "context": { "personas": computation.personas() },
        "integrations": integrations(destination_name),
        "messageId": message_id,
        "timestamp": timestamp.to_rfc3339_opts(SecondsFormat::Millis, true),
    })
}

/// A test event for the event tester: the payload and the ids it uses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestEvent {
    /// The (generated or given) test user id.
    pub user_id: String,
    /// The message id.
    pub message_id: String,
    /// The body that will be sent.
    pub payload: Value,
}

fn random_chars(rng: &mut dyn RngCore, n: usize, alphabet: &[u8]) -> String {
    (0..n)
        .map(|_| char::from(alphabet[(rng.next_u32() as usize) % alphabet.len()]))
        .collect()
}

/// A generated test user id: `test-user-` and 8 random characters.
pub fn test_user_id(rng: &mut dyn RngCore) -> String {
    format!(
        "{TEST_USER_PREFIX}{}",
        random_chars(rng, 8, b"abcdefghijklmnopqrstuvwxyz0123456789")
    )
}

/// A random message id: 32 hex characters in UUID form (`8-4-4-4-12`).
pub fn message_id(rng: &mut dyn RngCore) -> String {
    let h = random_chars(rng, 32, b"0123456789abcdef");
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// The event the tester sends: `user_id` if given (and not blank), else a
/// generated one; a fresh message id; `now` as the timestamp.
pub fn preview(
    call: CallType,
    event: AudienceEvent,
    computation: &Computation<'_>,
    destination_name: &str,
    user_id: Option<&str>,
    now: DateTime<Utc>,
    rng: &mut dyn RngCore,
) -> TestEvent {
    let user_id = match user_id.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => u.to_string(),
        None => test_user_id(rng),
    };
    let message_id = message_id(rng);
    let payload = EventPayload {
        call,
        event,
        computation: computation.clone(),
        destination_name,
        user_id: &user_id,
        message_id: &message_id,
        timestamp: now,
    }
    .to_json();
    TestEvent {
        user_id,
        message_id,
        payload,
    }
}
