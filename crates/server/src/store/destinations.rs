//! Destinations (one JSON document per row) and the request inbox's records.

use super::{StoreError, DEFAULT_WORKSPACE};
use cairn_domain::destination::{Builtin, Destination, DestinationType};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// How many inbox requests are kept (older ones are dropped).
pub const INBOX_KEEP: i64 = 500;

fn corrupt(id: &str, e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        id: format!("destination {id}"),
        message: e.to_string(),
    }
}

fn parse(id: &str, document: &str) -> Result<Destination, StoreError> {
    serde_json::from_str(document).map_err(|e| corrupt(id, e))
}

fn kind_text(d: &Destination) -> &'static str {
    match d.spec.kind {
        DestinationType::Event => "event",
        DestinationType::List => "list",
    }
}

fn builtin_text(b: Option<Builtin>) -> Option<&'static str> {
    b.map(|b| match b {
        Builtin::Inbox => "inbox",
    })
}

/// Every destination of the workspace, by name.
pub fn list(conn: &Connection) -> Result<Vec<Destination>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, document FROM destinations WHERE workspace_id = ?1 ORDER BY name, id",
    )?;
    let rows = stmt.query_map(params![DEFAULT_WORKSPACE], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|r| {
        let (id, doc) = r?;
        parse(&id, &doc)
    })
    .collect()
}

/// One destination.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Destination>, StoreError> {
    let doc: Option<String> = conn
        .query_row(
            "SELECT document FROM destinations WHERE id = ?1 AND workspace_id = ?2",
            params![id, DEFAULT_WORKSPACE],
            |r| r.get(0),
        )
        .optional()?;
    doc.map(|d| parse(id, &d)).transpose()
}

/// The workspace's built-in destination of this kind, if it has one.
pub fn find_builtin(
    conn: &Connection,
    builtin: Builtin,
) -> Result<Option<Destination>, StoreError> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT id, document FROM destinations WHERE workspace_id = ?1 AND builtin = ?2
             ORDER BY created_at LIMIT 1",
            params![DEFAULT_WORKSPACE, builtin_text(Some(builtin))],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(id, d)| parse(&id, &d)).transpose()
}

/// Inserts or replaces a destination.
pub fn save(conn: &Connection, d: &Destination) -> Result<(), StoreError> {
    let doc = serde_json::to_string(d).map_err(|e| corrupt(&d.id, e))?;
    conn.execute(
        "INSERT INTO destinations (id, workspace_id, name, kind, builtin, created_at, updated_at, document)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
           builtin = excluded.builtin, updated_at = excluded.updated_at, document = excluded.document",
        params![
            d.id,
            DEFAULT_WORKSPACE,
            d.spec.name,
            kind_text(d),
            builtin_text(d.builtin),
            d.created_at.to_rfc3339(),
            d.updated_at.to_rfc3339(),
            doc
        ],
    )?;
    Ok(())
}

/// Deletes a destination; false if there was none.
pub fn delete(conn: &Connection, id: &str) -> Result<bool, StoreError> {
    let n = conn.execute(
        "DELETE FROM destinations WHERE id = ?1 AND workspace_id = ?2",
        params![id, DEFAULT_WORKSPACE],
    )?;
    Ok(n > 0)
}

/// One request the inbox received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboxRequest {
    /// Increasing id (newer requests have larger ids).
    pub id: i64,
    /// The inbox destination it was sent to.
    pub destination_id: String,
    /// When it arrived (RFC 3339).
    pub received_at: String,
    /// The HTTP method.
    pub method: String,
    /// The path and query.
    pub path: String,
    /// The headers, sensitive values masked.
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced).
    pub body: String,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
}

/// Records a request and drops all but the newest [`INBOX_KEEP`]; returns its id.
pub fn inbox_record(conn: &mut Connection, r: &InboxRequest) -> Result<i64, StoreError> {
    let headers = serde_json::to_string(&r.headers).map_err(|e| corrupt("inbox", e))?;
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO inbox_requests (workspace_id, destination_id, received_at, method, path, headers, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![DEFAULT_WORKSPACE, r.destination_id, r.received_at, r.method, r.path, headers, r.body],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "DELETE FROM inbox_requests WHERE workspace_id = ?1 AND id <= ?2",
        params![DEFAULT_WORKSPACE, id - INBOX_KEEP],
    )?;
    tx.commit()?;
    Ok(id)
}

/// The newest `limit` requests the inbox received, newest first.
pub fn inbox_list(conn: &Connection, limit: u32) -> Result<Vec<InboxRequest>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, destination_id, received_at, method, path, headers, body FROM inbox_requests
         WHERE workspace_id = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![DEFAULT_WORKSPACE, limit], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    rows.map(|row| {
        let (id, destination_id, received_at, method, path, headers, body) = row?;
        let headers = serde_json::from_str(&headers).map_err(|e| corrupt("inbox", e))?;
        let json = serde_json::from_str(&body).ok();
        Ok(InboxRequest {
            id,
            destination_id,
            received_at,
            method,
            path,
            headers,
            body,
            json,
        })
    })
    .collect()
}

/// Forgets every request the inbox received; returns how many.
pub fn inbox_clear(conn: &Connection) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "DELETE FROM inbox_requests WHERE workspace_id = ?1",
        params![DEFAULT_WORKSPACE],
    )?)
}
