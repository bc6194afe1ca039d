//! Segment messages (the HTTP Tracking API's JSON) checked and turned into
//! stored rows.
//!
//! - `userId` or `anonymousId` is required (text, or a number taken as text);
//!   the profile is `userId`, else `anonymousId` (no identity stitching).
//! - `track` needs `event`; `page` is stored as the event `Page Viewed` and
//!   `screen` as `Screen Viewed` (with `name` and `category` as properties);
//!   `group` needs `groupId`.
//! - `properties`, `traits` and `context` must be objects when present.
//! - `messageId` must be text when present; without one the server makes one
//!   (so such a message cannot be deduplicated).
//! - Times are ISO 8601. The event time is `timestamp` if given; else
//!   `originalTimestamp` corrected for the client's clock skew
//!   (`receivedAt - (sentAt - originalTimestamp)`, as Segment does) when
//!   `sentAt` is given, or taken as is; else the time received.
//! - `context.campaign` (UTM parameters) is copied into `utm_source`,
//!   `utm_medium`, `utm_campaign`, `utm_term`, `utm_content` properties that
//!   the event does not set itself.

use crate::store::EventRow;
use serde_json::{Map, Value};

/// The largest message Segment accepts: 32 KB.
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024;
/// The largest batch Segment accepts: 500 KB.
pub const MAX_BATCH_BYTES: usize = 500 * 1024;

/// The message types Cairn stores.
pub const KINDS: [&str; 5] = ["track", "identify", "page", "screen", "group"];

/// Why a message was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageError {
    /// Path to the bad field, like `batch[2].event`.
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

/// What a batch sets for all its messages.
#[derive(Debug, Default, Clone)]
pub struct Defaults {
    /// The batch's `context` (a message's own keys win).
    pub context: Map<String, Value>,
    /// The batch's `sentAt` (ms).
    pub sent_at: Option<i64>,
}

struct Reader<'a> {
    msg: &'a Map<String, Value>,
    prefix: &'a str,
}

impl Reader<'_> {
    fn err(&self, field: &str, reason: impl Into<String>) -> MessageError {
        let path = if self.prefix.is_empty() {
            field.to_string()
        } else if field.is_empty() {
            self.prefix.to_string()
        } else {
            format!("{}.{field}", self.prefix)
        };
        MessageError {
            path,
            reason: reason.into(),
        }
    }

    /// Text, or a number as text; `None` when absent, null or empty.
    fn id(&self, field: &str) -> Result<Option<String>, MessageError> {
        match self.msg.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(self.err(field, format!("{field} must be a string"))),
        }
    }

    fn object(&self, field: &str) -> Result<Map<String, Value>, MessageError> {
        match self.msg.get(field) {
            None | Some(Value::Null) => Ok(Map::new()),
            Some(Value::Object(m)) => Ok(m.clone()),
            Some(_) => Err(self.err(field, format!("{field} must be an object"))),
        }
    }

    fn time(&self, field: &str) -> Result<Option<i64>, MessageError> {
        match self.msg.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => parse_time(s).map(Some).ok_or_else(|| {
                self.err(
                    field,
                    format!("{field} must be an ISO 8601 date-time, got {s:?}"),
                )
            }),
            Some(_) => Err(self.err(field, format!("{field} must be an ISO 8601 string"))),
        }
    }
}

/// Parses an ISO 8601 date-time (with offset, or UTC when it has none) to ms.
pub fn parse_time(s: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp_millis());
        }
    }
    None
}

/// The batch-level fields of a batch body.
pub fn defaults(body: &Map<String, Value>) -> Result<Defaults, MessageError> {
    let r = Reader {
        msg: body,
        prefix: "",
    };
    Ok(Defaults {
        context: r.object("context")?,
        sent_at: r.time("sentAt")?,
    })
}

fn copy_campaign(context: &Map<String, Value>, props: &mut Map<String, Value>) {
    let Some(Value::Object(c)) = context.get("campaign") else {
        return;
    };
    for (from, to) in [
        ("source", "utm_source"),
        ("medium", "utm_medium"),
        ("name", "utm_campaign"),
        ("term", "utm_term"),
        ("content", "utm_content"),
    ] {
        if let Some(v) = c.get(from) {
            if !props.contains_key(to) {
                props.insert(to.to_string(), v.clone());
            }
        }
    }
}

fn take_object(
    msg: &mut Map<String, Value>,
    field: &str,
    err: impl Fn(&str, String) -> MessageError,
) -> Result<Map<String, Value>, MessageError> {
    match msg.remove(field) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(_) => Err(err(field, format!("{field} must be an object"))),
    }
}

/// Checks one message and makes its row. `kind` is the endpoint's type
/// (`None` in a batch, where the message's `type` says it); `prefix` is the
/// message's path in the body (`batch[3]`, or empty). `size` is the
/// message's size in bytes when known to be possibly over the limit.
pub fn parse(
    value: Value,
    kind: Option<&'static str>,
    defaults: &Defaults,
    received_at: i64,
    prefix: &str,
    size: Option<usize>,
) -> Result<EventRow, MessageError> {
    let Value::Object(mut msg) = value else {
        return Err(MessageError {
            path: if prefix.is_empty() {
                ".".into()
            } else {
                prefix.into()
            },
            reason: "a message must be a JSON object".into(),
        });
    };
    let r = Reader { msg: &msg, prefix };
    let kind = match kind {
        Some(k) => k,
        None => match msg.get("type").and_then(Value::as_str) {
            Some(t) => KINDS
                .iter()
                .find(|k| k.eq_ignore_ascii_case(t))
                .copied()
                .ok_or_else(|| {
                    r.err(
                        "type",
                        format!("type {t:?} is not one of track, identify, page, screen, group"),
                    )
                })?,
            None => return Err(r.err("type", "type is required in a batch")),
        },
    };
    if let Some(size) = size.filter(|s| *s > MAX_MESSAGE_BYTES) {
        return Err(r.err(
            "",
            format!("the message is {size} bytes; the limit is {MAX_MESSAGE_BYTES} (32 KB)"),
        ));
    }
    let user_id = r.id("userId")?;
    let anonymous_id = r.id("anonymousId")?;
    let profile_id = user_id
        .clone()
        .or_else(|| anonymous_id.clone())
        .ok_or_else(|| r.err("userId", "userId or anonymousId is required"))?;
    let message_id = match msg.get("messageId") {
        None | Some(Value::Null) => format!("cairn-{}", uuid::Uuid::new_v4()),
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(_) => return Err(r.err("messageId", "messageId must be a non-empty string")),
    };
    let mut page_props = Vec::new();
    let event = match kind {
        "track" => match msg.get("event") {
            Some(Value::String(e)) if !e.trim().is_empty() => Some(e.clone()),
            Some(Value::String(_)) | None | Some(Value::Null) => {
                return Err(r.err("event", "event is required for a track call"))
            }
            Some(_) => return Err(r.err("event", "event must be a string")),
        },
        "page" | "screen" => {
            for field in ["name", "category"] {
                match msg.get(field) {
                    None | Some(Value::Null) => {}
                    Some(v @ Value::String(_)) => page_props.push((field, v.clone())),
                    Some(_) => return Err(r.err(field, format!("{field} must be a string"))),
                }
            }
            Some(
                if kind == "page" {
                    "Page Viewed"
                } else {
                    "Screen Viewed"
                }
                .to_string(),
            )
        }
        _ => None,
    };
    let group_id = r.id("groupId")?;
    if kind == "group" && group_id.is_none() {
        return Err(r.err("groupId", "groupId is required for a group call"));
    }
    let timestamp = r.time("timestamp")?;
    let original = r.time("originalTimestamp")?;
    let sent_at = r.time("sentAt")?.or(defaults.sent_at);
    let err = |field: &str, reason: String| {
        Reader {
            msg: &Map::new(),
            prefix,
        }
        .err(field, reason)
    };
    let mut properties = take_object(&mut msg, "properties", err)?;
    let traits = take_object(&mut msg, "traits", err)?;
    let own_context = take_object(&mut msg, "context", err)?;
    let context = if defaults.context.is_empty() {
        own_context
    } else {
        let mut c = defaults.context.clone();
        c.extend(own_context);
        c
    };
    for (field, v) in page_props {
        properties.entry(field.to_string()).or_insert(v);
    }
    if event.is_some() {
        copy_campaign(&context, &mut properties);
    }
    let ts = match (timestamp, original, sent_at) {
        (Some(t), _, _) => t,
        (None, Some(o), Some(s)) => received_at - (s - o),
        (None, Some(o), None) => o,
        (None, None, _) => received_at,
    };
    Ok(EventRow {
        message_id,
        kind,
        profile_id,
        user_id,
        anonymous_id,
        group_id,
        event,
        ts,
        received_at,
        properties,
        traits: if kind == "identify" || kind == "group" {
            traits
        } else {
            Map::new()
        },
        context,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(v: Value, kind: Option<&'static str>) -> Result<EventRow, MessageError> {
        parse(v, kind, &Defaults::default(), 1_000_000, "", None)
    }

    #[test]
    fn track_needs_an_event_and_an_id() {
        let e = one(json!({"userId": "u"}), Some("track")).expect_err("no event");
        assert_eq!(e.path, "event");
        let e = one(json!({"event": "A"}), Some("track")).expect_err("no id");
        assert_eq!(e.path, "userId");
        let e = one(
            json!({"userId": "u", "event": "A", "properties": [1]}),
            Some("track"),
        )
        .expect_err("properties");
        assert_eq!(e.path, "properties");
        let ok = one(json!({"anonymousId": 7, "event": "A"}), Some("track")).expect("valid");
        assert_eq!(ok.profile_id, "7");
        assert_eq!(ok.ts, 1_000_000);
    }

    #[test]
    fn batch_messages_need_a_known_type() {
        let e = parse(
            json!({"userId": "u"}),
            None,
            &Defaults::default(),
            0,
            "batch[2]",
            None,
        )
        .expect_err("no type");
        assert_eq!(e.path, "batch[2].type");
        let e = parse(
            json!({"type": "alias", "userId": "u"}),
            None,
            &Defaults::default(),
            0,
            "batch[0]",
            None,
        )
        .expect_err("alias");
        assert!(e.reason.contains("alias"));
    }

    #[test]
    fn clock_skew_is_corrected_with_sent_at() {
        let r = one(
            json!({"userId": "u", "event": "A",
                "originalTimestamp": "1970-01-01T00:00:10Z", "sentAt": "1970-01-01T00:00:20Z"}),
            Some("track"),
        )
        .expect("valid");
        assert_eq!(r.ts, 1_000_000 - 10_000);
        let r = one(
            json!({"userId": "u", "event": "A", "timestamp": "2024-01-02T03:04:05.678+01:00",
                "sentAt": "2030-01-01T00:00:00Z"}),
            Some("track"),
        )
        .expect("valid");
        assert_eq!(r.ts, 1_704_161_045_678);
        let e = one(
            json!({"userId": "u", "event": "A", "timestamp": "yesterday"}),
            Some("track"),
        )
        .expect_err("bad time");
        assert_eq!(e.path, "timestamp");
    }

    #[test]
    fn pages_are_page_viewed_with_campaign_properties() {
        let r = one(
            json!({"userId": "u", "name": "Home",
                "context": {"campaign": {"source": "facebook"}}}),
            Some("page"),
        )
        .expect("valid");
        assert_eq!(r.event.as_deref(), Some("Page Viewed"));
        assert_eq!(r.properties["utm_source"], "facebook");
        assert_eq!(r.properties["name"], "Home");
    }
}
