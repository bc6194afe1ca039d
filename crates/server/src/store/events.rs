//! Events (Segment messages), profiles and write keys.
//!
//! Times are milliseconds since the Unix epoch (`BIGINT`). Properties,
//! traits and context are JSON objects stored as text.

use super::{StoreError, DEFAULT_WORKSPACE};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::{Map, Value};

/// One message as stored: what ingest and the sample data write.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// Segment's `messageId` (unique per workspace: duplicates are stored once).
    pub message_id: String,
    /// `track`, `identify`, `page`, `screen` or `group`.
    pub kind: &'static str,
    /// Whom the message is about: `userId`, else `anonymousId`.
    pub profile_id: String,
    /// Segment's `userId`.
    pub user_id: Option<String>,
    /// Segment's `anonymousId`.
    pub anonymous_id: Option<String>,
    /// Segment's `groupId` (group calls).
    pub group_id: Option<String>,
    /// The event name conditions refer to (`Page Viewed` for page calls,
    /// `Screen Viewed` for screen calls); `None` for identify and group.
    pub event: Option<String>,
    /// When it happened (corrected for client clock skew), ms.
    pub ts: i64,
    /// When the server received it, ms.
    pub received_at: i64,
    /// Event properties.
    pub properties: Map<String, Value>,
    /// Identify (or group) traits.
    pub traits: Map<String, Value>,
    /// Segment's `context`.
    pub context: Map<String, Value>,
}

/// A source write key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteKey {
    /// A name for people.
    pub name: String,
    /// The key (the HTTP Basic user name).
    pub key: String,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

/// The one rule for traits over time: each identify sets the traits it
/// names (top-level keys, last write wins) and keeps the others.
pub fn merge_traits(into: &mut Map<String, Value>, new: &Map<String, Value>) {
    for (k, v) in new {
        into.insert(k.clone(), v.clone());
    }
}

fn json(m: &Map<String, Value>) -> String {
    // A map of JSON values always serializes.
    serde_json::to_string(m).unwrap_or_else(|_| "{}".into())
}

fn parse_map(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

const INSERT_EVENT: &str = "INSERT OR IGNORE INTO events (workspace_id, message_id, kind, profile_id, user_id, anonymous_id, group_id, event, ts, received_at, properties, traits, context)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

fn insert_one(conn: &Connection, r: &EventRow) -> Result<bool, StoreError> {
    let mut stmt = conn.prepare_cached(INSERT_EVENT)?;
    let n = stmt.execute(params![
        DEFAULT_WORKSPACE,
        r.message_id,
        r.kind,
        r.profile_id,
        r.user_id,
        r.anonymous_id,
        r.group_id,
        r.event,
        r.ts,
        r.received_at,
        json(&r.properties),
        json(&r.traits),
        json(&r.context),
    ])?;
    Ok(n > 0)
}

/// Appends messages in one durable transaction. Returns, per message,
/// whether it was new (false: its `messageId` was already stored).
/// Profiles are created on first sight; identify traits are merged in order.
pub fn append(conn: &mut Connection, rows: &[EventRow]) -> Result<Vec<bool>, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut out = Vec::with_capacity(rows.len());
    // Each profile's span over this append, written once at the end.
    let mut spans: std::collections::HashMap<&str, (i64, i64)> = Default::default();
    for r in rows {
        let new = insert_one(&tx, r)?;
        out.push(new);
        if !new {
            continue;
        }
        let span = spans.entry(r.profile_id.as_str()).or_insert((r.ts, r.ts));
        *span = (span.0.min(r.ts), span.1.max(r.ts));
        if r.kind == "identify" && !r.traits.is_empty() {
            upsert_profile(&tx, &r.profile_id, r.ts, r.ts)?;
            let current: String = tx.query_row(
                "SELECT traits FROM profiles WHERE workspace_id = ?1 AND profile_id = ?2",
                params![DEFAULT_WORKSPACE, r.profile_id],
                |row| row.get(0),
            )?;
            let mut traits = parse_map(&current);
            merge_traits(&mut traits, &r.traits);
            tx.execute(
                "UPDATE profiles SET traits = ?1 WHERE workspace_id = ?2 AND profile_id = ?3",
                params![json(&traits), DEFAULT_WORKSPACE, r.profile_id],
            )?;
        }
    }
    for (id, (first, last)) in spans {
        upsert_profile(&tx, id, first, last)?;
    }
    tx.commit()?;
    Ok(out)
}

fn upsert_profile(conn: &Connection, id: &str, first: i64, last: i64) -> Result<(), StoreError> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO profiles (workspace_id, profile_id, traits, first_seen, last_seen)
         VALUES (?1, ?2, '{}', ?3, ?4)
         ON CONFLICT (workspace_id, profile_id) DO UPDATE SET
           first_seen = MIN(first_seen, excluded.first_seen),
           last_seen = MAX(last_seen, excluded.last_seen)",
    )?;
    upsert.execute(params![DEFAULT_WORKSPACE, id, first, last])?;
    Ok(())
}

/// A profile as bulk-loaded (sample data): its final traits and activity span.
#[derive(Debug, Clone)]
pub struct ProfileRow {
    /// The profile id.
    pub profile_id: String,
    /// Its traits.
    pub traits: Map<String, Value>,
    /// First message, ms.
    pub first_seen: i64,
    /// Last message, ms.
    pub last_seen: i64,
}

/// Bulk insert of events whose profiles are written separately
/// ([`insert_profiles`]); one transaction for the whole slice.
pub fn bulk_events(conn: &mut Connection, rows: &[EventRow]) -> Result<usize, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut n = 0;
    for r in rows {
        n += usize::from(insert_one(&tx, r)?);
    }
    tx.commit()?;
    Ok(n)
}

/// Bulk insert (or replacement) of profiles in one transaction.
pub fn insert_profiles(conn: &mut Connection, profiles: &[ProfileRow]) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT OR REPLACE INTO profiles (workspace_id, profile_id, traits, first_seen, last_seen)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for p in profiles {
            stmt.execute(params![
                DEFAULT_WORKSPACE,
                p.profile_id,
                json(&p.traits),
                p.first_seen,
                p.last_seen
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// How many messages are stored.
pub fn event_count(conn: &Connection) -> Result<u64, StoreError> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM events WHERE workspace_id = ?1",
        params![DEFAULT_WORKSPACE],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}

/// Every profile with its traits, in creation order.
pub fn each_profile(
    conn: &Connection,
    mut f: impl FnMut(String, Map<String, Value>),
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(
        "SELECT profile_id, traits FROM profiles WHERE workspace_id = ?1 ORDER BY rowid",
    )?;
    let mut rows = stmt.query(params![DEFAULT_WORKSPACE])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let traits: String = r.get(1)?;
        f(id, parse_map(&traits));
    }
    Ok(())
}

/// Every named event (track, page, screen), grouped by name, oldest first:
/// `(event, ts, profile_id, properties)`.
pub fn each_event(
    conn: &Connection,
    mut f: impl FnMut(&str, i64, &str, Map<String, Value>),
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(
        "SELECT event, ts, profile_id, properties FROM events
         WHERE workspace_id = ?1 AND event IS NOT NULL ORDER BY event, ts",
    )?;
    let mut rows = stmt.query(params![DEFAULT_WORKSPACE])?;
    while let Some(r) = rows.next()? {
        let event = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let ts: i64 = r.get(1)?;
        let profile = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        let props = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
        f(event, ts, profile, parse_map(props));
    }
    Ok(())
}

/// A profile with its most recent messages.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    /// The profile id.
    pub user_id: String,
    /// Merged traits.
    pub traits: Map<String, Value>,
    /// First message (RFC 3339).
    pub first_seen: String,
    /// Last message (RFC 3339).
    pub last_seen: String,
    /// Stored messages about this profile.
    pub message_count: u64,
    /// The 20 most recent messages, newest first.
    pub recent: Vec<RecentMessage>,
}

/// One message of a profile's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct RecentMessage {
    /// `track`, `identify`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The event name, if any.
    pub event: Option<String>,
    /// The message id.
    pub message_id: String,
    /// When it happened (RFC 3339).
    pub timestamp: String,
    /// Event properties.
    pub properties: Map<String, Value>,
    /// Identify traits.
    pub traits: Map<String, Value>,
}

/// RFC 3339 text of a time in ms.
pub fn rfc3339_ms(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// One profile and its recent messages.
pub fn profile(conn: &Connection, id: &str) -> Result<Option<ProfileView>, StoreError> {
    let head: Option<(String, i64, i64)> = conn
        .query_row(
            "SELECT traits, first_seen, last_seen FROM profiles WHERE workspace_id = ?1 AND profile_id = ?2",
            params![DEFAULT_WORKSPACE, id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((traits, first, last)) = head else {
        return Ok(None);
    };
    let count: i64 = conn.query_row(
        "SELECT COUNT(*) FROM events WHERE profile_id = ?1 AND workspace_id = ?2",
        params![id, DEFAULT_WORKSPACE],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT kind, event, message_id, ts, properties, traits FROM events
         WHERE profile_id = ?1 AND workspace_id = ?2 ORDER BY ts DESC, seq DESC LIMIT 20",
    )?;
    let recent = stmt
        .query_map(params![id, DEFAULT_WORKSPACE], |r| {
            Ok(RecentMessage {
                kind: r.get(0)?,
                event: r.get(1)?,
                message_id: r.get(2)?,
                timestamp: rfc3339_ms(r.get(3)?),
                properties: parse_map(&r.get::<_, String>(4)?),
                traits: parse_map(&r.get::<_, String>(5)?),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(ProfileView {
        user_id: id.to_string(),
        traits: parse_map(&traits),
        first_seen: rfc3339_ms(first),
        last_seen: rfc3339_ms(last),
        message_count: count.max(0) as u64,
        recent,
    }))
}

/// Stores a new write key.
pub fn insert_write_key(conn: &Connection, key: &WriteKey) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO write_keys (write_key, workspace_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![key.key, DEFAULT_WORKSPACE, key.name, key.created_at],
    )?;
    Ok(())
}

/// Every write key, oldest first.
pub fn list_write_keys(conn: &Connection) -> Result<Vec<WriteKey>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, write_key, created_at FROM write_keys WHERE workspace_id = ?1 ORDER BY created_at, rowid",
    )?;
    let rows = stmt.query_map(params![DEFAULT_WORKSPACE], |r| {
        Ok(WriteKey {
            name: r.get(0)?,
            key: r.get(1)?,
            created_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
