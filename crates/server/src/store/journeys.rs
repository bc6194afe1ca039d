//! Journeys and the workspace's step keys.

use super::{StoreError, DEFAULT_WORKSPACE};
use cairn_domain::Journey;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

/// The outcome of a conditional update.
pub enum Update {
    /// Saved.
    Saved,
    /// The stored version was not the expected one.
    Stale {
        /// The version stored now.
        current: u64,
    },
    /// No such journey.
    Missing,
}

fn parse(id: &str, document: &str) -> Result<Journey, StoreError> {
    cairn_domain::journey::parse_journey(document.as_bytes()).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        message: e.to_string(),
    })
}

fn status_text(j: &Journey) -> &'static str {
    if j.is_published() {
        "published"
    } else {
        "draft"
    }
}

fn to_json(j: &Journey) -> Result<String, StoreError> {
    serde_json::to_string(j).map_err(|e| StoreError::Corrupt {
        id: j.id.clone(),
        message: e.to_string(),
    })
}

/// Every journey of the workspace, most recently updated first.
pub fn list(conn: &Connection) -> Result<Vec<Journey>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, document FROM journeys WHERE workspace_id = ?1 ORDER BY updated_at DESC, id",
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

/// One journey.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Journey>, StoreError> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT id, document FROM journeys WHERE id = ?1 AND workspace_id = ?2",
            params![id, DEFAULT_WORKSPACE],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(id, doc)| parse(&id, &doc)).transpose()
}

/// How many journeys of the workspace are published.
pub fn count_published(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM journeys WHERE workspace_id = ?1 AND status = 'published'",
        params![DEFAULT_WORKSPACE],
        |r| r.get(0),
    )?)
}

/// Whether another journey of the workspace uses `key`.
pub fn key_taken(conn: &Connection, key: &str, except_journey: &str) -> Result<bool, StoreError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM step_keys WHERE workspace_id = ?1 AND step_key = ?2 AND journey_id <> ?3",
            params![DEFAULT_WORKSPACE, key, except_journey],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn write_keys(conn: &Connection, j: &Journey) -> Result<(), StoreError> {
    conn.execute("DELETE FROM step_keys WHERE journey_id = ?1", params![j.id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO step_keys (workspace_id, step_key, journey_id) VALUES (?1, ?2, ?3)",
    )?;
    for (_, step) in j.steps.steps() {
        if let Some(key) = step.key() {
            stmt.execute(params![DEFAULT_WORKSPACE, key.as_str(), j.id])?;
        }
    }
    Ok(())
}

/// Inserts a new journey and its keys.
pub fn insert(conn: &mut Connection, j: &Journey) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO journeys (id, workspace_id, name, status, version, created_at, updated_at, document)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            j.id,
            DEFAULT_WORKSPACE,
            j.name,
            status_text(j),
            j.version as i64,
            j.created_at.to_rfc3339(),
            j.updated_at.to_rfc3339(),
            to_json(j)?
        ],
    )?;
    write_keys(&tx, j)?;
    tx.commit()?;
    Ok(())
}

/// Replaces a journey if its stored version is `expected_version`.
pub fn update(
    conn: &mut Connection,
    j: &Journey,
    expected_version: u64,
) -> Result<Update, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let changed = tx.execute(
        "UPDATE journeys SET name = ?1, status = ?2, version = ?3, updated_at = ?4, document = ?5
         WHERE id = ?6 AND workspace_id = ?7 AND version = ?8",
        params![
            j.name,
            status_text(j),
            j.version as i64,
            j.updated_at.to_rfc3339(),
            to_json(j)?,
            j.id,
            DEFAULT_WORKSPACE,
            expected_version as i64
        ],
    )?;
    if changed == 0 {
        let current: Option<i64> = tx
            .query_row(
                "SELECT version FROM journeys WHERE id = ?1 AND workspace_id = ?2",
                params![j.id, DEFAULT_WORKSPACE],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(match current {
            Some(v) => Update::Stale { current: v as u64 },
            None => Update::Missing,
        });
    }
    write_keys(&tx, j)?;
    tx.commit()?;
    Ok(Update::Saved)
}

/// Deletes a journey (and its keys); false if there was none.
pub fn delete(conn: &mut Connection, id: &str) -> Result<bool, StoreError> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM step_keys WHERE journey_id = ?1", params![id])?;
    let n = tx.execute(
        "DELETE FROM journeys WHERE id = ?1 AND workspace_id = ?2",
        params![id, DEFAULT_WORKSPACE],
    )?;
    tx.commit()?;
    Ok(n > 0)
}
